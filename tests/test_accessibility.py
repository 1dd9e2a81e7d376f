"""Accessibility gate: axe-core finds no WCAG 2.1 A/AA violation on any kind of page.

The repository's example site (content/, 50 members) is built once for this module and
served locally. One page of every kind the site has, in German and in English, is loaded
in Chromium in the light and in the dark colour scheme (the theme defines both with
``prefers-color-scheme``), and on a phone-sized screen; axe-core (npm package ``axe-core``,
pinned in package.json, installed into node_modules/ by ``make test``) is injected from
that local file and runs its rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa. Any
violation fails, listed with page, colour scheme, rule, impact, help text, and the first
elements (selector and HTML) so that it can be fixed.

The pages are found in the built output, not listed by hand: every HTML file is sorted into
a kind of page by its URL (atlasgen.site.urls decides the URLs), and a file of no known kind
fails the test, so a new kind of page cannot slip past the gate. Of each kind the largest
page is checked (the most content); member profiles are chosen by what their files hold
(with logo, offers and needs; without logo; without description; with an English text).
Pages the scripts change are checked after the change: the search with results shown,
the directory filtered by its script.

Without node_modules/axe-core the tests are skipped locally with a loud reason (run
``npm ci`` or ``make test``) and fail under ``CI=true``.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import TIMEOUT_MS, OpenPage, require_playwright, serve, unavailable
from conftest import REPO

from atlasgen.content.names import LANGUAGES, RESERVED_PAGE_SLUGS, SECTIONS, Lang

require_playwright()
from playwright.sync_api import Page, Request, expect  # noqa: E402 (after the check)

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = json.loads((REPO / "package.json").read_text("utf-8"))["devDependencies"]["axe-core"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The axe rules run: WCAG 2.0 and 2.1, levels A and AA."""
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": TAGS},
    "resultTypes": ["violations"],  # details for violations only (faster)
}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
MEMBERS_DIR = REPO / "content" / "members"
NODES_SHOWN = 3
"""Elements listed per violation in a failure message (the count says how many more)."""


# --- The pages ---------------------------------------------------------------------------


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


def _member_files() -> list[MemberFile]:
    files = []
    for path in sorted(MEMBERS_DIR.glob("*.md")):
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
        case ["statistics"], 1:
            return "statistics"
        case ["search"], 1:
            return "search"
        case [None], 1 if segments[0] not in RESERVED_PAGE_SLUGS:
            return "free page"
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
    "free page",
]
"""Kinds every language of the example site has: a missing one is a failure (the gate
would silently check less)."""


def _wait_search_started(page: Page) -> None:
    # The script hides the help for browsers without JavaScript once it runs.
    expect(page.locator("#search-help")).to_be_hidden()
    expect(page.locator("#search-facets")).to_be_visible()


def _wait_search_results(page: Page) -> None:
    _wait_search_started(page)
    expect(page.locator("#search-results li.result").first).to_be_visible()
    expect(page.locator("#search-status")).not_to_have_text("")


def _wait_filters_shown(page: Page) -> None:
    expect(page.locator("#filters")).to_be_visible()


def _static_count(site_dir: Path, url: str) -> str:
    """The member count a directory page states before its script changes anything."""
    html = (site_dir / url.lstrip("/") / "index.html").read_text("utf-8")
    match = re.search(r'id="result-count"[^>]*>([^<]*)<', html)
    assert match, f"{url}: no #result-count"
    return match[1]


