"""Search benchmark: relevance, download size and latency of site search engines in a
real headless browser, on the same built atlas.

    python bench/search.py                      # example content + corpus-1000 + corpus-10000
    python bench/search.py --engines atlasgen   # one engine (default: pagefind,atlasgen)
    python bench/search.py --corpora ""         # example content only (1-2 minutes)
    python bench/search.py --site /tmp/site --corpus-site 1000=/tmp/site-1000 --limit 10
    python bench/search.py --repeat 3 --verbose   # median of 3 cold runs; list the misses

Needs, besides atlasgen: ``pip install 'pagefind[extended]' playwright`` (never
``playwright install``: the browser is Debian's ``/usr/bin/chromium``), and ``node``
for the Node figures of atlasgen's search (skipped with a note without it). Nothing is
fetched from the internet: the built site is served by a local ``http.server`` on
127.0.0.1, the browser context aborts every request to anywhere else, and the
browser's host resolver knows no other host.

**Sites.** The example content (``--project``, default this repository) is built with
``python -m atlasgen build`` into a work folder (``--site`` takes a built one instead),
and so are the synthetic corpora ``bench/corpus-N`` (``--corpora 1000,10000``; made by
bench/gen_corpus.py, see bench/corpora.sh; a missing one is skipped with a note).
Every engine indexes the same folder (``Engine.prepare``); each writes its own files.

**Per query** the harness opens a new browser context (so a cold HTTP cache) and a
page in it, loads an empty page of the site there (so that the renderer process is up,
as for a visitor coming from another page of the site; without this the times include
starting it and vary twice as much) and hands the page to ``Engine.run``, which
navigates to its search page with
the query and returns, for the moment the first TOP_K results are shown (their
titles/URLs loaded):

* the time from navigation start (``performance.now()`` in the page),
* the files the server sent until then (bytes of the bodies, HTTP headers not
  counted, a harness page of this script not counted, a real search page of the site
  counted): *raw* as served (http.server does not compress) and *gzip*, each body
  compressed with gzip level 6, or raw where that is not smaller (Pagefind's index
  files are gzip already),
* the member slugs of the results, best first (TOP_K of them timed, more looked up
  afterwards for the MRR),
* the time of a *warm* second query in the same page: the next query of the same
  language in the list, everything loaded by the first one still there.

**Relevance** (bench/queries.yaml, its header defines the format): recall@5 =
``|top 5 ∩ R| / min(5, |R|)`` with R the expected members, MRR = mean of 1 / rank of
the first member of R among the first MRR_K results (0 if none). The corpora have no
expectations: there only size and latency count, over CORPUS_QUERIES (words drawn
from the vocabulary of bench/gen_corpus.py).

**Engines.** ``pagefind`` (:class:`PagefindEngine`: Pagefind over the member profiles,
queried from a harness page of this script, which is not counted) and ``atlasgen``
(:class:`AtlasgenEngine`: the site's own search page ``/suche/`` or ``/en/search/``
with ``?q=``, exactly as a visitor gets it, every file counted, the page's HTML and
CSS too; its figures without them are shown as "search files only", comparable with
Pagefind's). ``--engines pagefind,atlasgen`` (the default) measures both on the same
sites in the same run, one after the other per site, with the same warm-up and
repeats; the table has a column per engine. Adding an engine: a class with ``name``,
``version()``, ``prepare(site_dir) -> IndexInfo`` and ``run(page, server, case) ->
QueryResult`` (see :class:`Engine`), added to ``ENGINES``. ``server.log`` records
every response; ``collect`` turns the records since a ``mark()`` into byte counts.

**atlasgen under Node** (bench/search_node.mjs, for the targets "from page load to
first result at most 300 ms in Node (read from disk, parse, load, query), p95 query
time at most 30 ms"): the site's own lunr scripts and search-core.js run under Node on
the same site folder and queries, reading manifest, shards and result cards from disk
(``ShardedSearch.find``, the ranking search.js shows).
*Load to first result*: one fresh Node process per query (median of ``--repeat``),
from before the lunr scripts are run to the cards of the first results read (process
start not counted). *First result, fresh state*: in one process whose scripts are
loaded and JIT warm, each query with a new ShardedSearch. *Query time*: the same
query again with its shards loaded, NODE_REPEAT times per query; median and p95 over
all of them. ``--no-node`` skips this.

Output: a table on stdout and a JSON file (``--json``, default
bench/results/search-<UTC time>.json) with the date, the machine, the versions and
every figure per engine, down to each query's files.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Protocol
from urllib.parse import urlencode, urlsplit

from check_queries import (
    DEFAULT_QUERIES,
    KINDS,
    REPO,
    TOP_K,
    Query,
    QueryFileError,
    check,
    load_queries,
    member_listing,
)
from playwright.sync_api import Browser, BrowserContext, Error, Page, Route, sync_playwright

RESULTS = REPO / "bench" / "results"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # no name resolves but the loopback address: nothing can leave the machine
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)
MRR_K = 10
"""Results whose slugs are looked up (after the timing) for the reciprocal rank."""
NODE_SCRIPT = REPO / "bench" / "search_node.mjs"
NODE_REPEAT = 20
"""Node: searches of each query again with its shards loaded (the query times)."""
NODE_LOAD_TARGET_MS = 300.0
NODE_QUERY_P95_TARGET_MS = 30.0

CORPUS_QUERIES: tuple[tuple[str, str], ...] = (
    # (query, lang): words of bench/gen_corpus.py's pools and of the taxonomy, frequent
    # ("Softwareentwicklung": in half the members) to rare ("Makerspace": 0.3 %)
    ("Softwareentwicklung", "de"),
    ("Datenschutz", "de"),
    ("Informationssicherheit", "de"),
    ("Künstliche Intelligenz", "de"),
    ("Robotik", "de"),
    ("Fachinformatiker", "de"),
    ("Wirtschaftsinformatik", "de"),
    ("Maschinenbau", "de"),
    ("Weinbau", "de"),
    ("Glasfaser", "de"),
    ("Onlineshop", "de"),
    ("Medizintechnik", "de"),
    ("ISO 27001", "de"),
    ("Hohenlohe", "de"),
    ("Taubertal", "de"),
    ("Crailsheim", "de"),
    ("Makerspace", "de"),
    ("software development", "en"),
    ("data protection", "en"),
    ("cloud migration", "en"),
)

# ------------------------------------------------------------------ serving and counting


@dataclass(frozen=True)
class Fetch:
    """One response of the local server."""

    path: str
    """URL path and query string."""
    status: int
    bytes_raw: int
    bytes_gzip: int
    """gzip level 6 of the body, or bytes_raw where that is not smaller."""


class NetLog:
    """Every response of the server, in the order they were sent (thread-safe).

    The request threads only note lengths (and each new body once); the gzip sizes are
    computed in :meth:`since`, after the measurement, so they cost the server no time.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[tuple[str, int, int]] = []
        self._pending: dict[tuple[str, int], bytes] = {}
        self._gzip: dict[tuple[str, int], int] = {}

    def record(self, path: str, status: int, body: bytes) -> None:
        key = (urlsplit(path).path, len(body))
        with self._lock:
            self._entries.append((path, status, len(body)))
            if key not in self._gzip:
                self._pending.setdefault(key, body)

    def mark(self) -> int:
        """A position in the log, for :meth:`since`."""
        with self._lock:
            return len(self._entries)

    def since(self, mark: int) -> list[Fetch]:
        """The responses sent after ``mark``."""
        with self._lock:
            entries = self._entries[mark:]
            pending, self._pending = self._pending, {}
        for key, body in pending.items():
            packed = min(len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))
            with self._lock:
                self._gzip[key] = packed
        return [
            Fetch(path, status, raw, self._gzip[(urlsplit(path).path, raw)])
            for path, status, raw in entries
        ]


