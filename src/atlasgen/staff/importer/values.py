"""A row's cells as member file values, and how they compare with the file's.

``convert_cells`` takes a row's cells by field and returns its values: text, or lists of
text for list fields; ids and labels of competences, member types and size classes become
ids (``labels.Vocabulary``), dates, decimal commas, postal codes and head counts are
written as the member files write them.
``same`` says whether a file's value already is what a cell says, ``derived`` which of
district and coordinates the postal code does not give. ``get_path``, ``set_path`` and
``nest`` read and build nested values by field path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from ...content.model import Member
from .columns import FIELDS, FieldSpec
from .labels import Ambiguous, Vocabulary

__all__ = [
    "DERIVED",
    "Value",
    "convert_cells",
    "derived",
    "get_path",
    "nest",
    "same",
    "set_path",
    "split_list",
]

Value = str | list[str]

DERIVED: Final = frozenset(
    {"address.district", "address.coordinates.lat", "address.coordinates.lon"}
)
"""Columns the exports fill from the postal code when the file has no value: imported
only where they differ from what the postal code gives."""

_SIZE_CLASSES: Final = ((10, "1-9"), (50, "10-49"), (250, "50-249"), (1000, "250-999"))
_TRUE: Final = frozenset({"true", "yes", "ja", "x", "1", "wahr"})
_FALSE: Final = frozenset({"false", "no", "nein", "0", "falsch"})
_GERMAN_DATE: Final = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DECIMAL_COMMA: Final = re.compile(r"-?\d+,\d+")


def split_list(cell: str) -> list[str]:
    """``a; b`` or ``a, b`` → ``[a, b]`` (``;`` wins when the cell has one)."""
    parts = cell.split(";") if ";" in cell else cell.split(",")
    return [p.strip() for p in parts if p.strip()]


def _convert(spec: FieldSpec, cell: str) -> str:
    """A scalar cell as the member file writes the value."""
    name = spec.name
    if spec.kind == "bool":
        folded = cell.casefold()
        return "true" if folded in _TRUE else "false" if folded in _FALSE else cell
    if spec.kind == "date" and (m := _GERMAN_DATE.fullmatch(cell)):
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if spec.kind == "float" and _DECIMAL_COMMA.fullmatch(cell):
        return cell.replace(",", ".")
    if name == "address.postal_code" and re.fullmatch(r"\d{4}", cell):
        return "0" + cell  # a spreadsheet read 07419 as a number
    if name == "employees" and cell.isdigit() and int(cell) >= 1:
        count = int(cell)
        return next((size for limit, size in _SIZE_CLASSES if count < limit), "1000+")
    return cell


def convert_cells(
    cells: dict[str, str], vocabulary: Vocabulary
) -> tuple[dict[str, Value], dict[str, Ambiguous]]:
    """A row's filled cells (by field) as the values the member file gets (no ``id``),
    and the fields whose cell names more than one id (``labels.Ambiguous``)."""
    values: dict[str, Value] = {}
    ambiguous: dict[str, Ambiguous] = {}
    for name, cell in cells.items():
        spec = FIELDS[name]
        if name == "id":
            continue
        try:
            if spec.kind == "competences":
                values[name] = vocabulary.split_competences(cell, split_list(cell))
            elif spec.kind == "list":
                values[name] = split_list(cell)
            elif spec.kind == "body":
                values[name] = cell
            elif name == "type":
                values[name] = vocabulary.member_type(cell)
            elif name == "employees":
                values[name] = vocabulary.size_class(_convert(spec, cell))
            else:
                values[name] = _convert(spec, cell)
        except Ambiguous as exc:
            ambiguous[name] = exc
    return values, ambiguous


def same(name: str, old: Any, new: Value, cell: str, vocabulary: Vocabulary) -> bool:
    """Whether the file's ``old`` value of field ``name`` already is what the cell says."""
    spec = FIELDS[name]
    if isinstance(new, list):
        if not isinstance(old, list):
            return False
        if old == new or cell == "; ".join(map(str, old)):
            return True  # as the exports join lists (an item may hold ';' or ',')
        german = vocabulary.german(old)
        return spec.kind == "competences" and cell == "; ".join(german)
    if spec.kind == "bool":
        return str(old if old is not None else "true").casefold() == new.casefold()
    if spec.kind == "float" and isinstance(old, str):
        return _same_float(old, new)
    return bool(old == new)


def _same_float(old: str, new: str) -> bool:
    """Equal to the 4 decimals the exports write."""
    try:
        return f"{float(old):.4f}" == f"{float(new):.4f}"
    except ValueError:
        return old == new


def derived(member: Member | None, deferred: dict[str, Value]) -> dict[str, Value]:
    """Of ``deferred`` (district, coordinates), what the postal code does not give."""
    more: dict[str, Value] = {}
    loc = member.location if member is not None else None
    district = deferred.get("address.district")
    if isinstance(district, str) and (loc is None or loc.district != district):
        more["address.district"] = district
    lat = deferred.get("address.coordinates.lat")
    lon = deferred.get("address.coordinates.lon")
    if lat is None and lon is None:
        return more
    if (
        loc is None
        or not isinstance(lat, str)
        or not isinstance(lon, str)
        or not _same_float(str(loc.lat), lat)
        or not _same_float(str(loc.lon), lon)
    ):
        for key, value in (("lat", lat), ("lon", lon)):
            if value is not None:
                more[f"address.coordinates.{key}"] = value
    return more


def get_path(data: Any, path: Sequence[str]) -> Any:
    """The value at ``path`` in nested mappings (``None`` where there is none)."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def nest(path: Sequence[str], value: Any) -> Any:
    """``value`` inside mappings: ``nest(("a", "b"), 1)`` → ``{"a": {"b": 1}}``."""
    for key in reversed(path):
        value = {key: value}
    return value


def set_path(data: Any, path: Sequence[str], value: Any) -> Any:
    """``data`` (a copy) with ``value`` at ``path``, creating mappings on the way."""
    if not path:
        return value
    result = dict(data) if isinstance(data, dict) else {}
    result[path[0]] = set_path(result.get(path[0]), path[1:], value)
    return result
