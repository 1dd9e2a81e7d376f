"""The spreadsheet as rows of text: a CSV file's bytes decoded, its separator sniffed and
its records read, or the ``RowProblem`` that stops it.

``decode`` takes the file's bytes and returns its text; ``sniff`` the separator of the
header row; ``read_rows`` takes the text and returns ``Records``: the header (cleaned as
every cell is, ``clean_cell``) and the numbered rows that are not blank.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Final

from ...common.i18n import t
from ...common.spreadsheet import FORMULA_START
from ...content.problems import Severity

__all__ = ["Records", "Row", "RowProblem", "clean_cell", "decode", "read_rows", "sniff"]

Row = tuple[int, tuple[str, ...]]
"""A row's number in the sheet (the header is row 1) and its cells as written."""


@dataclass(frozen=True)
class RowProblem:
    """A problem with one row of the spreadsheet (row 1 is the header)."""

    row: int
    column: str
    """The column as the sheet names it, or the field; '' for the whole row."""
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class Records:
    """A sheet as read: its header and its rows."""

    header: list[str]
    """The column names, cleaned (``clean_cell``)."""
    rows: list[Row]
    """The rows that are not blank."""


_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")


def decode(raw: bytes) -> tuple[str | None, RowProblem | None]:
    """The text (``\\n`` line ends), or the problem of the whole file (row 1)."""
    if raw.startswith(_UTF16_BOMS):
        return None, RowProblem(1, "", t("importer.utf16"), t("importer.encoding_hint"))
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, RowProblem(
            1,
            "",
            t("importer.not_utf8", byte=f"{raw[exc.start]:02x}", line=line),
            t("importer.encoding_hint"),
        )
    return text, None


def sniff(text: str) -> str:
    """``;`` or ``,``: whichever separates more columns of the first line (outside quotes)."""
    counts = {";": 0, ",": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    return ";" if counts[";"] > counts[","] else ","


def _unneutralise(value: str) -> str:
    """``'=x`` → ``=x``: undo the apostrophe the exports put before a formula; also before
    any ``+``/``-`` (``'+49 …``), as older versions and other tools write it."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def clean_cell(cell: str) -> str:
    """A cell without surrounding space, with ``\\n`` line breaks and without the apostrophe
    that keeps a spreadsheet from reading it as a formula."""
    return _unneutralise(cell.replace("\r\n", "\n").replace("\r", "\n").strip())


def read_rows(text: str, delimiter: str) -> tuple[Records | None, list[RowProblem]]:
    """The sheet's header and rows; or ``None`` and the problem that stops it."""
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for record in reader:
            number += 1
            records.append((number, record))
    except csv.Error as exc:
        return None, [
            RowProblem(
                number + 1, "", t("importer.csv_error", error=exc), t("importer.csv_error_hint")
            )
        ]
    if not records or not any(c.strip() for c in records[0][1]):
        return None, [RowProblem(1, "", t("importer.no_header"), t("importer.no_header_hint"))]
    header = [clean_cell(c) for c in records[0][1]]
    rows = [(n, tuple(record)) for n, record in records[1:] if any(c.strip() for c in record)]
    return Records(header, rows), []
