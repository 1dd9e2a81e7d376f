"""The careers hub: every current apprenticeship, dual study place, internship, thesis,
working-student job and jobs page of the members, for pupils, students and job seekers.

``careers_pages(planner)`` yields, for one language, the hub (``/karriere/``), a page per
kind of offer (``/karriere/ausbildung/``), per training occupation or study programme
(``/karriere/ausbildung/fachinformatiker-systemintegration/``), per district
(``/karriere/landkreis/hohenlohekreis/``) and per kind and district
(``/karriere/ausbildung/landkreis/hohenlohekreis/``): the static filters that work
without JavaScript. With JavaScript the hub's form filters all offers at once
(``careers.js``, from ``api/offers.json``), also by distance from a town or postal code
(``places.json``, the bundled postal-code positions).

Structured data: an ``ItemList`` per page. Apprenticeships and dual study places are
``EducationalOccupationalProgram`` items (schema.org's type for a programme that
prepares for an occupation, offered by the member); the other kinds are plain list items
(name and URL): the atlas knows no posting date, salary or job title for them, so they
are not ``JobPosting``s, which search engines expect to be real, dated job ads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..content.careers import (
    CAREER_KINDS,
    GROUPED_KINDS,
    KIND_NAMES,
    CareerEntry,
    career_groups,
)
from ..content.refdata import postal_codes
from .careersdata import feed_path
from .views import MemberView

if TYPE_CHECKING:
    from .pages import Page, Planner

__all__ = [
    "ENTRIES_PER_PAGE",
    "OFFERS_CSV",
    "OFFERS_FILE",
    "PLACES_FILE",
    "EntryView",
    "careers_pages",
    "careers_teaser",
    "places_json",
]

ENTRIES_PER_PAGE = 24
"""Offers per careers page."""

OFFERS_FILE = "api/offers.json"
OFFERS_CSV = "api/offers.csv"
PLACES_FILE = "api/places.json"
"""Postal codes and towns with their positions, for the "near a town" filter."""


@dataclass(frozen=True)
class EntryView:
    """An offer as the careers pages show it."""

    entry: CareerEntry
    member: MemberView
    kind_label: str
    title: str
    """The occupation or programme (in the page's language where known), or the kind."""
    grouped_url: str | None
    """The page of the occupation or programme."""

    @property
    def anchor(self) -> str:
        return self.entry.anchor


def _program_ld(row: EntryView, planner: Planner) -> dict[str, Any]:
    entry = row.entry
    ld: dict[str, Any] = {
        "@type": "EducationalOccupationalProgram",
        "name": f"{row.kind_label}: {row.title}",
        "programType": KIND_NAMES[entry.kind]["de"],
        "provider": {
            "@type": "Organization",
            "name": row.member.name,
            "url": planner.urls.absolute(row.member.url),
        },
        "url": entry.url or planner.urls.absolute(row.member.url),
    }
    if entry.kind == "apprenticeships":
        ld["occupationalCategory"] = entry.title("de")
    if entry.university:
        ld["description"] = f"{row.title} ({entry.university})"
    if entry.start:
        ld["startDate"] = entry.start.isoformat()
    return ld


def _json_ld(rows: list[EntryView], title: str, url: str, planner: Planner) -> dict[str, Any]:
    items = []
    for position, row in enumerate(rows, start=1):
        item: dict[str, Any] = {"@type": "ListItem", "position": position}
        if row.entry.kind in GROUPED_KINDS:
            item["item"] = _program_ld(row, planner)
        else:
            item["name"] = f"{row.kind_label}: {row.member.name}"
            item["url"] = row.entry.url or planner.urls.absolute(row.member.url)
        items.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": title,
        "url": planner.urls.absolute(url),
        "numberOfItems": len(rows),
        "itemListElement": items,
    }


