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
from typing import TextIO

from ...content.model import MemberContext, link_taxonomy
from ...content.problems import Problem, Severity, plural, visible
from ...content.project import LOGOS_DIR, list_logos, read_categories, read_config
from ...content.stages import validate_project
from .columns import Sheet, explicit_mapping, map_columns
from .messages import value_lines
from .options import ImportOptions, ImportUsageError
from .rows import Importer, Outcome
from .table import RowProblem, decode, read_rows, sniff

__all__ = ["cmd_import", "run_import"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
        lines.append(f"    hint: {visible(p.hint)}")
    return lines


def _print_problems(label: str, problems: list[RowProblem], err: TextIO) -> None:
    lines: list[str] = []
    for p in sorted(problems, key=lambda p: p.row):
        lines += _format_problem(label, p)
    rows = len({p.row for p in problems})
    lines += ["", f"{plural(len(problems), 'problem')} in {plural(rows, 'row')}"]
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
        print(f"columns: {mapped}", file=out)
    unknown = [name for name, why in sheet.ignored if why == "unknown column"]
    if unknown:
        names = ", ".join(f"'{visible(n)}'" for n in unknown)
        print(
            f"note: not imported: {names} (unknown columns; map them with --map 'COLUMN=FIELD')",
            file=err,
        )
    if dry_run:
        for name, why in sheet.ignored:
            if why != "unknown column":
                print(f"not imported: {visible(name)} ({why})", file=out)


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
        line = f"{visible(label)}:{outcome.row}: {outcome.status}: {outcome.slug}"
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
    tail = f"; {plural(bad, 'row')} with problems not imported" if bad else ""
    if dry_run:
        print(
            f"dry run: {counts['new']} new, {counts['change']} to change, "
            f"{counts['unchanged']} unchanged{tail}; nothing was written",
            file=out,
        )
    else:
        print(
            f"imported {plural(len(outcomes) - bad, 'row')}: {counts['new']} new, "
            f"{counts['change']} changed, {counts['unchanged']} unchanged{tail}",
            file=out,
        )
    if counts["new"] and not listed:
        print(
            "new members have 'listed: false': set it to true when a profile is complete",
            file=out,
        )


def run_import(options: ImportOptions, out: TextIO, err: TextIO) -> int:
    """Run ``atlasgen import``; the exit code. Raises ``ImportUsageError`` (exit code 2)."""
    explicit = explicit_mapping(options)
    if not options.file.is_file():
        raise ImportUsageError(f"'{options.file}' not found")
    label = str(options.file)
    root = options.project.resolve()
    context, project_problems = _project_context(root)
    if context is None:
        errors = [p for p in project_problems if p.severity is Severity.ERROR]
        for p in errors:
            print(f"{p.path}:{p.line}:{p.column}: {visible(p.message)}", file=err)
        print("atlasgen import: atlas.yaml and content/competences/ must be valid first", file=err)
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
