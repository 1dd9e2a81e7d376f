"""The linked atlas: members, competences and categories with references resolved.

This is the only module that looks at more than one file: unknown or duplicate
ids, near-duplicate members, postal code → district and coordinates, missing
logos and legal pages. Each function returns its problems; ``stages`` calls
them in order (``link_member`` in worker processes) and assembles the ``Atlas``.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..common import i18n
from ..common.i18n import t
from .comments import public_markdown
from .load import KeyPath, RawDocument, dotted, find_position
from .logos import logo_problem
from .placeholders import DESCRIPTION_KEYS, description_placeholder, placeholders_in
from .problems import Problem, Severity
from .professions import profession, profession_problems
from .project import COMPETENCES_DIR, LOGOS_DIR, MemberSource, PageSource, slug_of
from .refdata import PostalPlace, district_names, postal_codes
from .schema import CategoryFile, CompetenceEntry, MemberFile, Offer, SiteConfig
from .suggest import did_you_mean

__all__ = [
    "Atlas",
    "Category",
    "Competence",
    "FreePage",
    "Location",
    "Member",
    "MemberContext",
    "free_page",
    "link_member",
    "link_taxonomy",
]

OFFER_KINDS = (
    "jobs",
    "apprenticeships",
    "dual_study",
    "internships",
    "theses",
    "working_students",
)
"""The kinds of ``offers``, in the order pages and exports show them."""

MAX_LOGO_BYTES = 300_000
MAX_DESCRIPTION_CHARS = 20_000
MAX_BRACKETS = 100


@dataclass(frozen=True)
class Competence:
    """A competence of the taxonomy, with the category it belongs to."""

    id: str
    category: str
    entry: CompetenceEntry
    source_path: str


@dataclass(frozen=True)
class Category:
    id: str
    entry: CategoryFile
    competences: tuple[str, ...]
    source_path: str


@dataclass(frozen=True)
class Location:
    """Where a member is: the written address plus what the postal code gives."""

    street: str
    postal_code: str
    city: str
    district: str
    district_key: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Member:
    """A member with resolved location and its texts in both languages."""

    slug: str
    data: MemberFile
    location: Location
    description_de: str
    description_en: str | None
    tagline_en: str | None
    source_path: str
    withheld: bool = False
    """Not listed because of the internal data (membership paused or ended)."""

    @property
    def name(self) -> str:
        return self.data.name

    @property
    def listed(self) -> bool:
        return self.data.listed and not self.withheld

    @staticmethod
    def offer_items(offer: Offer, lang: str = "de") -> tuple[str, ...]:
        """What an offer lists: training occupations (their titles in ``lang``), study
        programmes or topics (or nothing)."""
        named = getattr(offer, "professions", None)
        if named:
            return tuple(profession(item).label(lang) for item in named)
        return tuple(getattr(offer, "programs", None) or getattr(offer, "topics", None) or ())

    def offers_on(self, day: date) -> dict[str, Offer]:
        """The offers shown on ``day`` by kind (``jobs``, ``apprenticeships`` … in that
        order): an offer disappears after its ``until`` date (``until == day`` is shown)."""
        offers = self.data.offers
        if offers is None:
            return {}
        shown: dict[str, Offer] = {}
        for kind in OFFER_KINDS:
            offer: Offer | None = getattr(offers, kind)
            if offer is not None and (offer.until is None or offer.until >= day):
                shown[kind] = offer
        return shown


@dataclass(frozen=True)
class FreePage:
    """A page from content/pages/ in German and, if written, English."""

    slug: str
    title_de: str
    body_de: str
    title_en: str | None
    body_en: str | None
    source_path: str


@dataclass(frozen=True)
class Atlas:
    """Everything a site is built from, validated and cross-referenced."""

    config: SiteConfig
    categories: tuple[Category, ...]
    competences: dict[str, Competence]
    members: tuple[Member, ...]
    """All members, listed or not, sorted by slug."""
    pages: tuple[FreePage, ...] = ()
    """Free pages, sorted by slug."""

    @functools.cached_property
    def listed_members(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.listed)


class Collector:
    """Collects problems located in one document."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        doc: RawDocument,
        loc: KeyPath,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        line, col = find_position(doc.positions, loc)
        self.problems.append(Problem(doc.path, line, col, dotted(loc), message, hint, severity))

    def add_at(self, doc: RawDocument, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(doc.path, line, 1, "", message, hint))


def _number(n: int) -> str:
    """``20,000`` in English, ``20.000`` in German."""
    text = f"{n:,}"
    return text.replace(",", ".") if i18n.current() == "de" else text


