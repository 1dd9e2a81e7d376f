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

import os
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from ..common.i18n import t
from ..content.problems import Severity, format_problems, warning_count
from .cache import locations
from .devsite import LIVE_JS, LIVE_PATH, DevSite, Outcome

__all__ = ["ListenError", "serve"]

_KEEPALIVE_SECONDS = 15.0


class ListenError(Exception):
    """The server cannot listen where asked (the port is taken, the address unknown)."""


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
            error = f"{type(exc).__name__}: {exc}"
            print(t("serve.rebuild_failed", error=error), file=self.out, flush=True)


def _report(outcome: Outcome, stream: TextIO) -> None:
    if outcome.ok:
        warnings = sum(1 for p in outcome.problems if p.severity is Severity.WARNING)
        line = t(
            "serve.rebuilt",
            seconds=f"{outcome.seconds:.2f}",
            pages=t("commands.pages", n=outcome.pages),
            build=outcome.build,
        )
        if warnings:
            line += t("serve.rebuilt_warnings", warnings=warning_count(warnings))
        print(line, file=stream, flush=True)
    else:
        errors = [p for p in outcome.problems if p.severity is Severity.ERROR]
        print(format_problems(errors, "text"), file=stream)
        what = "serve.still_last_good" if outcome.build else "serve.still_problems"
        print(t(what), file=stream, flush=True)


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
        error = exc.strerror or exc
        raise ListenError(t("serve.cannot_listen", host=host, port=port, error=error)) from None
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
    print(t("serve.serving", url=url), file=out, flush=True)
    if ready is not None:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.stopping.set()
        with site.changed:
            site.changed.notify_all()
        server.server_close()
