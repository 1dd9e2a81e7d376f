"""``atlasgen serve`` as a user meets it: a real server process on 127.0.0.1, a real
browser that reloads by itself after an edit and shows the problems of a broken edit over
the last good page, the terminal output, and what is served compared, byte for byte, with
what ``atlasgen build`` writes.

The project is a scratch copy of tests/sites/small (its build takes a few hundredths of a
second, so each change is served quickly). Member ``gamma-daten`` is listed and has a
profile; its file is the one edited. The browser tests skip locally without Chromium or
Playwright and fail under ``CI=true`` (tests/browser.py); the others need no browser.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from browser import OpenPage
from conftest import REPO, run_atlasgen

from atlasgen.dev.devsite import DevSite

if TYPE_CHECKING:
    from playwright.sync_api import Page

DAY = "2026-06-01"
SLUG = "gamma-daten"
"""A listed member of tests/sites/small (it has a profile page)."""
OTHER = "alpha-software"
"""Another listed member, not edited."""
PROFILE = f"/mitglieder/{SLUG}/"
MEMBER_FILE = f"content/members/{SLUG}.md"
SCRIPT = re.compile(rb'<script src="/_atlasgen/live\.js(?:\?[^"]*)?"></script>')
"""The live-reload script (a query, e.g. the build number, is allowed)."""
STARTUP_SECONDS = 60.0
WAIT_SECONDS = 20.0
WAIT_MS = int(WAIT_SECONDS * 1000)
_SERVING = re.compile(
    r"^(?:serving (http://\S+) \(Ctrl\+C to stop\)|Website unter (http://\S+) \(Strg\+C beendet\))$"
)


# --- The member file ------------------------------------------------------------------------


def member_name(root: Path) -> str:
    """The ``name:`` of the edited member, as its file says."""
    for line in (root / MEMBER_FILE).read_text("utf-8").splitlines():
        if line.startswith("name: "):
            return line.removeprefix("name: ")
    raise AssertionError(f"no name in {MEMBER_FILE}")


def with_field(text: str, key: str, value: str) -> str:
    """``text`` (a member file) with the top-level field ``key`` set to ``value``."""
    new, count = re.subn(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
    assert count == 1, f"{key} not found once"
    return new


def field_line(text: str, key: str) -> int:
    """The line number (1-based) of the top-level field ``key``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}: "):
            return number
    raise AssertionError(f"{key} not found")


def save(path: Path, text: str) -> None:
    """Write ``path`` the way an editor saves in place: new content, same file."""
    path.write_text(text, encoding="utf-8")


def save_atomically(path: Path, text: str) -> None:
    """Write ``path`` the way 'safe write' editors do: a temporary file beside it, renamed
    over it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def without_script(body: bytes) -> tuple[int, bytes]:
    """How often the live-reload script is in ``body`` (right before ``</body>``), and
    ``body`` without it."""
    found = SCRIPT.findall(body)
    before_end = all(tag + b"</body>" in body for tag in found)
    return (len(found) if before_end else -1), SCRIPT.sub(b"", body)


# --- The server process ---------------------------------------------------------------------


@dataclass
class Server:
    """An ``atlasgen serve`` subprocess; its stdout and stderr are read into lists by
    background threads."""

    proc: subprocess.Popen[str]
    url: str = ""
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    threads: list[threading.Thread] = field(default_factory=list)

    def read(self, stream: Iterator[str], into: list[str]) -> None:
        for line in stream:
            with self.changed:
                into.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def output(self) -> str:
        with self.changed:
            return (
                "--- stdout:\n"
                + "\n".join(self.stdout)
                + "\n--- stderr:\n"
                + "\n".join(self.stderr)
            )

    def wait_for(self, done: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
        """Wait up to ``seconds`` until ``done()`` (called with the output locked)."""
        deadline = time.monotonic() + seconds
        with self.changed:
            while not done():
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.alive_readers()):
                    raise AssertionError(f"{what}: not within {seconds} s\n{self.output()}")
                self.changed.wait(min(left, 0.5))

    def wait_line(
        self, matches: Callable[[str], bool], *, start: int = 0, seconds: float = WAIT_SECONDS
    ) -> int:
        """The index of the first stdout line from ``start`` on for which ``matches`` is
        true, waiting for it up to ``seconds``."""
        found: list[int] = []

        def done() -> bool:
            found[:] = [i for i in range(start, len(self.stdout)) if matches(self.stdout[i])]
            return bool(found)

        self.wait_for(done, "no such line on stdout", seconds)
        return found[0]

    def lines(self) -> int:
        """How many stdout lines there are so far."""
        with self.changed:
            return len(self.stdout)

    def alive_readers(self) -> bool:
        return any(t.is_alive() for t in self.threads)

    def assert_quiet(self) -> None:
        """Nothing went wrong in the server (e.g. a request the browser cancelled)."""
        with self.changed:
            assert not [line for line in self.stderr if "Traceback" in line], self.output()

    def wait_watching(self, path: Path) -> None:
        """Wait until the file watcher sees changes (it starts after the first build):
        save ``path`` unchanged until a rebuild is reported."""
        text = path.read_text("utf-8")
        seen = self.lines()
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            save(path, text)
            try:
                self.wait_line(lambda line: line.startswith("rebuilt in "), start=seen, seconds=2)
                return
            except AssertionError:
                continue
        raise AssertionError(f"the watcher never reported a change\n{self.output()}")

    def stop(self) -> None:
        """Ctrl+C, then (if it does not stop) kill; always reaped."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for thread in self.threads:
            thread.join(timeout=5)


