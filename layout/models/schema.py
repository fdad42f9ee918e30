"""JSON Schema of the edition and styles files, generated from the models that validate them,
so that a text editor (VS Code's YAML extension, any yaml-language-server client) catches a
mistyped key or a wrong type while the editor types."""
from __future__ import annotations

from typing import Any

from layout.models.edition import Edition
from layout.models.style import Stylesheet

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(model, title: str, description: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "title": title, "description": description,
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def schemas() -> dict[str, dict[str, Any]]:
    """{"edition": schema, "styles": schema}."""
    return {
        "edition": schema_of(Edition, "layout edition",
                             "One day's edition for `layout build`: pages and articles (see README.md)."),
        "styles": schema_of(Stylesheet, "layout styles",
                            "A paper's design for `layout build`: page, grid, fonts, type styles (styles.yaml)."),
    }