def _handler_class(root: Path, log: NetLog) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:
            source = self.send_head()
            if source is None:
                return
            with source:
                body = source.read()
            # recorded before it is sent: once the browser has the bytes, the log has them
            log.record(self.path, 200, body)
            self.wfile.write(body)

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            log.record(self.path, code, b"")
            try:
                super().send_error(code, message, explain)
            except ConnectionError:
                # the browser context was closed meanwhile (a late /favicon.ico: the
                # site's pages name no icon, the harness pages a data: URL)
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


BLANK_PAGE = "_bench/blank.html"
"""An empty page of the site's origin, opened in every fresh page before ``Engine.run``."""


class SiteServer:
    """A built site served on 127.0.0.1 (a free port) from a thread, logging responses."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log = NetLog()
        self._httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), _handler_class(root, self.log)
        )
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def __enter__(self) -> SiteServer:
        blank = self.root / BLANK_PAGE
        blank.parent.mkdir(parents=True, exist_ok=True)
        blank.write_text(
            '<!doctype html><html><head><meta charset="utf-8"><title>blank</title>'
            '<link rel="icon" href="data:,"></head><body></body></html>\n',
            encoding="utf-8",
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


# ---------------------------------------------------------------------- engine interface


@dataclass(frozen=True)
class SearchCase:
    """What the harness asks an engine to do in one fresh page."""

    text: str
    lang: str
    """The site language searched from ("de": the pages at /, "en": those under /en/)."""
    warm_text: str
    """A different query to run in the same page after the first one."""


@dataclass(frozen=True)
class QueryResult:
    """What an engine's ``run`` measured for one :class:`SearchCase`."""

    slugs: tuple[str, ...]
    """Member slugs of the results, best first: at least the TOP_K shown (fewer only if
    there are fewer results), up to MRR_K. A result that is no member page appears as
    its URL."""
    total: int | None
    """How many results the engine found (None if it does not say)."""
    first_result_ms: float
    """From navigation start until the first TOP_K results were shown."""
    bytes_raw: int
    """Bodies sent by the server until then (without the engine's harness page)."""
    bytes_gzip: int
    requests: int
    warm_ms: float
    """The warm second query, from its start until its first TOP_K results were shown."""
    warm_bytes_raw: int
    files: tuple[Fetch, ...] = ()
    """The responses counted in bytes_raw (for the JSON)."""
    page_bytes_raw: int = 0
    """Of bytes_raw: the search page's own files, not the search's (its HTML and CSS,
    what the page loads without search); 0 where the engine's page is not counted."""
    page_bytes_gzip: int = 0


def collect(fetches: Sequence[Fetch]) -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, requests) of some responses."""
    return (
        sum(f.bytes_raw for f in fetches),
        sum(f.bytes_gzip for f in fetches),
        len(fetches),
    )


@dataclass(frozen=True)
class IndexInfo:
    """What an engine's ``prepare`` built."""

    seconds: float | None
    """Wall time of building the index (process start included); None if the index is
    built as part of the site build (then not separately timed)."""
    files: int
    bytes: int
    pages: int | None = None
    """Pages (documents) in the index, if the engine says."""
    command: tuple[str, ...] = ()