@pytest.fixture
def start_server() -> Iterator[Callable[..., Server]]:
    """``start_server(root, *options)``: ``atlasgen serve`` on ``root`` (any free port, as
    of :data:`DAY`), once it says where it serves. Every server is stopped at the end."""
    servers: list[Server] = []

    def start(root: Path, *options: str) -> Server:
        command = [sys.executable, "-m", "atlasgen", "serve", "--project", str(root)]
        command += ["--port", "0", "--date", DAY, *options]
        command += [] if "--lang" in options else ["--lang", "en"]  # the lines waited for
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        server = Server(proc)
        servers.append(server)
        assert proc.stdout is not None and proc.stderr is not None
        for stream, into in ((proc.stdout, server.stdout), (proc.stderr, server.stderr)):
            thread = threading.Thread(target=server.read, args=(stream, into), daemon=True)
            server.threads.append(thread)
            thread.start()
        index = server.wait_line(lambda line: bool(_SERVING.match(line)), seconds=STARTUP_SECONDS)
        found = _SERVING.match(server.stdout[index])
        assert found is not None
        server.url = found.group(1) or found.group(2)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@dataclass
class Live:
    """A server and watched browser pages (the pages close before the server stops)."""

    start: Callable[..., Server]
    open_page: OpenPage


@pytest.fixture
def live(start_server: Callable[..., Server], open_page: OpenPage) -> Live:
    # start_server is set up first, so it is torn down last: the pages are closed while
    # the server still answers (no failed requests of the live-reload connection).
    return Live(start_server, open_page)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of ``url`` (redirects not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=WAIT_SECONDS) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def open_profile(live: Live, server: Server) -> Page:
    """The profile in a watched browser page, once its live-reload connection is open (a
    change saved before that would not be reported to it)."""
    page = live.open_page(viewport={"width": 1280, "height": 900})
    with page.expect_response(
        lambda r: urlsplit(r.url).path == "/_atlasgen/events", timeout=WAIT_MS
    ) as events:
        page.goto(server.url.rstrip("/") + PROFILE)
    assert events.value.status == 200
    return page


# --- Tests ----------------------------------------------------------------------------------


def test_an_edit_reloads_the_open_page(live: Live, site: Callable[..., Path]) -> None:
    from playwright.sync_api import expect

    root = site("small")
    path = root / MEMBER_FILE
    server = live.start(root)
    server.wait_watching(path)
    page = open_profile(live, server)
    old = member_name(root)
    expect(page.locator("h1")).to_have_text(old)
    page.evaluate("window.__notReloaded = true")

    save(path, with_field(path.read_text("utf-8"), "name", "Gamma Neu GmbH"))

    expect(page.locator("h1")).to_have_text("Gamma Neu GmbH", timeout=WAIT_MS)
    assert page.evaluate("window.__notReloaded") is None, "the page changed without a reload"
    assert urlsplit(page.url).path == PROFILE
    expect(page.locator("#atlasgen-problems")).to_have_count(0)
    server.assert_quiet()


