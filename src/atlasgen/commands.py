"""The commands of ``atlasgen``: each takes the parsed arguments and returns the exit code
(0 ok, 1 content problems, 2 usage errors). Each imports what it needs when it runs, so
that a command starts without loading what the others need (``atlasgen export`` never
loads the renderer; ``atlasgen build`` with nothing to do loads almost nothing).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .content.problems import Problem, format_problems, plural

if TYPE_CHECKING:
    from .common.buildinfo import BuildResult

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "cmd_build",
    "cmd_codeowners",
    "cmd_diff",
    "cmd_export",
    "cmd_new",
    "cmd_report",
    "cmd_schema",
    "cmd_serve",
    "cmd_validate",
]

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
        from .build import build_site
        from .common.progress import build_progress

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
