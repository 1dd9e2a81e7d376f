"""``atlasgen import FILE.csv``: create or update member files from a spreadsheet.

A row is matched to a member by its id (the slug, the file name) when the sheet has an
id column and the cell is filled, else by its name, normalised as the duplicate-name
check normalises it (``model.name_key``). A row that matches no member creates
``content/members/<slug>.md``, the slug derived from the name as ``atlasgen new`` derives
it (``project.slugify``).

Columns are recognised by name (``ALIASES``: the open data's ``members.csv``, the CRM
columns of ``atlasgen export --format csv`` and common German and English names; case,
spaces, ``_`` and ``-`` do not matter), by ``--map 'Column=field'`` or by a mapping file.

An update changes only the fields the row has a value for; everything else in the file –
other keys, comments, their order, quoting – stays as it was. A scalar is replaced inside
its line, a missing key is inserted where the format's field order puts it (or replaces a
commented-out placeholder ``# website: …`` as ``atlasgen new`` writes them), a list or a
nested value is replaced as a block. An existing description (the Markdown body) is only
replaced with ``--force``.

Cells are cleaned of what spreadsheets do to values: the apostrophe that the exports put
before ``= + - @`` (``exports.spreadsheet_safe``) is removed, lists are split at ``;`` (or
``,``), a four-digit postal code gets its leading zero back, ``15.01.2026`` becomes
``2026-01-15`` and ``49,14`` becomes ``49.14``. Every value stays text, as in the member
files (``load``).

Each written file must pass ``atlasgen validate``: a row is checked as the file it would
write, with the same checks, before anything is written, and the written files are
validated again afterwards (a file that fails is restored). Row problems are reported as
``members.csv:7: Email: 'x' is not an e-mail address`` plus a hint, every one at once.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, TextIO

import yaml

from ..content.load import RawDocument, load_markdown_document, load_yaml_document
from ..content.model import Member, MemberContext, link_member, link_taxonomy, name_key
from ..content.problems import Problem, Severity, plural, visible
from ..content.project import (
    LOGOS_DIR,
    MEMBERS_DIR,
    list_logos,
    member_tasks,
    read_categories,
    read_config,
    read_member,
    slugify,
)
from ..content.schema import SLUG_PATTERN, Address, Coordinates, MemberFile, Social
from ..content.stages import validate_project
from ..site.opendata import spreadsheet_safe
from ..site.urls import RESERVED_MEMBER_SLUGS
from .export import CSV_COLUMNS

__all__ = [
    "ALIASES",
    "FIELDS",
    "IGNORED",
    "ImportOptions",
    "ImportUsageError",
    "add_import_arguments",
    "cmd_import",
    "normalise_header",
    "run_import",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

Value = str | list[str]

# ----------------------------------------------------------------------------- fields


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
    "derived by atlasgen": (
        "competence_labels",
        "url",
        "Profile URL",
        "Country",
        "Country/Region",
        "Company domain name",
    ),
    "not importable from one cell; edit the member file": ("needs", "offers", "contacts"),
    "internal data is not imported": tuple(  # as atlasgen export --internal names them
        column.civicrm or column.hubspot or column.key
        for column in CSV_COLUMNS
        if column.when == "internal"
    ),
}
"""Known columns that are not imported, by reason (said in ``--dry-run``)."""

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


# ---------------------------------------------------------------------------- options


class ImportUsageError(Exception):
    """The import cannot run as asked (exit code 2); the message says why."""


@dataclass(frozen=True)
class ImportOptions:
    """What ``atlasgen import`` was asked for."""

    file: Path
    project: Path = Path(".")
    dry_run: bool = False
    force: bool = False
    delimiter: Literal[",", ";", "auto"] = "auto"
    maps: tuple[str, ...] = ()
    """``COLUMN=FIELD`` pairs from ``--map``."""
    mapping: Path | None = None
    """A YAML file of ``COLUMN: FIELD`` lines (``--mapping``)."""


def _explicit_mapping(options: ImportOptions) -> dict[str, str]:
    """Normalised column → field ('' = ignore) from ``--mapping`` and ``--map`` (these win).

    Raises ``ImportUsageError`` for a missing or malformed file and unknown fields."""
    pairs: list[tuple[str, str, str]] = []  # column, field, where
    if options.mapping is not None:
        path = options.mapping
        if not path.is_file():
            raise ImportUsageError(f"mapping file '{path}' not found")
        doc, problems = load_yaml_document(path, str(path))
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if doc is None or errors:
            first = errors[0] if errors else None
            where = f"{path}:{first.line}: {first.message}" if first else str(path)
            raise ImportUsageError(f"cannot read the mapping file: {where}")
        if not isinstance(doc.data, dict):
            raise ImportUsageError(
                f"{path}: expected one 'Column: field' line per column (a YAML mapping)"
            )
        for column, target in doc.data.items():
            if target is not None and not isinstance(target, str):
                line = doc.positions.get((column,), (1, 1))[0]
                raise ImportUsageError(f"{path}:{line}: '{column}' must name one field")
            line = doc.positions.get((column,), (1, 1))[0]
            pairs.append((column, target or "ignore", f"{path}:{line}"))
    for item in options.maps:
        column, sep, target = item.partition("=")
        if not sep or not column.strip():
            raise ImportUsageError(f"--map '{item}': write it as --map 'COLUMN=FIELD'")
        pairs.append((column, target, f"--map '{item}'"))
    mapping: dict[str, str] = {}
    for column, target, where in pairs:
        found = _target(target)
        if found is None:
            raise ImportUsageError(
                f"{where}: unknown field '{target}'; fields: {', '.join(FIELDS)} "
                "(or 'ignore' to skip the column)"
            )
        mapping[normalise_header(column)] = found
    return mapping


# ------------------------------------------------------------------------------ table


@dataclass(frozen=True)
class RowProblem:
    """A problem with one row of the spreadsheet (row 1 is the header)."""

    row: int
    column: str
    """The column as the sheet names it, or the field; '' for the whole row."""
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class _Column:
    index: int
    header: str
    field: str


@dataclass(frozen=True)
class _Table:
    columns: tuple[_Column, ...]
    width: int
    """Number of cells of the header."""
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    ignored: tuple[tuple[str, str], ...]
    """(column, why) of the columns that are not imported."""


_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_ENCODING_HINT: Final = (
    "save it as UTF-8: in Excel 'CSV UTF-8 (durch Trennzeichen getrennt)', in LibreOffice "
    "'Text CSV' with the character set Unicode (UTF-8)"
)


def _decode(raw: bytes) -> tuple[str | None, RowProblem | None]:
    """The text (``\\n`` line ends), or the problem of the whole file (row 1)."""
    if raw.startswith(_UTF16_BOMS):
        return None, RowProblem(1, "", "the file is encoded as UTF-16, not UTF-8", _ENCODING_HINT)
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, RowProblem(
            1,
            "",
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} on line {line} cannot be "
            "decoded; it was probably saved as Windows-1252 or Latin-1)",
            _ENCODING_HINT,
        )
    return text, None


def _sniff(text: str) -> str:
    """``;`` or ``,``: whichever separates more columns of the first line (outside quotes)."""
    counts = {";": 0, ",": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def _unneutralise(value: str) -> str:
    """``'=x`` → ``=x``: undo the apostrophe the exports put before a formula start."""
    if value.startswith("'") and spreadsheet_safe(value[1:]) != value[1:]:
        return value[1:]
    return value


