"""The pages of one language: which pages the site has and what each template gets.

``Planner(atlas, urls, theme, lang, today, shared).pages()`` takes the linked atlas and
yields every ``Page`` of that language: the home page, the directory and its static
filter pages (long lists split into numbered pages of ``page_size``), a profile per
listed member, the competences, regions, cooperation and statistics pages, the search
page, the profile editor and the free pages. Every URL comes from ``Urls``; templates get views
(``views``), never raw content.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..content.careers import CareerEntry, career_entries
from ..content.matching import Nearest
from ..content.model import Atlas, Member
from ..content.names import Lang
from ..content.refdata import district_names
from ..content.schema import MemberType, SizeClass
from .careers import careers_pages, careers_teaser
from .charts import bar_chart_html, headline
from .cooperation import cooperation_pages
from .editor import editor_page
from .geo import MapPoint, render_district_map_svg, render_map_svg
from .markup import Descriptions, render_markdown
from .theme import Theme
from .urls import Urls
from .views import Link, MemberView, Text, ViewContext, competence_link, localized, member_view

__all__ = ["Page", "Planner", "Shared", "ViewMemo", "navigation"]


@dataclass
class Page:
    """One HTML page: its URL, template and what the template gets."""

    url: str
    template: str
    lang: Lang
    title: str
    alternates: dict[str, str]
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    lastmod: date | None = None
    """For the sitemap: when the content of the page last changed (from the content)."""
    image: str = ""
    """The URL of the page's sharing image ('' for the site's)."""
    lazy: Callable[[Descriptions], dict[str, Any]] | None = None
    """More context, computed only when the page is rendered (in a worker process), from
    the build's description HTML."""


class ViewMemo:
    """Member views kept from one build to the next in the same process (``serve``): a
    view depends on its member and on the context (configuration, taxonomy, interface
    strings, date), which the caller vouches for with a digest."""

    def __init__(self) -> None:
        self.context = ""
        self.views: dict[tuple[int, str], tuple[Member, MemberView]] = {}

    def start(self, context: str) -> None:
        """Forget every view unless ``context`` is the digest of the last build's context."""
        if context != self.context:
            self.views.clear()
            self.context = context

    def view(self, member: Member, ctx: ViewContext) -> MemberView:
        key = (id(member), ctx.lang)
        found = self.views.get(key)
        if found is None or found[0] is not member:
            found = self.views[key] = (member, member_view(member, ctx))
        return found[1]


@dataclass(frozen=True)
class Shared:
    """What the planners of all languages share."""

    languages: list[Lang]
    nearest: Nearest
    images: dict[str, str]
    """The sharing images' URLs: member slug, ``competence:<id>``, ``site:<lang>``."""
    views: ViewMemo | None = None


