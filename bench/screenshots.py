"""Screenshots of one page of every kind, in both languages, on a phone and a desktop.

    python bench/screenshots.py [--project DIR] [--out bench/screenshots] [--date 2026-06-01]

Builds the project (default: the repository's example, ``content/``) into a temporary
folder, serves it on ``http://127.0.0.1:<free port>`` and loads, in Debian's Chromium
(``/usr/bin/chromium``, driven by Playwright; never ``playwright install``), one page per
URL pattern and language: the largest file (the most content) of each pattern, e.g. of
``/mitglieder/<slug>/`` the largest member profile; the 404 page; and the search with
results (``--query``). Each page is taken at 375 × 740 and 1280 × 800 CSS px:

    OUT/<width>/<kind>-<lang>.png           the whole page (full_page)
    OUT/<width>/<kind>-<lang>-viewport.png  the first screen, as a visitor arrives

``<kind>`` is the page's URL pattern, in section keys (``members-category-item``), with a
short name for the usual ones (``profile``, ``directory``, ``competence``…). OUT
(``bench/screenshots/``, git-ignored) gets the PNGs of this run only: older ones of the
two widths are deleted first. Requests to any other host are blocked. The files written
are printed, one per line.

The pages are picked here, not by the tests' catalogue (tests/pagekinds.py): bench does
not import tests/; it only needs one page per URL pattern.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Error, Page, Route, sync_playwright

from atlasgen.build import build_site
from atlasgen.content.names import LANGUAGES, SECTIONS, Lang

REPO = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
VIEWPORTS = {375: 740, 1280: 800}
"""Width → height of the first screen (CSS px)."""
TIMEOUT_MS = 15_000
DAY = date(2026, 6, 1)
"""The day the site is built as of (the benchmarks' and the browser tests' day)."""

NAMES = {
    "home": "home",
    "members": "directory",
    "members-item": "profile",
    "members-page-n": "directory-numbered",
    "competences": "competence-index",
    "competences-item": "competence",
    "regions": "district-index",
    "regions-item": "district",
    "item": "free-page",
}
"""Short names of the usual URL patterns; any other pattern is named as it is."""

_SECTION_OF = {lang: {names[lang]: key for key, names in SECTIONS.items()} for lang in LANGUAGES}
"""URL segment → section key, per language (``kategorie`` → ``category``)."""


# --- The pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shot:
    kind: str
    lang: str
    url: str
    """Root-relative, e.g. ``/en/members/``."""
    wait_for: str | None = None
    """A CSS selector to wait for (what a script shows), if any."""

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.lang}"


def pattern(segments: Sequence[str], lang: Lang) -> str:
    """The URL pattern of a page below its language: section keys, ``item`` for a slug,
    ``n`` for a page number (``members-category-item``, ``members-page-n``)."""
    keys: list[str] = []
    for i, segment in enumerate(segments):
        if segment.isdigit() and i > 0 and keys[-1] == "page":
            keys.append("n")
        else:
            keys.append(_SECTION_OF[lang].get(segment, "item"))
    return "-".join(keys) or "home"


def pick(site: Path, query: str) -> list[Shot]:
    """One page per URL pattern and language (the largest file), the 404 page, and the
    search with the results for ``query``."""
    largest: dict[tuple[str, Lang], tuple[int, str]] = {}
    for file in sorted(site.rglob("index.html")):
        parts = file.relative_to(site).parts
        lang: Lang = "en" if parts[0] == "en" else "de"
        segments = parts[1 if lang == "en" else 0 : -1]
        if segments and segments[0] in ("api", "assets", "logos", "search-index"):
            continue
        url = "/" + "".join(f"{s}/" for s in parts[:-1])
        key = (pattern(segments, lang), lang)
        size = file.stat().st_size
        if key not in largest or size > largest[key][0]:
            largest[key] = (size, url)
    shots = [
        Shot(NAMES.get(kind, kind), lang, url)
        for (kind, lang), (_, url) in sorted(largest.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]
    for lang in LANGUAGES:
        search = largest.get(("search", lang))
        if search:
            shots.append(
                Shot("search-results", lang, f"{search[1]}?q={query}", "#search-results li")
            )
    if (site / "404.html").is_file():
        shots.append(Shot("404", "de+en", "/404.html"))
    return shots


# --- Serving -------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    """``python -m http.server`` without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when the browser hangs up early (it went to the next page)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yields the base URL, no trailing
    slash. A folder serves its ``index.html``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="screenshot-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- Taking the screenshots ----------------------------------------------------------------


def _only_here(route: Route) -> None:
    if urlsplit(route.request.url).hostname == HOST:
        route.continue_()
    else:
        route.abort("blockedbyclient")


_LOAD_LAZY = """async () => {
    // Scroll through the page so that lazy images load, wait for them, back to the top.
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise((done) => requestAnimationFrame(done));
    }
    window.scrollTo(0, 0);
    await Promise.all([...document.images].filter((i) => !i.complete).map(
        (i) => new Promise((done) => { i.onload = i.onerror = done; })));
}"""


def take(page: Page, base_url: str, shot: Shot, folder: Path) -> list[Path]:
    """The first screen and the whole page of ``shot``, into ``folder``."""
    page.goto(base_url + shot.url, wait_until="networkidle")
    if shot.wait_for:
        try:
            page.locator(shot.wait_for).first.wait_for(state="visible")
        except Error:
            print(f"warning: {shot.url}: {shot.wait_for} not shown", file=sys.stderr)
    page.evaluate("() => document.fonts.ready.then(() => undefined)")
    first = folder / f"{shot.name}-viewport.png"
    page.screenshot(path=first)
    page.evaluate(_LOAD_LAZY)
    page.wait_for_load_state("networkidle")
    full = folder / f"{shot.name}.png"
    page.screenshot(path=full, full_page=True)
    return [full, first]


def screenshots(site: Path, out: Path, query: str) -> list[Path]:
    shots = pick(site, query)
    written: list[Path] = []
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width, height in VIEWPORTS.items():
                folder = out / str(width)
                folder.mkdir(parents=True, exist_ok=True)
                for old in folder.glob("*.png"):
                    old.unlink()
                context = browser.new_context(viewport={"width": width, "height": height})
                context.set_default_timeout(TIMEOUT_MS)
                context.route("**/*", _only_here)
                page = context.new_page()
                for shot in shots:
                    written += take(page, base_url, shot, folder)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=REPO, metavar="DIR")
    parser.add_argument("--out", type=Path, default=OUT, metavar="DIR")
    parser.add_argument("--date", type=date.fromisoformat, default=DAY, metavar="YYYY-MM-DD")
    parser.add_argument("--query", default="Cloud", help="the search shown with results")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas-screenshots-") as tmp:
        site = Path(tmp) / "_site"
        result, problems = build_site(args.project, site, today=args.date)
        if result is None:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{args.project} does not build", file=sys.stderr)
            return 1
        written = screenshots(site, args.out.resolve(), args.query)
    for path in written:
        try:
            print(path.relative_to(Path.cwd()))
        except ValueError:
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
