"""The careers offers of all members as entries: what pupils, students and job seekers look for.

``career_entries(atlas, today)`` turns the listed members' current offers into one
:class:`CareerEntry` each: an apprenticeship per training occupation, a dual study place
per programme (its university from the brackets, ``Wirtschaftsinformatik (DHBW
Mosbach)``), one internship, thesis, working-student and jobs entry per member. Expired
offers (``until`` before ``today``) are not entries. ``career_groups`` gathers them: one
group per kind (``key`` ``None``) and one per occupation or programme (``key`` its id or
slug), for the careers pages, the search and the exports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .model import Atlas, Member
from .names import RESERVED_CAREER_KEYS
from .professions import profession
from .project import slugify

__all__ = [
    "CAREER_KINDS",
    "GROUPED_KINDS",
    "KIND_NAMES",
    "CareerEntry",
    "CareerGroup",
    "career_entries",
    "career_groups",
    "offer_anchor",
    "split_program",
]

CAREER_KINDS = (
    "apprenticeships",
    "dual_study",
    "internships",
    "theses",
    "working_students",
    "jobs",
)
"""The kinds of offers, in the order the careers pages show them (school leavers first)."""

GROUPED_KINDS = ("apprenticeships", "dual_study")
"""Kinds with a page per training occupation or study programme."""

KIND_NAMES: dict[str, dict[str, str]] = {
    "apprenticeships": {"de": "Ausbildung", "en": "Apprenticeship"},
    "dual_study": {"de": "Duales Studium", "en": "Dual study"},
    "internships": {"de": "Praktikum", "en": "Internship"},
    "theses": {"de": "Abschlussarbeit", "en": "Thesis"},
    "working_students": {"de": "Werkstudentenstelle", "en": "Working student job"},
    "jobs": {"de": "Stellenangebote", "en": "Jobs"},
}
"""One entry's kind, as a label (singular)."""


def offer_anchor(kind: str) -> str:
    """The id of a kind of offer on a member's profile: ``offer-dual-study``."""
    return "offer-" + kind.replace("_", "-")


_PROGRAM = re.compile(r"^(?P<name>.+?)\s*\((?P<university>[^()]+)\)$")


def split_program(text: str) -> tuple[str, str | None]:
    """``Wirtschaftsinformatik (DHBW Mosbach)`` → ``("Wirtschaftsinformatik", "DHBW Mosbach")``."""
    match = _PROGRAM.match(text)
    if match is None:
        return text, None
    return match.group("name"), match.group("university")


@dataclass(frozen=True)
class CareerEntry:
    """One offer of one member: an occupation, a programme, or a kind of offer."""

    member: Member
    kind: str
    key: str | None
    """The occupation's id or the programme's slug (``None`` for the other kinds)."""
    titles: dict[str, str]
    """Language → what is offered: the occupation or programme, else the kind's name."""
    university: str | None
    topics: tuple[str, ...]
    note: str | None
    url: str | None
    until: date | None
    start: date | None
    contact: Any
    """``schema.ApplicationContact`` or ``None``."""

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["de"]

    @property
    def anchor(self) -> str:
        """A stable id, unique in the atlas: ``<member>--<kind>[--<key>[--<university>]]``."""
        parts = [self.member.slug, self.kind.replace("_", "-"), *([self.key] if self.key else [])]
        if self.university:
            parts.append(slugify(self.university))
        return "--".join(parts)


@dataclass
class CareerGroup:
    """The entries of one kind, or of one occupation or programme of a kind."""

    kind: str
    key: str | None
    labels: dict[str, str]
    entries: list[CareerEntry] = field(default_factory=list)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["de"]


def _key(text: str) -> str:
    """A page segment for an occupation or programme (never one of the careers pages' own)."""
    key = slugify(text)
    return f"{key}-1" if key in RESERVED_CAREER_KEYS else key


def _entries_of(member: Member, today: date) -> list[CareerEntry]:
    found: list[CareerEntry] = []
    for kind, offer in member.offers_on(today).items():
        common: dict[str, Any] = {
            "member": member,
            "kind": kind,
            "note": offer.note,
            "url": offer.url,
            "until": offer.until,
            "start": offer.start,
            "contact": offer.contact,
        }
        if kind == "apprenticeships":
            jobs = {
                profession(item).id: profession(item) for item in getattr(offer, "professions", ())
            }
            for job in jobs.values():
                titles = {"de": job.de, "en": job.en}
                found.append(
                    CareerEntry(
                        **common,
                        key=job.id if job.listed else _key(job.de),
                        titles=titles,
                        university=None,
                        topics=(),
                    )
                )
        elif kind == "dual_study":
            for item in getattr(offer, "programs", ()):
                name, university = split_program(item)
                found.append(
                    CareerEntry(
                        **common,
                        key=_key(name),
                        titles={"de": name},
                        university=university,
                        topics=(),
                    )
                )
        else:
            found.append(
                CareerEntry(
                    **common,
                    key=None,
                    titles=dict(KIND_NAMES[kind]),
                    university=None,
                    topics=tuple(getattr(offer, "topics", ())),
                )
            )
    return found


def _order(entry: CareerEntry) -> tuple[int, str, str, str]:
    return (
        CAREER_KINDS.index(entry.kind),
        entry.title("de").casefold(),
        entry.member.name.casefold(),
        entry.member.slug,
    )


def career_entries(atlas: Atlas, today: date) -> list[CareerEntry]:
    """Every current offer of the listed members: by kind (:data:`CAREER_KINDS`), then
    occupation or programme, then member name."""
    entries = [e for m in atlas.listed_members for e in _entries_of(m, today)]
    return sorted(entries, key=_order)


def career_groups(
    atlas: Atlas, today: date, entries: list[CareerEntry] | None = None
) -> list[CareerGroup]:
    """The kinds that have entries (``key`` ``None``), each followed by its occupations or
    programmes (sorted by title) when it is one of :data:`GROUPED_KINDS`. ``entries``:
    ``career_entries(atlas, today)`` if the caller has them already."""
    groups: list[CareerGroup] = []
    by_key: dict[tuple[str, str | None], CareerGroup] = {}
    for entry in career_entries(atlas, today) if entries is None else entries:
        kind_group = by_key.get((entry.kind, None))
        if kind_group is None:
            kind_group = by_key[(entry.kind, None)] = CareerGroup(
                entry.kind, None, dict(KIND_NAMES[entry.kind])
            )
            groups.append(kind_group)
        kind_group.entries.append(entry)
        if entry.kind in GROUPED_KINDS and entry.key is not None:
            group = by_key.get((entry.kind, entry.key))
            if group is None:
                group = by_key[(entry.kind, entry.key)] = CareerGroup(
                    entry.kind, entry.key, dict(entry.titles)
                )
                groups.append(group)
            group.entries.append(entry)
    return groups
