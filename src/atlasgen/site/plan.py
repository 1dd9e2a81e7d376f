"""Plan and render the public site: every page in German and English, the assets
and the open-data files, written straight into the new output folder.

``build_site`` is the whole build: validate and link (``pipeline.load_atlas``),
plan the pages, render them (in worker processes when there are many), inside
``write.write_site``, which swaps the new folder in only when all went well. It is
pure apart from reading the project and writing the output: no clock (the build
date comes from ``--date``, ``SOURCE_DATE_EPOCH``, the last git commit or the
content), sorted iteration, so the same input gives byte-identical output.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..common.buildinfo import BuildResult, Timings, declared_date
from ..common.progress import Progress
from ..common.workers import fork_map, paused_gc
from ..content.model import Atlas, Member
from ..content.problems import Problem
from ..content.project import LOGOS_DIR
from ..content.refdata import ATTRIBUTION as POSTAL_ATTRIBUTION
from ..content.refdata import district_names
from ..content.schema import MemberType, SizeClass
from ..content.stages import Cached, load_atlas
from ..dev.cache import Prepared, prepare_cache
from ..search.documents import TokenMemo, search_files
from . import opendata as exports
from .charts import bar_chart_svg
from .geo import ATTRIBUTION as GEO_ATTRIBUTION
from .geo import MapPoint, distance_km, render_districts_svg, render_map_svg
from .keys import Fingerprints, Reuse, output_paths
from .markup import remember_html, render_markdown, text_key
from .theme import Theme, load_theme
from .urls import LANGUAGES, Lang, Urls
from .views import Link, MemberView, Text, ViewContext, competence_link, localized, member_view
from .write import update_site, write_file, write_files, write_site

__all__ = ["BuildResult", "Progress", "Rendered", "build_date", "build_site", "render_site"]

R = TypeVar("R")


@dataclass
class _Page:
    url: str
    template: str
    lang: Lang
    title: str
    alternates: dict[str, str]
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    lastmod: date | None = None
    """For the sitemap: when the content of the page last changed (from the content)."""
    lazy: Callable[[], dict[str, Any]] | None = None
    """More context, computed only when the page is rendered (in a worker process)."""


def build_date(root: Path, atlas: Atlas, explicit: date | None = None) -> date:
    """The date the site is built 'on': never the clock, so builds are reproducible."""
    if (declared := declared_date(root, explicit)) is not None:
        return declared
    dates = [m.data.last_verified for m in atlas.members if m.data.last_verified]
    return max(dates, default=date(1970, 1, 1))


Nearest = dict[tuple[str, str], list[tuple[int, str]]]

_nearest: dict[str, Nearest] = {}
"""The last ``nearest_offers`` result by its key (one entry; from the build cache)."""


def _nearest_key(atlas: Atlas, limit: int) -> str:
    """What ``nearest_offers`` depends on: each listed member's slug, name, place,
    competences and needs."""
    h = hashlib.sha256(str(limit).encode())
    for m in atlas.listed_members:
        needs = ",".join(n.competence for n in m.data.needs)
        row = f"{m.slug}\x1f{m.name}\x1f{m.location.lat!r}\x1f{m.location.lon!r}\x1f"
        h.update(f"{row}{','.join(m.data.competences)}\x1f{needs}\x1e".encode())
    return h.hexdigest()


def known_nearest() -> dict[str, Nearest]:
    """The memo of ``nearest_offers`` (for the build cache)."""
    return dict(_nearest)


def remember_nearest(known: dict[str, Nearest]) -> None:
    _nearest.update(known)


def nearest_offers(atlas: Atlas, limit: int = 5) -> Nearest:
    """(member, needed competence) → the nearest other members offering it: (km, slug).

    Remembered: builds that change no member's name, place, competences or needs (most
    edits) do not compute it again.
    """
    key = _nearest_key(atlas, limit)
    if (found := _nearest.get(key)) is None:
        found = _nearest_offers(atlas, limit)
        _nearest.clear()
        _nearest[key] = found
    return found


def _nearest_offers(atlas: Atlas, limit: int) -> Nearest:
    """``nearest_offers``, computed.

    Members share few distinct places (postal-code centroids), so distances are
    computed between places and each member's list is read off the places sorted by
    distance: fast even for 10,000 members with thousands of offers per competence.
    """
    places: dict[str, dict[tuple[float, float], list[Member]]] = {}
    for member in atlas.listed_members:
        where = (member.location.lat, member.location.lon)
        for cid in member.data.competences:
            places.setdefault(cid, {}).setdefault(where, []).append(member)
    for by_place in places.values():
        for members in by_place.values():
            members.sort(key=lambda m: (m.name, m.slug))
    distance = functools.cache(distance_km)
    order: dict[tuple[tuple[float, float], str], list[tuple[int, tuple[float, float]]]] = {}
    result: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for seeker in atlas.listed_members:
        here = (seeker.location.lat, seeker.location.lon)
        for need in seeker.data.needs:
            key = (here, need.competence)
            if key not in order:
                order[key] = sorted(
                    (round(distance(*here, *there)), there)
                    for there in places.get(need.competence, {})
                )
            found: list[tuple[int, str]] = []
            for km, there in order[key]:
                for partner in places[need.competence][there]:
                    if partner.slug != seeker.slug:
                        found.append((km, partner.slug))
                if len(found) >= limit:
                    break
            result[(seeker.slug, need.competence)] = found[:limit]
    return result


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
class _Shared:
    """What the planners of all languages share."""

    languages: list[Lang]
    nearest: dict[tuple[str, str], list[tuple[int, str]]]
    districts_href: str
    """The districts drawn once (``assets/map.<hash>.svg#districts``) for small maps."""
    views: ViewMemo | None = None


class _Planner:
    """Decides every page of one language and what its template gets."""

    def __init__(
        self,
        atlas: Atlas,
        urls: Urls,
        theme: Theme,
        lang: Lang,
        today: date,
        shared: _Shared,
    ) -> None:
        self.atlas, self.urls, self.lang, self.shared = atlas, urls, lang, shared
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

    def alt(self, fn: Any, *args: Any) -> dict[str, str]:
        return {lang: fn(lang, *args) for lang in self.languages}

    def page(
        self, url_fn: Any, args: tuple[Any, ...], template: str, title: str, **context: Any
    ) -> _Page:
        alternates = self.alt(url_fn, *args)
        return _Page(alternates[self.lang], template, self.lang, title, alternates, context)

    def numbered(
        self,
        url_fn: Any,
        args: tuple[Any, ...],
        template: str,
        title: str,
        items: list[Any],
        key: str,
        **context: Any,
    ) -> Iterator[_Page]:
        """The pages of a long list: ``page_size`` items each under ``key``, and a
        ``pager`` (``None`` when one page holds them all)."""
        size = self.atlas.config.page_size
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
            yield _Page(
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
        small: bool = False,
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
            districts_href=self.shared.districts_href if small else None,
            cluster_title=self.t["map_cluster"],
        )

    # ------------------------------------------------------------------ pages
    def pages(self) -> Iterator[_Page]:
        yield self.home()
        yield from self.directory()
        for view in self.members:
            yield self.profile(view)
        yield from self.competences()
        yield from self.regions()
        yield from self.cooperation()
        yield self.statistics()
        yield self.page(
            lambda lang: self.urls.section(lang, "search"),
            (),
            "search.html",
            self.t["search_title"],
            options=self.filter_options(),
        )
        for page in self.atlas.pages:
            yield self.free_page(page)

    def home(self) -> _Page:
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

    def directory(self) -> Iterator[_Page]:
        options = self.filter_options()
        competence_groups = [
            (
                localized(c.entry.label, self.lang).value,
                [competence_link(self.atlas.competences[i], self.ctx) for i in c.competences],
            )
            for c in self.atlas.categories
        ]
        common = {"options": options, "competence_groups": competence_groups}
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

    def profile(self, view: MemberView) -> _Page:
        page = self.page(self.urls.member, (view.slug,), "member.html", view.name, member=view)
        page.description = view.tagline.value
        page.lastmod = view.last_verified
        page.lazy = lambda: {
            "description_html": view.description_html(),
            "map_svg": self.map_svg([view], small=True),
        }
        return page

    def competences(self) -> Iterator[_Page]:
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
            yield from self.numbered(
                self.urls.competence,
                (comp.id,),
                "competence.html",
                localized(comp.entry.label, self.lang).value,
                offering,
                "offering",
                competence=comp,
                label=localized(comp.entry.label, self.lang),
                description=comp.entry.description and localized(comp.entry.description, self.lang),
                category=next(
                    localized(c.entry.label, self.lang)
                    for c in self.atlas.categories
                    if c.id == comp.category
                ),
                needing=needing,
                related=[
                    competence_link(self.atlas.competences[r], self.ctx) for r in comp.entry.related
                ],
                per_district=[(self.district_names[k], per_district[k]) for k in self.region_keys],
            )

    def regions(self) -> Iterator[_Page]:
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

    def cooperation(self) -> Iterator[_Page]:
        """Every need with the (at most five) nearest members offering that competence."""
        by_slug = {m.slug: m for m in self.members}
        rows = [
            (
                seeker,
                need,
                [
                    (km, by_slug[slug])
                    for km, slug in self.shared.nearest[(seeker.slug, need.competence_id)]
                ],
            )
            for seeker in self.members
            for need in seeker.needs
        ]
        return self.numbered(
            lambda lang: self.urls.section(lang, "cooperation"),
            (),
            "cooperation.html",
            self.t["cooperation_title"],
            rows,
            "rows",
        )

    def statistics(self) -> _Page:
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
        for key, items in series.items():
            title = t[f"stats_by_{key}"]
            charts.append(
                (key, title, bar_chart_svg(items, title=title, id_prefix=f"chart-{key}"), items)
            )
        return self.page(
            lambda lang: self.urls.section(lang, "statistics"),
            (),
            "statistics.html",
            t["statistics_title"],
            charts=charts,
        )

    def free_page(self, page: Any) -> _Page:
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


def _nav(urls: Urls, lang: Lang, t: dict[str, str]) -> list[Link]:
    return [
        Link(t["nav_members"], urls.section(lang, "members")),
        Link(t["nav_competences"], urls.section(lang, "competences")),
        Link(t["nav_regions"], urls.section(lang, "regions")),
        Link(t["nav_cooperation"], urls.section(lang, "cooperation")),
        Link(t["nav_statistics"], urls.section(lang, "statistics")),
    ]


@dataclass(frozen=True)
class _RenderJob:
    folder: Path
    theme: Theme
    urls: Urls
    pages: list[tuple[dict[str, Any], _Page]]
    """(the language's common context, page) in output order."""
    extras: list[tuple[str, Callable[[], dict[str, bytes]]]] = field(default_factory=list)
    """Other outputs made while the pages render (the search index): (name, maker of
    path → content)."""
    reuse: Reuse | None = None
    """The last build's output and keys, to take unchanged outputs over from."""
    extra_key: tuple[Any, ...] = ()
    """What the extra outputs are made from (with their names): the content and date."""


@dataclass(frozen=True)
class _Done:
    """What rendering one task did."""

    written: int
    reused: int
    extra: str = ""
    """The name of the extra output (for a page: '')."""
    paths: tuple[str, ...] = ()
    """The paths the extra output wrote."""
    key: str = ""
    """With reuse: the key of the output (``incremental``)."""


_job: _RenderJob | None = None
"""Set before pages are rendered; forked workers inherit it."""

_fingerprints: Fingerprints | None = None
"""The keys of this process (each worker has its own, made when first needed)."""


def _key(salt: str, *parts: Any) -> str:
    global _fingerprints
    if _fingerprints is None or _fingerprints.salt != salt:
        _fingerprints = Fingerprints(salt)
    return _fingerprints.key(*parts)


PARALLEL_PAGES = 400
"""Below this many pages, worker processes cost more than they save."""


def _make_extra(job: _RenderJob, number: int) -> _Done:
    name, make = job.extras[number]
    reuse = job.reuse
    key = _key(reuse.salt, name, *job.extra_key) if reuse is not None else ""
    if reuse is not None and name in reuse.extras and reuse.extras[name][0] == key:
        paths = reuse.extras[name][1]  # unchanged: the last build's files stay
        return _Done(len(paths), len(paths), name, paths, key)
    files = make()
    return _Done(write_files(job.folder, files), 0, name, tuple(sorted(files)), key)


def _render_page(index: int) -> _Done:
    """Render and write page ``index`` of the job, or for a negative ``index`` the files
    of extra ``-1 - index`` (runs in a worker); outputs whose key is the last build's are
    not made again."""
    assert _job is not None
    if index < 0:
        return _make_extra(_job, -1 - index)
    common, page = _job.pages[index]
    rel = _job.urls.output_path(page.url)
    key = ""
    if (reuse := _job.reuse) is not None:
        key = _key(reuse.salt, *_page_inputs(common, page))
        if reuse.keys.get(rel) == key:
            return _Done(1, 1, key=key)
    html = page_html(_job.theme, _job.urls, common, page)
    write_file(_job.folder, rel, html.encode("utf-8"))
    return _Done(1, 0, key=key)


def _page_inputs(common: dict[str, Any], page: _Page) -> tuple[Any, ...]:
    """Everything the template of ``page`` gets (``lazy`` is made of its context)."""
    return (
        page.template,
        page.url,
        page.title,
        page.description,
        page.alternates,
        common,
        page.context,
    )


def page_html(theme: Theme, urls: Urls, common: dict[str, Any], page: _Page) -> str:
    """The HTML of ``page``."""
    return theme.env.get_template(page.template).render(
        **common,
        **page.context,
        **(page.lazy() if page.lazy else {}),
        page={
            "url": page.url,
            "title": page.title,
            "description": page.description,
            "alternates": page.alternates,
            "canonical": urls.absolute(page.url),
        },
    )


def _render_pages(job: _RenderJob, progress: Progress | None = None) -> list[_Done]:
    """Render all pages of ``job``, over all cores when there are many."""
    global _job, _fingerprints
    _job, _fingerprints = job, None  # keys never outlive a build (they hold its objects)
    # The extras first, each on its own: the search index is the longest single task.
    tasks = [-1 - k for k in range(len(job.extras))] + list(range(len(job.pages)))
    rendered = fork_map(_render_page, tasks, threshold=PARALLEL_PAGES, alone=len(job.extras))
    try:
        return list(_reporting(rendered, "pages", len(tasks), progress))
    finally:
        _job, _fingerprints = None, None


def _reporting(
    results: Iterator[R], phase: str, total: int, progress: Progress | None
) -> Iterator[R]:
    """``results``, calling ``progress`` every 1 % of ``total`` (and at the end)."""
    if progress is None:
        yield from results
        return
    step = max(1, total // 100)
    progress(phase, 0, total)
    for done, result in enumerate(results, 1):
        yield result
        if done % step == 0 or done == total:
            progress(phase, done, total)


@dataclass(frozen=True)
class _Plan:
    theme: Theme
    urls: Urls
    files: dict[str, bytes]
    """Outputs ready to write: path → content."""
    pages: list[tuple[dict[str, Any], _Page]]
    """The pages to render, with the common context of their language."""
    extras: list[tuple[str, Callable[[], dict[str, bytes]]]]
    """Outputs made while the pages render: the search index, the open data."""
    views: dict[str, list[MemberView]]
    """Language → the listed members' views, in directory order."""


def _plan_site(
    root: Path,
    atlas: Atlas,
    today: date,
    memo: ViewMemo | None = None,
    tokens: TokenMemo | None = None,
) -> _Plan:
    """Decide every output of the site (``memo``: member views of the last build;
    ``tokens``: the search tokens of texts indexed before)."""
    config = atlas.config
    urls = Urls(config.base_url)
    theme = load_theme(root, config.theme)
    languages = [lang for lang in LANGUAGES if lang in config.languages]
    files: dict[str, bytes] = {}
    assets = {}
    for name, content in sorted(theme.static.items()):
        out_name = theme.fingerprinted(name) if name.endswith((".css", ".js")) else name
        files[f"assets/{out_name}"] = content
        assets[name] = urls.asset(out_name)
    for member in atlas.listed_members:
        if member.data.logo:
            logo = member.data.logo
            files[urls.output_path(urls.logo(logo))] = (root / LOGOS_DIR / logo).read_bytes()
    attributions = [GEO_ATTRIBUTION, POSTAL_ATTRIBUTION, exports.ESCO_ATTRIBUTION]
    pages: list[tuple[dict[str, Any], _Page]] = []
    districts = render_districts_svg(config.region.districts).encode("utf-8")
    map_name = f"map.{hashlib.sha256(districts).hexdigest()[:10]}.svg"
    files[f"assets/{map_name}"] = districts
    shared = _Shared(languages, nearest_offers(atlas), urls.asset(map_name) + "#districts", memo)
    views: dict[str, list[MemberView]] = {}
    for lang in languages:
        t = theme.strings[lang]
        common = {
            "lang": lang,
            "t": t,
            "urls": urls,
            "site": config,
            "assets": assets,
            "nav": _nav(urls, lang, t),
            "map_attribution": GEO_ATTRIBUTION,
            "today": today,
            "attributions": attributions,
            "site_title": localized(config.title, lang).value,
            "legal": {
                "imprint": urls.page(lang, config.legal.imprint),
                "privacy": urls.page(lang, config.legal.privacy),
            },
        }
        planner = _Planner(atlas, urls, theme, lang, today, shared)
        pages += [(common, page) for page in planner.pages()]
        files[urls.output_path(planner.cards_url)] = planner.cards_json()
        views[lang] = planner.members
    paths = [urls.output_path(page.url) for _, page in pages]
    if len(set(paths) | set(files)) != len(paths) + len(files):
        raise ValueError("two outputs want the same path")
    not_found = theme.env.get_template("404.html").render(
        lang="de",
        t=theme.strings["de"],
        t_en=theme.strings["en"],
        urls=urls,
        assets=assets,
        site_title=localized(config.title, "de").value,
    )
    files["404.html"] = not_found.encode("utf-8")
    files["robots.txt"] = exports.robots_txt(urls)

    def open_data() -> dict[str, bytes]:
        """The exports, feeds and sitemap (made in a worker while pages render)."""
        made = {
            "api/members.json": exports.members_json(atlas, urls, today),
            "api/competences.json": exports.competences_json(atlas, urls),
            "api/members.csv": exports.members_csv(atlas, urls, today),
            "sitemap.xml": exports.sitemap_xml(
                [
                    exports.SitemapEntry(
                        urls.absolute(page.url),
                        page.lastmod,
                        tuple((lg, urls.absolute(u)) for lg, u in sorted(page.alternates.items())),
                    )
                    for _, page in pages
                ]
            ),
        }
        for lang in languages:
            title = localized(config.title, lang).value
            feed_name = "feed.xml" if lang == "de" else f"{lang}/feed.xml"
            made[feed_name] = exports.atom_feed(atlas, urls, today, lang, title)
        return made

    search = functools.partial(search_files, atlas, urls, today, views, tokens)
    return _Plan(theme, urls, files, pages, [("search", search), ("open-data", open_data)], views)


def _render_texts(
    plan: _Plan, known: dict[str, str], progress: Progress | None
) -> tuple[dict[str, str], int]:
    """The HTML of every description the pages show (``text_key`` → HTML), rendered over
    all cores where ``known`` (the build cache) does not have it, and made known to
    ``render_markdown``; and how many came from ``known``."""
    texts = sorted({v.description for vs in plan.views.values() for v in vs})
    keys = [text_key(t) for t in texts]
    missing = [i for i, key in enumerate(keys) if key not in known]
    rendered = _reporting(
        fork_map(render_markdown, [texts[i] for i in missing], threshold=PARALLEL_PAGES),
        "texts",
        len(missing),
        progress,
    )
    used = {key: known[key] for key in keys if key in known}
    used.update(zip((keys[i] for i in missing), rendered, strict=True))
    remember_html(used)
    return used, len(keys) - len(missing)


@dataclass
class Rendered:
    """What ``render_site`` wrote."""

    files: int
    pages: int
    texts: dict[str, str]
    """The description HTML the pages show, by ``text_key`` (for the build cache)."""
    cached_texts: int
    reused: int = 0
    """Outputs left as the last build wrote them (their key is the same)."""
    keys: dict[str, str] = field(default_factory=dict)
    """With ``reuse``: output path → key, for the next build."""
    extras: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """With ``reuse``: extra output's name → its key and the paths it wrote."""

    def paths(self) -> set[str]:
        """Every output path of this build (with ``reuse``)."""
        return output_paths(self.keys, self.extras)


def render_site(
    root: Path,
    atlas: Atlas,
    today: date,
    folder: Path,
    *,
    known_texts: dict[str, str] | None = None,
    reuse: Reuse | None = None,
    content: str = "",
    progress: Progress | None = None,
    timings: Timings | None = None,
    tokens: TokenMemo | None = None,
) -> Rendered:
    """Write every output file below ``folder``.

    ``known_texts``: description HTML by ``text_key``, from the build cache. ``reuse``: the
    last build's keys (``incremental``): outputs whose key is the same are not written
    (``folder`` is then the stage of ``write.update_site``), and the keys are returned for
    the next build; ``content`` a digest of the whole content, the key of the outputs made
    from all of it.
    """
    timings = timings if timings is not None else Timings()
    with timings.phase("plan pages"), paused_gc():
        plan = _plan_site(root, atlas, today, tokens=tokens)
    with timings.phase("render descriptions"):
        texts, cached_texts = _render_texts(plan, known_texts or {}, progress)
    with timings.phase("write assets and logos"):
        file_keys: dict[str, str] = {}  # keyed by their bytes, only for the cache
        changed = plan.files
        if reuse is not None:
            file_keys = {rel: hashlib.sha256(b).hexdigest() for rel, b in plan.files.items()}
            changed = {
                rel: b for rel, b in plan.files.items() if reuse.keys.get(rel) != file_keys[rel]
            }
        write_files(folder, changed)
    written, reused = len(plan.files), len(plan.files) - len(changed)
    pages = plan.pages
    # Both language versions of a page next to each other, so that one worker renders
    # them and shares what they have in common (the description's HTML, cached).
    in_order = sorted(
        pages, key=lambda item: (item[1].alternates.get("de", item[1].url), item[1].lang)
    )
    job = _RenderJob(folder, plan.theme, plan.urls, in_order, plan.extras, reuse, (content, today))
    with timings.phase("render pages and search index"):
        done = _render_pages(job, progress)
    written += sum(d.written for d in done)
    reused += sum(d.reused for d in done)
    rendered = Rendered(written, len(pages), texts, cached_texts, reused)
    if reuse is not None:
        page_paths = [plan.urls.output_path(page.url) for _, page in in_order]
        rendered.keys = file_keys | dict(
            zip(page_paths, (d.key for d in done if not d.extra), strict=True)
        )
        rendered.extras = {d.extra: (d.key, d.paths) for d in done if d.extra}
    return rendered


def build_site(
    root: Path,
    out: Path,
    *,
    today: date | None = None,
    strict: bool = False,
    use_cache: bool = False,
    prepared: Prepared | None = None,
    progress: Progress | None = None,
) -> tuple[BuildResult | None, list[Problem]]:
    """Validate, render and write the site; nothing is written when there are errors.

    With ``use_cache`` the build cache (``cache``, in ``.atlasgen-cache/``) is read and
    updated: a build without changes writes nothing, and only changed member files and
    descriptions are read and rendered again. The output is the same either way.
    ``prepared``: the cache as ``cache.prepare_cache`` opened it (implies ``use_cache``).
    """
    root, out = root.resolve(), out.resolve()
    timings = Timings()
    if use_cache and prepared is None:
        with timings.phase("check for changes"):
            prepared = prepare_cache(root, out, strict=strict, today=today)
    cached: Cached | None = None
    if prepared is not None:
        if (last_build := prepared.nothing_to_do()) is not None:
            return last_build
        with timings.phase("read cache"):
            prepared.cache.load_members()
            prepared.cache.load_texts()
            remember_nearest(prepared.cache.texts.get("nearest", {}))
        cached = Cached(prepared.cache, prepared.inputs)
    with timings.phase("read and check content"), paused_gc():
        atlas, problems = load_atlas(root, strict=strict, cached=cached)
    if atlas is None:
        return None, problems
    day = build_date(root, atlas, today)
    rendered: Rendered | None = None

    reuse: Reuse | None = None
    tokens: TokenMemo | None = None
    update = False
    """Whether ``out`` holds the last build's outputs: then only changed files are written."""
    if prepared is not None:
        with timings.phase("read cache"):
            tokens = TokenMemo(prepared.cache.load_tokens(), prepared.cache.save_tokens)
        last = prepared.last_outputs(out)
        update = last is not None
        keys, extras = last if last is not None else ({}, {})
        reuse = Reuse(prepared.salt(), keys, extras)

    def produce(folder: Path) -> int:
        nonlocal rendered
        rendered = render_site(
            root,
            atlas,
            day,
            folder,
            known_texts=cached.cache.texts.get("html") if cached else None,
            reuse=reuse,
            content=prepared.content() if prepared else "",
            progress=progress,
            timings=timings,
            tokens=tokens,
        )
        return rendered.files

    started = time.perf_counter()
    if update and prepared is not None and reuse is not None:

        def stale() -> set[str]:
            assert rendered is not None and reuse is not None
            return reuse.paths() - rendered.paths()

        count = update_site(out, produce, stale, prepared.cache.forget_output)
    else:
        count = write_site(out, produce)
    made = [
        "plan pages",
        "render descriptions",
        "write assets and logos",
        "render pages and search index",
    ]
    timings["write and swap" if not update else "move changed files into place"] = (
        time.perf_counter() - started - sum(timings.get(k, 0.0) for k in made)
    )
    assert rendered is not None
    result = BuildResult(
        count,
        rendered.pages,
        day,
        member_files=len(atlas.members),
        cached_members=cached.cache.hits if cached else 0,
        texts=len(rendered.texts),
        cached_texts=rendered.cached_texts,
        reused=rendered.reused,
        timings=timings,
    )
    if prepared is not None:
        with timings.phase("write cache"):
            outputs = (rendered.keys, rendered.extras)
            derived = {"html": rendered.texts, "nearest": known_nearest()}
            prepared.record(out, (result, problems), derived, outputs)
    return result, problems