def catalogue(site_dir: Path) -> list[Target]:
    """The pages to check, found in the built site: per language the largest page of each
    kind, the member profiles of ``PROFILES``, every free page, the script states of the
    directory and the search, and the 404 page."""
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

    members = _member_files()
    targets: list[Target] = []
    for lang in LANGUAGES:
        missing = [k for k in REQUIRED_KINDS if (k, lang) not in by_kind]
        assert not missing, f"the example site has no page of these kinds in {lang}: {missing}"
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
            assert slugs, f"no member of the example fits {label!r}"
            # a member not chosen yet, if there is one: more pages, more content checked
            slug = next((s for s in slugs if s not in chosen_slugs), slugs[0])
            chosen_slugs.append(slug)
            profile = f"{'/en' if lang == 'en' else ''}/{SECTIONS['members'][lang]}/{slug}/"
            assert profile in profiles, f"{profile} ({label}) was not built"
            targets.append(Target(label, lang, profile))
        # What the scripts show: search results, and a directory filtered in the page.
        search = url(by_kind[("search", lang)][0])
        targets.append(
            Target("search with results", lang, f"{search}?q=Cloud", _wait_search_results)
        )
        directory = url(by_kind[("directory", lang)][0])
        before = _static_count(site_dir, directory)

        def filtered(page: Page, before: str = before) -> None:
            _wait_filters_shown(page)
            expect(page.locator("#result-count")).not_to_have_text(before)
            expect(page.locator("#member-list > li").first).to_be_visible()

        targets.append(
            Target("directory filtered by script", lang, f"{directory}?type=startup", filtered)
        )
    targets.append(Target("404", "de+en", "/404.html"))
    return targets


# --- Running axe -------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    target: Target
    scheme: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: list[dict[str, Any]]

    def describe(self) -> str:
        lines = [
            f"{self.target} {self.scheme}: {self.rule} ({self.impact}) {self.help} "
            f"<{self.help_url}>"
        ]
        for node in self.nodes[:NODES_SHOWN]:
            lines.append(f"    {' '.join(map(str, node['target']))}  {node['html'][:200]}")
            summary = " / ".join(
                line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:]
            )
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(self.nodes) > NODES_SHOWN:
            lines.append(f"    … and {len(self.nodes) - NODES_SHOWN} more element(s)")
        return "\n".join(lines)


def axe_path() -> Path:
    if not AXE.is_file():
        unavailable(
            f"{AXE.relative_to(REPO)} is missing: the accessibility checks need axe-core "
            "from npm; run `npm ci --ignore-scripts` (or `make test`, which does)"
        )
    return AXE


def run_axe(page: Page, target: Target, scheme: str) -> list[Violation]:
    """Run axe-core (see ``with_axe``) on the page as it is now; its WCAG 2.1 A/AA
    violations."""
    results: dict[str, Any] = page.evaluate(
        """async (options) => {
            const r = await axe.run(document, options);
            return {
                version: axe.version,
                violations: r.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => ({
                        target: n.target, html: n.html, failureSummary: n.failureSummary,
                    })),
                })),
            };
        }""",
        AXE_OPTIONS,
    )
    assert results["version"] == AXE_VERSION, (
        f"axe-core {results['version']} in node_modules, package.json pins {AXE_VERSION}: "
        "run `npm ci --ignore-scripts`"
    )
    return [
        Violation(
            target,
            scheme,
            v["id"],
            v["impact"] or "?",
            v["help"],
            v["helpUrl"],
            v["nodes"],
        )
        for v in results["violations"]
    ]


def with_axe(page: Page) -> Page:
    """Have every document of the page's context load axe-core, from the local file (the
    same as ``page.add_script_tag(path=...)`` after each load, without sending its 550 kB
    to the browser for every page)."""
    page.context.add_init_script(path=axe_path())
    return page


