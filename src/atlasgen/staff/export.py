"""Member data for CRMs and address books: ``atlasgen export`` (CSV, vCard 4.0, JSON).

Unlike the open data of the public site (``site.opendata``), these files are for the network's
staff: they may hold every member (``everyone``, ``--all``) and the internal member data
(``internal``, ``--internal``). Every function is pure and deterministic: the same
content and ``today`` give byte-identical output.

The member id is the slug, the name of the member file: it never changes unless the file
is renamed, so a CRM can match repeated imports on it (``External Identifier`` in CSV,
``UID`` ``urn:atlasgen:member:<slug>`` in vCard, ``id`` in JSON).

The reference for users is the section "Exporting member data" in
``docs/member-management.md``; the column sets are ``CSV_COLUMNS``. What the command says
to the person (usage errors, what was written) comes from the tools' catalogue
(``data/messages/<lang>/export.yaml``); the exported data and the CRM column names are
never translated (CRMs import them by name).
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal
from urllib.parse import urlsplit

from ..common.i18n import t
from ..common.spreadsheet import spreadsheet_csv
from ..content.dates import build_date
from ..content.internal import load_internal
from ..content.internal_schema import InternalFile, InternalPerson
from ..content.model import Atlas, Member
from ..content.problems import Problem, Severity
from ..content.project import slugify
from ..content.schema import Contact
from ..content.stages import load_atlas
from ..site.opendata import FORMAT_VERSION, public_member
from ..site.urls import Urls

__all__ = [
    "COLUMN_SETS",
    "COUNTRY_CODE",
    "CSV_COLUMNS",
    "FORMATS",
    "Column",
    "ColumnSet",
    "ExportFormat",
    "ExportRequest",
    "ExportUsageError",
    "Selection",
    "contact_uid",
    "fold",
    "member_uid",
    "members_csv",
    "members_json",
    "members_vcard",
    "prepare_export",
    "render",
    "select",
    "vcard_escape",
    "vcards_by_member",
    "write_export",
]

ColumnSet = Literal["civicrm", "hubspot"]
COLUMN_SETS: Final[tuple[ColumnSet, ...]] = ("civicrm", "hubspot")

COUNTRY_CODE: Final = "DE"
"""ISO 3166-1 code of every member's country (postal codes are German)."""
COUNTRY_NAME: Final = "Deutschland"
"""The country as the vCard address names it."""

UID_PREFIX: Final = "urn:atlasgen:member:"
PRODID: Final = "-//atlasgen//Kompetenzatlas export//EN"
INTERNAL_CATEGORY: Final = "internal"
"""``CATEGORIES`` value of the internal contacts' cards (``--internal``)."""
BILLING_CATEGORY: Final = "billing"
"""``CATEGORIES`` value of the billing person's card (``--internal``)."""

_LIST_SEPARATOR: Final = "; "
_FOLD_OCTETS: Final = 75
_HONORIFICS: Final = frozenset({"dr.", "prof.", "dipl.-ing.", "dipl.-inf.", "dr.-ing.", "mag."})


# ---------------------------------------------------------------------------- members


@dataclass(frozen=True)
class Selection:
    """What one export contains."""

    atlas: Atlas
    urls: Urls
    today: date
    """The day the export is 'as of': offers that ended before it are left out."""
    members: tuple[Member, ...]
    """The exported members, sorted by slug."""
    everyone: bool
    """Every member, listed or not (``--all``): the outputs say which are listed."""
    internal: Mapping[str, InternalFile] | None
    """The internal records by slug (``--internal``); ``None``: public fields only."""


def select(
    atlas: Atlas,
    today: date,
    *,
    everyone: bool = False,
    internal: Mapping[str, InternalFile] | None = None,
) -> Selection:
    """The listed members of ``atlas`` (with ``everyone``: all of them), sorted by slug."""
    members = atlas.members if everyone else atlas.listed_members
    return Selection(
        atlas,
        Urls(atlas.config.base_url),
        today,
        tuple(sorted(members, key=lambda m: m.slug)),
        everyone,
        internal,
    )


