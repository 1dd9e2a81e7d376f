"""``atlasgen report``: tables for the network's staff, from the member files and the
internal data.

Six sections, each one table (:data:`SECTIONS`):

* ``completeness`` – which recommended fields each listed profile fills, worst first;
* ``stale`` – profiles not confirmed (``last_verified``) or not changed in git for N months;
* ``expired`` – offers whose ``until`` lies before the report date;
* ``consents`` – published contact persons without a valid consent (internal data);
* ``figures`` – membership counts by status, year joined, district, size class and type;
* ``matches`` – for each need, the nearest members offering the competence.

The report is computed once (:func:`build_report`) and rendered as terminal tables with
``rich``, as Markdown or as CSV. For a fixed date its output is the same on every run.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..common.spreadsheet import spreadsheet_csv
from ..content.dates import months_before
from ..content.internal import Internal, PublicContact, load_internal, publication
from ..content.internal_schema import MembershipStatus
from ..content.matching import nearest_offers
from ..content.model import OFFER_KINDS, Atlas, Member
from ..content.problems import markdown_literal
from ..content.project import MEMBERS_DIR
from ..content.schema import MemberType, SizeClass

__all__ = [
    "MATCHES_PER_NEED",
    "SECTIONS",
    "Column",
    "Report",
    "Table",
    "build_report",
    "git_change_dates",
    "months_between",
    "render_csv",
    "render_markdown",
    "render_text",
    "write_csv_files",
]

SECTIONS = ("completeness", "stale", "expired", "consents", "figures", "matches")
"""The sections in the order the report shows them."""

MATCHES_PER_NEED = 3
PIPE_WIDTH = 120
"""Width of the text tables when the output is not a terminal."""

Cell = str | int | None
"""A table cell: ``None`` is an empty cell (``–`` in text and Markdown)."""


@dataclass(frozen=True)
class Column:
    name: str
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """One section of the report."""

    section: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]
    notes: tuple[str, ...] = ()
    """Sentences shown above the table (e.g. what could not be checked)."""
    empty: str = "nothing to report"


@dataclass(frozen=True)
class Report:
    day: date
    months: int
    network: str
    tables: list[Table] = field(default_factory=list)


# ------------------------------------------------------------------------------ dates


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when ``later`` is earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def git_change_dates(root: Path, paths: Collection[str]) -> dict[str, date] | None:
    """The day of the last commit that changed each of ``paths`` (relative to ``root``,
    below ``content/members``), in one ``git log`` pass; ``None`` without git history.

    Paths never committed are missing from the result. The pass stops as soon as every
    path has been seen, so recent histories are read only as far back as needed.
    """
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "log",
        "--relative",
        "--format=%x01%cs",
        "--name-only",
        "--",
        MEMBERS_DIR,
    ]
    try:
        proc = subprocess.Popen(
            command,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except OSError:
        return None
    wanted = set(paths)
    found: dict[str, date] = {}
    current: date | None = None
    complete = False
    assert proc.stdout is not None
    with proc:
        for line in proc.stdout:
            line = line.rstrip("\n")
            if line.startswith("\x01"):
                current = date.fromisoformat(line[1:])
            elif current is not None and line in wanted and line not in found:
                found[line] = current
                if len(found) == len(wanted):
                    complete = True
                    proc.kill()  # the rest of the history is not needed
                    break
        proc.stdout.close()
        code = proc.wait()
    if not complete and code != 0:
        return None
    return found


# --------------------------------------------------------------------------- sections


def _by_name(member: Member) -> tuple[str, str]:
    return (member.name.casefold(), member.slug)


COMPLETENESS_CHECKS: tuple[tuple[str, Callable[[Member], bool]], ...] = (
    ("logo", lambda m: m.data.logo is not None),
    ("description", lambda m: bool(m.description_de.strip())),
    ("tagline", lambda m: bool(m.data.tagline)),
    ("contacts", lambda m: bool(m.data.contacts)),
    ("website", lambda m: m.data.website is not None),
    ("email", lambda m: m.data.email is not None),
    ("phone", lambda m: m.data.phone is not None),
    ("3+ competences", lambda m: len(m.data.competences) >= 3),
    ("English text", lambda m: bool(m.description_en or m.tagline_en)),
    ("last_verified", lambda m: m.data.last_verified is not None),
)
"""The recommended fields of a profile, as the report names them."""


def completeness(atlas: Atlas) -> Table:
    rows = []
    total = len(COMPLETENESS_CHECKS)
    for member in atlas.listed_members:
        missing = [name for name, check in COMPLETENESS_CHECKS if not check(member)]
        filled = total - len(missing)
        percent = round(filled * 100 / total)
        rows.append((percent, _by_name(member), (member.name, percent, filled, ", ".join(missing))))
    rows.sort(key=lambda r: (r[0], r[1]))
    return Table(
        "completeness",
        "Completeness per listed member (worst first)",
        (Column("member"), Column("complete %", True), Column("filled", True), Column("missing")),
        [row for *_, row in rows],
        (f"Recommended fields: {', '.join(name for name, _ in COMPLETENESS_CHECKS)}.",),
    )


def stale_profiles(root: Path, atlas: Atlas, day: date, months: int) -> Table:
    cutoff = months_before(day, months)
    members = atlas.listed_members
    changes = git_change_dates(root, [m.source_path for m in members])
    found = []
    for member in members:
        verified = member.data.last_verified
        changed = changes.get(member.source_path) if changes is not None else None
        stale_verified = verified is None or verified < cutoff
        stale_changed = changed is not None and changed < cutoff
        if not (stale_verified or stale_changed):
            continue
        cells: list[Cell] = [
            member.name,
            verified.isoformat() if verified else "never",
            months_between(verified, day) if verified else None,
        ]
        if changes is not None:
            cells += [
                changed.isoformat() if changed else "not committed",
                months_between(changed, day) if changed else None,
            ]
        reasons = [verified or date.min] if stale_verified else []
        oldest = min([*reasons, *([changed] if stale_changed and changed else [])])
        found.append((oldest, _by_name(member), tuple(cells)))
    found.sort(key=lambda r: (r[0], r[1]))
    columns = [Column("member"), Column("last verified"), Column("months", True)]
    notes = [
        f"Listed profiles not confirmed (last_verified) for more than {months} months, "
        + (
            "or whose file was last changed in git more than that ago."
            if changes is not None
            else "or never."
        )
    ]
    if changes is None:
        notes.append(
            "No git history found: the last change of each member file could not be checked."
        )
    else:
        columns += [Column("last change (git)"), Column("months since", True)]
    return Table(
        "stale",
        f"Stale profiles (older than {months} months)",
        tuple(columns),
        [cells for *_, cells in found],
        tuple(notes),
        "no stale profiles",
    )


OFFER_NAMES = {
    "jobs": "jobs",
    "apprenticeships": "apprenticeships",
    "dual_study": "dual study",
    "internships": "internships",
    "theses": "theses",
    "working_students": "working students",
}


def expired_offers(atlas: Atlas, day: date) -> Table:
    found = []
    for member in atlas.listed_members:
        offers = member.data.offers
        if offers is None:
            continue
        for index, kind in enumerate(OFFER_KINDS):
            offer = getattr(offers, kind)
            if offer is not None and offer.until is not None and offer.until < day:
                found.append(
                    (offer.until, _by_name(member), index, (member.name, OFFER_NAMES[kind]))
                )
    found.sort(key=lambda r: r[:3])
    return Table(
        "expired",
        "Expired offers",
        (Column("member"), Column("offer"), Column("until"), Column("days ago", True)),
        [(*cells, until.isoformat(), (day - until).days) for until, _, _, cells in found],
        (
            f"Offers of listed members whose 'until' is before {day.isoformat()}; the site "
            "no longer shows them: ask the member to renew or remove them.",
        ),
        "no expired offers",
    )


def consent_gaps(atlas: Atlas, internal: Internal) -> Table:
    columns = (Column("member"), Column("contact person"), Column("problem"), Column("to do"))
    if not internal.present:
        return Table(
            "consents",
            "Consent gaps",
            columns,
            [],
            (f"No internal data ({internal.folder}/ does not exist): consents cannot be checked.",),
            "not checked",
        )
    rows: list[tuple[Cell, ...]] = []
    for member in sorted(atlas.members, key=_by_name):
        if not member.data.listed:
            continue  # contact persons of unlisted files are not published
        for index, contact in enumerate(member.data.contacts):
            public = PublicContact(member.slug, member.source_path, index, contact.name, (1, 1))
            _, problems = publication(internal, [public])
            for problem in problems:
                withdrawn = "withdrew" in problem.message
                rows.append(
                    (
                        member.name,
                        contact.name,
                        "consent withdrawn" if withdrawn else "no consent recorded",
                        problem.hint,
                    )
                )
    return Table(
        "consents",
        "Consent gaps",
        columns,
        rows,
        ("Published contact persons without a valid consent in the internal data.",),
        "every published contact person has a consent",
    )


def _count(rows: list[tuple[Cell, ...]], figure: str, counts: Iterable[tuple[str, int]]) -> None:
    rows.extend((figure, value, n) for value, n in counts if n)


def membership_figures(atlas: Atlas, internal: Internal) -> Table:
    rows: list[tuple[Cell, ...]] = []
    records = internal.records
    members = atlas.members
    notes = []
    if internal.present:
        status = Counter(
            records[m.slug].membership.status.value if m.slug in records else "no internal record"
            for m in members
        )
        order = [s.value for s in MembershipStatus] + ["no internal record"]
        _count(rows, "status", ((s, status[s]) for s in order))
        current = [
            m
            for m in members
            if m.slug not in records or records[m.slug].membership.status != MembershipStatus.LEFT
        ]
        notes.append(
            "Status and listing count every member file; the other figures count every "
            "member file except those whose membership has ended (status left)."
        )
    else:
        current = list(members)
        notes.append(
            f"No internal data ({internal.folder}/ does not exist): no membership status or "
            "year joined; the figures count every member file."
        )
    listed = sum(1 for m in members if m.listed)
    _count(rows, "listing", (("listed", listed), ("not listed", len(members) - listed)))
    if internal.present:
        years = Counter(
            str(since.year)
            if m.slug in records and (since := records[m.slug].membership.since)
            else "unknown"
            for m in current
        )
        _count(rows, "year joined", sorted(years.items(), key=lambda kv: (kv[0] == "unknown", kv)))
    districts = Counter(m.location.district for m in current)
    _count(rows, "district", sorted(districts.items(), key=lambda kv: (-kv[1], kv[0])))
    sizes = Counter(m.data.employees.value if m.data.employees else "not given" for m in current)
    _count(rows, "employees", ((s, sizes[s]) for s in [*(c.value for c in SizeClass), "not given"]))
    types = Counter(m.data.type.value for m in current)
    _count(rows, "type", ((t.value, types[t.value]) for t in MemberType))
    return Table(
        "figures",
        "Membership figures",
        (Column("figure"), Column("value"), Column("members", True)),
        rows,
        tuple(notes),
    )


def matches(atlas: Atlas) -> Table:
    nearest = nearest_offers(atlas, MATCHES_PER_NEED)
    by_slug = {m.slug: m for m in atlas.members}
    rows: list[tuple[Cell, ...]] = []
    for seeker in sorted(atlas.listed_members, key=_by_name):
        for need in seeker.data.needs:
            competence = atlas.competences[need.competence].entry.label.de
            partners = nearest.get((seeker.slug, need.competence), [])
            if not partners:
                rows.append((seeker.name, competence, need.note, None, None))
            for km, slug in partners:
                rows.append((seeker.name, competence, need.note, by_slug[slug].name, km))
    return Table(
        "matches",
        "Needs ↔ offers: whom to introduce to whom",
        (
            Column("member with the need"),
            Column("needs"),
            Column("note"),
            Column("offered by"),
            Column("km", True),
        ),
        rows,
        (
            f"For each need of a listed member, the {MATCHES_PER_NEED} nearest listed members "
            "that offer the competence (straight-line distance); '–': nobody offers it.",
        ),
        "no member has needs",
    )


def build_report(
    root: Path,
    atlas: Atlas,
    *,
    day: date,
    months: int | None = None,
    sections: Sequence[str] = SECTIONS,
) -> Report:
    """The report as of ``day``; ``months`` defaults to ``stale_after_months``."""
    months = months if months is not None else atlas.config.stale_after_months
    root = root.resolve()
    internal, _ = load_internal(root, atlas.config, [m.slug for m in atlas.members])
    makers: dict[str, Callable[[], Table]] = {
        "completeness": lambda: completeness(atlas),
        "stale": lambda: stale_profiles(root, atlas, day, months),
        "expired": lambda: expired_offers(atlas, day),
        "consents": lambda: consent_gaps(atlas, internal),
        "figures": lambda: membership_figures(atlas, internal),
        "matches": lambda: matches(atlas),
    }
    tables = [makers[name]() for name in SECTIONS if name in sections]
    return Report(day, months, atlas.config.network.name, tables)


# -------------------------------------------------------------------------- rendering


def _heading(report: Report) -> tuple[str, str]:
    return (
        f"Member report: {report.network}",
        f"As of {report.day.isoformat()}; profiles count as stale after {report.months} months.",
    )


def render_text(report: Report, stream: TextIO) -> None:
    """Terminal tables; colours only on a terminal, never escape codes in a pipe or file
    (there the tables are 120 characters wide, or ``COLUMNS``)."""
    terminal = stream.isatty()
    console = Console(
        file=stream,
        force_terminal=terminal,
        no_color=not terminal,
        width=None if terminal or os.environ.get("COLUMNS") else PIPE_WIDTH,
        highlight=False,
        emoji=False,
        markup=False,
    )
    title, subtitle = _heading(report)
    console.print(Text(title, style="bold"))
    console.print(Text(subtitle))
    for table in report.tables:
        console.print()
        console.print(Text(table.title, style="bold underline"))
        for note in table.notes:
            console.print(Text(note, style="dim"))
        if not table.rows:
            console.print(Text(table.empty, style="italic"))
            continue
        grid = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for column in table.columns:
            grid.add_column(
                Text(column.name, style="bold"),
                justify="right" if column.numeric else "left",
                overflow="fold",
            )
        for row in table.rows:
            grid.add_row(*(Text("–" if cell is None else str(cell)) for cell in row))
        console.print(grid)


def _markdown_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(report: Report) -> str:
    """GitHub Markdown: a heading and a pipe table per section; member text is escaped."""
    title, subtitle = _heading(report)
    lines = [f"# {markdown_literal(title)}", "", subtitle]
    for table in report.tables:
        lines += ["", f"## {markdown_literal(table.title)}", ""]
        for note in table.notes:
            lines += [markdown_literal(note), ""]
        if not table.rows:
            lines.append(f"_{markdown_literal(table.empty)}_")
            continue
        lines.append(_markdown_row(markdown_literal(c.name) for c in table.columns))
        lines.append(_markdown_row("---:" if c.numeric else "---" for c in table.columns))
        for row in table.rows:
            lines.append(
                _markdown_row("–" if cell is None else markdown_literal(str(cell)) for cell in row)
            )
    return "\n".join(lines) + "\n"


def render_csv(table: Table) -> bytes:
    """One section as CSV: UTF-8 with BOM, CRLF, every field quoted, no cell a spreadsheet
    would read as a formula."""
    header = [c.name for c in table.columns]
    rows = [["" if cell is None else str(cell) for cell in row] for row in table.rows]
    return spreadsheet_csv([header, *rows])


def write_csv_files(report: Report, folder: Path) -> list[Path]:
    """Every section of ``report`` as ``<folder>/<section>.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in report.tables:
        path = folder / f"{table.section}.csv"
        path.write_bytes(render_csv(table))
        paths.append(path)
    return paths