def careers_pages(planner: Planner) -> Iterator[Page]:
    """The hub and its static filter pages, ``ENTRIES_PER_PAGE`` offers each."""
    lang, urls, t = planner.lang, planner.urls, planner.t
    by_slug = {m.slug: m for m in planner.members}
    entries = planner.career_entries
    groups = career_groups(planner.atlas, planner.ctx.today, entries)
    group_urls: dict[tuple[str, str | None], str] = {
        (g.kind, g.key): urls.careers(lang, g.kind, g.key) for g in groups if g.key
    }
    rows = [
        EntryView(
            e,
            by_slug[e.member.slug],
            KIND_NAMES[e.kind][lang],
            e.title(lang),
            group_urls.get((e.kind, e.key)),
        )
        for e in entries
    ]
    kinds = [k for k in CAREER_KINDS if any(r.entry.kind == k for r in rows)]
    region = [(k, planner.district_names[k]) for k in planner.region_keys]

    def districts_of(selected: list[EntryView], kind: str | None) -> list[tuple[str, str, int]]:
        counts = {
            key: sum(1 for r in selected if r.member.district_key == key) for key, _ in region
        }
        return [
            (name, urls.careers_district(lang, name, kind), counts[key])
            for key, name in region
            if counts[key]
        ]

    common: dict[str, Any] = {
        "kind_options": [
            (k, t[f"offer_{k}"], urls.careers(lang, k), sum(1 for r in rows if r.entry.kind == k))
            for k in kinds
        ],
        "all_url": urls.careers(lang),
        "page_size": ENTRIES_PER_PAGE,
        "offers_url": urls.file(OFFERS_FILE),
        "csv_url": urls.file(OFFERS_CSV),
        "feed_url": urls.file(feed_path(urls, lang)),
        "places_url": urls.file(PLACES_FILE),
        "district_options": [(key, name) for key, name in region],
        "key_options": [
            (g.kind, g.key, g.label(lang), len(g.entries)) for g in groups if g.key is not None
        ],
    }

    def listing(
        url_fn: Any,
        title: str,
        selected: list[EntryView],
        kind: str | None,
        *,
        districts: list[tuple[str, str, int]] | None = None,
        groups: list[tuple[str, str, int]] | None = None,
        heading: str | None = None,
        show_form: bool = False,
    ) -> Iterator[Page]:
        for page in planner.numbered(
            url_fn,
            (),
            "careers.html",
            title,
            selected,
            "entries",
            size=ENTRIES_PER_PAGE,
            **common,
            current_kind=kind,
            districts=districts or [],
            groups=groups or [],
            heading=heading,
            show_form=show_form,
        ):
            page.context["json_ld"] = _json_ld(
                page.context["entries"], page.title, page.url, planner
            )
            yield page

    def per_district(selected: list[EntryView], kind: str | None, title: str) -> Iterator[Page]:
        """The pages of ``selected`` in each district that has some."""
        for key, name in region:
            in_district = [r for r in selected if r.member.district_key == key]
            if in_district:
                yield from listing(
                    lambda lg, n=name: urls.careers_district(lg, n, kind),
                    f"{title}: {name}",
                    in_district,
                    kind,
                    districts=districts_of(selected, kind),
                    heading=name,
                )

    title = t["careers_title"]
    yield from listing(
        lambda lg: urls.careers(lg),
        title,
        rows,
        None,
        districts=districts_of(rows, None),
        show_form=True,
    )
    for kind in kinds:
        selected = [r for r in rows if r.entry.kind == kind]
        kind_title = t[f"offer_{kind}"]
        yield from listing(
            lambda lg, k=kind: urls.careers(lg, k),
            kind_title,
            selected,
            kind,
            districts=districts_of(selected, kind),
            groups=[
                (g.label(lang), group_urls[(g.kind, g.key)], len(g.entries))
                for g in groups
                if g.kind == kind and g.key
            ],
        )
        yield from per_district(selected, kind, kind_title)
    for group in groups:
        if group.key is not None:
            yield from listing(
                lambda lg, g=group: urls.careers(lg, g.kind, g.key),
                f"{t[f'offer_{group.kind}']}: {group.label(lang)}",
                [r for r in rows if r.entry.kind == group.kind and r.entry.key == group.key],
                group.kind,
                heading=group.label(lang),
            )
    yield from per_district(rows, None, title)


def careers_teaser(planner: Planner) -> dict[str, Any] | None:
    """What the home page shows of the careers hub: the number of offers and the kinds
    with their counts (``None`` without offers)."""
    entries = planner.career_entries
    if not entries:
        return None
    lang = planner.lang
    kinds = [
        (k, planner.t[f"offer_{k}"], planner.urls.careers(lang, k), n)
        for k in CAREER_KINDS
        if (n := sum(1 for e in entries if e.kind == k))
    ]
    return {"total": len(entries), "kinds": kinds}


def places_json() -> bytes:
    """Every postal code and town of the reference data with its position:
    ``{"places": [[label, postal code, lat, lon], …]}``, sorted by label; a town with
    several postal codes also appears once under its name alone (at their mean position)."""
    rows: list[tuple[str, str, float, float]] = []
    towns: dict[str, list[tuple[float, float]]] = {}
    for code, places in postal_codes().items():
        for place in places:
            rows.append((f"{code} {place.place}", code, place.lat, place.lon))
            towns.setdefault(place.place, []).append((place.lat, place.lon))
    for town, points in towns.items():
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        rows.append((town, "", round(lat, 4), round(lon, 4)))
    rows.sort(key=lambda r: (r[0].casefold(), r[1]))
    data = {
        "places": [[label, code, round(lat, 4), round(lon, 4)] for label, code, lat, lon in rows]
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
