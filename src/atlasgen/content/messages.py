"""Turn pydantic validation errors into located problems that members understand.

Each pydantic error has a ``loc`` (key path), a ``type`` and a message; here the
key path is mapped to the line where the author wrote it, and the message is written
anew from the catalogue (``validation.*``, ``fields.*``), in the language in use: what
is wrong, and a hint with the expected form and an example (the ``Form`` of a field
type, the field's example, its range, its allowed values), or a did-you-mean.

Did-you-mean compares across languages (``suggest``). A misspelt key that stands for a
missing required key is one problem, not two.
"""

from __future__ import annotations

import re
import typing
from collections import deque
from collections.abc import Mapping
from datetime import date
from enum import Enum
from types import NoneType, UnionType
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..common.i18n import t
from .fields import Form
from .load import KeyPath, RawDocument, dotted, find_position
from .problems import Problem
from .suggest import (
    VALUE_KEYS,
    closest,
    did_you_mean,
    field_name,
    in_every_language,
    key_list,
    key_suggestion,
    loose,
    named_suggestion,
    normalise,
    value_label,
    value_list,
)

__all__ = [
    "closest",
    "did_you_mean",
    "field_name",
    "normalise",
    "validate_model",
    "value_label",
]

ModelT = typing.TypeVar("ModelT", bound=BaseModel)


# --------------------------------------------------------------------- what a field is


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


def _metadata(info: FieldInfo | None) -> list[Any]:
    """Everything annotated on a field and on the types inside it (list items, the
    members of ``X | None``), the outermost first."""
    if info is None:
        return []
    found = list(info.metadata)
    queue: deque[Any] = deque([info.annotation])
    while queue:
        ann = queue.popleft()
        for meta in getattr(ann, "__metadata__", ()):
            found.append(meta)
            if isinstance(meta, FieldInfo):
                found += meta.metadata
        queue.extend(typing.get_args(ann))
    return found


def _outer_types(info: FieldInfo | None) -> set[Any]:
    """The types a field's value may have (``list`` for a list), unwrapping
    ``Annotated`` and ``X | None``."""
    found: set[Any] = set()
    stack = [info.annotation] if info is not None else []
    while stack:
        ann = stack.pop()
        origin = typing.get_origin(ann)
        if origin is Annotated:
            stack.append(typing.get_args(ann)[0])
        elif origin in (typing.Union, UnionType):
            stack += [a for a in typing.get_args(ann) if a is not NoneType]
        else:
            found.add(origin or ann)
    return found


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


def _form(info: FieldInfo | None) -> Form | None:
    return next((m for m in _metadata(info) if isinstance(m, Form)), None)


_ESCO_FORM = Form(
    "fields.esco_uri",
    "fields.esco_uri_hint",
    "http://data.europa.eu/esco/skill/0458f6a0-cb54-4ff5-a543-b2c5354e17c0",
)
_PATTERN_FORMS = {r"^http://data\.europa\.eu/esco/": _ESCO_FORM}
"""Forms of patterns that a field adds to a type with a form of its own (``Esco.uri``
is a ``WebUrl`` with a pattern)."""

_KEY_EXAMPLES = {
    "imprint": "impressum",
    "privacy": "datenschutz",
    "about": "ueber-uns",
    "id": "cloud-migration",
    "related": "cloud-migration",
    "professions": "fachinformatiker-systemintegration",
    "programs": "Wirtschaftsinformatik (DHBW Mosbach)",
    "topics": "Cloud-Architekturen",
    "industries": "Maschinenbau",
    "certifications": "ISO/IEC 27001",
    "base_url": "https://kompetenzatlas.example.de/",
    "street": "Bildungscampus 3",
    "city": "Heilbronn",
    "district": "Landkreis Heilbronn",
    "role": "Geschäftsführerin",
    "fee_class": "B (10–49 Beschäftigte)",
    "tags": "Beirat",
    "text": "Profil besprochen",
    "region_name": "Heilbronn-Franken",
    "network_name": "IT-Netzwerk Heilbronn-Franken e. V.",
    "label_de": "Cloud-Migration",
    "label_en": "Cloud migration",
}
"""Examples of fields whose model names none (``<parent>_<key>`` or ``<key>``)."""

