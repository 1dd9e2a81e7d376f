"""The placeholder values of ``atlasgen new member``, in one place.

``staff.scaffold`` writes them into a new member file; ``model.link_member`` reports
each one still there as an error, located at its field (the description at its line),
so a started file does not pass ``atlasgen validate`` until the member has replaced
them. A value is a placeholder when it is the field's placeholder, or when it contains
one of the ``MARKERS`` (in any field). Texts are catalogue keys (``scaffold.*``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ANY_ITEM",
    "CONTACT_EMAIL",
    "CONTACT_NAME",
    "CONTACT_PHONE",
    "DESCRIPTION",
    "DESCRIPTION_KEYS",
    "EMAIL",
    "FIELDS",
    "JOBS_URL",
    "LINKEDIN",
    "LOGO",
    "MAINTAINER",
    "MARKERS",
    "OTHER",
    "PHONE",
    "STREET",
    "TAGLINE",
    "WEBSITE",
    "Placeholder",
    "description_placeholder",
    "placeholders_in",
]

REPLACE = "bitte ersetzen"

TAGLINE = f"Kurzbeschreibung in einem Satz – {REPLACE}"
STREET = "Musterstraße 1"
DOMAIN = "beispiel.example.com"
WEBSITE = f"https://www.{DOMAIN}/"
EMAIL = f"info@{DOMAIN}"
PHONE = "+49 7131 123456"
JOBS_URL = f"https://www.{DOMAIN}/karriere/"
CONTACT_NAME = "Vorname Nachname"
CONTACT_EMAIL = f"vorname.nachname@{DOMAIN}"
CONTACT_PHONE = "+49 7131 123457"
LINKEDIN = "https://www.linkedin.com/company/beispiel"
LOGO = "beispiel.svg"
MAINTAINER = "ihr-github-name"
DESCRIPTION = (
    "Beschreiben Sie hier in einigen Absätzen, was Ihre Organisation anbietet.",
    "Sie können Markdown verwenden: **fett**, *kursiv*, Listen mit `-` und",
    "Zwischenüberschriften mit `##`.",
)
"""The lines of the description below the front matter."""

MARKERS = (REPLACE, DOMAIN)
"""A value containing one of these (in any case) is a placeholder, whatever the field."""

KeyPath = tuple[str | int, ...]

ANY_ITEM = "*"
"""In a ``Placeholder.path``: every item of a list."""


@dataclass(frozen=True)
class Placeholder:
    """The placeholder of one field and the catalogue keys that explain it."""

    path: tuple[str, ...]
    value: str
    name: str
    """Catalogue key: the field's name in prose (``the tagline``)."""
    hint: str
    """Catalogue key: what to write instead, with an example."""


FIELDS = (
    Placeholder(("tagline",), TAGLINE, "scaffold.name_tagline", "scaffold.hint_tagline"),
    Placeholder(("address", "street"), STREET, "scaffold.name_street", "scaffold.hint_street"),
    Placeholder(("website",), WEBSITE, "scaffold.name_website", "scaffold.hint_website"),
    Placeholder(("email",), EMAIL, "scaffold.name_email", "scaffold.hint_email"),
    Placeholder(("phone",), PHONE, "scaffold.name_phone", "scaffold.hint_phone"),
    Placeholder(
        ("offers", "jobs", "url"), JOBS_URL, "scaffold.name_jobs_url", "scaffold.hint_jobs_url"
    ),
    Placeholder(
        ("contacts", ANY_ITEM, "name"),
        CONTACT_NAME,
        "scaffold.name_contact_name",
        "scaffold.hint_contact_name",
    ),
    Placeholder(
        ("contacts", ANY_ITEM, "email"),
        CONTACT_EMAIL,
        "scaffold.name_contact_email",
        "scaffold.hint_contact_email",
    ),
    Placeholder(
        ("contacts", ANY_ITEM, "phone"),
        CONTACT_PHONE,
        "scaffold.name_contact_phone",
        "scaffold.hint_contact_phone",
    ),
    Placeholder(
        ("social", "linkedin"), LINKEDIN, "scaffold.name_linkedin", "scaffold.hint_linkedin"
    ),
    Placeholder(("logo",), LOGO, "scaffold.name_logo", "scaffold.hint_logo"),
    Placeholder(
        ("maintainers", ANY_ITEM),
        MAINTAINER,
        "scaffold.name_maintainer",
        "scaffold.hint_maintainer",
    ),
)
"""The fields ``atlasgen new member`` fills with a placeholder (or shows one for, in a
comment)."""

OTHER = Placeholder((), "", "scaffold.name_other", "scaffold.hint_other")
"""For a value with a marker in a field without its own placeholder."""

DESCRIPTION_KEYS = ("scaffold.name_description", "scaffold.hint_description")


def _at(data: Any, pattern: tuple[str, ...], path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """The values at ``pattern`` (``ANY_ITEM``: each item of a list) with their key paths."""
    if not pattern:
        yield path, data
        return
    want, rest = pattern[0], pattern[1:]
    if want == ANY_ITEM:
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _at(item, rest, (*path, index))
    elif isinstance(data, dict) and want in data:
        yield from _at(data[want], rest, (*path, want))


def _strings(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every string value of raw YAML data with its key path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


_WANTED = tuple({f.value.casefold() for f in FIELDS} | set(MARKERS))


def _may_have_placeholders(data: Any) -> bool:
    """Whether any string of ``data`` may hold a placeholder or a marker. Most files have
    none: the ``repr`` of the raw data (dicts, lists, strings) is made in C and shows
    every string as it is but for quotes, backslashes and control characters, which no
    placeholder has, so a substring test on it rules them out at once."""
    text = repr(data).casefold()
    return any(wanted in text for wanted in _WANTED)


def placeholders_in(data: Any) -> Iterator[tuple[KeyPath, str, Placeholder]]:
    """``(key path, value, placeholder)`` for every value of a member file's raw front
    matter that is still a placeholder of ``atlasgen new member``: the field's own
    placeholder, or any value with a marker (explained by its field's placeholder if it
    has one)."""
    if not _may_have_placeholders(data):
        return
    own: dict[KeyPath, Placeholder] = {}
    for field in FIELDS:
        for path, value in _at(data, field.path):
            own[path] = field
            if isinstance(value, str) and value.strip().casefold() == field.value.casefold():
                yield path, value, field
    for path, value in _strings(data):
        known = own.get(path)
        if known is not None and value.strip().casefold() == known.value.casefold():
            continue  # said above
        if any(marker in value.casefold() for marker in MARKERS):
            yield path, value, known or OTHER


_DESCRIPTION_LINES = frozenset(line.casefold() for line in DESCRIPTION)


def description_placeholder(body: str) -> tuple[int, str] | None:
    """``(line offset in the body, line)`` of the first placeholder line of the
    description, or ``None``."""
    folded = body.casefold()
    if not any(line in folded for line in _DESCRIPTION_LINES):
        return None  # most descriptions: one substring test per placeholder line
    for offset, line in enumerate(body.splitlines()):
        if line.strip().casefold() in _DESCRIPTION_LINES:
            return offset, line.strip()
    return None