def member_uid(slug: str) -> str:
    """The stable id of a member in vCard (``UID``) and linked data."""
    return UID_PREFIX + slug


def contact_uid(slug: str, kind: Literal["contact", "internal", "billing"], name: str) -> str:
    """The ``UID`` of a person's card: the member, the kind of contact and the name (the
    billing person has one card per member, whatever the name)."""
    if kind == "billing":
        return f"{member_uid(slug)}:billing"
    return f"{member_uid(slug)}:{kind}:{slugify(name)}"


def _profile_url(selection: Selection, member: Member) -> str:
    return selection.urls.absolute(selection.urls.member("de", member.slug))


def _domain(website: str | None) -> str | None:
    """``https://www.example.com/x`` → ``example.com`` (HubSpot's company domain)."""
    if not website:
        return None
    host = (urlsplit(website).hostname or "").lower()
    return host.removeprefix("www.") or None


# -------------------------------------------------------------------------------- CSV


@dataclass(frozen=True)
class Column:
    """One CSV column: its key and its header in each column set."""

    key: str
    civicrm: str | None
    """Header with ``--columns civicrm`` (``None``: not in that set)."""
    hubspot: str | None
    """Header with ``--columns hubspot`` (``None``: not in that set)."""
    when: Literal["always", "everyone", "internal"] = "always"
    """``everyone``: only with ``--all``; ``internal``: only with ``--internal``."""

    def header(self, columns: ColumnSet) -> str | None:
        return self.civicrm if columns == "civicrm" else self.hubspot


CSV_COLUMNS: Final[tuple[Column, ...]] = (
    Column("id", "External Identifier", "Atlas ID"),
    Column("name", "Organization Name", "Company name"),
    Column("type", "Organization Type", "Organization type"),
    Column("tagline", "Tagline", "Description"),
    Column("street", "Street Address", "Street address"),
    Column("postal_code", "Postal Code", "Postal code"),
    Column("city", "City", "City"),
    Column("district", "District", "District"),
    Column("country", "Country", "Country/Region"),
    Column("email", "Email", "Email"),
    Column("phone", "Phone", "Phone number"),
    Column("website", "Website", "Website URL"),
    Column("domain", None, "Company domain name"),
    Column("competences", "Competences", "Competences"),
    Column("industries", "Industries", "Industries"),
    Column("employees", "Employees", "Employees (size class)"),
    Column("founded", "Year Founded", "Year founded"),
    Column("profile_url", "Profile URL", "Profile URL"),
    Column("last_verified", "Last Verified", "Last verified"),
    Column("listed", "Listed", "Listed", "everyone"),
    Column("membership_status", "Membership Status", "Membership status", "internal"),
    Column("member_since", "Member Since", "Member since", "internal"),
    Column("member_until", "Member Until", "Member until", "internal"),
    Column("fee_class", "Fee Class", "Fee class", "internal"),
    Column("billing_name", "Billing Name", "Billing name", "internal"),
    Column("billing_email", "Billing Email", "Billing email", "internal"),
    Column("tags", "Tags", "Tags", "internal"),
)
"""Every CSV column in order; docs/member-management.md has the same table."""