class Engine(Protocol):
    """A site search engine under test (:class:`PagefindEngine`, :class:`AtlasgenEngine`)."""

    name: str

    def version(self) -> str: ...

    def prepare(self, site_dir: Path) -> IndexInfo:
        """Build the index (and the engine's harness page, if any) into ``site_dir``."""
        ...

    def run(self, page: Page, server: SiteServer, case: SearchCase) -> QueryResult:
        """Search in ``page`` (fresh context: cold cache) on the site ``server`` serves."""
        ...


_MEMBER_URL = re.compile(r"^/(?:en/members|mitglieder)/([a-z0-9-]+)/(?:index\.html)?$")


def slug_of(url: str) -> str:
    """The member slug of a profile URL (German or English), else the URL itself."""
    match = _MEMBER_URL.match(urlsplit(url).path)
    return match.group(1) if match else url


def _folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _strings(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{what}: expected a list of strings, got {value!r}")
    return list(value)


def _number(value: object, what: str) -> float:
    if not isinstance(value, int | float):
        raise TypeError(f"{what}: expected a number, got {value!r}")
    return float(value)


PAGEFIND_PAGE = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Pagefind benchmark</title><link rel="icon" href="data:,">
</head>
<body>
<script type="module">
// Written by bench/search.py. ?q=...&lang=de|en: Pagefind picks the index of <html lang>.
const params = new URLSearchParams(location.search);
document.documentElement.lang = params.get("lang") || "de";
const TOP = %(top)d;
async function find(pagefind, q) {
  const search = await pagefind.search(q);
  const results = search ? search.results : [];
  const data = await Promise.all(results.slice(0, TOP).map((r) => r.data()));
  return { results, urls: data.map((d) => d.url), total: results.length };
}
window.benchCold = (async () => {
  const pagefind = await import("/%(bundle)s/pagefind.js");
  const found = await find(pagefind, params.get("q"));
  const ms = performance.now();
  window.benchState = { pagefind, results: found.results };
  return { urls: found.urls, total: found.total, ms };
})();
window.benchWarm = async (q) => {
  const t0 = performance.now();
  const found = await find(window.benchState.pagefind, q);
  return { urls: found.urls, total: found.total, ms: performance.now() - t0 };
};
window.benchMore = async (n) => {
  const more = window.benchState.results.slice(TOP, n);
  return (await Promise.all(more.map((r) => r.data()))).map((d) => d.url);
};
</script>
</body>
</html>
"""


class PagefindEngine:
    """Pagefind (PyPI ``pagefind[extended]``) over the member profile pages only.

    Indexed: ``mitglieder/*/index.html`` and ``en/members/*/index.html`` with root
    ``article.profile`` (the directory pages in those folders have no such element and
    are skipped), without the location map and the profile footer (boilerplate on every
    profile: what ``data-pagefind-ignore`` in the template would do). One index per
    language, as Pagefind does by ``<html lang>``; the harness page sets its ``lang``
    to the query's.
    """

    name = "pagefind"
    bundle = "pagefind"
    page_path = "_bench/pagefind.html"
    glob = "{mitglieder,en/members}/*/index.html"
    root_selector = "article.profile"
    exclude_selectors = ("figure.map", ".profile-footer")

    def version(self) -> str:
        return importlib.metadata.version("pagefind")

    def prepare(self, site_dir: Path) -> IndexInfo:
        bundle = site_dir / self.bundle
        if (bundle / "pagefind-entry.json").is_file():
            shutil.rmtree(bundle)
        command = [
            sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir",
            self.bundle, "--glob", self.glob, "--root-selector", self.root_selector, "--quiet",
        ]  # fmt: skip
        for selector in self.exclude_selectors:
            command += ["--exclude-selectors", selector]
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit(f"pagefind failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        entry: Any = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = sum(int(lang["page_count"]) for lang in entry["languages"].values())
        files, size = _folder_size(bundle)
        page = site_dir / self.page_path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGEFIND_PAGE % {"top": TOP_K, "bundle": self.bundle}, encoding="utf-8")
        return IndexInfo(seconds, files, size, pages, tuple(command))

    def run(self, page: Page, server: SiteServer, case: SearchCase) -> QueryResult:
        start = server.log.mark()
        page.goto(server.url(self.page_path) + "?" + urlencode({"q": case.text, "lang": case.lang}))
        cold: Any = page.evaluate("() => window.benchCold")
        harness = "/" + self.page_path
        fetched = [f for f in server.log.since(start) if not f.path.startswith(harness)]
        warm_start = server.log.mark()
        warm: Any = page.evaluate("(q) => window.benchWarm(q)", case.warm_text)
        warm_raw, _, _ = collect(server.log.since(warm_start))
        more: Any = page.evaluate("(n) => window.benchMore(n)", MRR_K)
        urls = _strings(cold["urls"], "urls") + _strings(more, "more urls")
        raw, packed, requests = collect(fetched)
        return QueryResult(
            slugs=tuple(slug_of(u) for u in urls),
            total=int(_number(cold["total"], "total")),
            first_result_ms=_number(cold["ms"], "ms"),
            bytes_raw=raw,
            bytes_gzip=packed,
            requests=requests,
            warm_ms=_number(warm["ms"], "warm ms"),
            warm_bytes_raw=warm_raw,
            files=tuple(fetched),
        )


ATLASGEN_WATCH = """
// Written by bench/search.py, run before the search page's scripts: notes the moments
// (performance.now()) at which the page shows results, i.e. adds li.result items to
// #search-results, or sets #search-status (no results, or an error) – search.js fills
// the list first, then the status. benchNext(since) resolves with the first such moment
// at or after `since`.
(() => {
  const shown = [];
  let waiting = [];
  const settle = () => {
    waiting = waiting.filter(({ since, resolve }) => {
      const hit = shown.find((event) => event.t >= since);
      if (hit) resolve(hit);
      return !hit;
    });
  };
  window.benchShown = shown;
  window.benchNext = (since) => new Promise((resolve) => {
    waiting.push({ since, resolve });
    settle();
  });
  new MutationObserver((records) => {
    const t = performance.now();
    for (const record of records) {
      const node = record.target;
      const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      if (!element) continue;
      if (element.id === "search-results" && Array.from(record.addedNodes).some(
        (added) => added.nodeType === Node.ELEMENT_NODE && added.matches("li.result"))) {
        shown.push({ t, what: "results" });
        break;
      }
      if (element.id === "search-status" && element.textContent) {
        shown.push({ t, what: "status" });
        break;
      }
    }
    settle();
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();
"""

ATLASGEN_SHOWN = """() => {
  const status = document.getElementById("search-status");
  const links = document.querySelectorAll("#search-results li.result a.result-link");
  return {
    status: status.textContent,
    error: status.dataset.error,
    none: status.dataset.none,
    urls: Array.from(links, (link) => link.getAttribute("href")),
  };
}"""

ATLASGEN_WARM = """async (q) => {
  // as a visitor who types the next query and presses Enter: the form's submit runs the
  // search at once (typing alone would wait for search.js's 150 ms debounce first)
  const form = document.getElementById("search");
  const input = document.getElementById("search-input");
  const t0 = performance.now();
  input.value = q;
  form.requestSubmit();
  const shown = await window.benchNext(t0);
  return { ms: shown.t - t0, what: shown.what };
}"""


class AtlasgenEngine:
    """atlasgen's own search, as the built site has it (``atlasgen build`` writes it).

    ``prepare`` builds nothing (the site build did; its index is not timed on its own)
    and measures ``search-index/``. ``run`` opens the real search page of the query's
    language with ``?q=``: search.js runs the query on load (lunr scripts, search.js,
    search-core.js, the manifest, the shards the query needs, the result cards of the
    shown results). The moment of the first result is noted in the page by a
    MutationObserver (:data:`ATLASGEN_WATCH`, an init script): when search.js adds the
    result items (all of the first 20 at once) or, with no results, sets the status.
    Counted: every file the server sent from navigation until then, the page's HTML and
    CSS too (``page_bytes_*`` says how much of it that is). Slugs: the result links in
    order. Warm query: the next query typed into the search field and submitted
    (:data:`ATLASGEN_WARM`), until its results are shown – as Pagefind's warm query,
    search plus the data of the shown results, with what the first query loaded kept.
    """

    name = "atlasgen"
    index_dir = "search-index"
    search_pages: ClassVar[dict[str, str]] = {"de": "suche/", "en": "en/search/"}

    def version(self) -> str:
        return importlib.metadata.version("atlasgen")

    def prepare(self, site_dir: Path) -> IndexInfo:
        folder = site_dir / self.index_dir
        manifest: Any = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for path in self.search_pages.values():
            if not (site_dir / path / "index.html").is_file():
                sys.exit(f"{site_dir}: no search page {path}index.html (not atlasgen's build?)")
        documents = sum(
            len(json.loads((folder / name).read_text(encoding="utf-8")))
            for name in manifest["cards"]["de"]
        )
        files, size = _folder_size(folder)
        return IndexInfo(None, files, size, documents)

    @staticmethod
    def is_page_file(fetch: Fetch) -> bool:
        """Whether a response is the page's own (HTML, CSS), not the search's (JS, JSON)."""
        path = urlsplit(fetch.path).path
        return not (path.endswith(".js") or path.startswith(f"/{AtlasgenEngine.index_dir}/"))

    def run(self, page: Page, server: SiteServer, case: SearchCase) -> QueryResult:
        page.add_init_script(ATLASGEN_WATCH)
        start = server.log.mark()
        page.goto(server.url(self.search_pages[case.lang]) + "?" + urlencode({"q": case.text}))
        cold: Any = page.evaluate("() => window.benchNext(0)")
        fetched = server.log.since(start)
        page.wait_for_function("() => document.getElementById('search-status').textContent")
        shown: Any = page.evaluate(ATLASGEN_SHOWN)
        status = str(shown["status"])
        if status == shown["error"]:
            raise RuntimeError(f"the search page says: {status}")
        urls = _strings(shown["urls"], "urls")
        count = re.search(r"\d+", status)
        total = int(count.group()) if count else (0 if status == shown["none"] else len(urls))
        warm_start = server.log.mark()
        warm: Any = page.evaluate(ATLASGEN_WARM, case.warm_text)
        warm_raw, _, _ = collect(server.log.since(warm_start))
        raw, packed, requests = collect(fetched)
        page_raw, page_packed, _ = collect([f for f in fetched if self.is_page_file(f)])
        return QueryResult(
            slugs=tuple(slug_of(u) for u in urls[:MRR_K]),
            total=total,
            first_result_ms=_number(cold["t"], "ms"),
            bytes_raw=raw,
            bytes_gzip=packed,
            requests=requests,
            warm_ms=_number(warm["ms"], "warm ms"),
            warm_bytes_raw=warm_raw,
            files=tuple(fetched),
            page_bytes_raw=page_raw,
            page_bytes_gzip=page_packed,
        )


ENGINES: dict[str, Callable[[], Engine]] = {
    "pagefind": PagefindEngine,
    "atlasgen": AtlasgenEngine,
}

# ------------------------------------------------------------------------------- metrics


def recall_at_k(query: Query, slugs: Sequence[str]) -> float:
    relevant = query.relevant
    return len(relevant & set(slugs[:TOP_K])) / min(TOP_K, len(relevant))


def reciprocal_rank(query: Query, slugs: Sequence[str]) -> float:
    for rank, slug in enumerate(slugs[:MRR_K], start=1):
        if slug in query.relevant:
            return 1 / rank
    return 0.0


def spread(values: Sequence[float]) -> dict[str, float]:
    """Median, 90th percentile, min and max."""
    ordered = sorted(values)
    many = len(ordered) > 1
    return {
        "median": statistics.median(ordered),
        "p90": statistics.quantiles(ordered, n=10, method="inclusive")[8] if many else ordered[0],
        "min": ordered[0],
        "max": ordered[-1],
    }


def summarize(results: Sequence[QueryResult]) -> dict[str, Any]:
    return {
        "bytes_raw": spread([r.bytes_raw for r in results]),
        "bytes_gzip": spread([r.bytes_gzip for r in results]),
        "search_bytes_raw": spread([r.bytes_raw - r.page_bytes_raw for r in results]),
        "search_bytes_gzip": spread([r.bytes_gzip - r.page_bytes_gzip for r in results]),
        "requests": spread([r.requests for r in results]),
        "first_result_ms": spread([r.first_result_ms for r in results]),
        "warm_ms": spread([r.warm_ms for r in results]),
        "warm_bytes_raw": spread([r.warm_bytes_raw for r in results]),
        "no_results": sum(1 for r in results if not r.slugs),
    }


def relevance(queries: Sequence[Query], results: Sequence[QueryResult]) -> dict[str, Any]:
    pairs = list(zip(queries, results, strict=True))
    by_kind: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        of_kind = [(q, r) for q, r in pairs if q.kind == kind]
        if of_kind:
            by_kind[kind] = {
                "queries": len(of_kind),
                "recall_at_5": statistics.fmean(recall_at_k(q, r.slugs) for q, r in of_kind),
                "mrr": statistics.fmean(reciprocal_rank(q, r.slugs) for q, r in of_kind),
            }
    return {
        "recall_at_5": statistics.fmean(recall_at_k(q, r.slugs) for q, r in pairs),
        "mrr": statistics.fmean(reciprocal_rank(q, r.slugs) for q, r in pairs),
        "perfect": sum(1 for q, r in pairs if recall_at_k(q, r.slugs) == 1),
        "zero": sum(1 for q, r in pairs if recall_at_k(q, r.slugs) == 0),
        "by_kind": by_kind,
    }


# ------------------------------------------------------------------------ running things


def warm_partners(cases: Sequence[tuple[str, str]]) -> list[SearchCase]:
    """Each (text, lang) with the next query of the same language as its warm query."""
    out: list[SearchCase] = []
    for i, (text, lang) in enumerate(cases):
        others = [*cases[i + 1 :], *cases[:i]]
        same = [t for t, lang2 in others if lang2 == lang and t != text]
        out.append(SearchCase(text, lang, same[0] if same else text))
    return out


def _note_error(errors: list[str], error: Error) -> None:
    errors.append(str(error))


@contextmanager
def local_only(browser: Browser, blocked: list[str]) -> Iterator[BrowserContext]:
    """A fresh context (empty cache) that aborts every request not to 127.0.0.1."""
    context = browser.new_context()

    def abort(route: Route) -> None:
        blocked.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/)"), abort)
    try:
        yield context
    finally:
        context.close()


def measure(
    engine: Engine,
    server: SiteServer,
    browser: Browser,
    cases: Sequence[SearchCase],
    repeat: int = 1,
) -> tuple[list[QueryResult], list[str]]:
    """Run every case ``repeat`` times, each in its own fresh context; the results (with
    the median times of the repeats) and the blocked URLs."""
    results: list[QueryResult] = []
    blocked: list[str] = []
    for number, case in enumerate(cases, start=1):
        runs: list[QueryResult] = []
        for _ in range(repeat):
            with local_only(browser, blocked) as context:
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", partial(_note_error, errors))
                # a renderer for the site's origin is up, as when a visitor comes from
                # another page of the site; nothing else is loaded or cached
                page.goto(server.url(BLANK_PAGE))
                try:
                    runs.append(engine.run(page, server, case))
                except Exception as exc:
                    message = f"{engine.name}: query {case.text!r}: {exc} {errors}"
                    raise RuntimeError(message) from exc
        if any(r.slugs != runs[0].slugs for r in runs):
            print(f"\n  {engine.name}: {case.text!r} gave different results", file=sys.stderr)
        results.append(
            replace(
                runs[0],
                first_result_ms=statistics.median(r.first_result_ms for r in runs),
                warm_ms=statistics.median(r.warm_ms for r in runs),
            )
        )
        print(f"\r  {engine.name}: {number}/{len(cases)} queries", end="", file=sys.stderr)
    print(file=sys.stderr)
    return results, blocked


def build_site(project: Path, out: Path) -> float:
    """Build ``project`` into ``out`` with this interpreter's atlasgen; wall seconds."""
    command = [sys.executable, "-m", "atlasgen", "build", "--project", str(project)]
    command += ["--out", str(out)]
    print(f"building {project} into {out} ...", file=sys.stderr)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-20:])
        sys.exit(f"{' '.join(command)} exited with {proc.returncode}:\n{tail}")
    return seconds


def result_json(result: QueryResult) -> dict[str, Any]:
    data = asdict(result)
    data["files"] = [[f.path, f.status, f.bytes_raw, f.bytes_gzip] for f in result.files]
    return data


@dataclass
class SiteRun:
    """One site (the example or a corpus) with every engine's figures."""

    name: str
    site: Path
    build_seconds: float | None
    cases: list[SearchCase]
    queries: list[Query] = field(default_factory=list)
    index: dict[str, IndexInfo] = field(default_factory=dict)
    results: dict[str, list[QueryResult]] = field(default_factory=dict)
    blocked: dict[str, list[str]] = field(default_factory=dict)
    node: dict[str, Any] | None = None
    """atlasgen's search under Node (:func:`node_figures`), if measured."""

    def to_json(self) -> dict[str, Any]:
        engines: dict[str, Any] = {}
        for name, results in self.results.items():
            data: dict[str, Any] = {
                "index": asdict(self.index[name]),
                "summary": summarize(results),
                "blocked_requests": self.blocked[name],
            }
            if self.queries:
                data["relevance"] = relevance(self.queries, results)
            per_query = []
            for i, (case, result) in enumerate(zip(self.cases, results, strict=True)):
                row: dict[str, Any] = {"q": case.text, "lang": case.lang, "warm_q": case.warm_text}
                if self.queries:
                    q = self.queries[i]
                    row |= {"id": q.id, "kind": q.kind, "expect": q.expect, "also": q.also}
                    row |= {"recall_at_5": recall_at_k(q, result.slugs)}
                    row |= {"rr": reciprocal_rank(q, result.slugs)}
                per_query.append(row | result_json(result))
            data["queries"] = per_query
            engines[name] = data
        return {
            "name": self.name,
            "site": str(self.site),
            "build_seconds": self.build_seconds,
            "queries": len(self.cases),
            "engines": engines,
            "atlasgen_node": self.node,
        }


def run_site(
    run: SiteRun, engines: Sequence[Engine], browser: Browser, repeat: int, node: str | None
) -> None:
    for engine in engines:
        print(f"{run.name}: indexing with {engine.name} ...", file=sys.stderr)
        run.index[engine.name] = engine.prepare(run.site)
    with SiteServer(run.site) as server:
        for engine in engines:
            results, blocked = measure(engine, server, browser, run.cases, repeat)
            run.results[engine.name] = results
            run.blocked[engine.name] = blocked
    if node and AtlasgenEngine.name in run.results:
        print(f"{run.name}: atlasgen under Node ...", file=sys.stderr)
        run.node = node_figures(node, run.site, run.cases, repeat)
        browser_slugs = [r.slugs for r in run.results[AtlasgenEngine.name]]
        node_slugs = [tuple(slug_of(u) for u in q["urls"]) for q in run.node["queries"]]
        run.node["same_results_as_browser"] = sum(
            1 for a, b in zip(browser_slugs, node_slugs, strict=True) if a == b
        )


# ----------------------------------------------------------------- atlasgen under Node


def node_spread(values: Sequence[float]) -> dict[str, float]:
    """Median, 95th percentile and max."""
    ordered = sorted(values)
    many = len(ordered) > 1
    return {
        "median": statistics.median(ordered),
        "p95": statistics.quantiles(ordered, n=20, method="inclusive")[18] if many else ordered[0],
        "max": ordered[-1],
    }


def _run_node(command: Sequence[str]) -> Any:
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} exited with {proc.returncode}:\n{proc.stderr}")
    return json.loads(proc.stdout)


def node_figures(node: str, site: Path, cases: Sequence[SearchCase], repeat: int) -> dict[str, Any]:
    """atlasgen's search on ``site`` under Node (bench/search_node.mjs): load to first
    result in a fresh process per query (median of ``repeat``), first result with fresh
    state in one warm process, and NODE_REPEAT query times per query (module docstring)."""
    with tempfile.TemporaryDirectory(prefix="atlas-search-node-") as folder:
        queries_file = Path(folder) / "queries.json"
        queries_file.write_text(json.dumps([[c.text, c.lang] for c in cases]), encoding="utf-8")
        warm: Any = _run_node(
            [node, str(NODE_SCRIPT), str(site), str(queries_file), str(NODE_REPEAT)]
        )
    per_query: list[dict[str, Any]] = []
    for number, (case, measured) in enumerate(zip(cases, warm["queries"], strict=True), 1):
        cold = [
            _run_node([node, str(NODE_SCRIPT), "--cold", str(site), case.text, case.lang])
            for _ in range(repeat)
        ]
        per_query.append(
            {
                "q": case.text,
                "lang": case.lang,
                "load_to_first_result_ms": statistics.median(c["totalMs"] for c in cold),
                "cold_runs": cold,
                "first_result_fresh_state_ms": measured["firstMs"],
                "query_ms": measured["warmMs"],
                "total": measured["total"],
                "shards": measured["shards"],
                "urls": measured["urls"],
            }
        )
        print(f"\r  node: {number}/{len(cases)} queries", end="", file=sys.stderr)
    print(file=sys.stderr)
    load = [q["load_to_first_result_ms"] for q in per_query]
    return {
        "node": subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip(),
        "repeat_cold": repeat,
        "repeat_query": NODE_REPEAT,
        "scripts_ms": warm["scriptsMs"],
        "load_to_first_result_ms": node_spread(load),
        "over_load_target": sum(1 for v in load if v > NODE_LOAD_TARGET_MS),
        "first_result_fresh_state_ms": node_spread(
            [q["first_result_fresh_state_ms"] for q in per_query]
        ),
        "query_ms": node_spread([v for q in per_query for v in q["query_ms"]]),
        "shards": node_spread([len(q["shards"]) for q in per_query]),
        "queries": per_query,
    }


def report_node(runs: Sequence[SiteRun]) -> None:
    measured = [run for run in runs if run.node is not None]
    if not measured:
        return

    def dist(data: dict[str, float], fmt: Callable[[float], str]) -> str:
        return f"{fmt(data['median'])} ({fmt(data['p95'])} / {fmt(data['max'])})"

    def ms1(value: float) -> str:
        return f"{value:,.1f} ms"

    rows: list[list[str]] = []
    labels = [
        "load to first result (fresh process)",
        f"  queries over {NODE_LOAD_TARGET_MS:.0f} ms",
        "first result, fresh state (warm process)",
        f"query time, shards loaded ({NODE_REPEAT}x per query)",
        f"  p95 at most {NODE_QUERY_P95_TARGET_MS:.0f} ms",
        "shards per query",
        "lunr scripts + search-core.js",
        "same top 10 as in the browser",
    ]
    columns = []
    for run in measured:
        node = run.node or {}
        count = len(node["queries"])
        p95 = node["query_ms"]["p95"]
        columns.append(
            [
                dist(node["load_to_first_result_ms"], ms1),
                f"{node['over_load_target']} of {count}",
                dist(node["first_result_fresh_state_ms"], ms1),
                dist(node["query_ms"], ms1),
                "yes" if p95 <= NODE_QUERY_P95_TARGET_MS else "no",
                dist(node["shards"], lambda v: f"{v:.0f}"),
                ms1(node["scripts_ms"]),
                f"{node.get('same_results_as_browser', 'n/a')} of {count}",
            ]
        )
    for i, label in enumerate(labels):
        rows.append([label, *(column[i] for column in columns)])
    node_version = (measured[0].node or {}).get("node", "")
    print_table(
        f"atlasgen under Node {node_version} (from disk); median (p95 / max)",
        ["", *(run.name for run in measured)],
        rows,
    )


# -------------------------------------------------------------------------------- report


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def ms(n: float) -> str:
    return f"{n:,.0f} ms"


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    for row in [header, *rows]:
        cells = [
            str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i])
            for i, c in enumerate(row)
        ]
        print("  " + "  ".join(cells))


