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
Headings, column titles, notes and the words in cells come from the tools' catalogue
(``data/messages/<lang>/report.yaml``) in the language in use when the report is built;
values from the content (names, slugs, ISO dates, the values of ``type``, ``employees``
and the membership status as written) stay as they are.
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

from ..common import i18n
from ..common.i18n import t
from ..common.spreadsheet import spreadsheet_csv
from ..content.dates import months_before
from ..content.internal import Internal, PublicContact, consent_gap, load_internal, publication
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
    empty: str = ""
    """What an empty table shows instead (default: "nothing to report")."""

    @property
    def empty_text(self) -> str:
        return self.empty or t("report.nothing")


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
    ("report.check_logo", lambda m: m.data.logo is not None),
    ("report.check_description", lambda m: bool(m.description_de.strip())),
    ("report.check_tagline", lambda m: bool(m.data.tagline)),
    ("report.check_contacts", lambda m: bool(m.data.contacts)),
    ("report.check_website", lambda m: m.data.website is not None),
    ("report.check_email", lambda m: m.data.email is not None),
    ("report.check_phone", lambda m: m.data.phone is not None),
    ("report.check_competences", lambda m: len(m.data.competences) >= 3),
    ("report.check_english", lambda m: bool(m.description_en or m.tagline_en)),
    ("report.check_last_verified", lambda m: m.data.last_verified is not None),
)
"""The recommended fields of a profile: the catalogue key of the name the report gives
each, and its check."""


def completeness(atlas: Atlas) -> Table:
    rows = []
    total = len(COMPLETENESS_CHECKS)
    for member in atlas.listed_members:
        missing = [t(key) for key, check in COMPLETENESS_CHECKS if not check(member)]
        filled = total - len(missing)
        percent = round(filled * 100 / total)
        rows.append((percent, _by_name(member), (member.name, percent, filled, ", ".join(missing))))
    rows.sort(key=lambda r: (r[0], r[1]))
    fields = ", ".join(t(key) for key, _ in COMPLETENESS_CHECKS)
    return Table(
        "completeness",
        t("report.completeness_title"),
        (
            Column(t("report.col_member")),
            Column(t("report.col_complete"), True),
            Column(t("report.col_filled"), True),
            Column(t("report.col_missing")),
        ),
        [row for *_, row in rows],
        (t("report.completeness_note", fields=fields),),
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
            verified.isoformat() if verified else t("report.never"),
            months_between(verified, day) if verified else None,
        ]
        if changes is not None:
            cells += [
                changed.isoformat() if changed else t("report.not_committed"),
                months_between(changed, day) if changed else None,
            ]
        reasons = [verified or date.min] if stale_verified else []
        oldest = min([*reasons, *([changed] if stale_changed and changed else [])])
        found.append((oldest, _by_name(member), tuple(cells)))
    found.sort(key=lambda r: (r[0], r[1]))
    columns = [
        Column(t("report.col_member")),
        Column(t("report.col_last_verified")),
        Column(t("report.col_months"), True),
    ]
    if changes is None:
        notes = [t("report.stale_note", n=months), t("report.no_git")]
    else:
        notes = [t("report.stale_note_git", n=months)]
        columns += [
            Column(t("report.col_last_change")),
            Column(t("report.col_months_since"), True),
        ]
    return Table(
        "stale",
        t("report.stale_title", n=months),
        tuple(columns),
        [cells for *_, cells in found],
        tuple(notes),
        t("report.stale_empty"),
    )


OFFER_NAMES = {
    "jobs": "report.offer_jobs",
    "apprenticeships": "report.offer_apprenticeships",
    "dual_study": "report.offer_dual_study",
    "internships": "report.offer_internships",
    "theses": "report.offer_theses",
    "working_students": "report.offer_working_students",
}
"""Offer kind → the catalogue key of its name in the report."""


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
                    (offer.until, _by_name(member), index, (member.name, t(OFFER_NAMES[kind])))
                )
    found.sort(key=lambda r: r[:3])
    return Table(
        "expired",
        t("report.expired_title"),
        (
            Column(t("report.col_member")),
            Column(t("report.col_offer")),
            Column(t("report.col_until")),
            Column(t("report.col_days_ago"), True),
        ),
        [(*cells, until.isoformat(), (day - until).days) for until, _, _, cells in found],
        (t("report.expired_note", day=day.isoformat()),),
        t("report.expired_empty"),
    )