def _columns(selection: Selection, columns: ColumnSet) -> list[tuple[str, str]]:
    shown = {"always"}
    if selection.everyone:
        shown.add("everyone")
    if selection.internal is not None:
        shown.add("internal")
    return [
        (column.key, header)
        for column in CSV_COLUMNS
        if column.when in shown and (header := column.header(columns)) is not None
    ]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _csv_values(selection: Selection, member: Member) -> dict[str, str]:
    data = member.data
    loc = member.location
    competences = selection.atlas.competences
    values = {
        "id": member.slug,
        "name": data.name,
        "type": data.type.value,
        "tagline": data.tagline,
        "street": loc.street,
        "postal_code": loc.postal_code,
        "city": loc.city,
        "district": loc.district,
        "country": COUNTRY_CODE,
        "email": data.email or "",
        "phone": data.phone or "",
        "website": data.website or "",
        "domain": _domain(data.website) or "",
        "competences": _LIST_SEPARATOR.join(
            competences[c].entry.label.de for c in data.competences
        ),
        "industries": _LIST_SEPARATOR.join(data.industries),
        "employees": data.employees.value if data.employees else "",
        "founded": str(data.founded) if data.founded is not None else "",
        "profile_url": _profile_url(selection, member),
        "last_verified": _iso(data.last_verified),
        "listed": "yes" if member.listed else "no",
    }
    record = selection.internal.get(member.slug) if selection.internal is not None else None
    if record is not None:
        membership, billing = record.membership, record.billing
        values |= {
            "membership_status": membership.status.value,
            "member_since": _iso(membership.since),
            "member_until": _iso(membership.until),
            "fee_class": membership.fee_class or "",
            "billing_name": billing.name if billing else "",
            "billing_email": (billing.email or "") if billing else "",
            "tags": _LIST_SEPARATOR.join(record.tags),
        }
    return values


def members_csv(
    selection: Selection, *, columns: ColumnSet = "civicrm", delimiter: str = ","
) -> bytes:
    """One row per member, sorted by id: UTF-8 with byte order mark, CRLF line ends, every
    field quoted, a cell that is a formula neutralised (``common.spreadsheet.is_formula``:
    a phone number ``+49 …`` or a number stays as it is, for the CRM).
    Lists are joined with ``"; "``; a missing value is an empty cell."""
    if delimiter not in (",", ";"):
        raise ValueError(t("export.bad_delimiter", delimiter=delimiter))
    chosen = _columns(selection, columns)
    rows = [[header for _, header in chosen]]
    for member in selection.members:
        values = _csv_values(selection, member)
        rows.append([values.get(key, "") for key, _ in chosen])
    return spreadsheet_csv(rows, delimiter)


# ------------------------------------------------------------------------------ vCard


