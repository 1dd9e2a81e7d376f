"""The cooperation page: needs matched to offers, and its static filter pages.

``cooperation_pages(planner)`` takes the planner of one language and yields the pages of
every need with the nearest members offering that competence (``content.matching``), 20
to a page, and the same list filtered by the needed competence's field and by the
seeker's district; each row links the network's office by e-mail to ask for an
introduction (the template writes the message).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..content.project import slugify
from .views import MemberView, localized

if TYPE_CHECKING:
    from .pages import Page, Planner

__all__ = ["MATCHES_PER_PAGE", "MatchRow", "cooperation_pages"]

MATCHES_PER_PAGE = 20
"""Needs per page of the cooperation page: each row is a few lines, so fewer than cards."""


@dataclass(frozen=True)
class MatchRow:
    """A need on the cooperation page and the nearest members offering it."""

    seeker: MemberView
    need: Any
    partners: list[tuple[int, MemberView]]
    category: str
    """The competence field of the needed competence."""


def cooperation_pages(planner: Planner) -> Iterator[Page]:
    """Every need with the (at most five) nearest members offering that competence: all
    of them, and static filter pages by competence field and by the seeker's district."""
    by_slug = {m.slug: m for m in planner.members}
    rows = []
    for seeker in planner.members:
        for need in seeker.needs:
            nearest = planner.shared.nearest[(seeker.slug, need.competence_id)]
            partners = [(km, by_slug[slug]) for km, slug in nearest]
            category = planner.atlas.competences[need.competence_id].category
            rows.append(MatchRow(seeker, need, partners, category))
    fields = [
        (c.id, localized(c.entry.label, planner.lang).value)
        for c in planner.atlas.categories
        if any(r.category == c.id for r in rows)
    ]
    districts = [
        (k, planner.district_names[k])
        for k in planner.region_keys
        if any(r.seeker.district_key == k for r in rows)
    ]
    options = {
        "category": [
            (label, planner.urls.cooperation_filter(planner.lang, "category", cid))
            for cid, label in fields
        ],
        "district": [
            (name, planner.urls.cooperation_filter(planner.lang, "district", slugify(name)))
            for _, name in districts
        ],
    }
    title = planner.t["cooperation_title"]
    common: dict[str, Any] = {
        "options": options,
        "all_url": planner.urls.section(planner.lang, "cooperation"),
    }
    yield from planner.numbered(
        lambda lang: planner.urls.section(lang, "cooperation"),
        (),
        "cooperation.html",
        title,
        rows,
        "rows",
        size=MATCHES_PER_PAGE,
        filter_title=None,
        **common,
    )
    for cid, label in fields:
        yield from planner.numbered(
            lambda lang, c=cid: planner.urls.cooperation_filter(lang, "category", c),
            (),
            "cooperation.html",
            f"{title}: {label}",
            [r for r in rows if r.category == cid],
            "rows",
            size=MATCHES_PER_PAGE,
            filter_title=label,
            **common,
        )
    for key, name in districts:
        yield from planner.numbered(
            lambda lang, n=name: planner.urls.cooperation_filter(lang, "district", slugify(n)),
            (),
            "cooperation.html",
            f"{title}: {name}",
            [r for r in rows if r.seeker.district_key == key],
            "rows",
            size=MATCHES_PER_PAGE,
            filter_title=name,
            **common,
        )
