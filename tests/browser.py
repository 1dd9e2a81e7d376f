"""Real-browser testing: Debian's Chromium, driven by Playwright, on a site served locally.

- ``serve(folder)`` serves a built site on ``http://127.0.0.1:<port>`` (a context manager),
  like GitHub Pages: a folder serves its ``index.html``, a missing file gets status 404 and
  the site's ``404.html``.
- ``browser`` (session fixture) is a headless Chromium, started once.
- ``open_page(**context_options)`` (fixture) opens a page in a fresh browser context and
  watches it: console errors, uncaught exceptions, failed requests (no answer, or a status
  of 400 or more) and any request to a host other than 127.0.0.1 (blocked) fail the test
  at its end. ``open_page.allow_missing(path)`` expects a 404 for ``path`` (a test of the
  404 page); ``open_page.watch.take()`` hands over (and forgets) what went wrong so far.
  ``page`` is ``open_page()``.

When Chromium or the ``playwright`` package is missing, the browser tests are skipped
with a loud reason, except under ``CI=true``, where that is a failure: CI must run them
(``.ci/run`` installs Chromium, ``pip install -e '.[test]'`` installs Playwright).

Never run ``playwright install``: Playwright's own browser builds cannot be downloaded
here; the tests use the system's Chromium.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

from atlasgen.build import build_site

REPO_MEMBERS = Path(__file__).resolve().parent.parent / "content" / "members"
"""The member files of the repository's example."""

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Error,
        Page,
        Request,
        Response,
        Route,
    )

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
_ELSEWHERE = re.compile(r"^(?!http://127\.0\.0\.1(:\d+)?/)")
"""The URLs of requests to another host: the only ones routed through Python (and blocked),
so that the site's own requests take no detour."""
TIMEOUT_MS = 10_000
"""How long actions and ``expect`` wait (Playwright's default, 30 s, only slows failures
down: the site is served from this machine)."""


def unavailable(reason: str, *, module: bool = False) -> NoReturn:
    """Skip the test (locally) or fail it (under ``CI=true``): a tool is missing.
    ``module=True`` skips or fails a whole test module, when called at its top."""
    message = f"BROWSER TESTS NOT RUN: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(message, allow_module_level=module)


_NO_PLAYWRIGHT = (
    "the Python package 'playwright' is missing ({error}); install it with "
    "`.venv/bin/pip install -e '.[test]'` (never `playwright install`)"
)


