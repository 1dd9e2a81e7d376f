"""CSV files that spreadsheets open safely: the open data's ``members.csv``, ``atlasgen
export`` and ``atlasgen report``.

``spreadsheet_csv(rows)`` takes rows of strings and returns the bytes of the file;
``is_formula(value)`` says whether a spreadsheet would run a cell as a formula, and
``spreadsheet_safe(value)`` neutralises such a cell. ``FORMULA_START`` are the first
characters the exports of older versions neutralised (the import still strips the
apostrophe before them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["FORMULA_START", "is_formula", "spreadsheet_csv", "spreadsheet_safe"]

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
"""Every first character a spreadsheet may read as the start of a formula (OWASP CSV
Injection, plus the full-width forms, which some spreadsheets fold to ASCII)."""

_ALWAYS: Final = frozenset("=@\t\r\n＝＠")
"""First characters that start a formula whatever follows."""
_SIGNS: Final = frozenset("+-＋－")
_DATA_AFTER_SIGN: Final = re.compile(r"[0-9 \u00a0()/.,\-]*[0-9][0-9 \u00a0()/.,\-]*")
"""What may follow a ``+``/``-`` in a cell that is data (a phone number, a negative
number): digits, spaces (also no-break) and ``( ) / - . ,`` – at least one digit."""


def is_formula(value: str) -> bool:
    """Whether a spreadsheet (Excel, LibreOffice Calc, Google Sheets) could run ``value``
    as a formula that does more than arithmetic on the digits it shows.

    - ``=``, ``@``, a tab, a carriage return or a line feed at the start (and the
      full-width ``＝ ＠``): always a formula (``=HYPERLINK(…)``, ``@SUM(…)``).
    - ``+`` or ``-`` (or full-width ``＋ －``) at the start: a formula unless the rest is
      only digits, spaces and ``( ) / - . ,`` with at least one digit. So
      ``+49 7131 5550100``, ``+49 (7131) 555-01/02`` and ``-12,5`` are data – without a
      letter, ``!``, ``|``, ``:``, ``"`` or ``$`` there is no function, no cell reference
      and no DDE call, so nothing can leave the sheet or read another cell – while
      ``+SUM(1;2)``, ``-Handel``, ``+A1``, ``-cmd|' /C calc'!A0`` and a bare ``-`` are
      formulas.
    - anything else (``1+1``, ``'s Lädle``, a space first): not a formula.
    """
    if not value:
        return False
    first = value[0]
    if first in _ALWAYS:
        return True
    if first in _SIGNS:
        return _DATA_AFTER_SIGN.fullmatch(value[1:]) is None
    return False


def spreadsheet_safe(value: str) -> str:
    """``value``, with a leading apostrophe if it is a formula (:func:`is_formula`; the
    OWASP guidance on CSV injection), every other value unchanged."""
    return "'" + value if is_formula(value) else value


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
