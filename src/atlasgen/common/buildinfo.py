"""What a build is about: the default theme, the date it is built 'on' (where declared)
and what it did.

Light on purpose: the build cache needs these before anything else is imported, and
keeps ``BuildResult`` from one build to the next."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

__all__ = ["BuildResult", "Timings", "declared_date", "default_theme"]


def default_theme() -> Path:
    """The installed ``atlasgen.default_theme`` package (the repository's ``theme/``)."""
    spec = importlib.util.find_spec("atlasgen.default_theme")
    if spec is not None and spec.origin is not None:
        return Path(spec.origin).resolve().parent
    return Path(__file__).resolve().parents[3] / "theme"  # run from a checkout, uninstalled


def declared_date(root: Path, explicit: date | None = None) -> date | None:
    """The build date from ``--date``, ``SOURCE_DATE_EPOCH`` or the last git commit
    (``None``: none of them, the content decides)."""
    if explicit is not None:
        return explicit
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), UTC).date()
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        if out:
            return date.fromisoformat(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return None


@dataclass(frozen=True)
class BuildResult:
    files: int
    pages: int
    today: date
    unchanged: bool = False
    """Nothing had changed since the last build: nothing was written (the build cache)."""
    member_files: int = 0
    cached_members: int = 0
    """Member files taken from the build cache (not read and checked again)."""
    texts: int = 0
    cached_texts: int = 0
    """Descriptions whose HTML came from the build cache (not rendered again)."""
    reused: int = 0
    """Output files taken over from the last build (their inputs were the same)."""
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    """Seconds per phase of the build (``atlasgen build --timings``)."""


class Timings(dict[str, float]):
    """Seconds per phase, in the order the phases ran."""

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - started
