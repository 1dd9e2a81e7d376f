"""Time the rebuilds an author waits for, and gather the whole suite into one table.

    python bench/timerebuild.py --runs 3 --atlasgen .venv/bin/atlasgen --date 2026-06-01 \\
        --validate-json bench/results/validate-S.json --build-json bench/results/build-S.json \\
        --json bench/results/rebuild-S.json bench/corpus-1000 bench/corpus-10000

bench/run.sh calls it after bench/run_validate.sh and bench/run_build.sh, which measured
``atlasgen validate`` and the full build from scratch against Hugo (their JSON results are
read with ``--validate-json`` and ``--build-json`` and shown again here, with the
targets; nothing is measured twice). For every corpus folder DIR (an atlasgen project) it
measures, each RUNS times after WARMUP untimed runs:

* **no-change rebuild**: ``atlasgen build --project DIR --out DIR/out-atlasgen --date DATE``
  again, with the cache (``DIR/.atlasgen-cache``) and the output of the build before in
  place and nothing changed. The warm-up run makes that state when it is missing.
* **one-file rebuild, fresh process**: before each run the first member file in sorted
  order (``content/members/*.md`` without the ``.en.md`` translations) gets a new last
  paragraph, "Benchmark-Änderung <n>." with n counting every change, so each run really
  changes content and the file stays valid; then the same ``atlasgen build``.
* **one-file rebuild inside ``atlasgen serve``**: ``atlasgen serve --project DIR --port 0
  --date DATE`` is started; once it prints the line "serving … http://127.0.0.1:<port>/"
  the script reads ``GET /_atlasgen/events`` (Server-Sent Events: ``hello`` at first,
  then ``reload`` or ``problems`` after each rebuild, data JSON with the build number and
  the server's own rebuild time ``seconds``). Each run: wait a second (so that the watcher
  is idle), drop any event that came meanwhile, change the member file as above, and
  wait for the next ``reload`` event (a ``problems`` event meanwhile is printed, and the
  wait goes on). Reported are the server's ``seconds`` (change seen until site ready) and
  the wall time from the write until the event arrived (that one includes the file
  watcher's latency; the target is judged on it). Without a ``reload`` within 120 s the
  benchmark fails (the first build may take ``--serve-start-timeout``, 600 s). Then the
  server gets SIGINT, and SIGKILL after 10 s. When atlasgen has no ``serve`` command yet
  (argparse exits 2), this part is reported as not available.

The member file is restored to its original bytes at the end, also on an error or on
SIGINT/SIGTERM (``finally``); a copy sits in ``DIR/.timerebuild-<name>.orig`` while it is
changed, and a run killed outright leaves it there, to be put back by the next run.

Wall time is measured with ``time.perf_counter`` around the subprocess and peak RSS with
``/usr/bin/time -v`` (bench/benchlib.py), as in bench/timebuild.py; before every run
``sync`` (untimed). Targets (see TARGETS) are marked met or missed in the table and the
JSON; the summary judges them at 10,000 members. 1 GB = 10^9 bytes. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn

from benchlib import GNU_TIME, Runs, count_members, fmt_rss, timed_run
from timebuild import table, version

EVENTS_PATH = "/_atlasgen/events"
EVENT_TIMEOUT = 120.0
"""Seconds to wait for an event of ``atlasgen serve`` before the benchmark fails."""
PAUSE = 1.0
"""Seconds between two changes inside ``atlasgen serve``."""
STOP_GRACE = 10.0
"""Seconds between SIGINT and SIGKILL when stopping ``atlasgen serve``."""
SERVING = re.compile(r"http://127\.0\.0\.1:(\d+)/")
TARGET_MEMBERS = 10_000
GB = 10**9
"""Targets use 1 GB = 10^9 bytes (/usr/bin/time reports KiB of 1024 bytes)."""


@dataclass(frozen=True)
class Target:
    key: str
    text: str
    limit: float

    def verdict(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        return "met" if value <= self.limit else "missed"


TARGETS = {
    t.key: t
    for t in (
        Target("full_build_ratio", "full build ≤ 1.0 × Hugo", 1.0),
        Target("full_build_rss", "peak RSS of a full build ≤ 1 GB (10^9 bytes)", GB),
        Target("no_change", "no-change rebuild ≤ 0.5 s", 0.5),
        Target("one_file_build", "one-file rebuild, fresh atlasgen build ≤ 1.0 s", 1.0),
        Target("one_file_serve", "one-file rebuild inside atlasgen serve ≤ 0.3 s", 0.3),
    )
}


@dataclass
class Series(Runs):
    """The timed runs of one measurement on one corpus."""

    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "median": self.median,
            "rss_kib": self.rss_kib,
            "peak_rss_kib": self.peak_rss_kib,
        }


@dataclass
class ServeResult:
    available: bool
    start_seconds: float | None = None
    server: Series = field(default_factory=Series)
    wall: Series = field(default_factory=Series)
    pages: list[int] = field(default_factory=list)
    problems_events: int = 0

    def as_json(self) -> dict[str, Any]:
        if not self.available:
            return {"available": False}
        return {
            "available": True,
            "start_seconds": self.start_seconds,
            "server_seconds": self.server.seconds,
            "server_median": self.server.median,
            "wall_seconds": self.wall.seconds,
            "wall_median": self.wall.median,
            "pages": self.pages,
            "problems_events": self.problems_events,
        }


# ----------------------------------------------------------------------------- the change


class MemberEdit:
    """Changes one member file, a new last paragraph each time; see ``changed``."""

    def __init__(self, project: Path) -> None:
        members = sorted(
            p
            for p in (project / "content" / "members").glob("*.md")
            if not p.name.endswith(".en.md")
        )
        if not members:
            sys.exit(f"timerebuild: no member file in {project}/content/members")
        self.path = members[0]
        self.backup = project / f".timerebuild-{self.path.name}.orig"
        self.original = b""
        self.count = 0

    def change(self) -> int:
        """Write the original with "Benchmark-Änderung <n>." as its last paragraph."""
        self.count += 1
        body = self.original.rstrip(b"\r\n")
        self.path.write_bytes(body + f"\n\nBenchmark-Änderung {self.count}.\n".encode())
        return self.count

    @contextmanager
    def changed(self) -> Iterator[MemberEdit]:
        """Keeps the original bytes (in memory and in ``backup``); restores them at the end."""
        if self.backup.exists():
            self.path.write_bytes(self.backup.read_bytes())
            print(f"  restored {self.path} from {self.backup.name} (left by a killed run)")
        self.original = self.path.read_bytes()
        self.backup.write_bytes(self.original)
        try:
            yield self
        finally:
            self.path.write_bytes(self.original)
            self.backup.unlink()


@contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit, so that ``finally`` blocks run (restore, stop the server)."""

    def handler(signum: int, frame: object) -> None:
        sys.exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


