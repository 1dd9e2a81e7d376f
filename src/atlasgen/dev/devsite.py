"""The site of ``atlasgen serve``, built in memory: ``DevSite``.

``DevSite(root).rebuild()`` reads the project again through the build's own stages
(``content.stages.load_atlas``, ``site.plan.plan_site``) with what the last rebuild
computed kept in memory (a ``dev.cache.Memo``: member outcomes, views, nearest offers,
search tokens), and, when the content is valid and the templates compile, serves the new
plan; otherwise it keeps the last good one and reports the problems. ``get(path)`` gives
(status, content type, body): pages are rendered on request (``site.render.page_html``),
the search files and the open data when first asked for. HTML pages get the live-reload
script (``LIVE_JS``); apart from that, what is served is what ``atlasgen build`` writes.
"""

from __future__ import annotations

import html
import json
import mimetypes
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2

from ..common.i18n import t
from ..common.workers import paused_gc
from ..content.dates import build_date
from ..content.matching import NearestMemo
from ..content.problems import Problem, Severity, visible
from ..content.project import COMPETENCES_DIR, CONFIG_FILE
from ..content.stages import MemberMemo, load_atlas
from ..search.documents import TokenMemo
from ..site.branding import OgCard
from ..site.markup import Descriptions
from ..site.pages import Page, ViewMemo
from ..site.plan import plan_site
from ..site.render import card_png, page_html
from ..site.searchfiles import INDEX_DIR
from ..site.theme import Theme, load_theme
from ..site.urls import Urls
from .cache import Inputs, Memo, scan_inputs

__all__ = ["LIVE_JS", "LIVE_PATH", "DevSite", "Outcome"]

LIVE_PATH = "/_atlasgen/"
"""The dev server's own paths: ``live.js`` and ``events``."""
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
    pages: dict[str, tuple[dict[str, Any], Page]]
    files: dict[str, bytes]
    extras: list[tuple[str, Callable[[], dict[str, bytes]]]]
    build: int
    """The number of this build."""
    images: dict[str, OgCard] = field(default_factory=dict)
    """The sharing images by output path, drawn when asked for."""
    texts: Descriptions = field(default_factory=Descriptions)
    """The descriptions' HTML, rendered as the pages ask for it."""
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
                    html = page_html(self.theme, self.urls, common, page, self.texts)
                    self.rendered[rel] = html.encode("utf-8")
                return self.rendered[rel]
        if rel in self.images:
            with self.lock:
                if rel not in self.rendered:
                    self.rendered[rel] = card_png(self.images[rel])
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
        self.inputs: Inputs | None = None
        self.cache = Memo(MemberMemo(), NearestMemo(), TokenMemo(), views=ViewMemo())
        """What the last rebuild computed, in memory only (never saved)."""
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
            members = self.cache.members
            assert members is not None
            members.start(inputs)
            atlas, problems = load_atlas(self.root, strict=self.strict, members=members)
            members.known = members.kept()
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
                views = self.cache.views
                assert views is not None
                views.start(f"{inputs.digest(context)}:{day.isoformat()}")
                try:
                    plan = plan_site(
                        self.root,
                        atlas,
                        day,
                        views=views,
                        nearest=self.cache.nearest,
                        tokens=self.cache.tokens,
                    )
                except jinja2.TemplateError as exc:  # e.g. an undefined name in 404.html
                    problems.append(_template_problem(self.root, exc))
                    ok = False
                else:
                    by_path = {plan.urls.output_path(page.url): (c, page) for c, page in plan.pages}
                    self.build += 1
                    images = {card.path: card for card in plan.images}
                    self.site = _Site(
                        plan.theme, plan.urls, by_path, plan.files, plan.extras, self.build, images
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
        t("serve.template_error", error=exc.message or type(exc).__name__),
        t("serve.template_error_hint"),
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
