"""Which column gives which member field.

``FIELDS`` are the fields a column can fill, ``ALIASES`` the column names they are known
by, ``IGNORED`` the known columns that are not imported; ``normalise_header`` is what
column names are compared by. ``explicit_mapping`` takes the command's ``--map`` and
``--mapping`` and returns the columns they name; ``map_columns`` takes a sheet's
``Records`` and returns the ``Sheet``: its columns with their fields, its rows and the
columns it does not import (with the catalogue key of the reason), or the problems of its
header (row 1).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from ...common.i18n import t
from ...content.load import load_yaml_document
from ...content.problems import Severity
from ...content.schema import Social
from ..export import CSV_COLUMNS
from .options import ImportOptions, ImportUsageError
from .table import Records, Row, RowProblem

__all__ = [
    "ALIASES",
    "FIELDS",
    "IGNORED",
    "UNKNOWN_COLUMN",
    "Column",
    "FieldSpec",
    "Sheet",
    "SheetColumns",
    "explicit_mapping",
    "field_label",
    "map_columns",
    "normalise_header",
    "plain_field",
]


@dataclass(frozen=True)
class FieldSpec:
    """A member field a column can fill."""

    path: tuple[str, ...]
    kind: Literal["text", "list", "competences", "bool", "date", "int", "float", "body"]

    @property
    def name(self) -> str:
        return ".".join(self.path)


_SOCIAL = tuple(Social.model_fields)

FIELDS: Final[dict[str, FieldSpec]] = {
    spec.name: spec
    for spec in (
        FieldSpec(("id",), "text"),
        FieldSpec(("name",), "text"),
        FieldSpec(("type",), "text"),
        FieldSpec(("tagline",), "text"),
        FieldSpec(("website",), "text"),
        FieldSpec(("email",), "text"),
        FieldSpec(("phone",), "text"),
        FieldSpec(("address", "street"), "text"),
        FieldSpec(("address", "postal_code"), "text"),
        FieldSpec(("address", "city"), "text"),
        FieldSpec(("address", "district"), "text"),
        FieldSpec(("address", "coordinates", "lat"), "float"),
        FieldSpec(("address", "coordinates", "lon"), "float"),
        FieldSpec(("founded",), "int"),
        FieldSpec(("employees",), "text"),
        FieldSpec(("competences",), "competences"),
        FieldSpec(("industries",), "list"),
        FieldSpec(("certifications",), "list"),
        FieldSpec(("languages",), "list"),
        *(FieldSpec(("social", p), "text") for p in _SOCIAL),
        FieldSpec(("logo",), "text"),
        FieldSpec(("last_verified",), "date"),
        FieldSpec(("listed",), "bool"),
        FieldSpec(("maintainers",), "list"),
        FieldSpec(("description",), "body"),
    )
}
"""Every field a column can fill, by name (``address.postal_code``); ``id`` picks the
member, ``description`` is the Markdown body."""

ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "id": ("slug", "External Identifier", "Atlas ID", "Member ID", "Mitglieds-ID"),
    "name": (
        "Organization Name",
        "Organisation Name",
        "Organization",
        "Organisation",
        "Company name",
        "Company",
        "Firma",
        "Firmenname",
        "Unternehmen",
        "Organisationsname",
        "Mitglied",
    ),
    "type": ("Organization Type", "Organisation Type", "Art", "Typ", "Organisationsart"),
    "tagline": ("Kurzbeschreibung", "Slogan"),
    "description": ("Beschreibung", "Profiltext", "Profile text", "Body"),
    "website": ("Website URL", "Homepage", "Webseite", "Internetseite", "Web"),
    "email": ("Email Address", "E-Mail-Adresse", "Mail"),
    "phone": ("Phone number", "Telephone", "Telefon", "Telefonnummer", "Tel"),
    "address.street": ("Street Address", "Straße", "Strasse", "Straße und Hausnummer"),
    "address.postal_code": ("Postcode", "ZIP", "ZIP code", "PLZ", "Postleitzahl"),
    "address.city": ("Town", "Ort", "Stadt"),
    "address.district": ("Landkreis", "Kreis"),
    "address.coordinates.lat": ("Latitude", "Breitengrad"),
    "address.coordinates.lon": ("lng", "Longitude", "Längengrad"),
    "founded": ("Year Founded", "Founding year", "Gründungsjahr", "Gegründet"),
    "employees": (
        "Employees (size class)",
        "Size class",
        "Number of employees",
        "Beschäftigte",
        "Mitarbeitende",
        "Mitarbeiter",
        "Größenklasse",
    ),
    "competences": ("Kompetenzen",),
    "industries": ("Industry", "Branchen", "Branche"),
    "certifications": ("Zertifizierungen", "Zertifikate"),
    "languages": ("Sprachen", "Arbeitssprachen"),
    "social.linkedin": ("LinkedIn Company Page", "LinkedIn URL"),
    "social.facebook": ("Facebook Company Page",),
    "social.x": ("Twitter",),
    "logo": ("Logo file", "Logodatei"),
    "last_verified": ("Zuletzt geprüft", "Geprüft am"),
    "listed": ("Gelistet", "Veröffentlicht", "Published"),
    "maintainers": ("Maintainer",),
}
"""Column names besides the field's own name and its last part (``postal_code``); the
open data's ``members.csv`` columns are those names, the CRM columns of ``atlasgen
export --format csv`` (CiviCRM and HubSpot) are here. Matched by ``normalise_header``.
A column *Description* is the tagline when the sheet has no other tagline column (the
HubSpot export), else the description."""

IGNORED: Final[dict[str, tuple[str, ...]]] = {
    "importer.ignored_derived": (
        "competence_labels",
        "url",
        "Profile URL",
        "Country",
        "Country/Region",
        "Company domain name",
    ),
    "importer.ignored_not_importable": ("needs", "offers", "contacts"),
    "importer.ignored_internal": tuple(  # as atlasgen export --internal names them
        column.civicrm or column.hubspot or column.key
        for column in CSV_COLUMNS
        if column.when == "internal"
    ),
}
"""Known columns that are not imported, by the catalogue key of the reason (said in
``--dry-run``)."""
UNKNOWN_COLUMN: Final = "importer.ignored_unknown"
"""The reason of a column the import does not know."""
SKIPPED_COLUMN: Final = "importer.ignored_skipped"
"""The reason of a column that ``--map`` or ``--mapping`` skips."""

_IGNORE_TARGETS: Final = frozenset({"-", "ignore"})
_DESCRIPTION_OR_TAGLINE: Final = "description"


def normalise_header(header: str) -> str:
    """``E-Mail`` → ``email``, ``Postal Code`` → ``postalcode``: what column names are
    compared by (case, spaces and punctuation do not count)."""
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def _alias_table() -> tuple[dict[str, str], dict[str, str]]:
    """Normalised column name → field name, and → reason it is ignored."""
    fields: dict[str, str] = {}
    leaves: dict[str, list[str]] = {}
    for name, spec in FIELDS.items():
        fields[normalise_header(name)] = name
        leaves.setdefault(normalise_header(spec.path[-1]), []).append(name)
    for leaf, names in leaves.items():
        if len(names) == 1:
            fields.setdefault(leaf, names[0])
    for name, aliases in ALIASES.items():
        for alias in aliases:
            fields[normalise_header(alias)] = name
    del fields[_DESCRIPTION_OR_TAGLINE]  # decided by the sheet (see ALIASES)
    ignored = {
        normalise_header(column): reason
        for reason, columns in IGNORED.items()
        for column in columns
    }
    return fields, ignored


_KNOWN, _KNOWN_IGNORED = _alias_table()


def _target(name: str) -> str | None:
    """The field a ``--map`` target names (``postal_code`` → ``address.postal_code``),
    ``""`` for "ignore the column", ``None`` when it names no field."""
    if name.strip().casefold() in _IGNORE_TARGETS:
        return ""
    key = normalise_header(name)
    if key == _DESCRIPTION_OR_TAGLINE:
        return "description"
    found = _KNOWN.get(key)
    return found if found is not None and normalise_header(found) in (key, _leaf(found)) else None


def _leaf(name: str) -> str:
    return normalise_header(FIELDS[name].path[-1])


def field_label(header: str, problem_field: str) -> str:
    """``Email`` for a column named like its field, else ``Postal Code (address.postal_code)``."""
    plain = plain_field(problem_field)
    if normalise_header(header) in (
        normalise_header(plain),
        normalise_header(plain.split(".")[-1]),
    ):
        return header
    return f"{header} ({problem_field})"


def plain_field(problem_field: str) -> str:
    """``competences[2]`` → ``competences``: a problem's field without list indexes."""
    return re.sub(r"\[\d+\]", "", problem_field)