# ----------------------------------------------------------------------------- fresh process


def time_builds(
    label: str,
    command: Sequence[str],
    runs: int,
    warmup: int,
    measure_rss: bool,
    before: Callable[[], object] | None = None,
) -> Series:
    """``command`` WARMUP times untimed, then RUNS times timed; ``before`` precedes each."""
    series = Series()
    for i in range(warmup + runs):
        if before is not None:
            before()
        os.sync()
        seconds, rss = timed_run(command, measure_rss and i >= warmup, "timerebuild")
        if i < warmup:
            continue
        series.seconds.append(seconds)
        if rss is not None:
            series.rss_kib.append(rss)
        print(f"  {label:<44} run {i - warmup + 1}/{runs}  {seconds:8.3f} s  {fmt_rss(rss)}")
    return series


# ----------------------------------------------------------------------------- atlasgen serve


class ServeNotAvailable(Exception):
    pass


@dataclass
class Event:
    received: float
    name: str
    data: dict[str, Any]


class Server:
    """``atlasgen serve`` in its own process group; stdout is read by a thread."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)
        self.started = time.perf_counter()
        # closed in stop(): it lives as long as the server
        self.stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        # Started in the background by a shell, this script ignores SIGINT, and so would
        # the server, which is stopped with SIGINT: a handler (not SIG_IGN) while it is
        # started, so that the server starts with the default.
        previous = signal.getsignal(signal.SIGINT)
        if previous is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.proc = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=self.stderr,
                start_new_session=True,
            )
        finally:
            signal.signal(signal.SIGINT, previous)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.tail: deque[str] = deque(maxlen=30)
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:  # keeps draining, so the server never blocks on stdout
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            self.tail.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def output(self) -> str:
        self.stderr.seek(0)
        err = self.stderr.read().decode("utf-8", "replace").splitlines()[-20:]
        return "\n".join([*self.tail, *err])

    def wait_ready(self, timeout: float) -> tuple[str, int]:
        """(host, port) from the "serving … http://127.0.0.1:<port>/" line."""
        deadline = time.perf_counter() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                self.fail(f"printed no 'serving http://127.0.0.1:<port>/' line in {timeout:.0f} s")
            if line is None:
                code = self.proc.wait()
                self.stderr.seek(0)
                err = self.stderr.read().decode("utf-8", "replace")
                if code == 2 and "invalid choice: 'serve'" in err:
                    raise ServeNotAvailable
                self.fail(f"exited with {code} before serving")
            match = SERVING.search(line)
            if line.lstrip().lower().startswith("serving") and match:
                return "127.0.0.1", int(match.group(1))

    def fail(self, why: str) -> NoReturn:
        sys.exit(f"timerebuild: {' '.join(self.command)} {why}:\n{self.output()}")

    def stop(self) -> int:
        """SIGINT; after STOP_GRACE seconds SIGKILL to its process group (its workers too).

        Another Ctrl-C or SIGTERM meanwhile is ignored: it would leave the server running.
        """
        held = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGINT)
                try:
                    self.proc.wait(STOP_GRACE)
                except subprocess.TimeoutExpired:
                    print(f"  atlasgen serve did not stop {STOP_GRACE:.0f} s after SIGINT: killed")
                    os.killpg(self.proc.pid, signal.SIGKILL)  # not reaped yet: still its group
            return self.proc.wait()
        finally:
            self.stderr.close()
            for signum, handler in held.items():
                signal.signal(signum, signal.SIG_DFL if handler is None else handler)


class EventStream:
    """``GET /_atlasgen/events`` read by a thread into a queue of ``Event``s."""

    def __init__(self, host: str, port: int) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=EVENT_TIMEOUT)
        try:
            self.conn.request("GET", EVENTS_PATH, headers={"Accept": "text/event-stream"})
            self.sock = self.conn.sock
            response = self.conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            sys.exit(f"timerebuild: GET http://{host}:{port}{EVENTS_PATH} failed: {exc!r}")
        kind = response.getheader("Content-Type", "")
        if response.status != 200 or not kind.startswith("text/event-stream"):
            sys.exit(
                f"timerebuild: GET http://{host}:{port}{EVENTS_PATH} answered {response.status}"
                f" {response.reason} ({kind or 'no Content-Type'}), not an event stream"
            )
        if self.sock is not None:
            self.sock.settimeout(None)  # the deadlines are kept by ``next``
        self.events: queue.Queue[Event | BaseException] = queue.Queue()
        threading.Thread(target=self._read, args=(response,), daemon=True).start()

    def _read(self, response: http.client.HTTPResponse) -> None:
        name, data = "", list[str]()
        try:
            while raw := response.readline():
                line = raw.decode("utf-8").rstrip("\r\n")
                if not line:  # a blank line ends an event
                    if data:
                        payload = json.loads("\n".join(data))
                        if not isinstance(payload, dict):
                            payload = {"data": payload}
                        self.events.put(Event(time.perf_counter(), name or "message", payload))
                    name, data = "", []
                elif not line.startswith(":"):  # ":" starts a comment (keep-alive)
                    key, _, value = line.partition(":")
                    value = value.removeprefix(" ")
                    if key == "event":
                        name = value
                    elif key == "data":
                        data.append(value)
            self.events.put(EOFError("the server closed the event stream"))
        except (OSError, ValueError, http.client.HTTPException) as exc:
            self.events.put(exc)

    def next(self, deadline: float, what: str) -> Event:
        try:
            item = self.events.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            sys.exit(f"timerebuild: atlasgen serve sent no {what} within {EVENT_TIMEOUT:.0f} s")
        if isinstance(item, BaseException):
            sys.exit(
                f"timerebuild: reading the events of atlasgen serve, waiting for {what}: {item}"
            )
        return item

    def drain(self) -> list[Event]:
        items: list[Event] = []
        while True:
            try:
                item = self.events.get_nowait()
            except queue.Empty:
                return items
            if isinstance(item, BaseException):
                sys.exit(f"timerebuild: reading the events of atlasgen serve: {item}")
            items.append(item)

    def close(self) -> None:
        if self.sock is not None:
            with suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()


def time_serve(
    label: str,
    command: Sequence[str],
    edit: MemberEdit,
    runs: int,
    warmup: int,
    start_timeout: float,
) -> ServeResult:
    """The one-file rebuilds inside ``atlasgen serve``; see the module's docstring."""
    server = Server(command)
    stream: EventStream | None = None
    result = ServeResult(available=False)
    try:
        try:
            host, port = server.wait_ready(start_timeout)
        except ServeNotAvailable:
            print("  serve: not available (atlasgen has no serve command yet)")
            return result
        result.available = True
        result.start_seconds = time.perf_counter() - server.started
        print(f"  atlasgen serve ready on port {port} after {result.start_seconds:.1f} s")
        stream = EventStream(host, port)
        hello = stream.next(time.perf_counter() + EVENT_TIMEOUT, "'hello' event")
        if hello.name != "hello":
            sys.exit(f"timerebuild: the event stream began with {hello.name!r}, not 'hello'")
        if hello.data.get("problems"):
            print(f"  note: serve reports problems at start: {hello.data['problems'][:3]}")
        for i in range(warmup + runs):
            time.sleep(PAUSE)
            for stale in stream.drain():
                print(f"  note: ignored a {stale.name!r} event between two changes")
            started = time.perf_counter()
            n = edit.change()
            deadline = started + EVENT_TIMEOUT
            while True:
                event = stream.next(deadline, f"'reload' event after change {n}")
                if event.name == "reload":
                    break
                if event.name == "problems":
                    result.problems_events += 1
                    print(f"  note: 'problems' after change {n}: {event.data.get('problems')}")
            wall = event.received - started
            if i < warmup:
                continue
            try:
                seconds = float(event.data["seconds"])
            except (KeyError, TypeError, ValueError):
                sys.exit(f"timerebuild: a 'reload' event without 'seconds': {event.data}")
            result.server.seconds.append(seconds)
            result.wall.seconds.append(wall)
            result.pages.append(int(event.data.get("pages", 0)))
            print(
                f"  {label:<44} run {i - warmup + 1}/{runs}"
                f"  {seconds:8.3f} s server, {wall:.3f} s wall (build {event.data.get('build')})"
            )
        return result
    finally:
        if stream is not None:
            stream.close()
        code = server.stop()
        if result.available and code not in (0, -signal.SIGINT, 128 + signal.SIGINT):
            print(f"  note: atlasgen serve exited with {code} after SIGINT")


