"""What ``atlasgen import`` is asked for: its command-line arguments
(``add_import_arguments``), ``ImportOptions``, and ``ImportUsageError`` for a request it
cannot run (exit code 2). Light: the command line is built without loading the importer."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["ImportOptions", "ImportUsageError", "add_import_arguments"]


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


def _run(args: argparse.Namespace) -> int:
    from .command import cmd_import

    return cmd_import(args)


def add_import_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``atlasgen import`` (``p`` has ``--project`` already)."""
    p.add_argument("file", type=Path, metavar="FILE.csv", help="the spreadsheet, saved as CSV")
    p.add_argument(
        "--dry-run", action="store_true", help="print what would change and write nothing"
    )
    p.add_argument(
        "--force", action="store_true", help="also replace descriptions that are not empty"
    )
    p.add_argument(
        "--delimiter",
        choices=(";", ",", "auto"),
        default="auto",
        metavar="SEP",
        help="field separator: ';', ',' or auto (default: whichever the header row uses)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read COLUMN into FIELD (e.g. 'Firmenname=name', 'Notizen=ignore'); repeatable",
    )
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="YAML file with one 'COLUMN: FIELD' line per column (--map wins)",
    )
    p.set_defaults(func=_run)