# --------------------------------------------------------------- --map and --mapping


def explicit_mapping(options: ImportOptions) -> dict[str, str]:
    """Normalised column → field ('' = ignore) from ``--mapping`` and ``--map`` (these win).

    Raises ``ImportUsageError`` for a missing or malformed file and unknown fields."""
    pairs = _mapping_file_pairs(options.mapping) if options.mapping is not None else []
    for item in options.maps:
        column, sep, target = item.partition("=")
        if not sep or not column.strip():
            raise ImportUsageError(t("importer.map_syntax", item=item))
        pairs.append((column, target, f"--map '{item}'"))
    mapping: dict[str, str] = {}
    for column, target, where in pairs:
        found = _target(target)
        if found is None:
            fields = ", ".join(FIELDS)
            close = _close_field(target)
            if close is not None:
                raise ImportUsageError(
                    t(
                        "importer.unknown_field_suggestion",
                        where=where,
                        target=target,
                        suggestion=close,
                        fields=fields,
                    )
                )
            raise ImportUsageError(
                t("importer.unknown_field", where=where, target=target, fields=fields)
            )
        mapping[normalise_header(column)] = found
    return mapping


def _close_field(name: str) -> str | None:
    """The field a wrong ``--map`` target probably means: a column name the import knows
    (``Telefon`` → ``phone``), else the closest field name."""
    key = normalise_header(name)
    if key in _KNOWN:
        return _KNOWN[key]
    names = {normalise_header(f): f for f in FIELDS} | {_leaf(f): f for f in FIELDS}
    found = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    return names[found[0]] if found else None