class Planner:
    """Decides every page of one language and what its template gets."""

    def __init__(
        self,
        atlas: Atlas,
        urls: Urls,
        theme: Theme,
        lang: Lang,
        today: date,
        shared: Shared,
    ) -> None:
        self.atlas, self.urls, self.lang, self.shared = atlas, urls, lang, shared
        self.theme = theme
        self.languages = shared.languages
        self.t = theme.strings[lang]
        self.ctx = ViewContext(atlas, urls, lang, self.t, today)
        self.members = [
            shared.views.view(m, self.ctx) if shared.views else member_view(m, self.ctx)
            for m in atlas.listed_members
        ]
        self.offering: dict[str, list[MemberView]] = {c: [] for c in atlas.competences}
        self.needing: dict[str, list[tuple[MemberView, str]]] = {c: [] for c in atlas.competences}
        for member, view in zip(atlas.listed_members, self.members, strict=True):
            for cid in member.data.competences:
                self.offering[cid].append(view)
            for need in member.data.needs:
                self.needing[need.competence].append((view, need.note))
        self.grouped: dict[tuple[str, str], list[MemberView]] = {}
        """(filter, value) → the members with it, in directory order; filters are those of
        the static filter pages (``category``, ``type``, ``size``) and ``district``."""
        for view in self.members:
            for kind in ("category", "type", "size"):
                for value in self.filter_values(view, kind):
                    self.grouped.setdefault((kind, value), []).append(view)
            self.grouped.setdefault(("district", view.district_key), []).append(view)
        self.region_keys = list(atlas.config.region.districts)
        self.district_names = district_names()
        self.cards_url = self.urls.section(lang, "members") + "cards.json"
        """Every directory card's data, for the filters (``cards_json``)."""

    @functools.cached_property
    def career_entries(self) -> list[CareerEntry]:
        """Every current offer (``content.careers``), for the careers pages and the home page."""
        return career_entries(self.atlas, self.ctx.today)

    def alt(self, fn: Any, *args: Any) -> dict[str, str]:
        return {lang: fn(lang, *args) for lang in self.languages}

    def page(
        self, url_fn: Any, args: tuple[Any, ...], template: str, title: str, **context: Any
    ) -> Page:
        alternates = self.alt(url_fn, *args)
        return Page(alternates[self.lang], template, self.lang, title, alternates, context)

    def numbered(
        self,
        url_fn: Any,
        args: tuple[Any, ...],
        template: str,
        title: str,
        items: list[Any],
        key: str,
        *,
        size: int | None = None,
        **context: Any,
    ) -> Iterator[Page]:
        """The pages of a long list: ``size`` (default ``page_size``) items each under
        ``key``, and a ``pager`` (``None`` when one page holds them all)."""
        size = size or self.atlas.config.page_size
        count = max(1, -(-len(items) // size))
        firsts = {lang: url_fn(lang, *args) for lang in self.languages}
        own = firsts[self.lang]
        numbered = [self.urls.numbered(self.lang, own, n) for n in range(1, count + 1)]
        for number in range(1, count + 1):
            alternates: dict[str, str] = {
                lang: self.urls.numbered(lang, url, number) for lang, url in firsts.items()
            }
            pager = {"number": number, "count": count, "urls": numbered} if count > 1 else None
            page_title = title
            if number > 1:
                label = self.t["page_of"].format(number=number, count=count)
                page_title = f"{title} ({label})"
            yield Page(
                alternates[self.lang],
                template,
                self.lang,
                page_title,
                alternates,
                {
                    **context,
                    key: items[(number - 1) * size : number * size],
                    "total": len(items),
                    "pager": pager,
                },
            )

    # ------------------------------------------------------------------ map
    def map_svg(
        self,
        members: list[MemberView],
        *,
        highlight: str | None = None,
        id_prefix: str = "map",
    ) -> str:
        return render_map_svg(
            self.region_keys,
            [MapPoint(m.lat, m.lon, m.name, m.url) for m in members],
            district_links={
                k: self.urls.region(self.lang, self.district_names[k]) for k in self.region_keys
            },
            title=self.t["map_title"],
            description=self.t["map_description"],
            highlight=highlight,
            id_prefix=id_prefix,
            cluster_title=self.t["map_cluster"],
        )

    # ------------------------------------------------------------------ pages
    def pages(self) -> Iterator[Page]:
        yield self.home()
        yield from self.directory()
        for view in self.members:
            yield self.profile(view)
        yield from self.competences()
        yield from self.regions()
        yield from self.cooperation()
        yield from careers_pages(self)
        yield self.statistics()
        yield self.page(
            lambda lang: self.urls.section(lang, "search"),
            (),
            "search.html",
            self.t["search_title"],
            options=self.filter_options(),
        )
        yield editor_page(self)
        for page in self.atlas.pages:
            yield self.free_page(page)

    def home(self) -> Page:
        categories = [
            (
                localized(c.entry.label, self.lang),
                self.urls.member_filter(self.lang, "category", c.id),
                self.category_count(c.id),
            )
            for c in self.atlas.categories
        ]
        figures = [
            (len(self.members), self.t["figure_members"]),
            (len(self.atlas.competences), self.t["figure_competences"]),
            (len(self.region_keys), self.t["figure_districts"]),
            (sum(1 for m in self.members if m.offers), self.t["figure_offers"]),
        ]
        return self.page(
            lambda lang: self.urls.home(lang),
            (),
            "home.html",
            localized(self.atlas.config.title, self.lang).value,
            figures=figures,
            categories=categories,
            map_svg=self.map_svg(self.members),
            careers=careers_teaser(self),
        )

    def group(self, kind: str, value: str) -> list[MemberView]:
        return self.grouped.get((kind, value), [])

    def category_count(self, category_id: str) -> int:
        return len(self.group("category", category_id))

    def filter_options(self) -> dict[str, list[tuple[str, str, str]]]:
        """Filter name → (value, label, static page URL)."""
        urls, lang = self.urls, self.lang
        used_types = sorted({m.type for m in self.members})
        used_sizes = [s.value for s in SizeClass if any(m.size == s.value for m in self.members)]
        return {
            "category": [
                (
                    c.id,
                    localized(c.entry.label, lang).value,
                    urls.member_filter(lang, "category", c.id),
                )
                for c in self.atlas.categories
            ],
            "district": [
                (k, self.district_names[k], urls.region(lang, self.district_names[k]))
                for k in self.region_keys
            ],
            "type": [
                (t, self.t[f"type_{t}"], urls.member_filter(lang, "type", t)) for t in used_types
            ],
            "size": [
                (s, self.t[f"size_{s}"], urls.member_filter(lang, "size", s)) for s in used_sizes
            ],
        }

    def directory(self) -> Iterator[Page]:
        options = self.filter_options()
        competence_groups = [
            (
                localized(c.entry.label, self.lang).value,
                [competence_link(self.atlas.competences[i], self.ctx) for i in c.competences],
            )
            for c in self.atlas.categories
        ]
        common: dict[str, Any] = {"options": options, "competence_groups": competence_groups}
        yield from self.numbered(
            lambda lang: self.urls.section(lang, "members"),
            (),
            "directory.html",
            self.t["directory_title"],
            self.members,
            "members",
            filter_title=None,
            show_filters=True,
            cards_url=self.cards_url,
            **common,
        )
        for kind in ("category", "type", "size"):
            for value, label, _ in options[kind]:
                members = self.group(kind, value)
                yield from self.numbered(
                    lambda lang, k=kind, v=value: self.urls.member_filter(lang, k, v),
                    (),
                    "directory.html",
                    f"{self.t['directory_title']}: {label}",
                    members,
                    "members",
                    filter_title=label,
                    show_filters=False,
                    **common,
                )
        members = [m for m in self.members if m.filters["training"] == "1"]
        yield from self.numbered(
            lambda lang: self.urls.member_filter(lang, "training"),
            (),
            "directory.html",
            f"{self.t['directory_title']}: {self.t['filter_training']}",
            members,
            "members",
            filter_title=self.t["filter_training"],
            show_filters=False,
            **common,
        )

    def cards_json(self) -> bytes:
        """The directory's cards as data: with JavaScript, the filters search all members,
        not only the cards of the page at hand. One row per member, in directory order."""
        fields = ["url", "name", "tagline", "tagline_lang", "place", "logo", "tags"]
        filters = ["competences", "categories", "district", "type", "size", "training", "jobs"]
        rows = [
            [*m.card_row(), [c.label for c in m.card_tags], *(m.filters[f] for f in filters)]
            for m in self.members
        ]
        data = {"fields": fields + filters, "cards": rows}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @staticmethod
    def filter_values(view: MemberView, kind: str) -> list[str]:
        key = {"category": "categories"}.get(kind, kind)
        return view.filters[key].split()

    def profile(self, view: MemberView) -> Page:
        page = self.page(self.urls.member, (view.slug,), "member.html", view.name, member=view)
        page.description = view.tagline.value
        page.lastmod = view.last_verified
        page.image = self.shared.images[view.slug]
        page.lazy = lambda texts: {
            "description_html": texts.html(view.description),
            "map_svg": render_district_map_svg(
                view.district_key,
                MapPoint(view.lat, view.lon, view.name, view.url),
                title=f"{self.t['profile_location']}: {view.city}, {view.district.label}",
                description=self.t["profile_map_description"],
                id_prefix="profile-map",
                neighbours=self.region_keys,
            ),
        }
        return page

    def competences(self) -> Iterator[Page]:
        offered = Counter(c for m in self.atlas.listed_members for c in m.data.competences)
        needed = Counter(n.competence for m in self.atlas.listed_members for n in m.data.needs)
        groups = [
            (
                localized(cat.entry.label, self.lang),
                cat.entry.description and localized(cat.entry.description, self.lang),
                [
                    (competence_link(self.atlas.competences[i], self.ctx), offered[i], needed[i])
                    for i in cat.competences
                ],
            )
            for cat in self.atlas.categories
        ]
        yield self.page(
            lambda lang: self.urls.section(lang, "competences"),
            (),
            "competences.html",
            self.t["competences_title"],
            groups=groups,
        )
        for comp in self.atlas.competences.values():
            offering, needing = self.offering[comp.id], self.needing[comp.id]
            per_district = Counter(m.district_key for m in offering)
            image = self.shared.images[f"competence:{comp.id}"]
            yield from self._with_image(
                image,
                self.numbered(
                    self.urls.competence,
                    (comp.id,),
                    "competence.html",
                    localized(comp.entry.label, self.lang).value,
                    offering,
                    "offering",
                    competence=comp,
                    label=localized(comp.entry.label, self.lang),
                    description=comp.entry.description
                    and localized(comp.entry.description, self.lang),
                    category=next(
                        localized(c.entry.label, self.lang)
                        for c in self.atlas.categories
                        if c.id == comp.category
                    ),
                    needing=needing,
                    related=[
                        competence_link(self.atlas.competences[r], self.ctx)
                        for r in comp.entry.related
                    ],
                    per_district=[
                        (self.district_names[k], per_district[k]) for k in self.region_keys
                    ],
                ),
            )

    @staticmethod
    def _with_image(image: str, pages: Iterator[Page]) -> Iterator[Page]:
        """``pages`` with the sharing image ``image``."""
        for page in pages:
            page.image = image
            yield page

    def regions(self) -> Iterator[Page]:
        yield self.page(
            lambda lang: self.urls.section(lang, "regions"),
            (),
            "regions.html",
            self.t["regions_title"],
            regions=[
                (
                    Link(
                        self.district_names[k], self.urls.region(self.lang, self.district_names[k])
                    ),
                    len(self.group("district", k)),
                )
                for k in self.region_keys
            ],
            map_svg=self.map_svg(self.members),
            careers=careers_teaser(self),
        )
        for key in self.region_keys:
            name = self.district_names[key]
            members = self.group("district", key)
            yield from self.numbered(
                self.urls.region,
                (name,),
                "region.html",
                name,
                members,
                "members",
                district=name,
                map_svg=self.map_svg(members, highlight=key),
            )

    def cooperation(self) -> Iterator[Page]:
        return cooperation_pages(self)

    def statistics(self) -> Page:
        t = self.t
        charts = []
        series = {
            "category": [
                (localized(c.entry.label, self.lang).value, self.category_count(c.id))
                for c in self.atlas.categories
            ],
            "district": [
                (self.district_names[k], len(self.group("district", k))) for k in self.region_keys
            ],
            "size": [(t[f"size_{s.value}"], len(self.group("size", s.value))) for s in SizeClass],
            "type": [(t[f"type_{k.value}"], len(self.group("type", k.value))) for k in MemberType],
        }
        decades = Counter(m.founded // 10 * 10 for m in self.members if m.founded)
        series["decade"] = [
            (f"{d}er" if self.lang == "de" else f"{d}s", decades[d]) for d in sorted(decades)
        ]
        members = len(self.members)
        for key, items in series.items():
            title = t[f"stats_by_{key}"]
            chart = bar_chart_html(items, title=title, id_prefix=f"chart-{key}")
            ranked = sorted(items, key=lambda item: (-item[1], item[0]))
            charts.append((key, title, chart, ranked, headline(items, max(members, 1))))
        return self.page(
            lambda lang: self.urls.section(lang, "statistics"),
            (),
            "statistics.html",
            t["statistics_title"],
            charts=charts,
        )

    def free_page(self, page: Any) -> Page:
        english = self.lang == "en" and page.body_en is not None
        title = (
            Text(page.title_en, "en")
            if self.lang == "en" and page.title_en
            else Text(page.title_de, "de")
        )
        return self.page(
            self.urls.page,
            (page.slug,),
            "page.html",
            title.value,
            heading=title,
            body_html=render_markdown(page.body_en if english else page.body_de),
            body_lang="en" if english else "de",
            is_legal=page.slug
            in (self.atlas.config.legal.imprint, self.atlas.config.legal.privacy),
        )


def navigation(urls: Urls, lang: Lang, t: dict[str, str]) -> list[Link]:
    return [
        Link(t["nav_members"], urls.section(lang, "members")),
        Link(t["nav_competences"], urls.section(lang, "competences")),
        Link(t["nav_regions"], urls.section(lang, "regions")),
        Link(t["nav_careers"], urls.section(lang, "careers")),
        Link(t["nav_cooperation"], urls.section(lang, "cooperation")),
        Link(t["nav_statistics"], urls.section(lang, "statistics")),
    ]