def consent_gaps(atlas: Atlas, internal: Internal) -> Table:
    columns = (
        Column(t("report.col_member")),
        Column(t("report.col_contact")),
        Column(t("report.col_problem")),
        Column(t("report.col_todo")),
    )
    if not internal.present:
        return Table(
            "consents",
            t("report.consents_title"),
            columns,
            [],
            (t("report.no_internal_consents", folder=internal.folder),),
            t("report.not_checked"),
        )
    rows: list[tuple[Cell, ...]] = []
    for member in sorted(atlas.members, key=_by_name):
        if not member.data.listed:
            continue  # contact persons of unlisted files are not published
        for index, contact in enumerate(member.data.contacts):
            public = PublicContact(member.slug, member.source_path, index, contact.name, (1, 1))
            _, problems = publication(internal, [public])
            withdrawn = consent_gap(internal, public) == "withdrawn"
            problem_text = t("report.consent_withdrawn" if withdrawn else "report.no_consent")
            rows.extend((member.name, contact.name, problem_text, p.hint) for p in problems)
    return Table(
        "consents",
        t("report.consents_title"),
        columns,
        rows,
        (t("report.consents_note"),),
        t("report.consents_empty"),
    )


def _count(rows: list[tuple[Cell, ...]], figure: str, counts: Iterable[tuple[str, int]]) -> None:
    rows.extend((figure, value, n) for value, n in counts if n)


def membership_figures(atlas: Atlas, internal: Internal) -> Table:
    rows: list[tuple[Cell, ...]] = []
    records = internal.records
    members = atlas.members
    notes = []
    no_record, unknown, not_given = (
        t("report.no_record"),
        t("report.unknown"),
        t("report.not_given"),
    )
    if internal.present:
        status = Counter(
            records[m.slug].membership.status.value if m.slug in records else no_record
            for m in members
        )
        order = [s.value for s in MembershipStatus] + [no_record]
        _count(rows, t("report.figure_status"), ((s, status[s]) for s in order))
        current = [
            m
            for m in members
            if m.slug not in records or records[m.slug].membership.status != MembershipStatus.LEFT
        ]
        notes.append(t("report.figures_note"))
    else:
        current = list(members)
        notes.append(t("report.no_internal_figures", folder=internal.folder))
    listed = sum(1 for m in members if m.listed)
    _count(
        rows,
        t("report.figure_listing"),
        ((t("report.listed"), listed), (t("report.not_listed"), len(members) - listed)),
    )
    if internal.present:
        years = Counter(
            str(since.year)
            if m.slug in records and (since := records[m.slug].membership.since)
            else None
            for m in current
        )
        _count(
            rows,
            t("report.figure_year"),
            ((year or unknown, n) for year, n in sorted(years.items(), key=_known_first)),
        )
    districts = Counter(m.location.district for m in current)
    _count(
        rows,
        t("report.figure_district"),
        sorted(districts.items(), key=lambda kv: (-kv[1], kv[0])),
    )
    sizes = Counter(m.data.employees.value if m.data.employees else None for m in current)
    _count(
        rows,
        t("report.figure_employees"),
        ((s or not_given, sizes[s]) for s in [*(c.value for c in SizeClass), None]),
    )
    types = Counter(m.data.type.value for m in current)
    _count(rows, t("report.figure_type"), ((k.value, types[k.value]) for k in MemberType))
    return Table(
        "figures",
        t("report.figures_title"),
        (
            Column(t("report.col_figure")),
            Column(t("report.col_value")),
            Column(t("report.col_members"), True),
        ),
        rows,
        tuple(notes),
    )


def _known_first(item: tuple[str | None, int]) -> tuple[bool, str]:
    """Years in order, the unknown year (``None``) last."""
    return (item[0] is None, item[0] or "")


def matches(atlas: Atlas) -> Table:
    nearest = nearest_offers(atlas, MATCHES_PER_NEED)
    by_slug = {m.slug: m for m in atlas.members}
    rows: list[tuple[Cell, ...]] = []
    for seeker in sorted(atlas.listed_members, key=_by_name):
        for need in seeker.data.needs:
            labels = atlas.competences[need.competence].entry.label
            competence = labels.de if i18n.current() == "de" else labels.en
            partners = nearest.get((seeker.slug, need.competence), [])
            if not partners:
                rows.append((seeker.name, competence, need.note, None, None))
            for km, slug in partners:
                rows.append((seeker.name, competence, need.note, by_slug[slug].name, km))
    return Table(
        "matches",
        t("report.matches_title"),
        (
            Column(t("report.col_seeker")),
            Column(t("report.col_needs")),
            Column(t("report.col_note")),
            Column(t("report.col_offered_by")),
            Column("km", True),  # the unit: the same in every language
        ),
        rows,
        (t("report.matches_note", n=MATCHES_PER_NEED),),
        t("report.matches_empty"),
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
        t("report.title", network=report.network),
        t("report.subtitle", day=report.day.isoformat(), n=report.months),
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
            console.print(Text(table.empty_text, style="italic"))
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
            lines.append(f"_{markdown_literal(table.empty_text)}_")
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
