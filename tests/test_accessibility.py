"""Accessibility gate: axe-core finds no WCAG 2.2 A/AA violation on any kind of page.

The repository's example site (content/, 50 members) is built once for this module and
served locally. One page of every kind the site has, in German and in English, is loaded
in Chromium in the light and in the dark colour scheme (the theme defines both with
``prefers-color-scheme``), and on a phone-sized screen; axe-core (npm package ``axe-core``,
pinned in package.json, installed into node_modules/ by ``make test``) is injected from
that local file and runs its rules tagged wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa
(WCAG 2.2 AA adds ``target-size``, success criterion 2.5.8: a link or control is at least
24 × 24 CSS px, or far enough from the next one; axe has no rule tagged wcag22a). Any
violation fails, listed with page, colour scheme, rule, impact, help text, and the first
elements (selector and HTML) so that it can be fixed.

The pages are found in the built output, not listed by hand (tests/pagekinds.py, shared
with the layout gate test_layout_browser.py): every HTML file is sorted into a kind of page
by its URL (atlasgen.site.urls decides the URLs), and a file of no known kind fails the
test, so a new kind of page cannot slip past the gate. Of each kind the largest page is
checked (the most content); member profiles are chosen by what their files hold (with
logo, offers and needs; without logo; without description; with an English text). Pages
the scripts change are checked after the change: the search with results shown, the
directory filtered by its script.

Without node_modules/axe-core the tests are skipped locally with a loud reason (run
``npm ci`` or ``make test``) and fail under ``CI=true``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import TIMEOUT_MS, OpenPage, Site, require_playwright, serve, unavailable
from conftest import REPO
from pagekinds import PROFILES, REQUIRED_KINDS, Target, catalogue

from atlasgen.content.names import LANGUAGES

require_playwright()
from playwright.sync_api import Page, Request  # noqa: E402 (after the check)

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = json.loads((REPO / "package.json").read_text("utf-8"))["devDependencies"]["axe-core"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""The axe rules run: WCAG 2.0, 2.1 and 2.2, levels A and AA (2.2 A adds no axe rule; 2.2 AA
adds ``target-size``, 2.5.8 Target Size (Minimum): a pointer target at least 24 × 24 CSS px,
or spaced so that a 24 px circle around it touches no other target)."""
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": TAGS},
    "resultTypes": ["violations"],  # details for violations only (faster)
}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
NODES_SHOWN = 3
"""Elements listed per violation in a failure message (the count says how many more)."""


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
    """Run axe-core (see ``with_axe``) on the page as it is now; its WCAG 2.2 A/AA
    violations (``TAGS``)."""
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
def targets(checked_site: Site) -> list[Target]:
    # another project (--layout-project) need not have every kind of page or profile
    return catalogue(checked_site.folder, checked_site.members, complete=not checked_site.other)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_passes_axe(
    open_page: OpenPage, checked_site: Site, targets: list[Target], scheme: str
) -> None:
    """Every kind of page, both languages, in the light or the dark colour scheme."""
    page = with_axe(open_page(viewport=DESKTOP, color_scheme=scheme))
    check(page, checked_site.url, targets, scheme)


MOBILE_KINDS = {
    "home",
    "directory",
    "profile with logo, offers and needs",
    "search with results",
    "directory filtered by script",
}


def test_pages_on_a_phone_pass_axe(
    open_page: OpenPage, checked_site: Site, targets: list[Target]
) -> None:
    """The responsive layout at 375 px (light): home, directory and a profile, and the
    script states of directory and search, both languages."""
    mobile = [t for t in targets if t.kind in MOBILE_KINDS]
    assert {t.kind for t in mobile} >= MOBILE_KINDS - {"profile with logo, offers and needs"}
    if not checked_site.other:
        assert {t.kind for t in mobile} == MOBILE_KINDS
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme="light")
    with_axe(page)
    check(page, checked_site.url, mobile, "light, 375 px")


def test_the_catalogue_covers_every_kind_in_both_languages(
    checked_site: Site, targets: list[Target]
) -> None:
    """The gate checks what it claims: each required kind and each profile sort, in German
    and English, and the 404 page."""
    if checked_site.other:
        pytest.skip("another project (--layout-project) need not have every kind of page")
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
