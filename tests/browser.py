"""Real-browser testing: Debian's Chromium, driven by Playwright, on a site served locally.

- ``serve(folder)`` serves a built site on ``http://127.0.0.1:<port>`` (a context manager).
- ``browser`` (session fixture) is a headless Chromium, started once.
- ``open_page(**context_options)`` (fixture) opens a page in a fresh browser context and
  watches it: console errors, uncaught exceptions and any request to a host other than
  127.0.0.1 (blocked) fail the test at its end. ``page`` is ``open_page()``.

When Chromium or the ``playwright`` package is missing, the browser tests are skipped
with a loud reason, except under ``CI=true``, where that is a failure: CI must run them
(``.ci/run`` installs Chromium, ``pip install -e '.[test]'`` installs Playwright).

Never run ``playwright install``: Playwright's own browser builds cannot be downloaded
here; the tests use the system's Chromium.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Route

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
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
    """Serves files like ``python -m http.server``, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yields the base URL
    (``http://127.0.0.1:<port>``, no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
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


@dataclass
class PageWatch:
    """What went wrong in the pages of one test: the test fails if any list is non-empty."""

    errors: list[str] = field(default_factory=list)
    """Console messages of type error, and uncaught exceptions."""
    outside: list[str] = field(default_factory=list)
    """Requests to a host other than 127.0.0.1 (all blocked)."""

    def problems(self) -> list[str]:
        return [f"console/page error: {e}" for e in self.errors] + [
            f"request to another host (blocked): {u}" for u in self.outside
        ]


OpenPage = Callable[..., "Page"]
"""``open_page(**context_options)``: a watched page in a new context (e.g.
``java_script_enabled=False``, ``viewport={"width": 320, "height": 640}``)."""


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """Open watched pages, each in a new browser context; the test fails at its end if a
    page logged a console error, threw an uncaught exception or tried to reach a host
    other than 127.0.0.1."""
    watch = PageWatch()
    contexts: list[BrowserContext] = []

    def route(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host == LOCAL_HOST:
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort("blockedbyclient")

    def on_console(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        # Chromium asks for /favicon.ico by itself, at a moment of its choosing, and
        # logs a 404 for it; no page of the site asks for it.
        if message.type == "error" and urlsplit(where).path != "/favicon.ico":
            watch.errors.append(f"{message.text} ({where})")

    def on_pageerror(error: Error) -> None:
        watch.errors.append(f"uncaught {error.name}: {error.message}")

    def make(**options: Any) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", on_console)
        page.on("pageerror", on_pageerror)
        return page

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
    problems = watch.problems()
    if problems:
        pytest.fail("the browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """A watched page with JavaScript, in a desktop-sized window."""
    return open_page(viewport={"width": 1280, "height": 900})