def _mapping_file_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(column, field, where) of each line of a ``--mapping`` file."""
    if not path.is_file():
        raise ImportUsageError(t("importer.mapping_not_found", path=path))
    doc, problems = load_yaml_document(path, str(path))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if doc is None or errors:
        first = errors[0] if errors else None
        where = f"{path}:{first.line}: {first.message}" if first else str(path)
        raise ImportUsageError(t("importer.mapping_unreadable", where=where))
    if not isinstance(doc.data, dict):
        raise ImportUsageError(t("importer.mapping_not_a_mapping", path=path))
    pairs: list[tuple[str, str, str]] = []
    for column, target in doc.data.items():
        if target is not None and not isinstance(target, str):
            line = doc.positions.get((column,), (1, 1))[0]
            raise ImportUsageError(
                t("importer.mapping_one_field", path=path, line=line, column=column)
            )
        line = doc.positions.get((column,), (1, 1))[0]
        pairs.append((column, target or "ignore", f"{path}:{line}"))
    return pairs


# -------------------------------------------------------------------- a sheet's header


@dataclass(frozen=True)
class Column:
    """A column that is imported: where it is, its name in the sheet, the field it gives."""

    index: int
    header: str
    field: str


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet with its columns mapped to fields."""

    columns: tuple[Column, ...]
    width: int
    """Number of cells of the header."""
    rows: tuple[Row, ...]
    ignored: tuple[tuple[str, str], ...]
    """(column, catalogue key of why) of the columns that are not imported."""


class SheetColumns:
    """The sheet's imported columns by the field they give, and how problems name them."""

    def __init__(self, columns: Iterable[Column]) -> None:
        self.by_field = {c.field: c for c in columns}

    def __contains__(self, name: object) -> bool:
        return name in self.by_field

    def header(self, name: str) -> str:
        """The column that gives field ``name``, as problems name it: ``Email``,
        ``PLZ (address.postal_code)``; the field when no column gives it."""
        column = self.by_field.get(name)
        return field_label(column.header, name) if column is not None else name

    def label(self, name: str, problem_field: str) -> str:
        """A problem's field (``competences[2]``) inside imported field ``name``, as
        problems name it (``Kompetenzen (competences[2])``)."""
        column = self.by_field.get(name)
        return field_label(column.header if column is not None else name, problem_field)


def map_columns(
    records: Records, explicit: dict[str, str]
) -> tuple[Sheet | None, list[RowProblem]]:
    """The sheet with each column's field (``explicit`` first, then the known names), or
    the problems of its header: two columns for one field, none for the names."""
    chosen, ignored = _choose_columns(records.header, explicit)
    problems: list[RowProblem] = []
    by_field: dict[str, Column] = {}
    for column in chosen:
        first = by_field.setdefault(column.field, column)
        if first is not column:
            problems.append(
                RowProblem(
                    1,
                    column.header,
                    t(
                        "importer.duplicate_column",
                        first=first.header,
                        second=column.header,
                        field=column.field,
                    ),
                    t("importer.duplicate_column_hint", second=column.header),
                )
            )
    if "id" not in by_field and "name" not in by_field:
        problems.append(
            RowProblem(1, "", t("importer.no_name_column"), t("importer.no_name_column_hint"))
        )
    if problems:
        return None, problems
    width = len(records.header)
    return Sheet(tuple(chosen), width, tuple(records.rows), tuple(ignored)), []


def _choose_columns(
    header: list[str], explicit: dict[str, str]
) -> tuple[list[Column], list[tuple[str, str]]]:
    """The columns that give fields, and (column, catalogue key of why) of the others."""
    chosen: list[Column] = []
    ignored: list[tuple[str, str]] = []
    for index, name in enumerate(header):
        key = normalise_header(name)
        target = explicit.get(key)
        if target is None:
            target = _KNOWN.get(key)
        if target is None and key == _DESCRIPTION_OR_TAGLINE:
            target = "description"  # settled below
        if target:
            chosen.append(Column(index, name, target))
        elif target == "":
            ignored.append((name, SKIPPED_COLUMN))
        elif name:
            ignored.append((name, _KNOWN_IGNORED.get(key, UNKNOWN_COLUMN)))
    described = [c for c in chosen if c.field == "description"]
    if (
        len(described) == 1
        and normalise_header(described[0].header) == _DESCRIPTION_OR_TAGLINE
        and normalise_header(described[0].header) not in explicit
        and not any(c.field == "tagline" for c in chosen)
    ):  # HubSpot's company "Description" is the tagline
        chosen = [Column(c.index, c.header, "tagline") if c is described[0] else c for c in chosen]
    return chosen, ignored
