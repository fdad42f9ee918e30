"""YAML → validated models, keeping YAML line numbers so that every error names its line."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from layout.errors import InputError, did_you_mean

M = TypeVar("M", bound=BaseModel)
# libyaml's parser when PyYAML was built with it (the wheels are): ≈5× faster than pure Python
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple[Any, ...]


def read_yaml(path: Path) -> tuple[Any, dict[Path_, int]]:
    """Parse a YAML file; return the data and a map from data path to 1-based line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=path, hint="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the file ({exc})", file=path,
                         hint="save it as UTF-8 text") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("the file is empty", file=path, hint="see README.md for the format")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", file=path, line=line,
                         hint="check indentation, colons and quotes on this line") from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file=path) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    _record_lines(node, (), lines, path)
    return data, lines


def _record_lines(node: yaml.Node, at: Path_, lines: dict[Path_, int], path: Path) -> None:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise InputError(f"duplicate key '{key}' (first on line {seen[key]})",
                                 file=path, line=line, where=dotted(at) or None,
                                 hint="keep one of them")
            seen[key] = line
            _record_lines(value_node, at + (key,), lines, path)
            lines[at + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, at + (index,), lines, path)


def dotted(loc: Path_) -> str:
    """('articles', 3, 'headline') → 'articles[3].headline'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def line_of(lines: dict[Path_, int], loc: Path_) -> int | None:
    """The line of the deepest known ancestor of ``loc``."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def validate(model: type[M], data: Any, lines: dict[Path_, int], path: Path) -> M:
    """Validate ``data`` into ``model``; turn the first pydantic error into a one-line InputError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = _most_useful(exc.errors())
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        raise InputError(_describe(err, model, loc), file=path, line=line_of(lines, loc),
                         where=dotted(loc) or None, hint=_hint(err, model, loc)) from None


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the union member's name (e.g. 'str', 'Subhead') and '[key]' (an error in a
    # mapping's key) to loc; hide them
    return isinstance(part, str) and (part[:1].isupper() or part in {"str", "int", "float", "[key]"})


def _most_useful(errors: list[dict]) -> dict:
    for kind in ("extra_forbidden", "missing"):
        for err in errors:
            if err["type"] == kind:
                return err
    return errors[0]


def _describe(err: dict, model: type[BaseModel], loc: Path_) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        what = "key" if "[key]" in err["loc"] else "value"
        return f"unknown {what} {err.get('input')!r}"
    found = err.get("input")
    shown = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = err["msg"].removeprefix("Value error, ")
    return f"{msg} (found {shown})"


def _hint(err: dict, model: type[BaseModel], loc: Path_) -> str | None:
    if err["type"] == "extra_forbidden":
        return did_you_mean(str(loc[-1]), _allowed_keys(model, loc[:-1]))
    if err["type"] == "literal_error":
        expected = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
        return did_you_mean(str(err.get("input")), expected)
    if err["type"] == "missing":
        return f"add '{loc[-1]}'"
    return None


def _allowed_keys(model: type[BaseModel], loc: Path_) -> list[str]:
    """Walk the model's fields along ``loc`` to list the keys allowed there."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