# ----------------------------------------------------------------------------- the suite


@dataclass
class Corpus:
    name: str
    project: Path
    members: int
    changed_file: str = ""
    validate: dict[str, Any] | None = None
    atlasgen: dict[str, Any] | None = None
    hugo: dict[str, Any] | None = None
    no_change: Series = field(default_factory=Series)
    one_file: Series = field(default_factory=Series)
    serve: ServeResult | None = None

    @property
    def ratio(self) -> float | None:
        if self.atlasgen is None or self.hugo is None:
            return None
        return float(self.atlasgen["median"]) / float(self.hugo["median"])

    @property
    def full_build_rss_bytes(self) -> int | None:
        kib = None if self.atlasgen is None else self.atlasgen.get("peak_rss_kib")
        return None if kib is None else int(kib) * 1024

    def values(self) -> dict[str, float | None]:
        """The figure each target is judged on (serve: the wall time, watcher included)."""
        serve = self.serve if self.serve is not None and self.serve.available else None
        return {
            "full_build_ratio": self.ratio,
            "full_build_rss": self.full_build_rss_bytes,
            "no_change": self.no_change.median if self.no_change.seconds else None,
            "one_file_build": self.one_file.median if self.one_file.seconds else None,
            "one_file_serve": serve.wall.median if serve is not None else None,
        }