def _engine_cells(run: SiteRun, name: str) -> list[tuple[str, str]]:
    """(label, value) rows of one engine's column."""
    index = run.index[name]
    stats = summarize(run.results[name])

    def dist(key: str, fmt: Callable[[float], str]) -> str:
        d = stats[key]
        return f"{fmt(d['median'])} ({fmt(d['p90'])} / {fmt(d['max'])})"

    seconds = "in the site build" if index.seconds is None else f"{index.seconds:.2f} s"
    cells = [
        ("index time", seconds),
        ("index files / size", f"{index.files} / {kib(index.bytes)}"),
        ("pages indexed", str(index.pages)),
    ]
    if run.queries:
        rel = relevance(run.queries, run.results[name])
        cells += [
            ("recall@5", f"{rel['recall_at_5']:.3f}"),
            (f"MRR (first {MRR_K} results)", f"{rel['mrr']:.3f}"),
            ("queries with recall 1 / 0", f"{rel['perfect']} / {rel['zero']}"),
        ]
    cells += [
        ("bytes to first result, raw", dist("bytes_raw", kib)),
        ("bytes to first result, gzip", dist("bytes_gzip", kib)),
        ("  search files only, raw", dist("search_bytes_raw", kib)),
        ("  search files only, gzip", dist("search_bytes_gzip", kib)),
        ("requests to first result", dist("requests", lambda v: f"{v:.0f}")),
        ("first result, cold (from navigation)", dist("first_result_ms", ms)),
        ("warm second query", dist("warm_ms", ms)),
        ("warm second query, raw bytes", dist("warm_bytes_raw", kib)),
        ("requests blocked (not 127.0.0.1)", str(len(run.blocked[name]))),
    ]
    return cells


