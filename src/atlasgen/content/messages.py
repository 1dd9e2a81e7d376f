"""Turn pydantic validation errors into located problems that members understand.

Each pydantic error has a ``loc`` (key path), a ``type`` and a message; here the
key path is mapped to the line where the author wrote it, and the message gets a
hint: did-you-mean for misspelt keys and values, the allowed values of a choice,
an example of the expected format.
"""

from __future__ import annotations

import difflib
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .load import KeyPath, RawDocument, dotted, find_position
from .problems import Problem, plural

__all__ = ["did_you_mean", "validate_model"]

ModelT = typing.TypeVar("ModelT", bound=BaseModel)


def did_you_mean(value: str, choices: typing.Iterable[str]) -> str:
    """``did you mean 'competences'?`` or '' when nothing is close."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def _field_at(
    model: type[BaseModel], loc: KeyPath
) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the last key of ``loc``, and that key's field."""
    current: type[BaseModel] | None = model
    info: FieldInfo | None = None
    for i, part in enumerate(loc):
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if i == len(loc) - 1 or info is None:
            return current, info
        inner = _models_in(info.annotation)
        current = inner[0] if inner else None
    return current, info


def _enum_values(info: FieldInfo | None) -> list[str]:
    if info is None:
        return []
    stack = [info.annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, Enum):
            return [str(m.value) for m in ann]
        if typing.get_origin(ann) is typing.Literal:
            return [str(a) for a in typing.get_args(ann)]
        stack += list(typing.get_args(ann))
    return []


def _example(info: FieldInfo | None, key: str) -> str:
    if info is None:
        return ""
    examples = info.examples or []
    if not examples:
        for ann in [info.annotation, *typing.get_args(info.annotation)]:
            for meta in getattr(ann, "__metadata__", ()):
                examples = getattr(meta, "examples", None) or examples
    if examples:
        return f"e.g. {examples[0]}" if key.isdigit() else f"e.g. {key}: {examples[0]}"
    return ""


_TYPE_HINTS = {
    "list_type": ("expected a list", "write [a, b] or one '- item' per line below the key"),
    "model_type": (
        "expected fields below this key",
        "indent the fields below the key by two spaces",
    ),
    "dict_type": (
        "expected fields below this key",
        "indent the fields below the key by two spaces",
    ),
    "string_type": ("expected text", "write text after the colon"),
    "int_parsing": ("expected a whole number", "write digits only, e.g. 1998"),
    "float_parsing": ("expected a number", "use a dot as decimal separator, e.g. 49.1427"),
    "date_parsing": ("expected a date", "write dates as YYYY-MM-DD, e.g. 2026-03-31"),
    "date_from_datetime_parsing": ("expected a date", "write dates as YYYY-MM-DD, e.g. 2026-03-31"),
    "date_type": ("expected a date", "write dates as YYYY-MM-DD, e.g. 2026-03-31"),
}


def _problem(doc: RawDocument, model: type[BaseModel], err: Any) -> Problem:
    loc: KeyPath = tuple(err["loc"])
    kind: str = err["type"]
    value = err.get("input")
    owner, info = _field_at(model, loc)
    key = str(loc[-1]) if loc else ""
    message: str = err["msg"]
    hint: str = (err.get("ctx") or {}).get("hint", "")
    line, col = find_position(doc.positions, loc)
    if kind == "missing":
        message = "required field is missing"
        hint = _example(info, key) or hint
    elif kind == "extra_forbidden":
        message = f"unknown field '{key}'"
        names = list(owner.model_fields) if owner else []
        hint = did_you_mean(key, names) or ("allowed here: " + ", ".join(names))
    elif kind in ("enum", "literal_error"):
        allowed = _enum_values(info)
        message = f"'{value}' is not one of the allowed values"
        suggestion = did_you_mean(str(value), allowed)
        hint = (suggestion + " " if suggestion else "") + "allowed: " + ", ".join(allowed)
    elif kind == "string_pattern_mismatch":
        message = f"'{value}' does not have the expected format"
        hint = _example(info, key) or f"expected pattern {err['ctx']['pattern']}"
    elif kind in _TYPE_HINTS:
        message, hint = _TYPE_HINTS[kind]
        if isinstance(value, str):
            message += f", not '{value}'"
    elif kind in ("too_long", "too_short") and isinstance(value, list):
        limit = err["ctx"]["max_length" if kind == "too_long" else "min_length"]
        bound = "at most" if kind == "too_long" else "at least"
        message = f"needs {bound} {plural(limit, 'entry')} (it has {len(value)})"
    elif kind in ("string_too_long", "string_too_short") and isinstance(value, str):
        limit = err["ctx"]["max_length" if kind == "string_too_long" else "min_length"]
        bound = "at most" if kind == "string_too_long" else "at least"
        message = f"needs {bound} {plural(limit, 'character')} (it has {len(value)})"
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = f"'{value}' is out of range: {message[0].lower()}{message[1:]}"
    return Problem(doc.path, line, col, dotted(loc), message, hint)


def validate_model(model: type[ModelT], doc: RawDocument) -> tuple[ModelT | None, list[Problem]]:
    """Validate ``doc.data`` against ``model``: the instance, or every problem."""
    if not isinstance(doc.data, dict):
        line, col = find_position(doc.positions, ())
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        return None, [
            Problem(
                doc.path,
                line,
                col,
                "",
                f"expected 'key: value' fields, found {kind}",
                "write one field per line as 'key: value'",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(doc, model, err) for err in exc.errors(include_url=False)]