def _competence_hint(value: str, competences: dict[str, Competence]) -> str:
    """The competence meant by a name, a synonym or a near miss of an id (with its label),
    and where the ids are."""
    folded = value.casefold()
    found = None
    for comp in competences.values():
        words = [
            comp.entry.label.de,
            comp.entry.label.en,
            *comp.entry.synonyms.de,
            *comp.entry.synonyms.en,
        ]
        if any(w.casefold() == folded for w in words):
            found = comp
            break
    if found is None:
        close = difflib.get_close_matches(value, list(competences), n=1, cutoff=0.6)
        found = competences[close[0]] if close else None
    if found is None:
        return t("links.competence_list", folder=COMPETENCES_DIR)
    label = found.entry.label.en if i18n.current() == "en" else found.entry.label.de
    return t("links.competence_did_you_mean", id=found.id, label=label, folder=COMPETENCES_DIR)


def link_taxonomy(
    files: Sequence[tuple[RawDocument, CategoryFile]],
) -> tuple[list[Category], dict[str, Competence], list[Problem]]:
    """Categories and competences by id; duplicate ids and unknown related ids."""
    out = Collector()
    categories: list[Category] = []
    competences: dict[str, Competence] = {}
    for doc, data in files:
        ids = []
        for i, entry in enumerate(data.competences):
            if (first := competences.get(entry.id)) is not None:
                out.add(
                    doc,
                    ("competences", i, "id"),
                    t("links.duplicate_competence", id=entry.id, path=first.source_path),
                    t("links.duplicate_competence_hint", id=entry.id),
                )
                continue
            competences[entry.id] = Competence(entry.id, data.id, entry, doc.path)
            ids.append(entry.id)
        if not data.competences:
            out.add(
                doc,
                ("competences",),
                t("links.empty_category"),
                t("links.empty_category_hint"),
                Severity.WARNING,
            )
        categories.append(Category(data.id, data, tuple(ids), doc.path))
    for doc, data in files:
        for i, entry in enumerate(data.competences):
            for j, rid in enumerate(entry.related):
                if rid not in competences:
                    out.add(
                        doc,
                        ("competences", i, "related", j),
                        t("links.unknown_competence", value=rid),
                        _competence_hint(rid, competences),
                    )
                elif rid == entry.id:
                    out.add(
                        doc,
                        ("competences", i, "related", j),
                        t("links.related_to_itself"),
                        t("links.related_to_itself_hint", id=rid),
                    )
    return categories, competences, out.problems


def _raw(data: Any, *path: str | int) -> Any:
    """The value at ``path`` in raw YAML data, or ``None`` (cross-file checks run
    on raw data so that they report even when the file has other errors)."""
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def _raw_list(data: Any, *path: str | int) -> list[tuple[int, Any]]:
    value = _raw(data, *path)
    return list(enumerate(value)) if isinstance(value, list) else []


def _resolve_place(
    doc: RawDocument, config: SiteConfig | None, out: Collector
) -> PostalPlace | None:
    """The postal-code row of the member's address (district, centroid)."""
    code, city, district = (
        _raw(doc.data, "address", k) for k in ("postal_code", "city", "district")
    )
    if not isinstance(code, str) or not isinstance(city, str):
        return None
    rows = postal_codes().get(code)
    loc: KeyPath = ("address", "postal_code")
    if not rows:
        same_city = sorted(
            c
            for c, places in postal_codes().items()
            if any(p.place.casefold() == city.casefold() for p in places)
        )
        if same_city:
            hint = t("links.postal_codes_of_city", city=city, codes=", ".join(same_city[:8]))
        else:
            hint = t("links.postal_code_form", example=_postal_example(config))
        out.add(doc, loc, t("links.unknown_postal_code", code=code), hint)
        return None
    districts = sorted({r.district for r in rows})
    if isinstance(district, str):
        if district not in districts:
            out.add(
                doc,
                ("address", "district"),
                t("links.district_mismatch", code=code, district=district),
                t("links.district_mismatch_hint", code=code, districts=", ".join(districts)),
            )
            return None
        rows = tuple(r for r in rows if r.district == district)
    elif len(districts) > 1:
        out.add(
            doc,
            loc,
            t("links.several_districts", code=code),
            t("links.several_districts_hint", districts=", ".join(districts), first=districts[0]),
        )
        return None
    same_city_rows = [r for r in rows if _same_place(city, r.place)]
    if not same_city_rows:
        out.add(
            doc,
            ("address", "city"),
            t("links.city_mismatch", city=city, code=code),
            t(
                "links.city_mismatch_hint",
                code=code,
                places=", ".join(sorted({r.place for r in rows})),
            ),
            Severity.WARNING,
        )
    place = (same_city_rows or list(rows))[0]
    if config is not None and place.district_key not in config.region.districts:
        names = district_names()
        out.add(
            doc,
            loc,
            t(
                "links.outside_region",
                code=code,
                district=place.district,
                region=config.region.name,
            ),
            t(
                "links.outside_region_hint",
                districts=", ".join(names.get(k, k) for k in config.region.districts),
            ),
        )
    return place


