"""One page of every kind: the pages the browser gates check, found in a built site.

``catalogue(site_dir)`` sorts every HTML file of a built site into a kind of page by its URL
(``kind_of``; atlasgen.site.urls decides the URLs) and picks, per language, the largest page
of each kind, the member profiles of ``PROFILES`` (chosen by what their files hold), every
free page, the script states of the directory, the search, the careers hub and the profile
editor (filled from a member), and the 404 page. A file of no known kind fails, so a new
kind of page cannot slip past the gates.

Used by test_accessibility.py (axe) and test_layout_browser.py (layout). Importing this
module needs no Playwright; the ``ready`` functions of the targets use it when called.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from conftest import REPO

from atlasgen.content.names import CAREER_SEGMENTS, LANGUAGES, RESERVED_PAGE_SLUGS, SECTIONS, Lang

if TYPE_CHECKING:
    from playwright.sync_api import Page

MEMBERS_DIR = REPO / "content" / "members"
"""The member files of the repository's example site (the default of ``catalogue``)."""


@dataclass(frozen=True)
class Target:
    """A page to check: what kind it is, and how to wait until its scripts are done."""

    kind: str
    lang: str
    url: str
    """Root-relative, e.g. ``/en/members/`` (with a query for script states)."""
    ready: Callable[[Page], None] | None = None

    def __str__(self) -> str:
        return f"{self.url} [{self.kind}, {self.lang}]"