def _clean(cell: str) -> str:
    return _unneutralise(cell.replace("\r\n", "\n").replace("\r", "\n").strip())


def _read_table(
    text: str, delimiter: str, explicit: dict[str, str]
) -> tuple[_Table | None, list[RowProblem]]:
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for record in reader:
            number += 1
            records.append((number, record))
    except csv.Error as exc:
        return None, [
            RowProblem(
                number + 1,
                "",
                f"the row cannot be read as CSV: {exc}",
                "check the quotes in this row: a cell that contains quotes, line breaks or "
                "the separator must be in double quotes, and a quote inside it doubled",
            )
        ]
    if not records or not any(c.strip() for c in records[0][1]):
        return None, [
            RowProblem(1, "", "the first row must name the columns", "e.g. name;email;phone")
        ]
    header = [_clean(c) for c in records[0][1]]
    return _map_columns(header, records[1:], explicit)


def _map_columns(
    header: list[str], records: list[tuple[int, list[str]]], explicit: dict[str, str]
) -> tuple[_Table | None, list[RowProblem]]:
    problems: list[RowProblem] = []
    chosen: list[_Column] = []
    ignored: list[tuple[str, str]] = []
    for index, name in enumerate(header):
        key = normalise_header(name)
        target = explicit.get(key)
        if target is None:
            target = _KNOWN.get(key)
        if target is None and key == _DESCRIPTION_OR_TAGLINE:
            target = "description"  # settled below
        if target:
            chosen.append(_Column(index, name, target))
        elif target == "":
            ignored.append((name, "skipped by the mapping"))
        elif name:
            ignored.append((name, _KNOWN_IGNORED.get(key, "unknown column")))
    described = [c for c in chosen if c.field == "description"]
    if (
        len(described) == 1
        and normalise_header(described[0].header) == _DESCRIPTION_OR_TAGLINE
        and normalise_header(described[0].header) not in explicit
        and not any(c.field == "tagline" for c in chosen)
    ):  # HubSpot's company "Description" is the tagline
        chosen = [_Column(c.index, c.header, "tagline") if c is described[0] else c for c in chosen]
    by_field: dict[str, _Column] = {}
    for column in chosen:
        first = by_field.setdefault(column.field, column)
        if first is not column:
            problems.append(
                RowProblem(
                    1,
                    column.header,
                    f"columns '{first.header}' and '{column.header}' both give {column.field}",
                    f"delete one of them, or skip it with --map '{column.header}=ignore'",
                )
            )
    if "id" not in by_field and "name" not in by_field:
        problems.append(
            RowProblem(
                1,
                "",
                "no column gives the members' names (or ids)",
                "name a column 'name' (or 'Organization Name', 'Firma' …), or map it: "
                "--map 'Spalte=name'",
            )
        )
    if problems:
        return None, problems
    rows = tuple(
        (number, tuple(record))
        for number, record in records
        if any(cell.strip() for cell in record)
    )
    return _Table(tuple(chosen), len(header), rows, tuple(ignored)), []


# ----------------------------------------------------------------------------- values

_SIZE_CLASSES: Final = ((10, "1-9"), (50, "10-49"), (250, "50-249"), (1000, "250-999"))
_TRUE: Final = frozenset({"true", "yes", "ja", "x", "1", "wahr"})
_FALSE: Final = frozenset({"false", "no", "nein", "0", "falsch"})
_GERMAN_DATE: Final = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DECIMAL_COMMA: Final = re.compile(r"-?\d+,\d+")


def _split(cell: str) -> list[str]:
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


class _Competences:
    """Competence ids from ids, German or English labels or unambiguous synonyms."""

    def __init__(self, context: MemberContext) -> None:
        self.competences = context.competences
        self.ids = set(context.competences)
        self.labels: dict[str, str] = {}
        synonyms: dict[str, set[str]] = {}
        for cid, comp in context.competences.items():
            for label in (comp.entry.label.de, comp.entry.label.en):
                self.labels.setdefault(label.casefold(), cid)
            for word in (*comp.entry.synonyms.de, *comp.entry.synonyms.en):
                synonyms.setdefault(word.casefold(), set()).add(cid)
        for word, cids in synonyms.items():
            if len(cids) == 1:
                self.labels.setdefault(word, next(iter(cids)))

    def resolve(self, value: str) -> str:
        if value in self.ids:
            return value
        return self.labels.get(value.casefold(), value)

    def split(self, cell: str) -> list[str]:
        if ";" not in cell and self.resolve(cell) != cell:
            return [self.resolve(cell)]  # one label with a comma: "CAD, CAM & PLM"
        return [self.resolve(v) for v in _split(cell)]

    def german(self, ids: list[str]) -> list[str]:
        """The German labels, as the CRM export writes them."""
        comps = self.competences
        return [comps[c].entry.label.de if c in comps else c for c in ids]