def test_a_broken_edit_shows_the_problems_until_it_is_fixed(
    live: Live, site: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect

    root = site("small")
    path = root / MEMBER_FILE
    good = path.read_text("utf-8")
    server = live.start(root)
    server.wait_watching(path)
    page = open_profile(live, server)
    old = member_name(root)
    expect(page.locator("h1")).to_have_text(old)
    page.evaluate("window.__notReloaded = true")

    broken = with_field(good, "email", "kaputt")
    where = f"{MEMBER_FILE}:{field_line(broken, 'email')}:{len('email: ') + 1}"
    before = server.lines()
    save(path, broken)

    overlay = page.locator("section#atlasgen-problems[role=alert]")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    problem = overlay.locator("li.atlasgen-problem")
    expect(problem).to_have_count(1)
    expect(problem.locator("code")).to_have_text(where)
    expect(problem).to_contain_text("email: ")
    expect(problem).to_contain_text("kaputt")
    expect(problem).to_contain_text("hint: ")
    expect(overlay.get_by_role("heading")).to_contain_text("1 problem")
    # The page behind is the last good one, shown under the problems, not reloaded.
    expect(page.locator("h1")).to_have_text(old)
    assert page.evaluate("window.__notReloaded") is True

    located = server.wait_line(lambda line: line.startswith(f"{where}: email: "), start=before)
    server.wait_line(lambda line: line.startswith("still serving the last good site"))

    save_atomically(path, with_field(good, "name", "Gamma Repariert GmbH"))

    expect(page.locator("h1")).to_have_text("Gamma Repariert GmbH", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)
    assert page.evaluate("window.__notReloaded") is None
    server.wait_line(lambda line: line.startswith("rebuilt in "), start=located + 1)
    assert not list(path.parent.glob(".*.tmp"))
    server.assert_quiet()


def test_a_page_opened_while_the_content_is_broken_shows_the_problems_at_once(
    live: Live, site: Callable[..., Path]
) -> None:
    from playwright.sync_api import expect

    root = site("small")
    path = root / MEMBER_FILE
    old = member_name(root)
    server = live.start(root)
    server.wait_watching(path)
    before = server.lines()
    save(path, with_field(path.read_text("utf-8"), "email", "kaputt"))
    server.wait_line(lambda line: line.startswith(f"{MEMBER_FILE}:"), start=before)

    page = live.open_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url.rstrip("/") + PROFILE)
    overlay = page.locator("#atlasgen-problems")
    expect(overlay).to_be_visible(timeout=5_000)  # the first event (hello) has them
    expect(overlay.locator("li.atlasgen-problem code")).to_have_text(
        re.compile(rf"^{re.escape(MEMBER_FILE)}:\d+:\d+$")
    )
    expect(page.locator("h1")).to_have_text(old)  # the last good site
    server.assert_quiet()


