"""What a long build shows while it runs: a progress bar on a terminal (rich), plain
lines otherwise (CI logs, pipes), and nothing for short phases."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from .i18n import t

__all__ = ["Progress", "build_progress"]

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: called as a long phase (``texts``, ``pages``) goes on."""

LABELS = {"texts": "progress.texts", "pages": "progress.pages"}
"""The catalogue key of each phase's label."""
MIN_TASKS = 400
"""Phases with fewer tasks than this finish too fast to be worth a line."""


def _label(phase: str) -> str:
    return t(LABELS[phase]) if phase in LABELS else phase


class _Plain:
    """``rendering pages: 25 % (6386 of 25546)`` lines at every quarter."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown: dict[str, int] = {}
        self.started: dict[str, float] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < MIN_TASKS:
            return
        if done == 0:
            self.started[phase] = time.perf_counter()
        quarter = done * 4 // total
        if self.shown.get(phase, -1) >= quarter:
            return
        self.shown[phase] = quarter
        label = _label(phase)
        if done == total:
            took = time.perf_counter() - self.started.get(phase, time.perf_counter())
            line = t("progress.done", label=label, total=total, seconds=f"{took:.1f}")
        else:
            line = t("progress.part", label=label, percent=quarter * 25, done=done, total=total)
        print(line, file=self.stream, flush=True)


class _Bar:
    """A rich progress bar per phase."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < MIN_TASKS:
            return
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(_label(phase), total=total)
        self.progress.update(self.tasks[phase], completed=done)


@contextmanager
def build_progress(stream: TextIO | None = None) -> Iterator[Progress]:
    """A ``progress`` callback for ``build_site``: a bar when ``stream`` (standard error)
    is a terminal, plain lines when it is not."""
    stream = stream if stream is not None else sys.stderr
    if not stream.isatty():
        yield _Plain(stream)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(file=stream)
    columns = (
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        yield _Bar(bar)