def load_earlier(corpora: Sequence[Corpus], validate: Path | None, build: Path | None) -> None:
    """The validate and full-build figures of this suite run, by corpus folder name."""
    by_name = {c.name: c for c in corpora}
    if validate is not None:
        for case in json.loads(validate.read_text(encoding="utf-8"))["cases"]:
            corpus = by_name.get(Path(case["project"]).name)
            if corpus is not None and case["label"] == corpus.name:  # not "(1 process)"
                corpus.validate = case
    if build is not None:
        for case in json.loads(build.read_text(encoding="utf-8"))["cases"]:
            corpus = by_name.get(case["corpus"])
            if corpus is not None:
                setattr(corpus, case["tool"], case)


def secs(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.2f} s"


TARGET_SHORT = {
    "full_build_ratio": "≤ 1.0×",
    "full_build_rss": "RSS ≤ 1 GB",
    "no_change": "≤ 0.5 s",
    "one_file_build": "≤ 1.0 s",
    "one_file_serve": "≤ 0.3 s",
}


def report(corpora: Sequence[Corpus]) -> list[str]:
    """The table: one row per measurement and corpus, the sizes one below the other."""
    rows: list[list[str]] = []

    def add(what: str, c: Corpus, s: Sequence[float], median: str, rss: str, key: str = "") -> None:
        target = TARGET_SHORT[key] if key else ""
        verdict = TARGETS[key].verdict(c.values()[key]) if key else ""
        rows.append([what, f"{c.members:,}", *map(secs, s), median, rss, target, verdict])

    for c in corpora:
        if c.validate is not None:
            v = c.validate
            add("validate", c, v["seconds"], secs(v["median"]), fmt_rss(v["peak_rss_kib"]))
    for c in corpora:
        for tool, case in (("atlasgen", c.atlasgen), ("Hugo", c.hugo)):
            if case is not None:
                key = "full_build_rss" if tool == "atlasgen" else ""
                rss = fmt_rss(case["peak_rss_kib"])
                add(f"full build, {tool}", c, case["seconds"], secs(case["median"]), rss, key)
        if c.ratio is not None:
            add("full build, atlasgen / Hugo", c, [], f"{c.ratio:.2f}×", "", "full_build_ratio")
    for what, key, attr in (
        ("no-change rebuild", "no_change", "no_change"),
        ("one-file rebuild, atlasgen build", "one_file_build", "one_file"),
    ):
        for c in corpora:
            s = getattr(c, attr)
            add(what, c, s.seconds, secs(s.median), fmt_rss(s.peak_rss_kib), key)
    for c in corpora:
        if c.serve is None or not c.serve.available:
            add("one-file rebuild, serve", c, [], "not available", "", "one_file_serve")
            continue
        w, s = c.serve.wall, c.serve.server
        add("one-file rebuild, serve (wall)", c, w.seconds, secs(w.median), "", "one_file_serve")
        add("  the server's own time", c, s.seconds, secs(s.median), "")

    runs = max(len(r) for r in rows) - 6
    for r in rows:  # rows with fewer runs (a ratio, serve not available): empty cells
        r[len(r) - 4 : len(r) - 4] = [""] * (runs + 6 - len(r))
    heads = ["measurement", "members", *(f"run {i + 1}" for i in range(runs))]
    return table([*heads, "median", "peak RSS", "target", ""], rows)


