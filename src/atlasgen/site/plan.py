"""Plan the site: every output decided before anything is rendered.

``plan_site(root, atlas, today)`` takes the linked atlas and the build date and returns
a ``Plan``: the files to write as they are (the theme's assets, fingerprinted, the
members' logos, the network's colour, logo and icons from ``branding``, the directory's
card data, the profile editor's data scripts, ``404.html``, ``robots.txt``), the pages
of every language (``pages.Planner``) with the common context of their language, the
outputs made from the whole content while the pages render (the search files, the open
data) and the sharing images to draw. Two outputs never share a path. Pure apart from
reading the theme, the logos and the listed members' files (the editor's data keeps
their values as written).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..content.careers import career_entries
from ..content.matching import NearestMemo, nearest_offers
from ..content.model import Atlas
from ..content.names import LANGUAGES, Lang
from ..content.project import BRANDING_DIR, LOGOS_DIR
from ..content.refdata import ATTRIBUTION as POSTAL_ATTRIBUTION
from ..content.refdata import ATTRIBUTION_EN as POSTAL_ATTRIBUTION_EN
from ..search.documents import TokenMemo
from . import careersdata, opendata
from .branding import OgCard, brand_files, og_cards
from .careers import OFFERS_CSV, OFFERS_FILE, PLACES_FILE, places_json
from .editor import editor_files
from .geo import ATTRIBUTION as GEO_ATTRIBUTION
from .geo import ATTRIBUTION_EN as GEO_ATTRIBUTION_EN
from .pages import Page, Planner, Shared, ViewMemo, navigation
from .searchfiles import search_files
from .theme import Theme, load_theme
from .urls import Urls
from .views import MemberView, localized

__all__ = ["Plan", "attributions", "plan_site"]


def attributions(lang: Lang) -> list[str]:
    """The credits the reference data's licences require, once per page, in ``lang``."""
    if lang == "de":
        return [GEO_ATTRIBUTION, POSTAL_ATTRIBUTION, opendata.ESCO_ATTRIBUTION_DE]
    return [GEO_ATTRIBUTION_EN, POSTAL_ATTRIBUTION_EN, opendata.ESCO_ATTRIBUTION]


@dataclass(frozen=True)
class Plan:
    """Every output of the site, decided: what to write as it is, what to render."""

    theme: Theme
    urls: Urls
    files: dict[str, bytes]
    """Outputs ready to write: path → content."""
    pages: list[tuple[dict[str, Any], Page]]
    """The pages to render, with the common context of their language."""
    extras: list[tuple[str, Callable[[], dict[str, bytes]]]]
    """Outputs made while the pages render: the search index, the open data."""
    views: dict[str, list[MemberView]]
    """Language → the listed members' views, in directory order."""
    images: list[OgCard]
    """The sharing images to draw while the pages render."""


def plan_site(
    root: Path,
    atlas: Atlas,
    today: date,
    *,
    views: ViewMemo | None = None,
    nearest: NearestMemo | None = None,
    tokens: TokenMemo | None = None,
) -> Plan:
    """Decide every output of the site. What earlier builds computed, where known:
    ``views``, member views (``atlasgen serve``); ``nearest``, the nearest offers;
    ``tokens``, the search tokens of texts indexed before."""
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
    network_logo = None
    if config.branding.logo:
        network_logo = (
            config.branding.logo,
            (root / BRANDING_DIR / config.branding.logo).read_bytes(),
        )
    brand, brand_assets = brand_files(atlas, urls, network_logo)
    files.update(brand_assets)
    cards, card_paths = og_cards(atlas, languages)
    pages: list[tuple[dict[str, Any], Page]] = []
    matches = nearest_offers(atlas, memo=nearest)
    images = {key: urls.file(path) for key, path in card_paths.items()}
    shared = Shared(languages, matches, images, views)
    member_views: dict[str, list[MemberView]] = {}
    for lang in languages:
        t = theme.strings[lang]
        common = {
            "lang": lang,
            "t": t,
            "urls": urls,
            "site": config,
            "assets": assets,
            "nav": navigation(urls, lang, t),
            "today": today,
            "attributions": attributions(lang),
            "site_title": localized(config.title, lang).value,
            "brand": dataclasses.replace(brand, og_image=images[f"site:{lang}"]),
            "legal": {
                "imprint": urls.page(lang, config.legal.imprint),
                "privacy": urls.page(lang, config.legal.privacy),
                "about": urls.page(lang, config.about) if config.about else None,
            },
        }
        planner = Planner(atlas, urls, theme, lang, today, shared)
        pages += [(common, page) for page in planner.pages()]
        files[urls.output_path(planner.cards_url)] = planner.cards_json()
        member_views[lang] = planner.members
    files.update(editor_files(root, atlas, urls, theme, languages))
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
    files["robots.txt"] = opendata.robots_txt(urls)
    files[PLACES_FILE] = places_json()

    def open_data() -> dict[str, bytes]:
        """The exports, feeds and sitemap (made in a worker while pages render)."""
        offers = career_entries(atlas, today)
        made = {
            "api/members.json": opendata.members_json(atlas, urls, today),
            "api/competences.json": opendata.competences_json(atlas, urls),
            "api/members.csv": opendata.members_csv(atlas, urls, today),
            OFFERS_FILE: careersdata.offers_json(atlas, urls, today, offers),
            OFFERS_CSV: careersdata.offers_csv(atlas, urls, today, offers),
            "sitemap.xml": opendata.sitemap_xml(
                [
                    opendata.SitemapEntry(
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
            made[feed_name] = opendata.atom_feed(atlas, urls, today, lang, title)
            careers_title = f"{theme.strings[lang]['careers_title']} – {title}"
            made[careersdata.feed_path(urls, lang)] = careersdata.careers_feed(
                atlas, urls, today, lang, careers_title, offers
            )
        return made

    search = functools.partial(search_files, atlas, urls, today, member_views, tokens)
    extras: list[tuple[str, Callable[[], dict[str, bytes]]]] = [
        ("search", search),
        ("open-data", open_data),
    ]
    return Plan(theme, urls, files, pages, extras, member_views, cards)
