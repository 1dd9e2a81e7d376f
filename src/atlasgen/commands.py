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

from .common.i18n import t
from .content.problems import Problem, Severity, format_problems, summary_line, warning_count

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


WARNING_KINDS_SHOWN = 3
"""How many kinds of warnings the one-line digest names."""


HEADLINE_CHARS = 80


def _headline(message: str) -> str:
    """What a warning is about, short: its text up to the first ``: `` (the details
    follow there), at most ``HEADLINE_CHARS`` characters."""
    head = message.split(": ", 1)[0]
    if len(head) <= HEADLINE_CHARS:
        return head
    return head[: HEADLINE_CHARS - 2].rsplit(" ", 1)[0] + " …"  # whole words


def warning_digest(warnings: list[Problem], command: str) -> str:
    """``9 Hinweise: 5 × Profil ohne Logo, 3 × …, 1 weiterer – 'atlasgen validate
    --warnings' zeigt alle``: warnings of the same message counted together."""
    counts: dict[str, int] = {}
    for p in warnings:
        kind = _headline(p.message)
        counts[kind] = counts.get(kind, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    kinds = [t("commands.warning_kind", n=n, message=m) for m, n in ranked[:WARNING_KINDS_SHOWN]]
    rest = sum(n for _, n in ranked[WARNING_KINDS_SHOWN:])
    if rest:
        kinds.append(t("commands.warnings_more", n=rest))
    return t(
        "commands.warnings_folded",
        warnings=warning_count(len(warnings)),
        kinds=", ".join(kinds),
        command=command,
    )


def _print_problems(
    problems: list[Problem],
    fmt: str,
    *,
    command: str = "validate",
    warnings: bool = True,
    changed: set[str] | None = None,
) -> None:
    """Print ``problems`` in ``fmt``. Without ``warnings`` the warnings of the text format are
    one line (``--warnings`` shows them). With ``changed`` (pull-request mode) the problems of
    those files are shown in full, those of every other file in one line. JSON always has
    everything: it is for tools."""
    notes: list[str] = []
    if fmt != "json" and changed is not None:
        elsewhere = [p for p in problems if p.path not in changed]
        problems = [p for p in problems if p.path in changed]
        if elsewhere:
            count = sum(1 for p in elsewhere if p.severity is Severity.WARNING)
            parts = [summary_line(elsewhere)] if count < len(elsewhere) else []
            parts += [warning_count(count)] if count else []
            notes.append(t("commands.elsewhere", problems=t("commands.and").join(parts)))
    elif fmt == "text" and not warnings:
        folded = [p for p in problems if p.severity is Severity.WARNING]
        problems = [p for p in problems if p.severity is Severity.ERROR]
        if folded:
            notes.append(warning_digest(folded, command))
    if problems or notes or fmt != "text":
        text = format_problems(problems, fmt, notes)
        print(text, file=sys.stderr if fmt == "text" else sys.stdout)


def _ownership_problems(args: argparse.Namespace) -> tuple[list[Problem], set[str]] | None:
    """Pull-request mode of validate: the changed files the author may not change, and the
    changed files (``None`` when not asked for)."""
    from .staff.ownership import OwnershipUsageError, check_changes, read_changed_files

    changes = args.changed_files or args.changed_files_from is not None
    if args.author is None and not changes and args.base is None:
        return None
    if args.author is None or not changes:
        raise OwnershipUsageError(
            t("commands.usage_review_base" if args.base is not None else "commands.usage_review")
        )
    changed = read_changed_files(args.changed_files, args.changed_files_from, sys.stdin)
    return check_changes(args.project, args.author, changed, base=args.base), set(changed)


def cmd_validate(args: argparse.Namespace) -> int:
    from .content.stages import validate_project
    from .staff.ownership import OwnershipUsageError

    try:
        review = _ownership_problems(args)
    except OwnershipUsageError as exc:
        print(f"atlasgen validate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    ownership, changed = review if review is not None else ([], None)
    summary = validate_project(args.project, strict=args.strict)
    problems = sorted(summary.problems + ownership)
    ok = summary.ok and not ownership
    _print_problems(problems, args.format, warnings=args.warnings, changed=changed)
    if ok and args.format == "text":
        print(
            t(
                "commands.validate_ok",
                members=t("commands.members", n=summary.members),
                competences=t("commands.competences", n=summary.competences),
                categories=t("commands.categories", n=summary.categories),
            )
        )
        if review is not None:
            print(t("commands.validate_author_ok", author=args.author.strip().removeprefix("@")))
    return EXIT_OK if ok else EXIT_PROBLEMS


def _built_line(result: BuildResult, out: Path, seconds: float) -> str:
    """The summary line of a build: pages, files, time and what the cache saved."""
    pages = t("commands.pages", n=result.pages)
    if result.unchanged:
        return t("commands.build_unchanged", pages=pages, out=out, seconds=f"{seconds:.2f}")
    line = t(
        "commands.build_done",
        pages=pages,
        files=t("commands.files", n=result.files),
        out=out,
        day=result.today.isoformat(),
        seconds=f"{seconds:.1f}",
    )
    if result.cached_members or result.cached_texts or result.reused:
        line += t(
            "commands.build_cached",
            members=result.cached_members,
            member_files=result.member_files,
            texts=result.cached_texts,
            all_texts=result.texts,
            reused=result.reused,
            all_files=result.files,
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
    _print_problems(problems, args.format, command="build", warnings=args.warnings)
    if result is None:
        print(t("commands.build_failed", out=out), file=sys.stderr)
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
            print(t("commands.schema_stale", file=f"{SCHEMA_DIR}/{name}"), file=sys.stderr)
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(root):
        print(t("commands.wrote", file=path.relative_to(root)))
    return EXIT_OK


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .staff.ownership import CODEOWNERS_FILE, render_codeowners

    root: Path = args.project
    text, problems = render_codeowners(root)
    if text is None:
        _print_problems(problems, "text", warnings=False)
        print(t("commands.codeowners_problems"), file=sys.stderr)
        return EXIT_PROBLEMS
    path = root / CODEOWNERS_FILE
    if args.check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            state = "commands.codeowners_stale" if path.is_file() else "commands.codeowners_missing"
            print(t(state, file=CODEOWNERS_FILE), file=sys.stderr)
            return EXIT_PROBLEMS
        return EXIT_OK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(t("commands.wrote", file=CODEOWNERS_FILE))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .content.project import read_categories, read_config, slugify
    from .staff.scaffold import write_member

    root = args.project.resolve()
    _, config, _ = read_config(root)
    categories, _ = read_categories(root)
    competences = [c.id for _, category in categories for c in category.competences]
    if config is None or not competences:
        print(t("commands.new_needs_valid"), file=sys.stderr)
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
        print(t("commands.new_exists", slug=slug), file=sys.stderr)
        return EXIT_USAGE
    print(t("commands.new_wrote", file=path.relative_to(root)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .staff.export import ExportRequest, ExportUsageError, prepare_export, write_export

    csv_only = [f"--{n}" for n in ("delimiter", "columns") if getattr(args, n) is not None]
    if csv_only and args.format != "csv":
        options = t("commands.and").join(csv_only)
        print(t("commands.export_csv_only", n=len(csv_only), options=options), file=sys.stderr)
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
        if selection is None:  # the warnings are for validate, not for every export
            _print_problems(problems, "text", command="export", warnings=False)
            print(t("commands.export_failed"), file=sys.stderr)
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
        text = semantic_diff(args.project, args.base, args.head, fmt=args.format)
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
        print(t("commands.report_out_csv"), file=sys.stderr)
        return EXIT_USAGE
    if args.format == "csv" and args.out is None and len(sections) != 1:
        print(t("commands.report_one_table"), file=sys.stderr)
        return EXIT_USAGE
    # consent gaps are a section of the report, not a reason to refuse it
    atlas, problems = load_atlas(args.project, check_consents=False)
    if atlas is None:
        _print_problems(problems, "text", command="report", warnings=False)
        print(t("commands.report_problems"), file=sys.stderr)
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
                print(t("commands.wrote", file=path))
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(render_csv(report.tables[0]))
            sys.stdout.buffer.flush()
    return EXIT_OK