def summary(corpora: Sequence[Corpus]) -> tuple[list[str], list[dict[str, Any]]]:
    """The targets judged at 10,000 members: lines to print, and their JSON."""
    at = next((c for c in corpora if c.members == TARGET_MEMBERS), None)
    values = at.values() if at is not None else {}
    lines, result = [f"targets at {TARGET_MEMBERS:,} members:"], []
    if at is None:
        lines = [f"targets at {TARGET_MEMBERS:,} members: not judged, no such corpus in this run"]
    for key, target in TARGETS.items():
        value = values.get(key)
        verdict = target.verdict(value)
        if value is None:
            figure = "n/a"
        elif key == "full_build_ratio":
            figure = f"{value:.2f}×"
        elif key == "full_build_rss":
            figure = f"{value / GB:.2f} GB"
        else:
            figure = secs(value)
        extra = ""
        serve = at.serve if at is not None else None
        if key == "one_file_serve" and serve is not None and serve.available:
            own = serve.server.median
            extra = f" (wall, watcher included; the server's own {secs(own)}: "
            extra += f"{target.verdict(own)})"
        if at is not None:
            lines.append(f"  {target.text:<48} {figure:>9}  {verdict}{extra}")
        result.append(
            {
                "key": key,
                "target": target.text,
                "limit": target.limit,
                "members": TARGET_MEMBERS,
                "value": value,
                "verdict": verdict,
            }
        )
    return lines, result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time atlasgen rebuilds: cache and serve.")
    parser.add_argument("corpora", nargs="+", type=Path, metavar="DIR")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--atlasgen", default="atlasgen", help="the atlasgen executable")
    parser.add_argument("--date", default="2026-06-01", help="atlasgen build/serve --date")
    parser.add_argument(
        "--serve-start-timeout",
        type=float,
        default=600.0,
        metavar="S",
        help="seconds atlasgen serve may take for its first build (default 600)",
    )
    parser.add_argument("--validate-json", type=Path, metavar="FILE", help="timevalidate.py's")
    parser.add_argument("--build-json", type=Path, metavar="FILE", help="timebuild.py's")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    measure_rss = GNU_TIME.is_file() and os.access(GNU_TIME, os.X_OK)

    corpora = [Corpus(p.resolve().name, p.resolve(), count_members(p)) for p in args.corpora]
    load_earlier(corpora, args.validate_json, args.build_json)
    print(
        f"rebuilds: {args.runs} timed runs (+{args.warmup} warm-up) per measurement and corpus;"
        f" Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    serve_missing = False
    with sigterm_as_exit():
        for c in corpora:
            out = c.project / "out-atlasgen"
            build = [args.atlasgen, "build", "--project", str(c.project), "--out", str(out)]
            build += ["--date", args.date]
            serve = [args.atlasgen, "serve", "--project", str(c.project), "--port", "0"]
            serve += ["--date", args.date]
            edit = MemberEdit(c.project)
            c.changed_file = edit.path.relative_to(c.project).as_posix()
            with edit.changed():
                c.no_change = time_builds(
                    f"{c.name} no-change rebuild", build, args.runs, args.warmup, measure_rss
                )
                c.one_file = time_builds(
                    f"{c.name} one-file rebuild",
                    build,
                    args.runs,
                    args.warmup,
                    measure_rss,
                    before=edit.change,
                )
                if serve_missing:
                    c.serve = ServeResult(available=False)
                else:
                    c.serve = time_serve(
                        f"{c.name} one-file rebuild in serve",
                        serve,
                        edit,
                        args.runs,
                        args.warmup,
                        args.serve_start_timeout,
                    )
                    serve_missing = not c.serve.available

    print()
    for line in report(corpora):
        print(line)
    notes = "medians of wall time, interpreter start included."
    if args.validate_json or args.build_json:
        notes += (
            " validate and full build: from bench/run_validate.sh and bench/run_build.sh in"
            " the same run (full build: output and cache deleted before each run, Hugo"
            " alternating)."
        )
    notes += (
        " Rebuilds: the same atlasgen build with the cache in place;"
        " one-file: the first member file in sorted order changed before each run ("
        + ", ".join(f"{c.name}: {Path(c.changed_file).name}" for c in corpora)
        + "). serve (wall): from writing the file to the reload"
        " event, the file watcher included; the server's own time: the 'seconds' of the"
        " event. Targets: met/missed at each size; the summary below judges 10,000."
    )
    if measure_rss:
        notes += (
            " peak RSS: largest single process (parent or one worker), /usr/bin/time -v;"
            " 1 GB = 10^9 bytes (1 MiB = 1,048,576 bytes)."
        )
    else:
        notes += " peak RSS: skipped, /usr/bin/time (GNU time) not found."
    print(textwrap.fill(notes, width=100, break_on_hyphens=False))
    print()
    lines, targets = summary(corpora)
    for line in lines:
        print(line)

    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        result = {
            "python": platform.python_version(),
            "atlasgen": version([args.atlasgen, "--version"]),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "runs": args.runs,
            "warmup": args.warmup,
            "date": args.date,
            "validate_json": None if args.validate_json is None else str(args.validate_json),
            "build_json": None if args.build_json is None else str(args.build_json),
            "gb_bytes": GB,
            "corpora": [
                {
                    "corpus": c.name,
                    "members": c.members,
                    "changed_file": c.changed_file,
                    "validate": c.validate,
                    "full_build": {
                        "atlasgen": c.atlasgen,
                        "hugo": c.hugo,
                        "ratio_atlasgen_hugo": c.ratio,
                        "atlasgen_peak_rss_bytes": c.full_build_rss_bytes,
                    },
                    "no_change": c.no_change.as_json(),
                    "one_file_build": c.one_file.as_json(),
                    "one_file_serve": None if c.serve is None else c.serve.as_json(),
                    "verdicts": {
                        key: TARGETS[key].verdict(value) for key, value in c.values().items()
                    },
                }
                for c in corpora
            ],
            "targets": targets,
        }
        args.json.write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