_DATE_EXAMPLE = "2026-03-31"


def _example(info: FieldInfo | None, loc: KeyPath) -> str | None:
    """An example value of the field at ``loc``."""
    keys = [str(p) for p in loc if isinstance(p, str)]
    if info is not None and info.examples:
        return str(info.examples[0])
    for key in ("_".join(keys[-2:]), keys[-1] if keys else ""):
        if key in _KEY_EXAMPLES:
            return _KEY_EXAMPLES[key]
    for meta in _metadata(info):
        if isinstance(meta, Form):
            return meta.example
        if isinstance(meta, FieldInfo) and meta.examples:
            return str(meta.examples[0])
    if date in _outer_types(info):
        return _DATE_EXAMPLE
    if info is not None and type(info.default) in (int, float):
        return str(info.default)
    values = _enum_values(info)
    return values[0] if values else None


def _as_line(key: str, example: str, info: FieldInfo | None) -> str:
    """``postal_code: 74072``, ``competences: [cloud-migration]``."""
    return f"{key}: [{example}]" if list in _outer_types(info) else f"{key}: {example}"


def _number(x: Any) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def _bounds(info: FieldInfo | None) -> tuple[Any, Any]:
    low = high = None
    for meta in _metadata(info):
        if isinstance(meta, Ge | Gt):
            low = meta.ge if isinstance(meta, Ge) else meta.gt
        elif isinstance(meta, Le | Lt):
            high = meta.le if isinstance(meta, Le) else meta.lt
    return low, high


def _number_hint(info: FieldInfo | None, loc: KeyPath, whole: bool) -> str:
    """``year founded: a whole number from 1500 to 2100, e.g. 1998``."""
    example = _example(info, loc) or ("1998" if whole else "49.1427")
    low, high = _bounds(info)
    if low is not None and high is not None:
        return t(
            "validation.range_int_hint" if whole else "validation.range_float_hint",
            name=field_name(dotted(loc)),
            low=_number(low),
            high=_number(high),
            example=example,
        )
    return t("validation.int_hint" if whole else "validation.float_hint", example=example)


def _required_fields(model: type[BaseModel]) -> list[str]:
    required = [k for k, f in model.model_fields.items() if f.is_required()]
    return required or list(model.model_fields)


# ------------------------------------------------------------------------------ problems


_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_KINDS = frozenset(
    ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type")
)


def _date_problem(value: Any) -> tuple[str, str]:
    if not isinstance(value, str):
        return t("validation.date_other"), t("validation.date_hint", example=_DATE_EXAMPLE)
    if (m := _GERMAN_DATE.fullmatch(value.strip())) is not None:
        day, month, year = (int(g) for g in m.groups())
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            pass
        else:
            return t("validation.date", value=value), t("validation.date_german_hint", iso=iso)
    if _ISO_DATE.fullmatch(value.strip()):
        return (
            t("validation.date_impossible", value=value),
            t("validation.date_impossible_hint", example=_DATE_EXAMPLE),
        )
    return t("validation.date", value=value), t("validation.date_hint", example=_DATE_EXAMPLE)


def _missing_hint(info: FieldInfo | None, loc: KeyPath) -> str:
    """What to write for the missing field at ``loc``, with an example."""
    key = str(loc[-1])
    inner = _models_in(info.annotation) if info is not None else []
    if inner:
        fields = key_list(_required_fields(inner[0]), loc)
        return t("validation.missing_fields", key=key, fields=fields)
    values = _enum_values(info)
    if values and list not in _outer_types(info):
        return t(
            "validation.missing_choice",
            example=f"{key}: {values[0]}",
            allowed=value_list(values),
        )
    example = _example(info, loc)
    form = _form(info)
    if form is not None:
        return t(form.hint, example=_as_line(key, example or form.example, info))
    if example is not None:
        return t("validation.missing_example", example=_as_line(key, example, info))
    return ""