def test_served_pages_are_the_built_files_plus_the_live_reload_script(
    start_server: Callable[..., Server], site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("small")
    out = tmp_path / "out"
    built = run_atlasgen("build", "--project", root, "--out", out, "--date", DAY)
    assert built.code == 0, built.stderr
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert not [p for p in files if b"_atlasgen" in p.read_bytes()], "a build has live reload"

    server = start_server(root)
    base = server.url.rstrip("/")
    home = (out / "index.html").read_bytes()
    css = re.search(rb'<link rel="stylesheet" href="(/assets/[^"]+\.css)"', home)
    assert css is not None
    wanted = {"index.html", f"mitglieder/{SLUG}/index.html", f"mitglieder/{OTHER}/index.html"}
    wanted |= {"kompetenzen/cloud-migration/index.html", "search-index/manifest.json"}
    wanted |= {"api/members.json", css.group(1).decode().lstrip("/")}
    relative = {p.relative_to(out).as_posix() for p in files}
    assert wanted <= relative

    different = []
    for rel in sorted(relative):  # every file of the build, not only the wanted ones
        url_path = "/" + rel.removesuffix("index.html")
        status, headers, body = fetch(base + url_path)
        expected = (out / rel).read_bytes()
        if rel.endswith(".html"):
            ok = without_script(body) == (1, expected)
            ok = ok and headers["Content-Type"].startswith("text/html")
        else:
            ok = body == expected
        if status != 200 or not ok:
            different.append(f"{url_path}: status {status}, {len(body)} bytes served")
    assert not different, "served differently from the build:\n" + "\n".join(different)

    _, headers, _ = fetch(base + "/api/members.json")
    assert headers["Content-Type"].startswith("application/json")
    _, headers, _ = fetch(base + css.group(1).decode())
    assert headers["Content-Type"].startswith("text/css")

    status, _, body = fetch(base + "/gibt-es-nicht/")
    assert status == 404
    assert without_script(body) == (1, (out / "404.html").read_bytes())
    status, headers, _ = fetch(base + "/mitglieder")
    assert (status, headers["Location"]) == (301, "/mitglieder/")

    status, headers, body = fetch(base + "/_atlasgen/live.js")
    assert status == 200 and b"EventSource" in body
    with urllib.request.urlopen(base + "/_atlasgen/events", timeout=WAIT_SECONDS) as events:
        assert events.headers["Content-Type"] == "text/event-stream"
        assert events.readline() == b"event: hello\n"
        assert events.readline() == b'data: {"build": 1, "problems": []}\n'


def test_a_project_broken_from_the_start_is_served_as_its_problems(
    start_server: Callable[..., Server], site: Callable[..., Path]
) -> None:
    root = site("small")
    path = root / MEMBER_FILE
    save(path, with_field(path.read_text("utf-8"), "email", "kaputt"))
    server = start_server(root, "--lang", "de")  # the project's language, as a member sees it
    located = server.wait_line(lambda line: line.startswith(f"{MEMBER_FILE}:"))
    assert server.stdout[located].endswith("'kaputt' ist keine E-Mail-Adresse")
    server.wait_line(lambda line: line.startswith("gezeigt wird eine Seite mit den Fehlern"))
    base = server.url.rstrip("/")

    status, _, body = fetch(base + PROFILE)
    assert status == 503
    assert without_script(body)[0] == 1
    with urllib.request.urlopen(base + "/_atlasgen/events", timeout=WAIT_SECONDS) as events:
        assert events.readline() == b"event: hello\n"
        data = events.readline().decode()
    assert data.startswith('data: {"build": 0, "problems": [{"where": "content/members/')


def test_a_rebuild_reads_only_the_changed_member_again(site: Callable[..., Path]) -> None:
    root = site("small")
    members = [p for p in (root / "content/members").glob("*.md") if p.name.count(".") == 1]
    assert len(members) >= 3
    dev = DevSite(root, today=date.fromisoformat(DAY))

    first = dev.rebuild()
    assert first.ok and first.build == 1 and first.pages > 0
    assert dev.cache.hits == 0  # nothing cached yet
    old = member_name(root)
    _, _, profile = dev.get(PROFILE)
    _, _, other = dev.get(f"/mitglieder/{OTHER}/")
    assert old.encode() in profile

    path = root / MEMBER_FILE
    save(path, with_field(path.read_text("utf-8"), "name", "Gamma Neu GmbH"))
    second = dev.rebuild()
    assert second.ok and second.build == 2
    assert dev.cache.hits == len(members) - 1  # all but the changed one
    status, _, changed = dev.get(PROFILE)
    assert status == 200 and b"Gamma Neu GmbH" in changed and old.encode() not in changed
    assert without_script(dev.get(f"/mitglieder/{OTHER}/")[2]) == without_script(other)

    assert dev.rebuild().ok
    assert dev.cache.hits == len(members)  # nothing changed: nothing read again
    assert not (root / ".atlasgen-cache").exists(), "serve writes no cache into the project"


def test_the_server_listens_on_this_computer_only_and_stops_on_ctrl_c(
    start_server: Callable[..., Server], site: Callable[..., Path]
) -> None:
    server = start_server(site("small"))
    address = urlsplit(server.url)
    assert address.hostname == "127.0.0.1"
    assert address.port
    assert server.stdout[0].startswith("rebuilt in ")
    assert fetch(server.url)[0] == 200
    # Bound to 127.0.0.1 itself, not to every address: another loopback address of this
    # computer is refused.
    with pytest.raises(OSError):  # refused (Linux) or unreachable
        socket.create_connection(("127.0.0.2", address.port), timeout=5).close()

    server.proc.send_signal(signal.SIGINT)
    server.proc.wait(timeout=10)
    for thread in server.threads:
        thread.join(timeout=5)
    server.assert_quiet()


def test_a_change_saved_while_the_page_loads_is_shown(
    live: Live, site: Callable[..., Path]
) -> None:
    from playwright.sync_api import Route, expect

    root = site("small")
    path = root / MEMBER_FILE
    server = live.start(root)
    server.wait_watching(path)
    page = live.open_page(viewport={"width": 1280, "height": 900})
    saved: list[bool] = []

    def save_before_connecting(route: Route) -> None:
        # The page's HTML has arrived, its live-reload connection not yet: save now
        # (like a second save while the page reloads after the first), once.
        if saved:
            route.continue_()
            return
        saved.append(True)
        before = server.lines()
        save(path, with_field(path.read_text("utf-8"), "name", "Gamma Neu GmbH"))
        server.wait_line(lambda line: line.startswith("rebuilt in "), start=before)
        route.continue_()

    page.route("**/_atlasgen/events", save_before_connecting)
    page.goto(server.url.rstrip("/") + PROFILE)
    expect(page.locator("h1")).to_have_text("Gamma Neu GmbH", timeout=5_000)


def test_saves_are_served_after_an_editor_lock_file(
    start_server: Callable[..., Server], site: Callable[..., Path]
) -> None:
    root = site("small")
    path = root / MEMBER_FILE
    server = start_server(root)
    server.wait_watching(path)
    lock = path.with_name(f".#{path.name}")  # Emacs, while a buffer is modified
    lock.symlink_to("user@host.4242:1700000000")
    before = server.lines()
    save(path, with_field(path.read_text("utf-8"), "tagline", "Neu"))
    # The save is seen while the lock is there: a rebuild is reported, or the watcher fails.
    server.wait_for(lambda: len(server.stdout) > before or bool(server.stderr), "no rebuild")
    lock.unlink()
    save(path, with_field(path.read_text("utf-8"), "name", "Gamma Neu GmbH"))
    deadline = time.monotonic() + 5
    while b"Gamma Neu GmbH" not in fetch(server.url.rstrip("/") + PROFILE)[2]:
        assert time.monotonic() < deadline, f"the save is not served\n{server.output()}"
        time.sleep(0.2)


def test_an_internal_folder_created_while_serving_is_watched(
    start_server: Callable[..., Server], site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site("private")
    internal = root / "internal"
    kept = tmp_path / "internal"
    internal.rename(kept)
    server = start_server(root)
    server.wait_watching(root / MEMBER_FILE.replace(SLUG, OTHER))
    server.wait_watching(root / "atlas.yaml")
    before = server.lines()
    kept.rename(internal)
    server.wait_line(lambda line: line.startswith("rebuilt in "), start=before)
    before = server.lines()
    (internal / f"{OTHER}.yaml").write_text("membership: [kaputt\n", encoding="utf-8")
    problem = f"internal/{OTHER}.yaml:"
    server.wait_line(lambda line: line.startswith(problem), start=before, seconds=5)


def test_a_broken_template_is_a_located_problem_and_the_last_good_site_stays(
    site: Callable[..., Path],
) -> None:
    from atlasgen.dev.devsite import DevSite

    root = site("small")
    dev = DevSite(root, today=date(2026, 6, 1))
    assert dev.rebuild().ok
    good = dev.get(PROFILE)[2]
    override = root / "theme/templates/member.html"
    override.parent.mkdir(parents=True)
    original = (REPO / "theme/templates/member.html").read_text("utf-8")
    line = original.splitlines().index(
        next(ln for ln in original.splitlines() if "{% block main %}" in ln)
    )
    override.write_text(original.replace("{% block main %}", "{% block main %}{% if %}", 1))

    broken = dev.rebuild()
    assert not broken.ok
    [problem] = [p for p in broken.problems if p.severity.value == "error"]
    assert (problem.path, problem.line) == ("theme/templates/member.html", line + 1)
    assert problem.message.startswith("template error: ")
    kind, data = dev.event(hello=False)
    assert kind == "problems" and f"theme/templates/member.html:{line + 1}:1" in data
    assert dev.get(PROFILE)[2] == good  # the last good site

    # compiles, but fails when the page is rendered: a page that says where
    override.write_text(original.replace("{% block main %}", "{% block main %}{{ nix.x }}", 1))
    assert dev.rebuild().ok
    status, _, body = dev.get(PROFILE)
    assert status == 500
    assert (
        f"theme/templates/member.html:{line + 1}: template error: &#x27;nix&#x27;".encode() in body
    )
    assert b"live.js?build=" in body  # and it reloads when the template is fixed

    override.unlink()
    assert dev.rebuild().ok
    status, _, body = dev.get(PROFILE)
    assert status == 200 and without_script(body) == without_script(good)


def test_a_taken_port_is_said_at_once(site: Callable[..., Path]) -> None:
    root = site("small")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "atlasgen", "serve", "--project", str(root)]
        proc = subprocess.run(
            [*command, "--port", str(port), "--date", DAY, "--lang", "en"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"atlasgen serve: cannot listen on 127.0.0.1:{port}: " + (
        "Address already in use"
    )
    assert "rebuilt" not in proc.stdout  # said before building anything
