"""What ``atlasgen import`` is asked for: ``ImportOptions``, and ``ImportUsageError`` for a
request it cannot run (exit code 2). Takes nothing, returns nothing: the command's inputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["ImportOptions", "ImportUsageError"]


class ImportUsageError(Exception):
    """The import cannot run as asked (exit code 2); the message says why."""


@dataclass(frozen=True)
class ImportOptions:
    """What ``atlasgen import`` was asked for."""

    file: Path
    project: Path = Path(".")
    dry_run: bool = False
    force: bool = False
    delimiter: Literal[",", ";", "auto"] = "auto"
    maps: tuple[str, ...] = ()
    """``COLUMN=FIELD`` pairs from ``--map``."""
    mapping: Path | None = None
    """A YAML file of ``COLUMN: FIELD`` lines (``--mapping``)."""
