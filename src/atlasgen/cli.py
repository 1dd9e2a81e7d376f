"""The ``atlasgen`` command. Exit codes: 0 ok, 1 content problems, 2 usage errors."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from . import __version__
from .commands import (
    EXIT_PROBLEMS,
    cmd_build,
    cmd_codeowners,
    cmd_diff,
    cmd_export,
    cmd_new,
    cmd_report,
    cmd_schema,
    cmd_serve,
    cmd_validate,
)
from .common import i18n
from .common.i18n import ENV, LANGUAGES, t

__all__ = ["main", "run"]


def _date_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help=help_text)


def _months(value: str) -> int:
    try:
        months = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 1 <= months <= 120:
        raise argparse.ArgumentTypeError("must be 1 to 120")
    return months


def _parser(wanted: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``wanted`` (a command name) only that command, so that
    ``atlasgen build`` does not import what the other commands need."""

    def needs(name: str) -> bool:
        return wanted is None or wanted == name

    parser = argparse.ArgumentParser(
        prog="atlasgen",
        description="Build the competence atlas of a regional IT network from flat files.",
    )
    parser.add_argument("--version", action="version", version=f"atlasgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "--project",
            type=Path,
            default=Path("."),
            metavar="DIR",
            help="folder with atlas.yaml and content/ (default: current folder)",
        )
        p.add_argument(
            "--lang",
            choices=LANGUAGES,
            help=f"language of the messages (default: ${ENV}, else the first language of "
            "atlas.yaml, else en)",
        )
        return p

    builders: dict[str, argparse.ArgumentParser] = {}
    for name, func, help_text in (
        ("validate", cmd_validate, "check every content file and report all problems"),
        ("build", cmd_build, "validate and build the site into _site/"),
    ):
        p = builders[name] = command(name, help_text, f"atlasgen {name} --format github")
        p.add_argument(
            "--format",
            choices=("text", "github", "json", "markdown"),
            default="text",
            help="text for people, github for workflow annotations, json for tools, "
            "markdown for a job summary",
        )
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.add_argument(
            "--warnings",
            action="store_true",
            help="show every warning (default: one line that counts them)",
        )
        p.set_defaults(func=func)

    builders["build"].add_argument(
        "--out", type=Path, metavar="DIR", help="output folder (default: _site in the project)"
    )
    builders["build"].add_argument(
        "--timings", action="store_true", help="say how long each phase of the build took"
    )
    builders["build"].add_argument(
        "--no-cache",
        action="store_true",
        help="build everything anew, without reading or writing .atlasgen-cache/",
    )
    _date_option(
        builders["build"],
        "build as of this day (default: SOURCE_DATE_EPOCH, the last commit, or the content)",
    )

    review = builders["validate"].add_argument_group(
        "pull-request mode",
        "also check that the author may change the changed files: a member file, its "
        "English text and logo are for its maintainers, everything else for the staff",
    )
    review.add_argument(
        "--author", metavar="USER", help="GitHub user name of the pull request's author"
    )
    review.add_argument(
        "--changed-files",
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="changed, added or deleted files, relative to the project folder",
    )
    review.add_argument(
        "--changed-files-from",
        metavar="PATH",
        help="read the changed files from PATH, one per line ('-': standard input)",
    )
    review.add_argument(
        "--base",
        metavar="REV",
        help="git revision of the target branch: its maintainers and staff decide "
        "(without it the changed files themselves do, and deletions need the staff)",
    )

    p = command(
        "schema", "write JSON Schemas of the content files to schema/", "atlasgen schema --check"
    )
    p.add_argument("--check", action="store_true", help="only check that schema/ is up to date")
    p.set_defaults(func=cmd_schema)

    if needs("serve"):
        p = command(
            "serve",
            "serve the site on this computer, rebuild it when a file changes and reload "
            "the browser; problems are shown in the page",
            "atlasgen serve --port 8000",
        )
        p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
        p.add_argument(
            "--host",
            default="127.0.0.1",
            help="address to listen on (default 127.0.0.1: this computer only)",
        )
        _date_option(p, "build as of this day (default: as 'atlasgen build')")
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.set_defaults(func=cmd_serve)

    if needs("codeowners"):
        from .staff.ownership import CODEOWNERS_FILE

        p = command(
            "codeowners",
            f"write {CODEOWNERS_FILE} from the maintainers of the member files and the staff",
            "atlasgen codeowners --check",
        )
        p.add_argument(
            "--check", action="store_true", help=f"only check that {CODEOWNERS_FILE} is up to date"
        )
        p.set_defaults(func=cmd_codeowners)

    p = command("new", "create a new content file", 'atlasgen new member "Muster Software GmbH"')
    p.add_argument("kind", choices=("member",), help="what to create")
    p.add_argument("name", help="the organisation's name")
    p.add_argument("--slug", help="file name without .md (default: derived from the name)")
    p.set_defaults(func=cmd_new)

    p = command(
        "diff",
        "say in words what a change does to the content (members, competences, settings)",
        'atlasgen diff --format markdown >> "$GITHUB_STEP_SUMMARY"',
    )
    p.add_argument(
        "base",
        nargs="?",
        metavar="BASE",
        help="git revision to compare from (default: the merge base of HEAD with main, "
        "origin/main or master)",
    )
    p.add_argument(
        "head",
        nargs="?",
        metavar="HEAD",
        help="git revision to compare to (default: the commit HEAD; uncommitted changes "
        "are not included)",
    )
    p.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text for the terminal, markdown for a GitHub job summary",
    )
    p.set_defaults(func=cmd_diff)

    if needs("export"):
        from .staff.export import COLUMN_SETS, FORMATS

        p = command(
            "export",
            "export member data for CRMs and address books: CSV, vCard 4.0 or JSON "
            "(docs/member-management.md)",
            "atlasgen export --format csv --delimiter ';' --out mitglieder.csv",
        )
        p.add_argument(
            "--format",
            choices=FORMATS,
            required=True,
            help="csv for CRMs and spreadsheets, vcard for address books, json for tools",
        )
        p.add_argument(
            "--internal",
            action="store_true",
            help="add the internal member data (membership, billing, internal contacts …)",
        )
        p.add_argument(
            "--all",
            action="store_true",
            help="every member, also those not listed on the site, with a 'listed' field",
        )
        p.add_argument(
            "--delimiter",
            choices=(",", ";"),
            help="CSV field separator (default ','; ';' for a German Excel)",
        )
        p.add_argument(
            "--columns",
            choices=COLUMN_SETS,
            help="CSV column names as the contact import of CiviCRM (default) or the company "
            "import of HubSpot names them",
        )
        p.add_argument(
            "--out",
            metavar="FILE",
            help="write to FILE instead of standard output; for vcard, a folder (ending in /) "
            "gets one <id>.vcf per member",
        )
        _date_option(p, "export as of this day (default: as 'atlasgen build' dates the site)")
        p.set_defaults(func=cmd_export)

    if needs("report"):
        from .staff.report import SECTIONS as REPORT_SECTIONS

        p = command(
            "report",
            "tables for the staff: profile completeness, stale profiles, expired offers, "
            "consent gaps, membership figures and whom to introduce to whom "
            "(docs/member-management.md)",
            "atlasgen report --format csv --section completeness > completeness.csv",
        )
        p.add_argument(
            "--format",
            choices=("text", "markdown", "csv"),
            default="text",
            help="text: terminal tables; markdown: pipe tables; csv: one table (--section) "
            "or one file per section (--out)",
        )
        p.add_argument(
            "--section",
            nargs="+",
            action="extend",
            default=[],
            choices=REPORT_SECTIONS,
            metavar="NAME",
            help=f"only these sections: {', '.join(REPORT_SECTIONS)} (default: all)",
        )
        p.add_argument(
            "--months",
            type=_months,
            metavar="N",
            help="a profile is stale after N months (default: stale_after_months in atlas.yaml)",
        )
        _date_option(p, "report as of this day (default: today)")
        p.add_argument(
            "--out", type=Path, metavar="DIR", help="with --format csv: write DIR/<section>.csv"
        )
        p.set_defaults(func=cmd_report)

    if needs("import"):
        from .staff.importer.options import add_import_arguments

        add_import_arguments(
            command(
                "import",
                "create or update member files from a spreadsheet (CSV); every written file "
                "passes validate (docs/member-management.md)",
                "atlasgen import mitglieder.csv --dry-run",
            )
        )
    return parser


_LIGHT = ("build", "serve")
"""Commands whose start-up time counts: their parser is built on its own."""


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    first = next((w for w in words if not w.startswith("-")), None)
    parser = _parser(first if first in _LIGHT and words[0] == first else None)
    args = parser.parse_args(words)
    wanted = os.environ.get(ENV, "").strip()
    if args.lang is None and wanted and wanted.lower() not in LANGUAGES:
        parser.error(f"{ENV}={wanted!r} is not a language: one of {', '.join(LANGUAGES)}")
    i18n.use(i18n.choose(args.lang, args.project))
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in atlasgen, never bad content: say so plainly
        if os.environ.get("ATLASGEN_DEBUG"):
            traceback.print_exc()
        print(t("commands.internal_error", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 70
    return code


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The ``atlasgen`` program: ``main``, then exit at once. A build leaves a heap of
    hundreds of MB; tearing it down object by object took 3 s at 10,000 members, and
    nothing is left to do by then (every file is written and closed)."""
    code = main(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a reader that went away
            code = code or EXIT_PROBLEMS
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
