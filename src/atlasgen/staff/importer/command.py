"""The ``atlasgen import`` command: its arguments, its run and what it prints.

``run_import`` takes ``ImportOptions`` and the output streams, reads the sheet, imports
its rows (``rows.Importer``), writes the files unless it is a dry run, validates them
(restoring any file that fails) and returns the exit code. ``cmd_import`` runs it for
the parsed arguments that ``options.add_import_arguments`` declares.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Final, TextIO

from ...common.i18n import t
from ...content.model import MemberContext, link_taxonomy
from ...content.problems import Problem, Severity, visible
from ...content.project import LOGOS_DIR, list_logos, read_categories, read_config
from ...content.stages import validate_project
from .columns import UNKNOWN_COLUMN, Sheet, explicit_mapping, map_columns
from .messages import value_lines
from .options import ImportOptions, ImportUsageError
from .rows import Importer, Outcome
from .table import RowProblem, decode, read_rows, sniff

__all__ = ["cmd_import", "run_import"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_STATUS: Final = {
    (False, "new"): "importer.status_new",
    (False, "change"): "importer.status_change",
    (False, "unchanged"): "importer.status_unchanged",
    (True, "new"): "importer.dry_status_new",
    (True, "change"): "importer.dry_status_change",
    (True, "unchanged"): "importer.dry_status_unchanged",
}
"""(dry run, status) → the catalogue key of the word a row's line says."""


def _project_context(root: Path) -> tuple[MemberContext | None, list[Problem]]:
    _, config, problems = read_config(root)
    category_files, more = read_categories(root)
    _, competences, taxonomy_problems = link_taxonomy(category_files)
    problems += more + taxonomy_problems
    if config is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return MemberContext(competences, list_logos(root), config, root / LOGOS_DIR), problems


def _format_problem(label: str, p: RowProblem) -> list[str]:
    column = f" {visible(p.column)}:" if p.column else ""
    lines = [f"{visible(label)}:{p.row}:{column} {visible(p.message)}"]
    if p.hint:
        hint = t("problems.hint")
        lines.append(f"    {hint}: {visible(p.hint)}")
    return lines


def _print_problems(label: str, problems: list[RowProblem], err: TextIO) -> None:
    lines: list[str] = []
    for p in sorted(problems, key=lambda p: p.row):
        lines += _format_problem(label, p)
    rows = t("importer.rows", n=len({p.row for p in problems}))
    # "3 problems in 2 rows": said as validate says "3 problems in 2 files"
    count = t("problems.problems", n=len(problems))
    lines += ["", t("problems.summary", problems=count, files=rows)]
    print("\n".join(lines), file=err)


def _read_sheet(options: ImportOptions, explicit: dict[str, str], err: TextIO) -> Sheet | None:
    """The sheet with its columns mapped; ``None`` when its problems are printed."""
    label = str(options.file)
    text, problem = decode(options.file.read_bytes())
    if text is None:
        assert problem is not None
        _print_problems(label, [problem], err)
        return None
    delimiter = sniff(text) if options.delimiter == "auto" else options.delimiter
    records, problems = read_rows(text, delimiter)
    sheet = None
    if records is not None:
        sheet, problems = map_columns(records, explicit)
    if sheet is None:
        _print_problems(label, problems, err)
    return sheet


def _print_columns(sheet: Sheet, dry_run: bool, out: TextIO, err: TextIO) -> None:
    """The columns and what they give (dry run), and the columns that are not imported."""
    if dry_run:
        mapped = ", ".join(f"{visible(c.header)} → {c.field}" for c in sheet.columns)
        print(t("importer.columns", columns=mapped), file=out)
    unknown = [visible(name) for name, why in sheet.ignored if why == UNKNOWN_COLUMN]
    if unknown:
        names = ", ".join(f"'{n}'" for n in unknown)
        print(
            t("importer.unknown_columns", n=len(unknown), names=names, first=unknown[0]), file=err
        )
    if dry_run:
        for name, why in sheet.ignored:
            if why != UNKNOWN_COLUMN:
                print(t("importer.not_imported", column=visible(name), why=t(why)), file=out)


