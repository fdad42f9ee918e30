"""`layout schema`: JSON Schema from the same models that validate, checked with a real validator."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from layout.cli import main
from layout.models.schema import schemas

from conftest import ROOT, SAMPLE, STYLES

jsonschema = pytest.importorskip("jsonschema")


def _validator(which: str):
    schema = schemas()[which]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _as_editor_sees(path: Path):
    """YAML as an editor's language server reads it: dates stay strings (YAML 1.2)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def test_cli_prints_each_schema(capsys):
    assert main(["schema", "edition"]) == 0
    edition = json.loads(capsys.readouterr().out)
    assert main(["schema", "styles"]) == 0
    styles = json.loads(capsys.readouterr().out)
    assert main(["schema"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert both == {"edition": edition, "styles": styles}
    assert edition["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(edition["required"]) == {"paper", "date", "pages", "articles"}
    assert edition["$defs"]["Article"]["additionalProperties"] is False


def test_sample_files_are_valid():
    assert list(_validator("edition").iter_errors(_as_editor_sees(SAMPLE))) == []
    assert list(_validator("styles").iter_errors(_as_editor_sees(STYLES))) == []


@pytest.mark.parametrize("change, path", [
    (lambda d: d["articles"][1].update(headlnie=d["articles"][1].pop("headline")), ["articles", 1]),
    (lambda d: d["articles"][0].update(priority="high"), ["articles", 0, "priority"]),
    (lambda d: d["articles"][0].pop("id"), ["articles", 0]),
    (lambda d: d["articles"][0].update(kind="promos"), ["articles", 0, "kind"]),
    (lambda d: d["articles"][0].update(id="Lead Story"), ["articles", 0, "id"]),
    (lambda d: d["articles"][0]["body"].append({"subhead": "小标题", "speaker": "甲"}), ["articles", 0, "body", 5]),
    (lambda d: d["pages"][0].update(number=0), ["pages", 0, "number"]),
])
def test_editor_catches_the_mistakes_the_build_rejects(change, path):
    data = _as_editor_sees(SAMPLE)
    change(data)
    errors = list(_validator("edition").iter_errors(data))
    assert errors, "the schema accepts what the build rejects"
    assert any(list(e.absolute_path)[:len(path)] == path for e in errors), [list(e.absolute_path) for e in errors]


def test_styles_schema_catches_a_negative_size_and_an_unknown_role():
    data = _as_editor_sees(STYLES)
    data["styles"]["body"]["size_pt"] = -9
    data["styles"]["headlnie"] = data["styles"]["headline"]
    paths = [list(e.absolute_path) for e in _validator("styles").iter_errors(data)]
    assert ["styles", "body", "size_pt"] in paths
    assert any(p[:1] == ["styles"] for p in paths if p != ["styles", "body", "size_pt"])


def test_committed_schema_files_are_current():
    """schema/*.schema.json (what an editor's modeline points at) match the models."""
    for which, schema in schemas().items():
        committed = json.loads((ROOT / "schema" / f"{which}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema, f"schema/{which}.schema.json is stale: run `layout schema --dir schema`"