def vcard_escape(value: str) -> str:
    """A text value or a component of a structured value, escaped as RFC 6350 §3.4
    says: backslash, comma and semicolon get a backslash, a line break becomes ``\\n``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for char in ("\\", ",", ";"):
        value = value.replace(char, "\\" + char)
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded as RFC 6350 §3.2 says: at most 75 octets per physical line
    (a continuation line starts with a space, which counts), CRLF line ends, never inside
    a multi-byte UTF-8 character."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _FOLD_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _tel(phone: str) -> tuple[str, str]:
    """``(parameters, value)`` of a ``TEL``: an international number as a ``tel:`` URI
    (RFC 3966, visual separators as ``-``), any other as text."""
    if phone.startswith("+"):
        digits = "-".join(phone.replace("/", " ").replace("-", " ").split())
        return ";VALUE=uri;TYPE=work,voice", "tel:" + digits
    return ";TYPE=work,voice", vcard_escape(phone)


def _name(full: str) -> str:
    """The ``N`` value of a person: family name = last word, honorific prefixes (``Dr.``,
    ``Prof.`` …) apart, the other words given names (a guess: ``FN`` is the name as
    written)."""
    words = full.split()
    prefixes: list[str] = []
    while len(words) > 1 and words[0].casefold() in _HONORIFICS:
        prefixes.append(words.pop(0))
    family = words.pop() if words else ""
    fields = [family, " ".join(words), "", " ".join(prefixes), ""]
    return ";".join(vcard_escape(f) for f in fields)


def _timestamp(day: date) -> str:
    return day.strftime("%Y%m%dT000000Z")


class _Card:
    def __init__(self) -> None:
        self.lines: list[str] = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}"]

    def add(self, name: str, value: str | None, params: str = "", *, raw: bool = False) -> None:
        if value:
            self.lines.append(f"{name}{params}:{value if raw else vcard_escape(value)}")

    def text(self) -> str:
        return "".join(fold(line) for line in [*self.lines, "END:VCARD"])


@dataclass(frozen=True)
class _Person:
    uid: str
    category: str | None
    name: str
    role: str | None
    email: str | None
    phone: str | None


def _people(selection: Selection, member: Member) -> list[_Person]:
    """The member's people with a card: the public contacts, then (``--internal``) the
    internal contacts and the billing person."""
    people: list[_Person] = []
    seen: set[str] = set()

    def add(
        kind: Literal["contact", "internal", "billing"],
        person: Contact | InternalPerson,
        category: str | None,
    ) -> None:
        uid = base = contact_uid(member.slug, kind, person.name)
        number = 1
        while uid in seen:
            number += 1
            uid = f"{base}-{number}"
        seen.add(uid)
        people.append(_Person(uid, category, person.name, person.role, person.email, person.phone))

    for contact in member.data.contacts:
        add("contact", contact, None)
    record = selection.internal.get(member.slug) if selection.internal is not None else None
    if record is not None:
        for person in record.contacts:
            add("internal", person, INTERNAL_CATEGORY)
        if record.billing is not None:
            add("billing", record.billing, BILLING_CATEGORY)
    return people


def _member_cards(selection: Selection, member: Member) -> str:
    data = member.data
    loc = member.location
    people = _people(selection, member)
    org = _Card()
    org.add("KIND", "org")
    org.add("UID", member_uid(member.slug))
    org.add("FN", data.name)
    org.add("ORG", data.name)
    org.add("NOTE", data.tagline)
    address = ["", "", loc.street, loc.city, "", loc.postal_code, COUNTRY_NAME]
    org.add("ADR", ";".join(vcard_escape(a) for a in address), ";TYPE=work", raw=True)
    if data.phone:
        params, value = _tel(data.phone)
        org.add("TEL", value, params, raw=True)
    org.add("EMAIL", data.email, ";TYPE=work")
    org.add("URL", data.website, ";TYPE=work")
    org.add("URL", _profile_url(selection, member))
    competences = selection.atlas.competences
    labels = [competences[c].entry.label.de for c in data.competences]
    org.add("CATEGORIES", ",".join(vcard_escape(label) for label in labels), raw=True)
    for person in people:
        org.add("RELATED", person.uid, ";TYPE=contact")
    if data.last_verified is not None:
        org.add("REV", _timestamp(data.last_verified), raw=True)
    cards = [org.text()]
    for person in people:
        card = _Card()
        card.add("KIND", "individual")
        card.add("UID", person.uid)
        card.add("FN", person.name)
        card.add("N", _name(person.name), raw=True)
        card.add("ORG", data.name)
        card.add("TITLE", person.role)
        card.add("EMAIL", person.email, ";TYPE=work")
        if person.phone:
            params, value = _tel(person.phone)
            card.add("TEL", value, params, raw=True)
        card.add("CATEGORIES", person.category)
        cards.append(card.text())
    return "".join(cards)


def vcards_by_member(selection: Selection) -> dict[str, bytes]:
    """Slug → the member's cards (its organisation, then its people), UTF-8."""
    return {m.slug: _member_cards(selection, m).encode("utf-8") for m in selection.members}


def members_vcard(selection: Selection) -> bytes:
    """Every member's cards in one ``.vcf`` (vCard 4.0, RFC 6350), sorted by id: for each
    member a ``KIND:org`` card, then a ``KIND:individual`` card per contact person."""
    return b"".join(vcards_by_member(selection).values())


# ------------------------------------------------------------------------------- JSON


def _internal_record(record: InternalFile | None) -> dict[str, Any] | None:
    if record is None:
        return None
    data: dict[str, Any] = record.model_dump(mode="json")
    return data


def _public_record(selection: Selection, member: Member) -> dict[str, Any]:
    """The member's record as ``api/members.json`` has it; an unlisted member (``--all``)
    gets the record it would have if it were listed."""
    shown = member
    if not member.listed:
        data = member.data.model_copy(update={"listed": True})
        shown = dataclasses.replace(member, data=data, withheld=False)
    record = public_member(shown, selection.atlas, selection.urls, selection.today)
    if selection.everyone:
        record["listed"] = member.listed
    if selection.internal is not None:
        record["internal"] = _internal_record(selection.internal.get(member.slug))
    return record