def _unknown_key_hint(
    owner: type[BaseModel] | None, loc: KeyPath, choice: str | None, renamed: bool
) -> str:
    key = str(loc[-1])
    parent = loc[:-1]
    if choice is None:
        names = list(owner.model_fields) if owner is not None else []
        return t("validation.allowed_fields", fields=key_list(names, parent))
    suggestion = named_suggestion(choice, field_name(dotted((*parent, choice))))
    if renamed:
        return t("validation.unknown_field_required", suggestion=suggestion, key=key, choice=choice)
    return suggestion


def _enum_hint(value: Any, info: FieldInfo | None) -> str:
    allowed = _enum_values(info)
    labels = {v: in_every_language(VALUE_KEYS.get(v)) for v in allowed}
    suggestion = did_you_mean(str(value), allowed, aliases=labels)
    if suggestion:
        return t(
            "validation.allowed_values_suggestion",
            suggestion=suggestion,
            allowed=value_list(allowed),
        )
    return t("validation.allowed_values", allowed=value_list(allowed))


def _type_problem(
    kind: str, value: Any, info: FieldInfo | None, loc: KeyPath
) -> tuple[str, str] | None:
    """A value of the wrong type (a text for a list, a word for a number, …)."""
    keys = [str(p) for p in loc if isinstance(p, str)]
    key = keys[-1] if keys else ""
    text = isinstance(value, str)
    if kind == "list_type":
        if text:
            return (
                t("validation.list_type", value=value),
                t("validation.list_type_hint", key=key, value=value),
            )
        return t("validation.list_type_other"), t("validation.list_type_other_hint")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        message = t("validation.fields_type", value=value) if text else ""
        message = message or t("validation.fields_type_other")
        inner = _models_in(info.annotation) if info is not None else []
        if inner:
            fields = key_list(_required_fields(inner[0]), loc)
            return message, t("validation.fields_type_hint", fields=fields)
        return message, t("validation.fields_type_other_hint")
    if kind == "string_type":
        if isinstance(value, list):
            message = t("validation.text_type_list")
        elif isinstance(value, dict):
            message = t("validation.text_type_fields")
        else:
            message = t("validation.text_type")
        example = _example(info, loc)
        if example is not None and not isinstance(loc[-1], int):
            return message, t("validation.text_type_hint", example=f"{key}: {example}")
        return message, t("validation.text_type_other_hint")
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        message = t("validation.int_parsing", value=value) if text else ""
        return message or t("validation.int_parsing_other"), _number_hint(info, loc, True)
    if kind in ("float_parsing", "float_type"):
        message = t("validation.float_parsing", value=value) if text else ""
        return message or t("validation.float_parsing_other"), _number_hint(info, loc, False)
    if kind in _DATE_KINDS:
        return _date_problem(value)
    return None


def _size_problem(
    kind: str, value: Any, ctx: dict[str, Any], info: FieldInfo | None, loc: KeyPath
) -> tuple[str, str] | None:
    """Too many or too few entries or characters, a number out of range."""
    if kind in ("too_long", "too_short") and isinstance(value, list):
        if kind == "too_long":
            limit = ctx["max_length"]
            return (
                t("validation.list_too_long", n=limit, count=len(value)),
                t("validation.list_too_long_hint", n=len(value) - limit),
            )
        limit = ctx["min_length"]
        message = t("validation.list_too_short", n=limit, count=len(value))
        example = _example(info, loc)
        key = str(loc[-1]) if loc else ""
        if example is None:
            return message, ""
        return message, t(
            "validation.list_too_short_hint", n=limit, example=_as_line(key, example, info)
        )
    if kind in ("string_too_long", "string_too_short") and isinstance(value, str):
        if kind == "string_too_long":
            limit = ctx["max_length"]
            return (
                t("validation.text_too_long", n=limit, count=len(value)),
                t("validation.text_too_long_hint", n=limit),
            )
        limit = ctx["min_length"]
        message = t("validation.text_too_short", n=limit, count=len(value))
        example = _example(info, loc)
        if example is None or isinstance(loc[-1], int):
            return message, ""
        return message, t("validation.text_type_hint", example=f"{loc[-1]}: {example}")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        low = kind.startswith("greater")
        limit = _number(ctx.get("ge", ctx.get("gt")) if low else ctx.get("le", ctx.get("lt")))
        message = t(
            "validation.too_small" if low else "validation.too_large", value=value, limit=limit
        )
        whole = int in _outer_types(info)
        return message, _number_hint(info, loc, whole)
    return None