def _postal_example(config: SiteConfig | None) -> str:
    """A postal code of the region with its place: the network's (``74072 (Heilbronn)``)."""
    if config is not None:
        address = config.network.address
        return f"{address.postal_code} ({address.city})"
    return "74072 (Heilbronn)"


def _same_place(city: str, place: str) -> bool:
    """``Heilbronn`` matches ``Heilbronn``; ``Füramoos`` matches
    ``Eberhardzell Füramoos, Altbellamont``."""
    wanted = city.casefold()
    parts = [p.strip() for p in re.split(r"[,/]", place.casefold())]
    return wanted in parts or any(
        p.split(" ", 1)[-1] == wanted or p.startswith(wanted + " ") for p in parts
    )


def _location(data: MemberFile, place: PostalPlace) -> Location:
    address = data.address
    lat, lon = place.lat, place.lon
    if address.coordinates is not None:
        lat, lon = address.coordinates.lat, address.coordinates.lon
    return Location(
        address.street,
        address.postal_code,
        address.city,
        place.district,
        place.district_key,
        lat,
        lon,
    )


def _check_references(doc: RawDocument, ctx: MemberContext, out: Collector) -> None:
    competences = ctx.competences
    for i, cid in _raw_list(doc.data, "competences"):
        if isinstance(cid, str) and cid not in competences:
            out.add(
                doc,
                ("competences", i),
                t("links.unknown_competence", value=cid),
                _competence_hint(cid, competences),
            )
    for i, _ in _raw_list(doc.data, "needs"):
        cid = _raw(doc.data, "needs", i, "competence")
        if isinstance(cid, str) and cid not in competences:
            out.add(
                doc,
                ("needs", i, "competence"),
                t("links.unknown_competence", value=cid),
                _competence_hint(cid, competences),
            )
    seen: dict[str, str] = {}
    for i, item in _raw_list(doc.data, "offers", "apprenticeships", "professions"):
        found = profession_problems(item) if isinstance(item, str) else None
        if isinstance(item, str) and found is None:
            same = seen.setdefault(profession(item).id, item)
            if same != item:
                out.add(
                    doc,
                    ("offers", "apprenticeships", "professions", i),
                    t("links.same_occupation", item=item, same=same),
                    t("links.same_occupation_hint", item=item),
                )
        if found is not None:
            message, hint, is_error = found
            severity = Severity.ERROR if is_error else Severity.WARNING
            out.add(doc, ("offers", "apprenticeships", "professions", i), message, hint, severity)
    logo = _raw(doc.data, "logo")
    if isinstance(logo, str):
        _check_logo(doc, logo, ctx, out)


def _check_logo(doc: RawDocument, logo: str, ctx: MemberContext, out: Collector) -> None:
    size = ctx.logos.get(logo)
    if size is None:
        suggestion = did_you_mean(logo, ctx.logos)
        if suggestion:
            hint = t("links.logo_did_you_mean", suggestion=suggestion, folder=LOGOS_DIR)
        else:
            hint = t("links.logo_upload", folder=LOGOS_DIR, example=_logo_example(doc))
        out.add(doc, ("logo",), t("links.logo_not_found", logo=logo, folder=LOGOS_DIR), hint)
    elif size < 0:
        out.add(
            doc,
            ("logo",),
            t("links.logo_symlink"),
            t("links.logo_symlink_hint", folder=LOGOS_DIR),
        )
    elif size > MAX_LOGO_BYTES:
        out.add(
            doc,
            ("logo",),
            t("links.logo_too_large", size=_number(size), limit=_number(MAX_LOGO_BYTES)),
            t("links.logo_too_large_hint"),
        )
    elif ctx.logos_dir is not None:
        problem = logo_problem(logo, (ctx.logos_dir / logo).read_bytes())
        if problem is not None:
            out.add(
                doc,
                ("logo",),
                t("links.logo_unsafe", logo=logo, problem=problem),
                t("links.logo_unsafe_hint"),
            )


