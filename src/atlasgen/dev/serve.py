"""``atlasgen serve``: the site on 127.0.0.1, rebuilt as files change, reloaded in the
browser.

* **Watching**: the content, ``atlas.yaml``, the internal data and the theme folders, with
  watchfiles (inotify, FSEvents …); a burst of changes (an editor saving several files)
  makes one rebuild.
* **Rebuilding** happens in memory and only as far as needed: member files whose bytes
  did not change are not read again, member views whose member and context did not change
  are kept, the nearest offers are kept while no place, competence or need changed. Pages
  are rendered when the browser asks for them (and then kept until the next change), the
  search index and the open data when they are first asked for. What is served is what
  ``atlasgen build`` writes, byte for byte, except for HTML pages: they get one
  ``<script>`` that loads ``/_atlasgen/live.js``. A build never contains it.
* **Reloading**: ``live.js`` listens to ``/_atlasgen/events`` (Server-Sent Events) and
  reloads the page after a rebuild.
* **Problems**: when a change breaks validation, the last good site stays served; the
  problems are printed in the terminal and shown over the page (file, line, column,
  field, message and hint), until a change fixes them.

Events (``text/event-stream``): ``hello`` on connecting, with the number of the build
served and the current problems; after each rebuild ``reload`` (``build``, ``seconds``,
``pages``) or ``problems`` (``build``, ``seconds``, ``problems``).
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

import jinja2

from ..common.workers import paused_gc
from ..content.problems import Problem, Severity, format_problems, visible
from ..content.project import COMPETENCES_DIR, CONFIG_FILE
from ..content.stages import Cached, load_atlas
from ..search.documents import INDEX_DIR, TokenMemo
from ..site.plan import ViewMemo, _Page, _plan_site, build_date, page_html
from ..site.theme import Theme, load_theme
from ..site.urls import Urls
from .cache import CACHE_DIR, BuildCache, Inputs, locations, scan_inputs

__all__ = ["LIVE_PATH", "DevSite", "ListenError", "serve"]

LIVE_PATH = "/_atlasgen/"
"""The dev server's own paths: ``live.js`` and ``events``."""
_KEEPALIVE_SECONDS = 15.0
_EXTRA_FOLDERS = (f"{INDEX_DIR}/", "api/")
"""Where the outputs made from the whole content are (besides the sitemap and feeds)."""

LIVE_JS = r"""// atlasgen serve: reload after a rebuild, show the problems of a failed one.
(() => {
  "use strict";
  const ID = "atlasgen-problems";
  // the build this page is from: a rebuild before the events connection opens reloads
  let served = Number(new URL(document.currentScript.src).searchParams.get("build")) || null;
  function clear() {
    const old = document.getElementById(ID);
    if (old) old.remove();
  }
  function show(problems) {
    clear();
    const box = document.createElement("section");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "atlasgen");
    box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;" +
      "z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff8f7;color:#1b1b1b;" +
      "border-bottom:4px solid #b3261e;font:15px/1.45 system-ui,sans-serif;" +
      "box-shadow:0 4px 16px rgba(0,0,0,.25)";
    const title = document.createElement("h2");
    title.style.cssText = "margin:0 0 .5rem;font-size:1.1rem;color:#b3261e";
    title.textContent = "atlasgen: " + problems.length + (problems.length === 1 ?
      " problem" : " problems") + " — the last good version of the site is shown";
    box.append(title);
    const list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.25rem";
    for (const p of problems) {
      const item = document.createElement("li");
      item.className = "atlasgen-problem";
      const where = document.createElement("code");
      where.textContent = p.where;
      where.style.cssText = "font-weight:600";
      item.append(where, " " + (p.field ? p.field + ": " : "") + p.message);
      if (p.hint) {
        const hint = document.createElement("div");
        hint.style.cssText = "color:#444";
        hint.textContent = "hint: " + p.hint;
        item.append(hint);
      }
      list.append(item);
    }
    box.append(list);
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "close");
    close.style.cssText = "position:absolute;top:.5rem;right:.75rem;font-size:1.4rem;" +
      "background:none;border:0;cursor:pointer;color:#1b1b1b";
    close.addEventListener("click", clear);
    box.append(close);
    (document.body || document.documentElement).append(box);
  }
  const events = new EventSource("/_atlasgen/events");
  events.addEventListener("hello", (event) => {
    const data = JSON.parse(event.data);
    if (served !== null && data.build !== served) {
      location.reload();  // rebuilt while we were disconnected
      return;
    }
    served = data.build;
    if (data.problems.length) show(data.problems); else clear();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problems", (event) => show(JSON.parse(event.data).problems));
})();
"""