def _problem(
    doc: RawDocument,
    model: type[BaseModel],
    err: Any,
    suggestions: Mapping[KeyPath, str],
    renamed: set[KeyPath],
) -> Problem:
    loc: KeyPath = tuple(err["loc"])
    line, col = find_position(doc.positions, loc)
    message, hint = _explain(model, err, suggestions, renamed)
    return Problem(doc.path, line, col, dotted(loc), message, hint)


def _explain(
    model: type[BaseModel],
    err: Any,
    suggestions: Mapping[KeyPath, str],
    renamed: set[KeyPath],
) -> tuple[str, str]:
    """The message and the hint of one pydantic error (``suggestions``: unknown key → the
    key it likely means; ``renamed``: the missing keys they stand for)."""
    loc: KeyPath = tuple(err["loc"])
    kind: str = err["type"]
    value = err.get("input")
    ctx: dict[str, Any] = err.get("ctx") or {}
    owner, info = _field_at(model, loc)
    if "message" in ctx:  # the checks of .fields wrote their own
        return str(err["msg"]), str(ctx.get("hint", ""))
    empty = (
        value is None
        and bool(loc)
        and isinstance(loc[-1], str)
        and (info is None or info.is_required())
    )
    if kind == "missing" or (empty and kind != "extra_forbidden"):
        # an empty value is the same as none (``name:``)
        name = field_name(dotted(loc))
        message = (
            t("validation.missing")
            if loose(name) == loose(str(loc[-1]))
            else t("validation.missing_named", name=name)
        )
        return message, _missing_hint(info, loc)
    if kind == "extra_forbidden":
        choice = suggestions.get(loc)
        hint = _unknown_key_hint(owner, loc, choice, (*loc[:-1], choice) in renamed)
        return t("validation.unknown_field", key=loc[-1]), hint
    if kind in ("enum", "literal_error"):
        return t("validation.not_allowed", value=value), _enum_hint(value, info)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        form = _PATTERN_FORMS.get(pattern) or _form(info)
        example = _example(info, loc) if form is not _ESCO_FORM else None
        if form is not None:
            return (
                t(form.message, value=value),
                t(form.hint, example=example or form.example),
            )
        if example is not None:
            hint = t("fields.pattern_hint", example=example, pattern=pattern)
        else:
            hint = t("fields.pattern_only_hint", pattern=pattern)
        return t("fields.pattern", value=value), hint
    found = _type_problem(kind, value, info, loc) or _size_problem(kind, value, ctx, info, loc)
    if found is not None:
        return found
    return t("validation.invalid", detail=err["msg"]), ""


def _not_fields(doc: RawDocument) -> Problem:
    line, col = find_position(doc.positions, ())
    data = doc.data
    found = (
        t("validation.found_list")
        if isinstance(data, list)
        else t("validation.found_nothing")
        if data is None
        else t("validation.found_text")
    )
    return Problem(
        doc.path,
        line,
        col,
        "",
        t("validation.not_fields", found=found),
        t("validation.not_fields_hint"),
    )


def validate_model(model: type[ModelT], doc: RawDocument) -> tuple[ModelT | None, list[Problem]]:
    """Validate ``doc.data`` against ``model``: the instance, or every problem.

    An unknown key whose did-you-mean is a missing required key of the same block
    (``postcode`` for ``postal_code``) is reported once, as the unknown key."""
    if not isinstance(doc.data, dict):
        return None, [_not_fields(doc)]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    suggestions: dict[KeyPath, str] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc: KeyPath = tuple(err["loc"])
            owner, _ = _field_at(model, loc)
            choice = key_suggestion(str(loc[-1]), owner, loc[:-1])
            if choice is not None:
                suggestions[loc] = choice
    renamed = {(*loc[:-1], choice) for loc, choice in suggestions.items()} & missing
    return None, [
        _problem(doc, model, err, suggestions, renamed)
        for err in errors
        if not (err["type"] == "missing" and tuple(err["loc"]) in renamed)
    ]