# --------------------------------------------------------------------- YAML rendering

_PLAIN_FORMATS: Final = {
    "founded": re.compile(r"[0-9]{1,4}"),
    "lat": re.compile(r"-?[0-9]{1,3}(\.[0-9]+)?"),
    "lon": re.compile(r"-?[0-9]{1,3}(\.[0-9]+)?"),
    "listed": re.compile(r"true|false|True|False|TRUE|FALSE"),
    "last_verified": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
"""Fields whose value is a number, a boolean or a date: written without quotes, so other
YAML tools (editors, the JSON Schemas) read them as such."""
_ALWAYS_QUOTED: Final = frozenset({"phone", "postal_code"})
"""Written in quotes, as docs/content-format.md asks (other tools would drop a leading 0)."""
_YAML12_SPECIAL: Final = re.compile(
    r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes plus ``\\u`` for every invisible
    character (YAML reads U+2028 as a line break)."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        ch if ch.isprintable() else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else ch for ch in text
    )


def _plain_ok(value: str, *, flow: bool) -> bool:
    if not value or _YAML12_SPECIAL.fullmatch(value):
        return False
    if flow and any(ch in value for ch in ",[]{}"):
        return False
    dumped = yaml.dump(value, Dumper=yaml.SafeDumper, allow_unicode=True, width=1_000_000)
    return dumped in (value + "\n", value + "\n...\n")


def _scalar(value: str, path: tuple[str, ...], *, flow: bool = False) -> str:
    leaf = path[-1] if path else ""
    if leaf in _ALWAYS_QUOTED:
        return _quoted(value)
    plain = _PLAIN_FORMATS.get(leaf)
    if plain is not None and plain.fullmatch(value):
        return value
    return value if _plain_ok(value, flow=flow) else _quoted(value)


_FLOW_WIDTH: Final = 100


def _render(key: str, value: Any, indent: int, path: tuple[str, ...]) -> list[str]:
    """The lines of ``key: value`` at ``indent`` (block style; short lists in ``[a, b]``)."""
    pad = " " * indent
    if value is None:
        return [f"{pad}{key}:"]
    if isinstance(value, str):
        return [f"{pad}{key}: {_scalar(value, path)}"]
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{key}: {{}}"]
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            lines += _render(k, v, indent + 2, (*path, k))
        return lines
    if not value:
        return [f"{pad}{key}: []"]
    if all(isinstance(v, str) for v in value):
        flow = f"{pad}{key}: [{', '.join(_scalar(v, path, flow=True) for v in value)}]"
        if len(flow) <= _FLOW_WIDTH:
            return [flow]
    lines = [f"{pad}{key}:"]
    for item in value:
        if isinstance(item, dict) and item:
            sub: list[str] = []
            for k, v in item.items():
                sub += _render(k, v, indent + 4, (*path, k))
            sub[0] = f"{pad}  - {sub[0].lstrip()}"
            lines += sub
        elif isinstance(item, str):
            lines.append(f"{pad}  - {_scalar(item, path)}")
        else:
            lines.append(f"{pad}  - {json.dumps(item, ensure_ascii=False)}")
    return lines


# ---------------------------------------------------------------------- YAML editing

try:  # the C parser is several times faster; the marks are the same
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_NULLS: Final = frozenset(("", "~", "null", "Null", "NULL"))
_FRONT_MATTER_END: Final = re.compile(r"(---|\.\.\.)[ \t]*")


@dataclass
class _Node:
    """A value in the front matter and where it is written (lines and columns from 0)."""

    kind: Literal["scalar", "map", "seq"]
    flow: bool
    start: tuple[int, int]
    end: tuple[int, int]
    """Just after the value's last character (a block collection: of its last item)."""
    key_line: int
    key_col: int
    value: Any
    empty: bool = False
    """A scalar written as nothing (``website:``)."""
    children: dict[str, _Node] = field(default_factory=dict)


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line, mark.column)