class ListenError(Exception):
    """The server cannot listen where asked (the port is taken, the address unknown)."""


def _problem_json(p: Problem) -> dict[str, str]:
    return {
        "where": visible(f"{p.path}:{p.line}:{p.column}"),
        "field": visible(p.field),
        "message": visible(p.message),
        "hint": visible(p.hint),
    }


@dataclass
class _Site:
    """One good build, served: its outputs, rendered as asked for."""

    theme: Theme
    urls: Urls
    pages: dict[str, tuple[dict[str, Any], _Page]]
    files: dict[str, bytes]
    extras: list[tuple[str, Callable[[], dict[str, bytes]]]]
    build: int
    """The number of this build."""
    rendered: dict[str, bytes] = field(default_factory=dict)
    made: dict[str, bytes] | None = None
    """The extras' files, once asked for."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    making: threading.Lock = field(default_factory=threading.Lock)
    """Held while the extras are made (seconds at 10,000 members): pages go on meanwhile."""

    def output(self, rel: str) -> bytes | None:
        """The content of output path ``rel`` (``None``: no such output)."""
        if (found := self.files.get(rel)) is not None:
            return found
        if rel in self.pages:
            with self.lock:
                if rel not in self.rendered:
                    common, page = self.pages[rel]
                    html = page_html(self.theme, self.urls, common, page)
                    self.rendered[rel] = html.encode("utf-8")
                return self.rendered[rel]
        if not rel.startswith(_EXTRA_FOLDERS) and not rel.endswith(".xml"):
            return None  # not worth making the search index and the open data for
        with self.making:
            if self.made is None:
                made: dict[str, bytes] = {}
                for _, make in self.extras:
                    made.update(make())
                self.made = made
            return self.made.get(rel)


@dataclass(frozen=True)
class Outcome:
    """What a rebuild gave."""

    build: int
    """The number of the build served (the last good one)."""
    ok: bool
    seconds: float
    pages: int
    problems: list[Problem]


class DevSite:
    """The project at ``root``, built in memory and rebuilt on demand (``rebuild``)."""

    def __init__(self, root: Path, *, today: date | None = None, strict: bool = False) -> None:
        self.root = root.resolve()
        self.today = today
        self.strict = strict
        self.cache = BuildCache(self.root / CACHE_DIR)  # in memory only: never saved
        self.views = ViewMemo()
        self.tokens = TokenMemo()
        self.inputs: Inputs | None = None
        self.site: _Site | None = None
        self.build = 0
        self.changes = 0
        """Counts rebuilds, good or not: the events' clock."""
        self.last: Outcome | None = None
        self.changed = threading.Condition()
        self._rebuilding = threading.Lock()
        self._theme_checked = ""
        """The digest of the theme whose templates compiled."""

    def rebuild(self) -> Outcome:
        """Read the project again and, if it is valid, serve the new site."""
        # No garbage collection meanwhile: the server holds millions of long-lived objects
        # at 10,000 members, and each full collection would scan them all (1.5 s of a
        # rebuild went to it).
        with self._rebuilding, paused_gc():
            started = time.perf_counter()
            self.inputs = inputs = scan_inputs(self.root, self.inputs)
            self.cache.used_members.clear()
            self.cache.hits = 0
            atlas, problems = load_atlas(
                self.root, strict=self.strict, cached=Cached(self.cache, inputs)
            )
            self.cache.members = {k: self.cache.members[k] for k in self.cache.used_members}
            pages = 0
            ok = atlas is not None
            if atlas is not None:
                theme = inputs.digest(list(inputs.where.theme))
                if theme != self._theme_checked:  # templates compile: checked once per theme
                    found = _template_problems(self.root, load_theme(self.root, atlas.config.theme))
                    self._theme_checked = "" if found else theme
                    problems += found
                ok = not any(p.severity is Severity.ERROR for p in problems)
            if atlas is not None and ok:
                day = build_date(self.root, atlas, self.today)
                context = [self.root / CONFIG_FILE, self.root / COMPETENCES_DIR]
                context += inputs.where.theme
                self.views.start(f"{inputs.digest(context)}:{day.isoformat()}")
                try:
                    plan = _plan_site(self.root, atlas, day, self.views, self.tokens)
                except jinja2.TemplateError as exc:  # e.g. an undefined name in 404.html
                    problems.append(_template_problem(self.root, exc))
                    ok = False
                else:
                    by_path = {plan.urls.output_path(page.url): (c, page) for c, page in plan.pages}
                    self.build += 1
                    self.site = _Site(
                        plan.theme, plan.urls, by_path, plan.files, plan.extras, self.build
                    )
                    pages = len(by_path)
            outcome = Outcome(self.build, ok, time.perf_counter() - started, pages, problems)
            with self.changed:
                self.changes += 1
                self.last = outcome
                self.changed.notify_all()
            return outcome

    def wait(self, seen: int, stop: threading.Event, timeout: float) -> bool:
        """Wait until a rebuild after the ``seen``-th, ``stop`` or ``timeout`` seconds;
        True when there was a rebuild."""
        with self.changed:
            self.changed.wait_for(lambda: self.changes != seen or stop.is_set(), timeout=timeout)
            return self.changes != seen

    def event(self, hello: bool) -> tuple[str, str]:
        """The event that tells a browser about the last rebuild (or, ``hello``, the state
        it connects to)."""
        last = self.last
        errors = [
            _problem_json(p)
            for p in (last.problems if last else [])
            if p.severity is Severity.ERROR
        ]
        if hello or last is None:
            return "hello", json.dumps({"build": self.build, "problems": errors})
        data: dict[str, Any] = {"build": last.build, "seconds": round(last.seconds, 4)}
        if last.ok:
            return "reload", json.dumps({**data, "pages": last.pages})
        return "problems", json.dumps({**data, "problems": errors})

    def get(self, path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for the URL path ``path``."""
        site = self.site
        if site is None:
            body = (
                b"<!doctype html><html lang=en><meta charset=utf-8><title>atlasgen</title>"
                b"<body><p>The site has not been built yet: see the problems.</p></body></html>"
            )
            return HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", _inject(body, 0)
        base = site.urls.base_path
        rel = unquote(path)
        if not rel.startswith(base):
            return self._not_found(site)
        rel = rel[len(base) :]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        if ".." in rel.split("/") or "\\" in rel:
            return self._not_found(site)
        try:
            found = site.output(rel)
        except jinja2.TemplateError as exc:
            problem = _template_problem(self.root, exc)
            where = f"{problem.path}:{problem.line}"
            text = html.escape(f"{where}: {problem.message}")
            body = (
                "<!doctype html><html lang=en><meta charset=utf-8><title>atlasgen</title>"
                f"<body><h1>This page could not be rendered</h1><p><code>{text}</code></p>"
                "<p>Fix the template and save: the page reloads.</p></body></html>"
            ).encode()
            return (
                HTTPStatus.INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                _inject(body, site.build),
            )
        if found is None:
            if site.output(rel + "/index.html") is not None:
                return HTTPStatus.MOVED_PERMANENTLY, path + "/", b""
            return self._not_found(site)
        body = found
        kind = _content_type(rel)
        if kind.startswith("text/html"):
            body = _inject(body, site.build)
        return HTTPStatus.OK, kind, body

    @staticmethod
    def _not_found(site: _Site) -> tuple[int, str, bytes]:
        body = site.output("404.html") or b"not found"
        return HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", _inject(body, site.build)


def _template_problems(root: Path, theme: Theme) -> list[Problem]:
    """Templates of ``theme`` that do not compile, as located problems."""
    problems = []
    for name in theme.env.list_templates(filter_func=lambda n: n.endswith(".html")):
        try:
            theme.env.get_template(name)
        except jinja2.TemplateError as exc:
            problems.append(_template_problem(root, exc))
    return problems


def _template_problem(root: Path, exc: jinja2.TemplateError) -> Problem:
    """``exc`` located in its template: the file and line Jinja reports, or else the last
    template line in the traceback (Jinja writes template lines into it)."""
    filename: str | None = getattr(exc, "filename", None)
    line: int | None = getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".txt")):
                filename, line = frame.filename, frame.lineno
                break
    shown = filename or "theme"
    if filename is not None:
        try:
            shown = Path(filename).resolve().relative_to(root).as_posix()
        except ValueError:
            shown = Path(filename).as_posix()  # the default theme, outside the project
    return Problem(
        shown,
        line or 1,
        1,
        "",
        f"template error: {exc.message or type(exc).__name__}",
        "fix the template and save; meanwhile the last good site is shown",
    )


def _inject(body: bytes, build: int) -> bytes:
    """``body`` with the live-reload script before its last ``</body>``; ``build``: the
    number of the build the page is from."""
    script = f'<script src="{LIVE_PATH}live.js?build={build}"></script>'.encode()
    at = body.rfind(b"</body>")
    return body[:at] + script + body[at:] if at >= 0 else body + script


def _content_type(rel: str) -> str:
    kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
    if rel.endswith(".json"):
        kind = "application/json"
    elif rel.endswith(".webmanifest"):
        kind = "application/manifest+json"
    if (
        kind.startswith("text/")
        or kind in ("application/json", "image/svg+xml")
        or kind.endswith("xml")
    ):
        kind += "; charset=utf-8"
    return kind


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: DevSite
    stopping: threading.Event


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the terminal is for rebuilds and problems

    def _send(self, status: int, kind: str, body: bytes, *, head: bool = False) -> None:
        self.send_response(status)
        if status == HTTPStatus.MOVED_PERMANENTLY:
            self.send_header("Location", kind)
            kind = "text/plain; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._get(head=True)

    def do_GET(self) -> None:
        self._get(head=False)

    def _get(self, *, head: bool) -> None:
        path = urlsplit(self.path).path
        if path == LIVE_PATH + "events":
            self._events(head=head)
        elif path == LIVE_PATH + "live.js":
            body = LIVE_JS.encode("utf-8")
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", body, head=head)
        else:
            status, kind, body = self.server.site.get(path)
            query = urlsplit(self.path).query
            if status == HTTPStatus.MOVED_PERMANENTLY and query:
                kind += "?" + query  # the redirect's target
            self._send(status, kind, body, head=head)

    def _events(self, *, head: bool) -> None:
        site = self.server.site
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        with site.changed:
            seen = site.changes
        kind, data = site.event(hello=True)
        try:
            self.wfile.write(f"event: {kind}\ndata: {data}\n\n".encode())
            self.wfile.flush()
            while not self.server.stopping.is_set():
                news = site.wait(seen, self.server.stopping, _KEEPALIVE_SECONDS)
                seen = site.changes if news else seen
                if news:
                    kind, data = site.event(hello=False)
                    message = f"event: {kind}\ndata: {data}\n\n"
                else:
                    message = ": keep-alive\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class _Either:
    """Set when either event is (a watch's own stop, or the server's)."""

    def __init__(self, one: threading.Event, other: threading.Event) -> None:
        self.one, self.other = one, other

    def is_set(self) -> bool:
        return self.one.is_set() or self.other.is_set()


class _Watching:
    """Watch the project and rebuild on changes: its folders (content, internal data,
    theme) recursively, the project folder itself on its own level only (``atlas.yaml``,
    and folders that appear: a new internal folder). When the folders to watch change
    (created, or renamed in ``atlas.yaml``), the recursive watch starts again on them."""

    def __init__(self, site: DevSite, out: TextIO, stopping: threading.Event) -> None:
        self.site, self.out, self.stopping = site, out, stopping
        self.folders: list[Path] = []
        self.names: set[str] = set()
        self.stop_folders = threading.Event()
        self.lock = threading.Lock()

    def start(self) -> None:
        self._refresh()
        threading.Thread(target=self._top_level, daemon=True).start()

    def _locations(self) -> tuple[list[Path], set[str]]:
        root = self.site.root
        where = locations(root)
        found = where.content + where.theme
        return sorted({p for p in found if p.is_dir()}), {p.name for p in found if p.parent == root}

    def _refresh(self) -> None:
        with self.lock:
            folders, self.names = self._locations()
            if folders == self.folders:
                return
            self.stop_folders.set()
            self.folders, self.stop_folders = folders, threading.Event()
            stop = _Either(self.stop_folders, self.stopping)
            threading.Thread(target=self._recursive, args=(folders, stop), daemon=True).start()

    def _recursive(self, folders: list[Path], stop: _Either) -> None:
        from watchfiles import DefaultFilter, watch

        if not folders:
            return
        for _changes in watch(
            *folders, watch_filter=DefaultFilter(), stop_event=stop, debounce=1600, step=30
        ):
            self._rebuild()

    def _top_level(self) -> None:
        from watchfiles import watch

        def relevant(_change: Any, path: str) -> bool:
            return Path(path).name in self.names

        for _changes in watch(
            self.site.root,
            watch_filter=relevant,
            recursive=False,
            stop_event=self.stopping,
            debounce=1600,
            step=30,
        ):
            self._refresh()
            self._rebuild()

    def _rebuild(self) -> None:
        try:
            _report(self.site.rebuild(), self.out)
        except Exception as exc:  # a bug, never the content: keep serving and watching
            if os.environ.get("ATLASGEN_DEBUG"):
                traceback.print_exc()
            print(
                f"atlasgen serve: the rebuild failed: {type(exc).__name__}: {exc}\n"
                "This is a bug in atlasgen; still serving the last good site. "
                "Set ATLASGEN_DEBUG=1 for details.",
                file=self.out,
                flush=True,
            )


def _report(outcome: Outcome, stream: TextIO) -> None:
    if outcome.ok:
        warnings = sum(1 for p in outcome.problems if p.severity is Severity.WARNING)
        said = f", {warnings} warnings (atlasgen validate lists them)" if warnings else ""
        print(
            f"rebuilt in {outcome.seconds:.2f} s: {outcome.pages} pages (build {outcome.build})"
            f"{said}",
            file=stream,
            flush=True,
        )
    else:
        errors = [p for p in outcome.problems if p.severity is Severity.ERROR]
        print(format_problems(errors, "text"), file=stream)
        what = "the last good site" if outcome.build else "a page with the problems"
        print(f"still serving {what}; fix the problems above and save", file=stream, flush=True)


def serve(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    today: date | None = None,
    strict: bool = False,
    stream: TextIO | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the project at ``root`` until interrupted (Ctrl+C)."""
    out = stream if stream is not None else sys.stdout
    try:  # first: a taken port is said at once, not after the first build
        server = _Server((host, port), _Handler)
    except OSError as exc:
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    site = DevSite(root, today=today, strict=strict)
    try:
        _report(site.rebuild(), out)
    except BaseException:
        server.server_close()
        raise
    server.site = site
    server.stopping = threading.Event()
    url = (
        f"http://{host}:{server.server_address[1]}{site.site.urls.base_path if site.site else '/'}"
    )
    _Watching(site, out, server.stopping).start()
    print(f"serving {url} (Ctrl+C to stop)", file=out, flush=True)
    if ready is not None:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.stopping.set()
        with site.changed:
            site.changed.notify_all()
        server.server_close()