def _logo_example(doc: RawDocument) -> str:
    """``alpha-software.svg``: a logo file named after the member file."""
    return f"{slug_of(doc.path)}.svg"


def _check_placeholders(doc: RawDocument, out: Collector) -> None:
    """Every placeholder of ``atlasgen new member`` still in the file is an error."""
    if not isinstance(doc.data, dict):
        return

    def hint(key: str) -> str:
        return t(key, folder=LOGOS_DIR, example=_logo_example(doc))

    for path, value, field in placeholders_in(doc.data):
        message = t("scaffold.placeholder", what=t(field.name), value=value)
        out.add(doc, path, message, hint(field.hint))
    found = description_placeholder(doc.body)
    if found is not None:
        offset, line = found
        name, hint_key = DESCRIPTION_KEYS
        message = t("scaffold.placeholder", what=t(name), value=line)
        out.add_at(doc, doc.body_line + offset, message, hint(hint_key))


def _check_body(doc: RawDocument, out: Collector) -> None:
    """Limits that keep Markdown rendering fast (nested brackets are quadratic)."""
    if len(doc.body) > MAX_DESCRIPTION_CHARS:
        limit = _number(MAX_DESCRIPTION_CHARS)
        out.add_at(
            doc,
            doc.body_line,
            t("links.description_too_long", n=_number(len(doc.body)), limit=limit),
            t("links.description_too_long_hint", limit=limit),
        )
    elif doc.body.count("[") > MAX_BRACKETS:
        out.add_at(
            doc,
            doc.body_line,
            t("links.description_brackets", limit=MAX_BRACKETS),
            t("links.description_brackets_hint", limit=MAX_BRACKETS),
        )


def _warn_incomplete(doc: RawDocument, out: Collector) -> None:
    """Warnings for thin profiles (on raw data, so invalid files get them too)."""
    if not isinstance(doc.data, dict):
        return
    if not doc.body.strip():
        out.add(
            doc,
            (),
            t("links.no_description"),
            t("links.no_description_hint"),
            Severity.WARNING,
        )
    if _raw(doc.data, "logo") is None:
        out.add(
            doc,
            (),
            t("links.no_logo"),
            t("links.no_logo_hint", folder=LOGOS_DIR, example=_logo_example(doc)),
            Severity.WARNING,
        )
    if not any(_raw(doc.data, key) for key in ("email", "phone", "contacts")):
        out.add(
            doc,
            (),
            t("links.no_contact"),
            t("links.no_contact_hint"),
            Severity.WARNING,
        )


@dataclass(frozen=True)
class MemberContext:
    """What checking one member needs to know about the rest of the project."""

    competences: dict[str, Competence]
    logos: dict[str, int]
    """Logo file name → size in bytes (-1 for a symlink)."""
    config: SiteConfig | None
    logos_dir: Path | None = None
    """Where the logo files are, to check their content (``None``: names and sizes only)."""


def free_page(src: PageSource) -> FreePage | None:
    """The page's texts (``None`` when its front matter did not validate)."""
    if src.data is None:
        return None
    english = src.translation_data
    return FreePage(
        src.slug,
        src.data.title,
        src.doc.body.strip("\n"),
        english.title if english else None,
        src.translation.body.strip("\n") if src.translation else None,
        src.doc.path,
    )


def withheld(member: Member) -> Member:
    """``member``, not listed because of the internal data."""
    return dataclasses.replace(member, withheld=True)


def link_member(src: MemberSource, ctx: MemberContext) -> tuple[Member | None, list[Problem]]:
    """Check one member against the taxonomy, logos and region; resolve its location.

    Runs on the raw data, so a file with other errors still gets these problems;
    the member is ``None`` when the file did not validate or has no location.
    """
    out = Collector()
    _check_placeholders(src.doc, out)  # first: a placeholder explains its field best
    _check_references(src.doc, ctx, out)
    _warn_incomplete(src.doc, out)
    for doc in (src.doc, src.translation):
        if doc is not None:
            _check_body(doc, out)
    place = _resolve_place(src.doc, ctx.config, out)
    if src.data is None or place is None:
        return None, out.problems
    translation = src.translation
    english = public_markdown(translation.body).strip("\n") if translation else ""
    member = Member(
        src.slug,
        src.data,
        _location(src.data, place),
        public_markdown(src.doc.body).strip("\n"),
        english if english.strip() else None,
        src.translation_data.tagline if src.translation_data else None,
        src.doc.path,
    )
    return member, out.problems
