"""CSV files that spreadsheets open safely: the open data's ``members.csv``, ``atlasgen
export`` and ``atlasgen report``.

``spreadsheet_csv(rows)`` takes rows of strings and returns the bytes of the file;
``spreadsheet_safe(value)`` neutralises one cell a spreadsheet would read as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["spreadsheet_csv", "spreadsheet_safe"]

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def spreadsheet_safe(value: str) -> str:
    """``value``, with a leading apostrophe if a spreadsheet would read it as a formula.

    Cells starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
    feed (and the full-width ``＝ ＋ － ＠``) are prefixed with ``'`` (OWASP guidance on
    CSV injection); every other value is returned unchanged.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def spreadsheet_csv(rows: Iterable[Sequence[str]], delimiter: str = ",") -> bytes:
    """CSV for spreadsheets (RFC 4180): UTF-8 with byte order mark (so that Excel sees the
    umlauts), CRLF line ends, every field quoted (a German Excel splits at semicolons, and
    an unquoted ``x;=1+1`` would become a cell that starts with a formula), every cell
    through :func:`spreadsheet_safe`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