def require_playwright() -> None:
    """Call at the top of a test module, before importing from ``playwright``: skips the
    module (or fails it under ``CI=true``) when the package is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        unavailable(_NO_PLAYWRIGHT.format(error=error), module=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files like ``python -m http.server``, without a log line per request, and
    answers a missing file like GitHub Pages: status 404 with the site's ``404.html``."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when the browser hangs up early (it went to another page)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yields the base URL
    (``http://127.0.0.1:<port>``, no trailing slash). A folder serves its ``index.html``;
    a missing file gets status 404 and ``folder/404.html`` (when there is one)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Chromium (the system's), shared by all tests of the session."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        unavailable(
            f"{CHROMIUM} not found (which chromium: {found}); install it with "
            "`apt-get install chromium`"
        )
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError as error:
        unavailable(_NO_PLAYWRIGHT.format(error=error))
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


FAVICON = "/favicon.ico"
"""Chromium asks for it by itself, at a moment of its choosing, and logs a 404 for it; no
page of the site asks for it."""
_CANCELLED = "net::ERR_ABORTED"
_ICONS = ("/favicon.svg", "/favicon.png", "/apple-touch-icon.png")
"""The site's icons: Chromium fetches them on its own after a page has loaded, so a test
that stops its server right after its last check can see that fetch find no server. That
is no fault of the site; a wrong icon link still fails, as a 404 answer."""
_NO_SERVER = ("net::ERR_CONNECTION_REFUSED", "net::ERR_CONNECTION_RESET")
_LOAD_FAILED = "Failed to load resource"
"""How Chromium's console message about a failed request begins (the request is reported
as a failed request already)."""


@dataclass
class PageWatch:
    """What went wrong in the pages of one test: the test fails if any list is non-empty."""

    errors: list[str] = field(default_factory=list)
    """Console messages of type error, and uncaught exceptions."""
    outside: list[str] = field(default_factory=list)
    """Requests to a host other than 127.0.0.1 (all blocked)."""
    failed: list[str] = field(default_factory=list)
    """Requests without an answer, and answers with a status of 400 or more."""
    missing: set[str] = field(default_factory=set)
    """Paths expected to answer 404 (``allow_missing``)."""

    def allow_missing(self, path: str) -> None:
        """Expect a 404 for ``path`` (e.g. ``/gibt-es-nicht/``; a URL of the test server
        works too): neither it nor the console message about it is a problem."""
        self.missing.add(urlsplit(path).path)

    def _expected(self, url: str, status: int | None = None) -> bool:
        path = urlsplit(url).path
        return path == FAVICON or (path in self.missing and status in (None, 404))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if message.text.startswith(_LOAD_FAILED) and self._expected(where):
            return
        no_server = any(code in message.text for code in _NO_SERVER)
        if message.text.startswith(_LOAD_FAILED) and no_server and where.endswith(_ICONS):
            return  # an icon fetched after the test's server stopped (see _ICONS)
        self.errors.append(f"{message.text} ({where})")

    def on_pageerror(self, error: Error) -> None:
        self.errors.append(f"uncaught {error.name}: {error.message}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400 and not self._expected(response.url, response.status):
            self.failed.append(f"{response.status} {response.status_text}: {response.url}")

    def on_requestfailed(self, request: Request) -> None:
        failure = request.failure or "failed"
        # Requests to other hosts are blocked on purpose and reported as such; a request
        # cancelled because the page went elsewhere (a click before it had loaded) did
        # not fail.
        late_icon = urlsplit(request.url).path.endswith(_ICONS) and failure in _NO_SERVER
        if (
            urlsplit(request.url).hostname == LOCAL_HOST
            and failure != _CANCELLED
            and not late_icon
            and not self._expected(request.url)
        ):
            self.failed.append(f"{failure}: {request.url}")

    def problems(self) -> list[str]:
        reported = {line.rsplit(": ", 1)[-1] for line in self.failed} | set(self.outside)
        errors = [  # a failed request is reported once, not again as its console message
            e
            for e in self.errors
            if not (e.startswith(_LOAD_FAILED) and e.rsplit(" (", 1)[-1][:-1] in reported)
        ]
        return (
            [f"console/page error: {e}" for e in errors]
            + [f"failed request: {f}" for f in self.failed]
            + [f"request to another host (blocked): {u}" for u in self.outside]
        )

    def take(self) -> list[str]:
        """The problems so far, which are then forgotten (e.g. to report them per page)."""
        problems = self.problems()
        self.errors.clear()
        self.outside.clear()
        self.failed.clear()
        return problems


class OpenPage:
    """``open_page(**context_options)``: a watched page in a new context (e.g.
    ``java_script_enabled=False``, ``viewport={"width": 320, "height": 640}``);
    ``open_page.allow_missing(path)``: expect a 404 for ``path``; ``open_page.watch``: what
    went wrong so far."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.watch = PageWatch()
        self.contexts: list[BrowserContext] = []

    def allow_missing(self, path: str) -> None:
        self.watch.allow_missing(path)

    def _route(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host == LOCAL_HOST:
            route.continue_()
        else:
            self.watch.outside.append(route.request.url)
            route.abort("blockedbyclient")

    def __call__(self, **options: Any) -> Page:
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.route(_ELSEWHERE, self._route)
        page = context.new_page()
        page.on("console", self.watch.on_console)
        page.on("pageerror", self.watch.on_pageerror)
        page.on("response", self.watch.on_response)
        page.on("requestfailed", self.watch.on_requestfailed)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """Open watched pages, each in a new browser context; the test fails at its end if a
    page logged a console error, threw an uncaught exception, had a request fail or tried
    to reach a host other than 127.0.0.1."""
    opener = OpenPage(browser)
    try:
        yield opener
    finally:
        opener.close()
    problems = opener.watch.problems()
    if problems:
        pytest.fail("the browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """A watched page with JavaScript, in a desktop-sized window."""
    return open_page(viewport={"width": 1280, "height": 900})


EXAMPLE_DAY = date(2026, 6, 1)
"""The day the example site of the browser tests is built as of."""


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example site, built once for all browser tests (which only read
    it), as of :data:`EXAMPLE_DAY`."""
    out = tmp_path_factory.mktemp("example") / "_site"
    result, problems = build_site(Path(__file__).resolve().parent.parent, out, today=EXAMPLE_DAY)
    assert result is not None, problems
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """:func:`site_dir` served on 127.0.0.1."""
    with serve(site_dir) as url:
        yield url


# --- The site checked ----------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    folder: Path
    """The built site."""
    url: str
    """Where it is served."""
    members: Path
    """The member files of the project (the catalogue picks profiles by what they hold)."""
    other: bool = False
    """Not the repository's example (``--layout-project``)."""


@pytest.fixture(scope="module")
def checked_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The site the layout and accessibility gates check: the repository's example, or the
    project of ``--layout-project=DIR`` (e.g. the 1,000-member bench corpus), built and
    served."""
    project = request.config.getoption("--layout-project")
    if project is None:
        yield Site(
            request.getfixturevalue("site_dir"), request.getfixturevalue("base_url"), REPO_MEMBERS
        )
        return
    root = Path(project).resolve()
    out = tmp_path_factory.mktemp("checked-project") / "_site"
    result, problems = build_site(root, out, today=EXAMPLE_DAY)
    assert result is not None, f"{root} does not build: {problems}"
    with serve(out) as url:
        yield Site(out, url, root / "content" / "members", other=True)