def members_json(selection: Selection) -> bytes:
    """``{"version", "generated", "source", "members"}``, keys sorted, members by id: each
    member as in ``api/members.json``, plus ``listed`` (``--all``) and ``internal`` (the
    member's internal file, or ``null``; ``--internal``)."""
    urls = selection.urls
    document = {
        "version": FORMAT_VERSION,
        "generated": selection.today.isoformat(),
        "source": urls.absolute(urls.home("de")),
        "members": [_public_record(selection, m) for m in selection.members],
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


# ---------------------------------------------------------------------------- command


ExportFormat = Literal["csv", "vcard", "json"]
FORMATS: Final[tuple[ExportFormat, ...]] = ("csv", "vcard", "json")


class ExportUsageError(Exception):
    """The export cannot run as asked (exit code 2); the message says why."""


@dataclass(frozen=True)
class ExportRequest:
    """What ``atlasgen export`` was asked for."""

    format: ExportFormat
    internal: bool = False
    everyone: bool = False
    columns: ColumnSet = "civicrm"
    delimiter: str = ","
    day: date | None = None
    """The day the export is 'as of' (default: ``content.dates.build_date``)."""


def prepare_export(root: Path, request: ExportRequest) -> tuple[Selection | None, list[Problem]]:
    """Load and check the project, with its internal data for ``request.internal``: the
    selection to write (``None`` on any error) and every problem.

    Raises ``ExportUsageError`` for ``internal`` when the project has no internal data.
    """
    atlas, problems = load_atlas(root)
    if atlas is None:
        return None, problems
    records: Mapping[str, InternalFile] | None = None
    if request.internal:
        internal, more = load_internal(root, atlas.config, (m.slug for m in atlas.members))
        if not internal.present:
            raise ExportUsageError(t("export.internal_missing", folder=internal.folder))
        if any(p.severity is Severity.ERROR for p in more):  # load_atlas reported them
            return None, problems + [p for p in more if p not in problems]
        records = internal.records
    today = build_date(root.resolve(), atlas, request.day)
    return select(atlas, today, everyone=request.everyone, internal=records), problems


def render(selection: Selection, request: ExportRequest) -> bytes:
    """The whole export as one file."""
    if request.format == "csv":
        return members_csv(selection, columns=request.columns, delimiter=request.delimiter)
    if request.format == "vcard":
        return members_vcard(selection)
    return members_json(selection)


def _write(path: Path, data: bytes, private: bool) -> None:
    """Writes ``data``; a file with internal data is readable by its owner only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fd = os.open(path, flags, 0o600 if private else 0o666)
    with os.fdopen(fd, "wb") as file:
        if private:
            os.chmod(path, 0o600)
        file.write(data)


def write_export(
    selection: Selection, request: ExportRequest, out: str | None, stdout: BinaryIO
) -> str | None:
    """Write the export to ``out`` or ``stdout``; what was written, in words (``None`` for
    standard output).

    ``out`` ending in ``/`` (or naming an existing folder) writes one ``<slug>.vcf`` per
    member into that folder: vCard only. Raises ``ExportUsageError`` otherwise.
    """
    members = t("export.members", n=len(selection.members))
    private = selection.internal is not None
    if out is None:
        stdout.write(render(selection, request))
        stdout.flush()
        return None
    path = Path(out)
    if out.endswith(("/", os.sep)) or path.is_dir():
        if request.format != "vcard":
            raise ExportUsageError(t("export.out_is_folder", out=out, ext=request.format))
        path.mkdir(parents=True, exist_ok=True)
        cards = vcards_by_member(selection)
        for slug, data in cards.items():
            _write(path / f"{slug}.vcf", data, private)
        files = t("export.files", n=len(cards))
        return t("export.wrote_folder", members=members, files=files, path=str(path))
    if not path.parent.is_dir():
        raise ExportUsageError(t("export.folder_missing", out=out))
    _write(path, render(selection, request), private)
    return t("export.wrote_file", members=members, path=str(path))