class _Indexer:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.events = list(yaml.parse("\n".join(lines), Loader=_Loader))
        self.pos = 0
        self.block_scalar_ends: set[int] = set()
        """Last lines of ``|`` and ``>`` scalars."""

    def next(self) -> Any:
        event = self.events[self.pos]
        self.pos += 1
        return event

    def node(self, key_line: int, key_col: int) -> _Node:
        event = self.next()
        start = _mark(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            end = _mark(event.end_mark)
            if end[1] == 0 and end[0] > start[0]:  # a block scalar ends on the next line
                end = (end[0] - 1, len(self.lines[end[0] - 1]))
            plain = not event.style
            value = None if plain and event.value in _NULLS else event.value
            empty = plain and event.value == "" and start == end
            if event.style in ("|", ">"):
                self.block_scalar_ends.add(end[0])
            return _Node("scalar", False, start, end, key_line, key_col, value, empty)
        flow = bool(event.flow_style)
        if isinstance(event, yaml.MappingStartEvent):
            children: dict[str, _Node] = {}
            while not isinstance(self.events[self.pos], yaml.MappingEndEvent):
                key = self.next()
                children[str(key.value)] = self.node(key.start_mark.line, key.start_mark.column)
            closing = self.next()
            last = list(children.values())[-1].end if children else start
            end = _mark(closing.end_mark) if flow else last
            data = {k: v.value for k, v in children.items()}
            return _Node("map", flow, start, end, key_line, key_col, data, children=children)
        items: list[_Node] = []
        while not isinstance(self.events[self.pos], yaml.SequenceEndEvent):
            items.append(self.node(key_line, key_col))
        closing = self.next()
        last = items[-1].end if items else start
        end = _mark(closing.end_mark) if flow else last
        return _Node("seq", flow, start, end, key_line, key_col, [i.value for i in items])


def _index(lines: list[str]) -> _Node | None:
    return _indexed(lines)[0]


def _indexed(lines: list[str]) -> tuple[_Node | None, set[int]]:
    """The root node, and the last lines of block scalars."""
    indexer = _Indexer(lines)
    while indexer.pos < len(indexer.events) and not isinstance(
        indexer.events[indexer.pos], yaml.MappingStartEvent | yaml.ScalarEvent
    ):
        if isinstance(indexer.events[indexer.pos], yaml.SequenceStartEvent):
            return None, set()
        indexer.pos += 1
    if indexer.pos >= len(indexer.events):
        return None, set()
    root = indexer.node(0, 0)
    return root, indexer.block_scalar_ends


_ORDER: Final[dict[tuple[str, ...], list[str]]] = {
    (): list(MemberFile.model_fields),
    ("address",): list(Address.model_fields),
    ("address", "coordinates"): list(Coordinates.model_fields),
    ("social",): list(Social.model_fields),
}


def _nest(path: Sequence[str], value: Any) -> Any:
    for key in reversed(path):
        value = {key: value}
    return value


def _deep_set(data: Any, path: Sequence[str], value: Any) -> Any:
    """``data`` (a copy) with ``value`` at ``path``, creating mappings on the way."""
    if not path:
        return value
    result = dict(data) if isinstance(data, dict) else {}
    result[path[0]] = _deep_set(result.get(path[0]), path[1:], value)
    return result


def _replace(lines: list[str], node: _Node, path: tuple[str, ...], value: Any) -> None:
    if isinstance(value, str) and node.kind == "scalar" and node.start[0] == node.end[0]:
        line = lines[node.start[0]]
        text = _scalar(value, path)
        col = node.start[1]
        if node.empty:
            lines[node.start[0]] = line[:col] + " " + text + line[col:]
        else:
            lines[node.start[0]] = line[:col] + text + line[node.end[1] :]
        return
    block_list = node.kind == "seq" and not node.flow and isinstance(value, list)
    if block_list and value and all(isinstance(v, str) for v in value):
        dash = " " * node.start[1]  # keep a block list a block list
        items = [f"{dash}- {_scalar(v, path)}" for v in value]
        lines[node.key_line : node.end[0] + 1] = [f"{' ' * node.key_col}{path[-1]}:", *items]
        return
    new = _render(path[-1], value, node.key_col, path)
    rest = lines[node.end[0]][node.end[1] :] if node.kind == "scalar" or node.flow else ""
    if rest.strip().startswith("#"):
        new[0] += rest  # keep the comment after the value
    lines[node.key_line : node.end[0] + 1] = new


def _position(
    lines: list[str], parent: _Node, key: str, order: list[str], top: bool, block_ends: set[int]
) -> int:
    at = _order_position(lines, parent, key, order, top)
    if at == len(lines) and at - 1 in block_ends and parent.children:
        # a '|' or '>' scalar that ends the front matter has no final line break; a line
        # after it would add one to its value: go before the parent's last key instead
        at = max(c.key_line for c in parent.children.values())
    return at


def _order_position(lines: list[str], parent: _Node, key: str, order: list[str], top: bool) -> int:
    rank = order.index(key) if key in order else len(order)
    ranked = [(order.index(k), c) for k, c in parent.children.items() if k in order]
    before = [c for r, c in ranked if r < rank]
    if before:
        return max(c.end[0] for c in before) + 1
    after = [c for r, c in ranked if r > rank]
    if after:
        at = min(c.key_line for c in after)
        while (
            top
            and at > 0
            and lines[at - 1].startswith("#")
            and not lines[at - 1].startswith("# yaml-language-server")
        ):
            at -= 1  # the comment above a key belongs to it
        return at
    return parent.end[0] + 1 if parent.children else len(lines)


def _set(lines: list[str], path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` to ``value`` in the front matter ``lines`` (changed in place)."""
    root, block_ends = _indexed(lines)
    if root is None or root.kind != "map":
        lines += _render(path[0], _nest(path[1:], value), 0, path[:1])
        return
    node = root
    for depth, key in enumerate(path):
        child = node.children.get(key) if node.kind == "map" else None
        if child is not None:
            node = child
            continue
        sub = _nest(path[depth + 1 :], value)
        if depth == 0:
            placeholder = re.compile(rf"#\s?{re.escape(key)}:\s+\S")
            for i, line in enumerate(lines):
                if placeholder.match(line) and not any(
                    c.key_line <= i <= c.end[0] for c in root.children.values()
                ):
                    lines[i : i + 1] = _render(key, sub, 0, path[:1])
                    return
            at = _position(lines, root, key, _ORDER[()], True, block_ends)
            lines[at:at] = _render(key, sub, 0, path[:1])
            return
        if node.kind == "map" and not node.flow and node.children:
            indent = min(c.key_col for c in node.children.values())
            order = _ORDER.get(path[:depth], [])
            at = _position(lines, node, key, order, False, block_ends)
            lines[at:at] = _render(key, sub, indent, path[: depth + 1])
            return
        merged = _deep_set(node.value, path[depth:], value)  # flow, empty: rewrite it
        _replace(lines, node, path[:depth], merged)
        return
    _replace(lines, node, path, value)


@dataclass
class _MemberText:
    """A member file split for editing: what precedes the front matter, its lines, the body."""

    head: list[str]
    front: list[str]
    fence: str
    """The line that closes the front matter."""
    body: str
    newline: str = "\n"
    bom: bool = False

    @classmethod
    def parse(cls, raw: bytes) -> _MemberText | None:
        bom = raw.startswith(b"\xef\xbb\xbf")
        newline = "\r\n" if b"\r\n" in raw else "\n"
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        start = 0
        while start < len(lines) and lines[start].startswith("#"):
            start += 1
        if start >= len(lines) or not re.fullmatch(r"---[ \t]*", lines[start]):  # as load
            return None
        fences = (i for i in range(start + 1, len(lines)) if _FRONT_MATTER_END.fullmatch(lines[i]))
        end = next(fences, None)
        if end is None:
            return None
        front, body = lines[start + 1 : end], "\n".join(lines[end + 1 :])
        return cls(lines[: start + 1], front, lines[end], body, newline, bom)

    def data(self) -> Any:
        """The front matter's values as ``load`` reads them (``None``: not valid YAML)."""
        try:
            root = _index(self.front)
        except yaml.YAMLError:
            return None
        return root.value if root is not None else {}

    def render(self) -> bytes:
        text = "\n".join([*self.head, *self.front, self.fence]) + "\n" + self.body
        if not text.endswith("\n"):
            text += "\n"
        data = text.replace("\n", self.newline).encode("utf-8")
        return b"\xef\xbb\xbf" + data if self.bom else data


def _new_member_text(values: dict[str, Value], description: str | None) -> bytes:
    data: dict[str, Any] = {}
    for name, spec in FIELDS.items():
        if name in values and spec.kind != "body" and name != "id":
            data = _deep_set(data, spec.path, values[name])
    data.setdefault("listed", "false")
    ordered: dict[str, Any] = {}
    for key in _ORDER[()]:
        if key in data:
            value = data[key]
            sub_order = _ORDER.get((key,))
            if isinstance(value, dict) and sub_order:
                value = {k: value[k] for k in sub_order if k in value}
            ordered[key] = value
    lines = ["---", "# yaml-language-server: $schema=../../schema/member.schema.json"]
    for key, value in ordered.items():
        lines += _render(key, value, 0, (key,))
    lines.append("---")
    body = (description.strip("\n") + "\n") if description else ""
    return ("\n".join(lines) + "\n" + body).encode("utf-8")


# ---------------------------------------------------------------------------- members

_DERIVED: Final = frozenset(
    {"address.district", "address.coordinates.lat", "address.coordinates.lon"}
)
"""Columns the exports fill from the postal code when the file has no value: imported
only where they differ from what the postal code gives."""


def _get(data: Any, path: Sequence[str]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _same_float(old: str, new: str) -> bool:
    """Equal to the 4 decimals the exports write."""
    try:
        return f"{float(old):.4f}" == f"{float(new):.4f}"
    except ValueError:
        return old == new


def _plain_field(problem_field: str) -> str:
    return re.sub(r"\[\d+\]", "", problem_field)


def _field_label(header: str, problem_field: str) -> str:
    """``Email`` for a column named like its field, else ``Postal Code (address.postal_code)``."""
    plain = _plain_field(problem_field)
    if normalise_header(header) in (
        normalise_header(plain),
        normalise_header(plain.split(".")[-1]),
    ):
        return header
    return f"{header} ({problem_field})"


@dataclass
class _Existing:
    """A member file as it is before the import."""

    slug: str
    rel: str
    raw: bytes
    doc: RawDocument | None
    problems: list[Problem]

    @property
    def name(self) -> str | None:
        data = self.doc.data if self.doc is not None else None
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else None


Status = Literal["new", "change", "unchanged", "problem"]


@dataclass
class _Outcome:
    """What one row does."""

    row: int
    slug: str = ""
    status: Status = "problem"
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    text: bytes | None = None
    """The file to write (``None``: nothing to write)."""
    old: bytes | None = None
    """The file before the import (``None``: a new file)."""

    @property
    def rel(self) -> str:
        return f"{MEMBERS_DIR}/{self.slug}.md"


class _Importer:
    """Turns rows into member files, checking each as ``atlasgen validate`` would."""

    def __init__(
        self, root: Path, table: _Table, context: MemberContext, scratch: Path, force: bool
    ) -> None:
        self.table = table
        self.context = context
        self.scratch = scratch
        self.force = force
        self.competences = _Competences(context)
        self.columns = {c.field: c for c in table.columns}
        self.members: dict[str, _Existing] = {}
        self.by_key: dict[str, str] = {}
        tasks, _ = member_tasks(root, RESERVED_MEMBER_SLUGS)
        for _, rel, _ in tasks:
            path = root / rel
            doc, problems = load_markdown_document(path, rel)
            existing = _Existing(Path(rel).stem, rel, path.read_bytes(), doc, problems)
            self.members[existing.slug] = existing
            if existing.name is not None:
                self.by_key.setdefault(name_key(existing.name), existing.slug)
        self.claimed: dict[str, int] = {}
        """Slug → the row that imports it."""
        self.claimed_keys: dict[str, tuple[int, str]] = {}
        """Name key → (row, slug) of the new names the import writes."""

    def header(self, name: str) -> str:
        """The column that gives field ``name``, as problems name it: ``Email``,
        ``PLZ (address.postal_code)``; the field when no column gives it."""
        column = self.columns.get(name)
        return _field_label(column.header, name) if column is not None else name

    # -- one row

    def row(self, number: int, cells: tuple[str, ...]) -> _Outcome:
        out = _Outcome(number)
        if any(cell.strip() for cell in cells[self.table.width :]):
            out.problems.append(
                RowProblem(
                    number,
                    "",
                    f"the row has {len(cells)} cells, the header only {self.table.width}",
                    "a cell that contains the separator must be in double quotes",
                )
            )
            return out
        cells_by_field: dict[str, str] = {}
        for column in self.table.columns:
            cell = _clean(cells[column.index]) if column.index < len(cells) else ""
            if cell:
                cells_by_field[column.field] = cell
        existing = self.target(out, cells_by_field)
        if out.problems:
            return out
        self.claimed[out.slug] = number
        if existing is None:
            self.new_member(out, cells_by_field)
        else:
            readable = (
                existing.doc is not None
                and isinstance(existing.doc.data, dict)
                and not any(p.severity is Severity.ERROR for p in existing.problems)
            )
            parsed = _MemberText.parse(existing.raw) if readable else None
            if parsed is None:
                out.problems += self.file_problems(number, existing)
                return out
            self.update(out, cells_by_field, existing, parsed)
        if "name" in cells_by_field and out.status != "problem":
            self.claimed_keys.setdefault(name_key(cells_by_field["name"]), (number, out.slug))
        return out

    def target(self, out: _Outcome, cells: dict[str, str]) -> _Existing | None:
        """Set ``out.slug`` to the member the row imports; its file (``None``: new)."""
        number, name, slug = out.row, cells.get("name"), cells.get("id")

        def fail(column: str, message: str, hint: str) -> None:
            out.problems.append(RowProblem(number, column, message, hint))

        if slug is not None:
            if not re.fullmatch(SLUG_PATTERN, slug):
                fail(
                    self.header("id"),
                    f"'{slug}' is not a member id",
                    f"the id is the file name without .md: a-z, 0-9 and '-', e.g. {slugify(slug)}",
                )
                return None
            if slug in RESERVED_MEMBER_SLUGS and slug not in self.members:
                fail(
                    self.header("id"),
                    f"'{slug}' is reserved for the site's own pages",
                    "leave the id empty to derive one from the name",
                )
                return None
        elif name is None:
            fail(
                self.header("name"),
                "the row has no name" + (" and no id" if "id" in self.columns else ""),
                "fill in the organisation's name (a new member also needs type, tagline, "
                "address and competences)",
            )
            return None
        else:
            slug = self.by_key.get(name_key(name)) or self.free_slug(slugify(name))
        if (first := self.claimed.get(slug)) is not None:
            fail(
                self.header("id" if "id" in cells else "name"),
                f"row {first} imports the same member ({slug})",
                "merge the two rows into one",
            )
            return None
        if name is not None:
            key = name_key(name)
            other = self.by_key.get(key)
            if other is not None and other != slug:
                fail(
                    self.header("name"),
                    f"name '{name}' is the same as or very close to "
                    f"'{self.members[other].name}' ({self.members[other].rel})",
                    f"each organisation has one file: give the id '{other}' to update it, "
                    "or make the names distinct",
                )
                return None
            row = self.claimed_keys.get(key)
            if row is not None and row[1] != slug:
                fail(
                    self.header("name"),
                    f"name '{name}' is the same as or very close to the name in row {row[0]}",
                    "each organisation has one file: merge the two rows",
                )
                return None
        out.slug = slug
        return self.members.get(slug)

    def free_slug(self, base: str) -> str:
        slug, n = base, 1
        while slug in self.members or slug in self.claimed or slug in RESERVED_MEMBER_SLUGS:
            n += 1
            suffix = f"-{n}"
            slug = base[: 64 - len(suffix)].rstrip("-") + suffix
        return slug

    def convert(self, cells: dict[str, str]) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for name, cell in cells.items():
            spec = FIELDS[name]
            if name == "id":
                continue
            if spec.kind == "competences":
                values[name] = self.competences.split(cell)
            elif spec.kind == "list":
                values[name] = _split(cell)
            elif spec.kind == "body":
                values[name] = cell
            else:
                values[name] = _convert(spec, cell)
        return values

    def same(self, name: str, old: Any, new: Value, cell: str) -> bool:
        """Whether the file's ``old`` value already is what the cell says."""
        spec = FIELDS[name]
        if isinstance(new, list):
            if not isinstance(old, list):
                return False
            if old == new or cell == "; ".join(map(str, old)):
                return True  # as the exports join lists (an item may hold ';' or ',')
            german = self.competences.german(old)
            return spec.kind == "competences" and cell == "; ".join(german)
        if spec.kind == "bool":
            return str(old if old is not None else "true").casefold() == new.casefold()
        if spec.kind == "float" and isinstance(old, str):
            return _same_float(old, new)
        return bool(old == new)

    def derived(self, member: Member | None, deferred: dict[str, Value]) -> dict[str, Value]:
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

    def new_member(self, out: _Outcome, cells: dict[str, str]) -> None:
        values = self.convert(cells)
        body = values.pop("description", None)
        description = body if isinstance(body, str) else None
        deferred = {k: values.pop(k) for k in list(values) if k in _DERIVED}
        text = _new_member_text(values, description)
        member, problems = self.check(out.slug, text)
        more = self.derived(member, deferred)
        if more:
            values |= more
            text = _new_member_text(values, description)
            member, problems = self.check(out.slug, text)
        changed = [*values, *(["description"] if description else [])]
        self.finish(out, text, problems, changed, set(cells), None)

    def update(
        self, out: _Outcome, cells: dict[str, str], existing: _Existing, parsed: _MemberText
    ) -> None:
        values = self.convert(cells)
        old = parsed.data()
        changes: dict[str, Value] = {}
        deferred: dict[str, Value] = {}
        for name, value in values.items():
            path = FIELDS[name].path
            if name == "description":
                assert isinstance(value, str)
                current = existing.doc.body.strip() if existing.doc is not None else ""
                if current == value.strip():
                    continue
                if current and not self.force:
                    out.notes.append("description kept: the file has one (--force replaces it)")
                    continue
                changes[name] = value
            elif (
                name in _DERIVED and _get(old, path[:-1] if "coordinates" in path else path) is None
            ):
                deferred[name] = value  # the file leaves it to the postal code
            elif not self.same(name, _get(old, path), value, cells[name]):
                changes[name] = value
        text, member, problems = self.edit(out, parsed, old, changes)
        more = self.derived(member, deferred)
        if more:
            changes |= more
            text, member, problems = self.edit(out, parsed, old, changes)
        out.old = existing.raw
        self.finish(out, text, problems, list(changes), set(cells), existing)

    def edit(
        self, out: _Outcome, parsed: _MemberText, old: Any, changes: dict[str, Value]
    ) -> tuple[bytes, Member | None, list[Problem]]:
        """The file with ``changes``, and what the checks say about it."""
        doc = copy.deepcopy(parsed)
        expected = copy.deepcopy(old)
        fields = [n for n in changes if n != "description"]
        for name in fields:
            expected = _deep_set(expected, FIELDS[name].path, changes[name])
        if "description" in changes:
            doc.body = str(changes["description"]).strip("\n") + "\n"
        # each value on its own lines; if that does not give the expected data (a layout
        # the line editor does not know), each changed top-level key as a whole block
        attempts = (
            [(FIELDS[n].path, changes[n]) for n in fields],
            [
                ((k,), _get(expected, (k,)))
                for k in dict.fromkeys(FIELDS[n].path[0] for n in fields)
            ],
        )
        for edits in attempts:
            doc.front = list(parsed.front)
            try:
                for path, value in edits:
                    _set(doc.front, path, value)
            except yaml.YAMLError:
                continue
            if doc.data() == expected:
                break
        else:
            problem = Problem(
                out.rel, 1, 1, "", "the import cannot change this file safely", "edit it by hand"
            )
            return b"", None, [problem]
        text = doc.render()
        member, problems = self.check(out.slug, text)
        return text, member, problems

    def check(self, slug: str, text: bytes) -> tuple[Member | None, list[Problem]]:
        """Check the file as validate does: its model, taxonomy, logo and postal code."""
        rel = f"{MEMBERS_DIR}/{slug}.md"
        path = self.scratch / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
        source, problems = read_member((str(self.scratch), rel, None))
        if source is None:
            return None, problems
        member, more = link_member(source, self.context)
        return member, problems + more

    def finish(
        self,
        out: _Outcome,
        text: bytes,
        problems: list[Problem],
        changed: list[str],
        used: set[str],
        existing: _Existing | None,
    ) -> None:
        seen: set[str] = set()
        for p in problems:
            if p.field and p.field in seen:
                continue  # one problem per field, as validate reports them
            seen.add(p.field)
            if p.severity is Severity.ERROR:
                out.problems.append(self.row_problem(out.row, p, used, existing))
            elif (name := self.field_of(p.field, set(changed))) is not None:
                column = self.columns[name].header if name in self.columns else name
                label = _field_label(column, p.field)
                out.notes.append(
                    f"warning: {label}: {p.message}" + (f" ({p.hint})" if p.hint else "")
                )
        if out.problems:
            out.status = "problem"
            return
        out.changed = changed
        if existing is None:
            out.status, out.text = "new", text
        elif changed:
            out.status, out.text = "change", text
        else:
            out.status = "unchanged"

    def field_of(self, problem_field: str, used: Iterable[str]) -> str | None:
        """The imported field a problem's field (``competences[2]``) belongs to."""
        if not problem_field:
            return None
        plain = _plain_field(problem_field)
        for name in sorted(used, key=len, reverse=True):
            if plain == name or plain.startswith(name + ".") or name.startswith(plain + "."):
                return name
        return None

    def row_problem(
        self, row: int, p: Problem, used: set[str], existing: _Existing | None
    ) -> RowProblem:
        name = self.field_of(p.field, used)
        if name is not None:
            column = self.columns[name].header if name in self.columns else name
            return RowProblem(row, _field_label(column, p.field), p.message, p.hint)
        if existing is None:
            plain = _plain_field(p.field)
            known = next((n for n in FIELDS if n == plain or n.startswith(plain + ".")), None)
            if p.message == "required field is missing" and known is not None:
                if known in self.columns:
                    hint = "fill in this cell"
                else:
                    hint = f"add a column '{known}' (or --map 'COLUMN={known}')"
                message = "a new member needs it, but it is empty"
                return RowProblem(row, self.header(known), message, hint)
            return RowProblem(row, p.field, p.message, p.hint)
        return RowProblem(
            row,
            p.field,
            f"{p.message} (in {existing.rel}:{p.line}, not from the spreadsheet)",
            p.hint or "fix the member file first",
        )

    def file_problems(self, row: int, existing: _Existing) -> list[RowProblem]:
        """A member file that the import cannot change (it does not even load)."""
        errors = [p for p in existing.problems if p.severity is Severity.ERROR] or [
            Problem(
                existing.rel,
                1,
                1,
                "",
                "the member file has no 'key: value' fields",
                "fix the member file first (atlasgen validate shows how)",
            )
        ]
        return [
            RowProblem(
                row,
                p.field,
                f"{existing.rel}:{p.line}: {p.message}",
                p.hint or "fix the member file first",
            )
            for p in errors
        ]


# ---------------------------------------------------------------------------- command


def _project_context(root: Path) -> tuple[MemberContext | None, list[Problem]]:
    _, config, problems = read_config(root)
    category_files, more = read_categories(root)
    _, competences, taxonomy_problems = link_taxonomy(category_files)
    problems += more + taxonomy_problems
    if config is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return MemberContext(competences, list_logos(root), config, root / LOGOS_DIR), problems


def _format_problem(label: str, p: RowProblem) -> list[str]:
    column = f" {visible(p.column)}:" if p.column else ""
    lines = [f"{visible(label)}:{p.row}:{column} {visible(p.message)}"]
    if p.hint:
        lines.append(f"    hint: {visible(p.hint)}")
    return lines


def _print_problems(label: str, problems: list[RowProblem], err: TextIO) -> None:
    lines: list[str] = []
    for p in sorted(problems, key=lambda p: p.row):
        lines += _format_problem(label, p)
    rows = len({p.row for p in problems})
    lines += ["", f"{plural(len(problems), 'problem')} in {plural(rows, 'row')}"]
    print("\n".join(lines), file=err)


def _validate_written(root: Path, outcomes: list[_Outcome], importer: _Importer) -> None:
    """Run validate; restore each written file that does not pass and report why."""
    written = {o.rel: o for o in outcomes if o.text is not None}
    if not written:
        return
    summary = validate_project(root)
    failed: dict[str, list[Problem]] = {}
    for p in summary.problems:
        if p.severity is Severity.ERROR and p.path in written:
            failed.setdefault(p.path, []).append(p)
    for rel, problems in failed.items():
        outcome = written[rel]
        path = root / rel
        if outcome.old is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(outcome.old)
        existing = importer.members.get(outcome.slug)
        used = set(outcome.changed)
        for p in problems:
            problem = importer.row_problem(outcome.row, p, used, existing)
            outcome.problems.append(problem)
        outcome.status, outcome.text = "problem", None


def run_import(options: ImportOptions, out: TextIO, err: TextIO) -> int:
    """Run ``atlasgen import``; the exit code. Raises ``ImportUsageError`` (exit code 2)."""
    explicit = _explicit_mapping(options)
    if not options.file.is_file():
        raise ImportUsageError(f"'{options.file}' not found")
    label = str(options.file)
    root = options.project.resolve()
    context, project_problems = _project_context(root)
    if context is None:
        errors = [p for p in project_problems if p.severity is Severity.ERROR]
        for p in errors:
            print(f"{p.path}:{p.line}:{p.column}: {visible(p.message)}", file=err)
        print("atlasgen import: atlas.yaml and content/competences/ must be valid first", file=err)
        return EXIT_PROBLEMS
    text, problem = _decode(options.file.read_bytes())
    if text is None:
        assert problem is not None
        _print_problems(label, [problem], err)
        return EXIT_PROBLEMS
    delimiter = _sniff(text) if options.delimiter == "auto" else options.delimiter
    table, problems = _read_table(text, delimiter, explicit)
    if table is None:
        _print_problems(label, problems, err)
        return EXIT_PROBLEMS
    if options.dry_run:
        mapped = ", ".join(f"{visible(c.header)} → {c.field}" for c in table.columns)
        print(f"columns: {mapped}", file=out)
    unknown = [name for name, why in table.ignored if why == "unknown column"]
    if unknown:
        names = ", ".join(f"'{visible(n)}'" for n in unknown)
        print(
            f"note: not imported: {names} (unknown columns; map them with --map 'COLUMN=FIELD')",
            file=err,
        )
    if options.dry_run:
        for name, why in table.ignored:
            if why != "unknown column":
                print(f"not imported: {visible(name)} ({why})", file=out)
    with tempfile.TemporaryDirectory(prefix="atlasgen-import-") as scratch:
        importer = _Importer(root, table, context, Path(scratch), options.force)
        outcomes = [importer.row(number, cells) for number, cells in table.rows]
    if not options.dry_run:
        for outcome in outcomes:
            if outcome.text is not None:
                (root / outcome.rel).write_bytes(outcome.text)
        _validate_written(root, outcomes, importer)
    for outcome in outcomes:
        if outcome.status == "problem":
            continue
        line = f"{visible(label)}:{outcome.row}: {outcome.status}: {outcome.slug}"
        if outcome.status == "change":
            line += ": " + ", ".join(outcome.changed)
        print(line, file=out)
        for note in outcome.notes:
            print(f"    {visible(note)}", file=out)
    row_problems = [p for o in outcomes for p in o.problems]
    if row_problems:
        _print_problems(label, row_problems, err)
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("new", "change", "unchanged")}
    bad = sum(1 for o in outcomes if o.status == "problem")
    tail = f"; {plural(bad, 'row')} with problems not imported" if bad else ""
    if options.dry_run:
        print(
            f"dry run: {counts['new']} new, {counts['change']} to change, "
            f"{counts['unchanged']} unchanged{tail}; nothing was written",
            file=out,
        )
    else:
        print(
            f"imported {plural(len(outcomes) - bad, 'row')}: {counts['new']} new, "
            f"{counts['change']} changed, {counts['unchanged']} unchanged{tail}",
            file=out,
        )
    if counts["new"] and "listed" not in importer.columns:
        print(
            "new members have 'listed: false': set it to true when a profile is complete",
            file=out,
        )
    return EXIT_PROBLEMS if row_problems else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """The ``atlasgen import`` subcommand."""
    options = ImportOptions(
        args.file,
        project=args.project,
        dry_run=args.dry_run,
        force=args.force,
        delimiter=args.delimiter,
        maps=tuple(args.map),
        mapping=args.mapping,
    )
    try:
        return run_import(options, sys.stdout, sys.stderr)
    except ImportUsageError as exc:
        print(f"atlasgen import: {exc}", file=sys.stderr)
        return EXIT_USAGE


def add_import_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``atlasgen import`` (``p`` has ``--project`` already)."""
    p.add_argument("file", type=Path, metavar="FILE.csv", help="the spreadsheet, saved as CSV")
    p.add_argument(
        "--dry-run", action="store_true", help="print what would change and write nothing"
    )
    p.add_argument(
        "--force", action="store_true", help="also replace descriptions that are not empty"
    )
    p.add_argument(
        "--delimiter",
        choices=(";", ",", "auto"),
        default="auto",
        metavar="SEP",
        help="field separator: ';', ',' or auto (default: whichever the header row uses)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read COLUMN into FIELD (e.g. 'Firmenname=name', 'Notizen=ignore'); repeatable",
    )
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="YAML file with one 'COLUMN: FIELD' line per column (--map wins)",
    )
    p.set_defaults(func=cmd_import)
