"""What the benchmark scripts share: timing a command with its peak memory, counting."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")
_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\): *(\d+)")


class Runs:
    """For a dataclass with the fields ``seconds`` and ``rss_kib`` (one entry per timed
    run): their median and peak."""

    seconds: list[float]
    rss_kib: list[int]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_rss_kib(self) -> int | None:
        return max(self.rss_kib) if self.rss_kib else None


def count_members(project: Path) -> int:
    folder = project / "content" / "members"
    return sum(1 for p in folder.glob("*.md") if not p.name.endswith(".en.md"))


def timed_run(command: Sequence[str], measure_rss: bool, who: str) -> tuple[float, int | None]:
    """(wall seconds, peak RSS in KiB or None) of ``command``; exits when it fails."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", encoding="utf-8") as report:
        argv = [str(GNU_TIME), "-v", "-o", report.name, *command] if measure_rss else [*command]
        started = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        rss_text = report.read() if measure_rss else ""
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-20:])
        sys.exit(f"{who}: {' '.join(command)} exited with {proc.returncode}:\n{tail}")
    match = _MAX_RSS.search(rss_text)
    return elapsed, int(match.group(1)) if match else None


def fmt_rss(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.0f} MiB"