_FRONT = re.compile(r"\A---\n(.*?)\n---\n?(.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class MemberFile:
    slug: str
    data: dict[str, Any]
    description: str
    english: bool
    """There is a ``<slug>.en.md`` with an English text."""


def _member_files(members_dir: Path = MEMBERS_DIR) -> list[MemberFile]:
    files = []
    for path in sorted(members_dir.glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        match = _FRONT.match(path.read_text("utf-8"))
        assert match, f"{path}: no front matter"
        data = yaml.safe_load(match[1]) or {}
        english = path.with_name(f"{path.stem}.en.md").is_file()
        files.append(MemberFile(path.stem, data, match[2].strip(), english))
    return files


PROFILES: dict[str, Callable[[MemberFile], bool]] = {
    "profile with logo, offers and needs": lambda m: bool(
        m.data.get("logo") and m.data.get("offers") and m.data.get("needs")
    ),
    "profile without logo": lambda m: not m.data.get("logo"),
    "profile without description": lambda m: not m.description,
    "profile with an English text": lambda m: m.english,
}
"""Member profiles to check, by what their files hold (the first member that fits)."""

_SEGMENT = {lang: {names[lang]: key for key, names in SECTIONS.items()} for lang in LANGUAGES}
"""URL segment → section key, per language (``kategorie`` → ``category``)."""


def kind_of(segments: list[str], lang: Lang) -> str | None:
    """The kind of page at a URL (its path segments below the language), or None when
    unknown. Numbered pages of a list are a kind of their own (``directory, numbered``)."""
    key = [_SEGMENT[lang].get(s) for s in segments]
    if key[:1] == ["careers"]:
        return _careers_kind(segments[1:], lang)
    if len(segments) >= 2 and key[-2] == "page" and segments[-1].isdigit():
        base = kind_of(segments[:-2], lang)
        return f"{base}, numbered" if base else None
    match key, len(segments):
        case [], 0:
            return "home"
        case ["members"], 1:
            return "directory"
        case ["members", "training"], 2:
            return "filter: training"
        case ["members", "category" | "type" | "size" as by, _], 3:
            return f"filter: {by}"
        case ["members", None], 2:
            return "profile"
        case ["competences"], 1:
            return "competence index"
        case ["competences", None], 2:
            return "competence"
        case ["regions"], 1:
            return "district index"
        case ["regions", None], 2:
            return "district"
        case ["cooperation"], 1:
            return "cooperation"
        case ["cooperation", "category" | "district" as by, _], 3:
            return f"cooperation filter: {by}"
        case ["statistics"], 1:
            return "statistics"
        case ["search"], 1:
            return "search"
        case ["editor"], 1:
            return "editor"
        case [None], 1 if segments[0] not in RESERVED_PAGE_SLUGS:
            return "free page"
    return None


_CAREER_KIND = {
    lang: {names[lang]: k for k, names in CAREER_SEGMENTS.items()} for lang in LANGUAGES
}


def _careers_kind(segments: list[str], lang: Lang) -> str | None:
    """The kind of a page below the careers hub (``segments`` after ``karriere``)."""
    if len(segments) >= 2 and _SEGMENT[lang].get(segments[-2]) == "page" and segments[-1].isdigit():
        base = _careers_kind(segments[:-2], lang)
        return f"{base}, numbered" if base else None
    kind = _CAREER_KIND[lang].get(segments[0]) if segments else None
    district = SECTIONS["district"][lang]
    match segments:
        case []:
            return "careers"
        case [d, _] if d == district:
            return "careers: district"
        case [_] if kind:
            return "careers: kind"
        case [_, d, _] if kind and d == district:
            return "careers: kind and district"
        case [_, _] if kind:
            return "careers: occupation or programme"
    return None


REQUIRED_KINDS = [
    "home",
    "directory",
    "filter: category",
    "filter: type",
    "filter: size",
    "filter: training",
    "profile",
    "competence index",
    "competence",
    "district index",
    "district",
    "cooperation",
    "statistics",
    "search",
    "careers",
    "careers: kind",
    "careers: district",
    "careers: kind and district",
    "careers: occupation or programme",
    "editor",
    "free page",
]
"""Kinds every language of the example site has: a missing one is a failure (the gate
would silently check less)."""


def _wait_search_started(page: Page) -> None:
    from playwright.sync_api import expect

    # The script hides the help for browsers without JavaScript once it runs.
    expect(page.locator("#search-help")).to_be_hidden()
    expect(page.locator("#search-facets")).to_be_visible()


def _wait_search_results(page: Page) -> None:
    from playwright.sync_api import expect

    _wait_search_started(page)
    expect(page.locator("#search-results li.result").first).to_be_visible()
    expect(page.locator("#search-status")).not_to_have_text("")


def _wait_careers_filtered(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#careers-filters")).to_be_visible()
    expect(page.locator("#careers-list .offer-distance").first).to_be_visible()


def _wait_editor_filled(page: Page) -> None:
    from playwright.sync_api import expect

    # editor.js has built the form from the data and filled it from the member's script
    expect(page.locator("[data-editor-fields] input[name=name]")).not_to_have_value("")


def _wait_filters_shown(page: Page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#filters")).to_be_visible()


def _static_count(site_dir: Path, url: str) -> str:
    """The member count a directory page states before its script changes anything."""
    html = (site_dir / url.lstrip("/") / "index.html").read_text("utf-8")
    match = re.search(r'id="result-count"[^>]*>([^<]*)<', html)
    assert match, f"{url}: no #result-count"
    return match[1]


def catalogue(
    site_dir: Path, members_dir: Path = MEMBERS_DIR, *, complete: bool = True
) -> list[Target]:
    """The pages to check, found in the built site: per language the largest page of each
    kind, the member profiles of ``PROFILES``, every free page, the script states of the
    directory and the search, and the 404 page. ``members_dir``: the member files of the
    project the site was built from (default: the repository's example). ``complete``: a
    kind of ``REQUIRED_KINDS`` or a sort of ``PROFILES`` that the site lacks is a failure
    (as for the example); else it is left out (another project)."""
    by_kind: dict[tuple[str, str], list[Path]] = {}
    unknown = []
    for file in sorted(site_dir.rglob("*.html")):
        rel = file.relative_to(site_dir).as_posix()
        if rel == "404.html":
            continue
        parts = rel.split("/")
        if parts[-1] != "index.html":
            unknown.append(rel)
            continue
        lang: Lang = "en" if parts[0] == "en" else "de"
        segments = parts[1 if lang == "en" else 0 : -1]
        kind = kind_of(segments, lang)
        if kind is None:
            unknown.append(rel)
        else:
            by_kind.setdefault((kind, lang), []).append(file)
    assert not unknown, (
        "pages of a kind this test does not know (teach kind_of() about them, so that "
        f"they are checked): {unknown}"
    )

    def url(file: Path) -> str:
        return "/" + file.relative_to(site_dir).as_posix().removesuffix("index.html")

    members = _member_files(members_dir)
    targets: list[Target] = []
    for lang in LANGUAGES:
        missing = [k for k in REQUIRED_KINDS if (k, lang) not in by_kind]
        assert not missing or not complete, (
            f"the example site has no page of these kinds in {lang}: {missing}"
        )
        profiles = {url(f): f for f in by_kind[("profile", lang)]}
        for (kind, page_lang), files in sorted(by_kind.items()):
            if page_lang != lang or kind == "profile":
                continue
            # every free page; else the largest page of the kind (the first of equals)
            chosen = files if kind == "free page" else [max(files, key=lambda f: f.stat().st_size)]
            # numbered directory pages have the filters too
            ready = {"directory": _wait_filters_shown, "search": _wait_search_started}.get(
                kind.removesuffix(", numbered")
            )
            targets += [Target(kind, lang, url(f), ready) for f in chosen]
        chosen_slugs: list[str] = []
        for label, fits in PROFILES.items():
            slugs = [m.slug for m in members if fits(m) and m.data.get("listed", True)]
            assert slugs or not complete, f"no member of the example fits {label!r}"
            if not slugs:
                continue
            # a member not chosen yet, if there is one: more pages, more content checked
            slug = next((s for s in slugs if s not in chosen_slugs), slugs[0])
            chosen_slugs.append(slug)
            profile = f"{'/en' if lang == 'en' else ''}/{SECTIONS['members'][lang]}/{slug}/"
            assert profile in profiles, f"{profile} ({label}) was not built"
            targets.append(Target(label, lang, profile))
        if ("search", lang) not in by_kind or ("directory", lang) not in by_kind:
            continue  # (not complete)
        # What the scripts show: search results, and a directory filtered in the page.
        search = url(by_kind[("search", lang)][0])
        targets.append(
            Target("search with results", lang, f"{search}?q=Cloud", _wait_search_results)
        )
        directory = url(by_kind[("directory", lang)][0])
        before = _static_count(site_dir, directory)

        def filtered(page: Page, before: str = before) -> None:
            from playwright.sync_api import expect

            _wait_filters_shown(page)
            expect(page.locator("#result-count")).not_to_have_text(before)
            expect(page.locator("#member-list > li").first).to_be_visible()

        targets.append(
            Target("directory filtered by script", lang, f"{directory}?type=startup", filtered)
        )
        if ("editor", lang) in by_kind and chosen_slugs:
            editor = url(by_kind[("editor", lang)][0])
            targets.append(
                Target(
                    "editor with a member",
                    lang,
                    f"{editor}?member={chosen_slugs[0]}",
                    _wait_editor_filled,
                )
            )
        if ("careers", lang) in by_kind:
            careers = url(by_kind[("careers", lang)][0])
            targets.append(
                Target(
                    "careers filtered by script",
                    lang,
                    f"{careers}?kind=apprenticeships&near=Heilbronn&radius=50",
                    _wait_careers_filtered,
                )
            )
    targets.append(Target("404", "de+en", "/404.html"))
    return targets
