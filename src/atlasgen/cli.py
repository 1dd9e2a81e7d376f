"""The ``atlasgen`` command. Exit codes: 0 ok, 1 content problems, 2 usage errors."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .content.problems import Problem, format_problems, plural

if TYPE_CHECKING:
    from .common.buildinfo import BuildResult

__all__ = ["main", "run"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _print_problems(problems: list[Problem], fmt: str) -> None:
    if problems or fmt != "text":
        print(format_problems(problems, fmt), file=sys.stderr if fmt == "text" else sys.stdout)


def _ownership_problems(args: argparse.Namespace) -> list[Problem] | None:
    """Pull-request mode of validate: the changed files the author may not change
    (``None`` when not asked for)."""
    from .staff.ownership import OwnershipUsageError, check_changes, read_changed_files

    changes = args.changed_files or args.changed_files_from is not None
    if args.author is None and not changes and args.base is None:
        return None
    if args.author is None or not changes:
        raise OwnershipUsageError(
            "--author and --changed-files (or --changed-files-from) go together"
            + (", and --base needs both" if args.base is not None else "")
        )
    changed = read_changed_files(args.changed_files, args.changed_files_from, sys.stdin)
    return check_changes(args.project, args.author, changed, base=args.base)


def cmd_validate(args: argparse.Namespace) -> int:
    from .content.stages import validate_project
    from .staff.ownership import OwnershipUsageError

    try:
        ownership = _ownership_problems(args)
    except OwnershipUsageError as exc:
        print(f"atlasgen validate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    summary = validate_project(args.project, strict=args.strict)
    problems = sorted(summary.problems + (ownership or []))
    ok = summary.ok and not ownership
    _print_problems(problems, args.format)
    if ok and args.format == "text":
        print(
            f"ok: {plural(summary.members, 'member')}, "
            f"{plural(summary.competences, 'competence')} "
            f"in {plural(summary.categories, 'category')}"
        )
        if ownership is not None:
            print(f"ok: @{args.author.strip().removeprefix('@')} may make these changes")
    return EXIT_OK if ok else EXIT_PROBLEMS


def _built_line(result: BuildResult, out: Path, seconds: float) -> str:
    """The summary line of a build: pages, files, time and what the cache saved."""
    if result.unchanged:
        return (
            f"nothing changed since the last build: {plural(result.pages, 'page')} in {out} "
            f"are up to date ({seconds:.2f} s; delete .atlasgen-cache/ or use --no-cache "
            "to build anyway)"
        )
    line = (
        f"built {plural(result.pages, 'page')} ({plural(result.files, 'file')}) into {out} "
        f"as of {result.today.isoformat()} in {seconds:.1f} s"
    )
    if result.cached_members or result.cached_texts or result.reused:
        line += (
            f"; from the cache: {result.cached_members} of {result.member_files} member "
            f"files, {result.cached_texts} of {result.texts} descriptions, "
            f"{result.reused} of {result.files} files unchanged"
        )
    return line


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out: Path = args.out if args.out is not None else args.project / "_site"
    prepared = None
    if not args.no_cache:
        from .dev.cache import prepare_cache

        prepared = prepare_cache(args.project, out, strict=args.strict, today=args.date)
    last_build = prepared.nothing_to_do() if prepared is not None else None
    if last_build is not None:
        result, problems = last_build  # nothing to do: say what the last build said
    else:
        from .common.progress import build_progress
        from .site.plan import build_site

        with build_progress() as progress:
            result, problems = build_site(
                args.project,
                out,
                today=args.date,
                strict=args.strict,
                prepared=prepared,
                progress=progress if args.format == "text" else None,
            )
    _print_problems(problems, args.format)
    if result is None:
        print(
            f"atlasgen build: nothing was written; {out} is unchanged. Fix the problems above.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(
        _built_line(result, out, time.perf_counter() - started),
        file=sys.stdout if args.format == "text" else sys.stderr,  # keep JSON output clean
    )
    if args.timings:
        for phase, seconds in result.timings.items():
            print(f"  {seconds:7.2f} s  {phase}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .dev.serve import ListenError, serve

    try:
        serve(args.project, host=args.host, port=args.port, today=args.date, strict=args.strict)
    except ListenError as exc:
        print(f"atlasgen serve: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .content.jsonschemas import SCHEMA_DIR, stale_schemas, write_schemas

    root: Path = args.project
    if args.check:
        stale = stale_schemas(root)
        for name in stale:
            print(f"{SCHEMA_DIR}/{name} is out of date; run 'atlasgen schema'", file=sys.stderr)
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(root):
        print(f"wrote {path.relative_to(root)}")
    return EXIT_OK


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .staff.ownership import CODEOWNERS_FILE, render_codeowners

    root: Path = args.project
    text, problems = render_codeowners(root)
    if text is None:
        _print_problems(problems, "text")
        print("atlasgen codeowners: fix the problems above first", file=sys.stderr)
        return EXIT_PROBLEMS
    path = root / CODEOWNERS_FILE
    if args.check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            state = "is out of date" if path.is_file() else "is missing"
            print(f"{CODEOWNERS_FILE} {state}; run 'atlasgen codeowners'", file=sys.stderr)
            return EXIT_PROBLEMS
        return EXIT_OK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {CODEOWNERS_FILE}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .content.project import read_categories, read_config, slugify
    from .staff.scaffold import write_member

    root = args.project.resolve()
    _, config, _ = read_config(root)
    categories, _ = read_categories(root)
    competences = [c.id for _, category in categories for c in category.competences]
    if config is None or not competences:
        print(
            "atlasgen new: atlas.yaml and content/competences/ must be valid first", file=sys.stderr
        )
        return EXIT_PROBLEMS
    address = config.network.address
    competence = competences[0]
    slug = args.slug or slugify(args.name)
    try:
        path = write_member(
            root,
            args.name,
            postal_code=address.postal_code,
            city=address.city,
            competence=competence,
            today=date.today(),
            slug=slug,
        )
    except FileExistsError:
        print(
            f"atlasgen new: content/members/{slug}.md exists already; choose --slug",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"wrote {path.relative_to(root)}: fill in the fields, then run 'atlasgen validate'")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .staff.export import ExportRequest, ExportUsageError, prepare_export, write_export

    csv_only = [f"--{n}" for n in ("delimiter", "columns") if getattr(args, n) is not None]
    if csv_only and args.format != "csv":
        verb = "apply" if len(csv_only) > 1 else "applies"
        print(
            f"atlasgen export: {' and '.join(csv_only)} {verb} only to --format csv",
            file=sys.stderr,
        )
        return EXIT_USAGE
    request = ExportRequest(
        args.format,
        internal=args.internal,
        everyone=args.all,
        columns=args.columns or "civicrm",
        delimiter=args.delimiter or ",",
        day=args.date,
    )
    try:
        selection, problems = prepare_export(args.project, request)
        _print_problems(problems, "text")
        if selection is None:
            print("atlasgen export: nothing was exported. Fix the problems above.", file=sys.stderr)
            return EXIT_PROBLEMS
        said = write_export(selection, request, args.out, sys.stdout.buffer)
    except ExportUsageError as exc:
        print(f"atlasgen export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if said is not None:
        print(said)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .staff.diff import DiffError, semantic_diff

    try:
        text = semantic_diff(args.project, args.base, args.head, fmt=args.format, lang=args.lang)
    except DiffError as exc:
        print(f"atlasgen diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(text)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .content.stages import load_atlas
    from .staff.report import SECTIONS as REPORT_SECTIONS
    from .staff.report import (
        build_report,
        render_csv,
        render_markdown,
        render_text,
        write_csv_files,
    )

    sections = [s for s in REPORT_SECTIONS if s in args.section] or list(REPORT_SECTIONS)
    if args.out is not None and args.format != "csv":
        print("atlasgen report: --out goes with --format csv", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "csv" and args.out is None and len(sections) != 1:
        print(
            "atlasgen report: --format csv writes one table: choose it with --section NAME, "
            "or write one file per section with --out DIR",
            file=sys.stderr,
        )
        return EXIT_USAGE
    # consent gaps are a section of the report, not a reason to refuse it
    atlas, problems = load_atlas(args.project, check_consents=False)
    if atlas is None:
        _print_problems(problems, "text")
        print("atlasgen report: fix the problems above first", file=sys.stderr)
        return EXIT_PROBLEMS
    day = args.date if args.date is not None else date.today()
    report = build_report(args.project, atlas, day=day, months=args.months, sections=sections)
    if args.format == "text":
        render_text(report, sys.stdout)
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(report))
    else:
        for table in report.tables:  # what a CSV file cannot say
            for note in table.notes[1:] if table.rows else table.notes:
                print(f"{table.section}: {note}", file=sys.stderr)
        if args.out is not None:
            for path in write_csv_files(report, args.out):
                print(f"wrote {path}")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(render_csv(report.tables[0]))
            sys.stdout.buffer.flush()
    return EXIT_OK


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
    p.add_argument("--lang", choices=("de", "en"), default="de", help="language of the sentences")
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
        from .staff.importer import add_import_arguments

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
    args = _parser(first if first in _LIGHT and words[0] == first else None).parse_args(words)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in atlasgen, never bad content: say so plainly
        if os.environ.get("ATLASGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"atlasgen: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in atlasgen, not in your content. Set ATLASGEN_DEBUG=1 for details.",
            file=sys.stderr,
        )
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