class InFlight:
    """The page's requests that have not finished yet. axe scrolls while it checks colour
    contrast, which starts loading lazy images; the next page must not abort them (an
    aborted request is reported as a failed one)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pending: set[Request] = set()
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request: Request) -> None:
        self.pending.add(request)

    def _end(self, request: Request) -> None:
        self.pending.discard(request)

    def settle(self) -> None:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.pending and time.monotonic() < deadline:
            self.page.wait_for_timeout(20)
        assert not self.pending, f"requests still unanswered: {[r.url for r in self.pending]}"


def check(page: Page, base_url: str, targets: list[Target], scheme: str) -> None:
    """Load each page, wait for its scripts, run axe; fail once, listing every violation."""
    in_flight = InFlight(page)
    found: list[Violation] = []
    for target in targets:
        in_flight.settle()
        response = page.goto(base_url + target.url)
        assert response is not None, target
        assert response.status == 200, f"{target}: HTTP {response.status}"
        if target.ready:
            target.ready(page)
        # Collapsed <details> (the directory's filter pages) would hide their content from
        # the rules: open them all.
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => d.open = true)")
        found += run_axe(page, target, scheme)
    in_flight.settle()
    if found:
        rules = Counter(f"{v.rule} ({v.impact})" for v in found)
        summary = ", ".join(f"{rule} on {n} page(s)" for rule, n in rules.most_common())
        pytest.fail(
            f"{len(found)} accessibility violation(s) (axe-core {AXE_VERSION}, "
            f"{'/'.join(TAGS)}) on {len({v.target for v in found})} of {len(targets)} "
            f"page(s), {scheme}: {summary}\n\n" + "\n\n".join(v.describe() for v in found),
            pytrace=False,
        )


# --- Fixtures and tests ------------------------------------------------------------------


@pytest.fixture(scope="module")
def targets(site_dir: Path) -> list[Target]:
    return catalogue(site_dir)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_passes_axe(
    open_page: OpenPage, base_url: str, targets: list[Target], scheme: str
) -> None:
    """Every kind of page, both languages, in the light or the dark colour scheme."""
    page = with_axe(open_page(viewport=DESKTOP, color_scheme=scheme))
    check(page, base_url, targets, scheme)


MOBILE_KINDS = {
    "home",
    "directory",
    "profile with logo, offers and needs",
    "search with results",
    "directory filtered by script",
}


def test_pages_on_a_phone_pass_axe(
    open_page: OpenPage, base_url: str, targets: list[Target]
) -> None:
    """The responsive layout at 375 px (light): home, directory and a profile, and the
    script states of directory and search, both languages."""
    mobile = [t for t in targets if t.kind in MOBILE_KINDS]
    assert {t.kind for t in mobile} == MOBILE_KINDS
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme="light")
    with_axe(page)
    check(page, base_url, mobile, "light, 375 px")


def test_the_catalogue_covers_every_kind_in_both_languages(targets: list[Target]) -> None:
    """The gate checks what it claims: each required kind and each profile sort, in German
    and English, and the 404 page."""
    kinds = Counter((t.kind, t.lang) for t in targets)
    for lang in LANGUAGES:
        for kind in [*REQUIRED_KINDS, *PROFILES, "search with results"]:
            if kind == "profile":
                continue  # checked as the sorts of PROFILES
            assert kinds[(kind, lang)] >= 1, f"no {kind} in {lang}"
        assert all(t.url.startswith("/en/") == (lang == "en") for t in targets if t.lang == lang)
    assert kinds[("404", "de+en")] == 1


BAD_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bad</title></head>
<body><main>
<h1>Bad page</h1>
<p style="color: #bbbbbb; background: #ffffff">Light grey text on white.</p>
<form><input type="text" name="q"></form>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</main></body></html>
"""


def test_the_gate_bites(open_page: OpenPage, tmp_path: Path) -> None:
    """A page with low contrast, an unlabelled field and an image without alt text must be
    reported, rule by rule, or the checks above prove nothing."""
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    page = with_axe(open_page(viewport=DESKTOP, color_scheme="light"))
    with serve(tmp_path) as url:
        page.goto(url + "/")
        found = run_axe(page, Target("bad", "en", "/"), "light")
    rules = {v.rule for v in found}
    assert {"color-contrast", "label", "image-alt"} <= rules, rules
    text = "\n".join(v.describe() for v in found)
    assert "Light grey text on white." in text, text