def report(run: SiteRun, verbose: bool) -> None:
    names = list(run.results)
    columns = [_engine_cells(run, n) for n in names]
    rows = [[label, *(col[i][1] for col in columns)] for i, (label, _) in enumerate(columns[0])]
    build = f", built in {run.build_seconds:.1f} s" if run.build_seconds is not None else ""
    print_table(
        f"{run.name}: {len(run.cases)} queries{build}; median (p90 / max)", ["", *names], rows
    )
    if not run.queries:
        return
    rel = {n: relevance(run.queries, run.results[n]) for n in names}
    kind_rows = []
    for kind in KINDS:
        count = sum(1 for q in run.queries if q.kind == kind)
        if count:
            kind_rows.append(
                [
                    f"{kind} ({count})",
                    *(
                        f"{rel[n]['by_kind'][kind]['recall_at_5']:.2f} / "
                        f"{rel[n]['by_kind'][kind]['mrr']:.2f}"
                        for n in names
                    ),
                ]
            )
    print_table("recall@5 / MRR by kind", ["kind (queries)", *names], kind_rows)
    if verbose:
        for n in names:
            print(f"\n{n}: queries with recall@5 < 1 (expected -> first {TOP_K} found)")
            for q, r in zip(run.queries, run.results[n], strict=True):
                if recall_at_k(q, r.slugs) < 1:
                    got = ", ".join(r.slugs[:TOP_K]) or "nothing"
                    print(f"  {q.id} [{q.text}]: {', '.join(q.expect)} -> {got}")