def _validate_written(root: Path, outcomes: list[Outcome], importer: Importer) -> None:
    """Run validate; restore each written file that does not pass and report why."""
    written = {o.rel: o for o in outcomes if o.text is not None}
    if not written:
        return
    summary = validate_project(root)
    failed: dict[str, list[Problem]] = {}
    for p in summary.problems:
        if p.severity is Severity.ERROR and p.path in written:
            failed.setdefault(p.path, []).append(p)
    for rel, problems in failed.items():
        outcome = written[rel]
        path = root / rel
        if outcome.old is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(outcome.old)
        existing = importer.members.files.get(outcome.slug)
        used = set(outcome.changed)
        for p in problems:
            problem = importer.row_problem(outcome.row, p, used, existing)
            outcome.problems.append(problem)
        outcome.status, outcome.text = "problem", None


def _print_outcomes(label: str, outcomes: list[Outcome], dry_run: bool, out: TextIO) -> None:
    """A line per row; with ``dry_run`` also ``field: old → new`` per changed field."""
    for outcome in outcomes:
        if outcome.status == "problem":
            continue
        status = t(_STATUS[dry_run, outcome.status])
        line = f"{visible(label)}:{outcome.row}: {status}: {outcome.slug}"
        if outcome.status == "change":
            line += ": " + ", ".join(outcome.changed)
        print(line, file=out)
        if dry_run:
            for change in value_lines(outcome.values):
                print(f"    {change}", file=out)
        for note in outcome.notes:
            print(f"    {visible(note)}", file=out)


def _print_summary(outcomes: list[Outcome], dry_run: bool, listed: bool, out: TextIO) -> None:
    """What the import did (``listed``: the sheet has a column for ``listed``)."""
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("new", "change", "unchanged")}
    bad = sum(1 for o in outcomes if o.status == "problem")
    tail = t("importer.summary_not_imported", rows=t("importer.rows", n=bad)) if bad else ""
    new, change, unchanged = counts["new"], counts["change"], counts["unchanged"]
    if dry_run:
        line = t("importer.summary_dry_run", new=new, change=change, unchanged=unchanged, tail=tail)
    else:
        rows = t("importer.rows", n=len(outcomes) - bad)
        line = t(
            "importer.summary", rows=rows, new=new, change=change, unchanged=unchanged, tail=tail
        )
    print(line, file=out)
    if new and not listed:
        print(t("importer.listed_false", n=new), file=out)


def run_import(options: ImportOptions, out: TextIO, err: TextIO) -> int:
    """Run ``atlasgen import``; the exit code. Raises ``ImportUsageError`` (exit code 2)."""
    explicit = explicit_mapping(options)
    if not options.file.is_file():
        raise ImportUsageError(t("importer.file_not_found", file=options.file))
    label = str(options.file)
    root = options.project.resolve()
    context, project_problems = _project_context(root)
    if context is None:
        errors = [p for p in project_problems if p.severity is Severity.ERROR]
        for p in errors:
            print(f"{p.path}:{p.line}:{p.column}: {visible(p.message)}", file=err)
        print(t("importer.project_invalid"), file=err)
        return EXIT_PROBLEMS
    sheet = _read_sheet(options, explicit, err)
    if sheet is None:
        return EXIT_PROBLEMS
    _print_columns(sheet, options.dry_run, out, err)
    with tempfile.TemporaryDirectory(prefix="atlasgen-import-") as scratch:
        importer = Importer(root, sheet, context, Path(scratch), options.force)
        outcomes = [importer.row(number, cells) for number, cells in sheet.rows]
    if not options.dry_run:
        for outcome in outcomes:
            if outcome.text is not None:
                (root / outcome.rel).write_bytes(outcome.text)
        _validate_written(root, outcomes, importer)
    _print_outcomes(label, outcomes, options.dry_run, out)
    row_problems = [p for o in outcomes for p in o.problems]
    if row_problems:
        _print_problems(label, row_problems, err)
    _print_summary(outcomes, options.dry_run, "listed" in importer.columns, out)
    return EXIT_PROBLEMS if row_problems else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """The ``atlasgen import`` subcommand."""
    options = ImportOptions(
        args.file,
        project=args.project,
        dry_run=args.dry_run,
        force=args.force,
        delimiter=args.delimiter,
        maps=tuple(args.map),
        mapping=args.mapping,
    )
    try:
        return run_import(options, sys.stdout, sys.stderr)
    except ImportUsageError as exc:
        print(f"atlasgen import: {exc}", file=sys.stderr)
        return EXIT_USAGE