# ---------------------------------------------------------------------------------- main


def chromium_version(path: Path) -> str:
    proc = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=False)
    return proc.stdout.strip()


def git_commit() -> str | None:
    proc = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() or None


def parse_corpus_sites(values: Sequence[str]) -> dict[int, Path]:
    sites: dict[int, Path] = {}
    for value in values:
        size, sep, folder = value.partition("=")
        if not sep or not size.isdigit():
            sys.exit(f"--corpus-site {value!r}: expected N=DIR")
        sites[int(size)] = Path(folder)
    return sites


def _terminate(signum: int, frame: object) -> None:
    sys.exit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help=f"comma-separated, of {', '.join(ENGINES)}"
    )
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, metavar="FILE")
    parser.add_argument(
        "--project", type=Path, default=REPO, metavar="DIR",
        help="the example project (default: this repository)",
    )  # fmt: skip
    parser.add_argument(
        "--site", type=Path, metavar="DIR",
        help="a built site of --project to use instead of building one (engines write into it)",
    )  # fmt: skip
    parser.add_argument(
        "--corpora", default="1000,10000",
        help="sizes N of bench/corpus-N to measure too ('' for none)",
    )  # fmt: skip
    parser.add_argument(
        "--corpus-site", action="append", default=[], metavar="N=DIR",
        help="a built site of bench/corpus-N to use",
    )  # fmt: skip
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N queries")
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="N",
        help="run every query N times (fresh context each) and take the median times",
    )  # fmt: skip
    parser.add_argument(
        "--work", type=Path, metavar="DIR", help="build here (default: a temp folder)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--chromium", type=Path, default=CHROMIUM, metavar="PATH")
    parser.add_argument(
        "--json", type=Path, metavar="FILE", help="default: bench/results/search-<time>.json"
    )
    parser.add_argument("--verbose", action="store_true", help="list the queries not fully found")
    parser.add_argument(
        "--no-node", dest="node", action="store_false",
        help="skip atlasgen's search under Node (bench/search_node.mjs)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    try:
        engines = [ENGINES[name]() for name in args.engines.split(",") if name]
    except KeyError as exc:
        parser.error(f"unknown engine {exc}; known: {', '.join(ENGINES)}")
    try:
        queries = load_queries(args.queries)
    except QueryFileError as exc:
        sys.exit("\n".join(exc.problems))
    problems = check(queries, member_listing(args.project))
    if problems:
        sys.exit("\n".join([*problems, "(python bench/check_queries.py)"]))
    queries = queries[: args.limit] if args.limit else queries
    corpus_sites = parse_corpus_sites(args.corpus_site)
    node = shutil.which("node") if args.node else None
    if args.node and node is None and any(e.name == AtlasgenEngine.name for e in engines):
        print("no node on PATH: atlasgen under Node is skipped", file=sys.stderr)
    sizes = [int(s) for s in args.corpora.split(",") if s.strip()]

    # a plain kill still removes the work folder and kills a running build (subprocess.run)
    signal.signal(signal.SIGTERM, _terminate)
    work = args.work or Path(tempfile.mkdtemp(prefix="atlas-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    runs: list[SiteRun] = []
    try:
        site, build_seconds = args.site, None
        if site is None:
            site = work / "example"
            build_seconds = build_site(args.project, site)
        example = SiteRun(
            "example content",
            site,
            build_seconds,
            warm_partners([(q.text, q.lang) for q in queries]),
            queries=queries,
        )
        runs.append(example)
        for size in sizes:
            project = REPO / "bench" / f"corpus-{size}"
            if size in corpus_sites:
                runs.append(SiteRun(f"corpus-{size}", corpus_sites[size], None, []))
            elif (project / "atlas.yaml").is_file():
                out = work / f"corpus-{size}"
                runs.append(SiteRun(f"corpus-{size}", out, build_site(project, out), []))
            else:
                print(
                    f"skipping corpus-{size}: no {project} (python bench/gen_corpus.py "
                    f"--members {size} --seed 42 --out {project})",
                    file=sys.stderr,
                )
                continue
            runs[-1].cases = warm_partners(list(CORPUS_QUERIES))

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(args.chromium), args=list(CHROMIUM_ARGS)
            )
            try:
                browser_version = browser.version
                for run in runs:
                    run_site(run, engines, browser, args.repeat, node)
            finally:
                browser.close()
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"Search benchmark {started:%Y-%m-%d %H:%M} UTC: {os.cpu_count()} CPUs, "
        f"{platform.machine()}, Python {platform.python_version()}, Chromium {browser_version}, "
        + ", ".join(f"{e.name} {e.version()}" for e in engines)
        + f"; times: median of {args.repeat} cold run(s) per query"
    )
    for run in runs:
        report(run, args.verbose)
    report_node(runs)

    result = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "versions": {
            "atlasgen_commit": git_commit(),
            "chromium": browser_version,
            "chromium_binary": chromium_version(args.chromium),
            "playwright": importlib.metadata.version("playwright"),
            **{e.name: e.version() for e in engines},
        },
        "settings": {
            "top_k": TOP_K,
            "repeat": args.repeat,
            "mrr_k": MRR_K,
            "chromium_args": list(CHROMIUM_ARGS),
            "queries_file": str(args.queries),
        },
        "sites": [run.to_json() for run in runs],
    }
    out = args.json or RESULTS / f"search-{started:%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
