"""Build-time SVG charts: pure, deterministic, no scripts, no fonts, no network.

* ``bar_chart_svg(items, *, title, id_prefix, empty_text=…)`` takes ``(label, value)`` pairs
  (values are counts ≥ 0) and returns an inline ``<svg>`` element as a string: a horizontal
  bar chart, one row per item in the given order (sort before calling), the label left,
  the bar, and the value as text at the bar's end.

Design decisions:

* **Size.** The viewBox is 600 units wide; the height is :data:`ROW_HEIGHT` per item plus
  a margin, so the chart scales to its container (``width="100%"``) on any screen.
* **Bars** are proportional to the value: the largest value gets :data:`BAR_MAX_WIDTH`, a
  value of 0 a bar of width 0 (the value "0" is still shown); a positive value never gets
  less than 1 unit, so it stays visible.
* **Labels** longer than :data:`LABEL_MAX_CHARS` characters are cut and end in "…"; the full
  label is the ``<title>`` (tooltip) of the row group ``<g class="row">`` that holds the
  label, the bar and the value, so it also appears when hovering the label or a zero bar.
* **Accessibility.** ``role="img"`` with ``aria-labelledby`` → the ``<title>``; the data
  table with the same numbers is rendered by the page template, not here. Text is at least
  14 units, dark on light; the bar colour has a contrast above 3:1 to white.
* **Empty input** returns a short chart with the title and one visible line ``empty_text``
  (default "Keine Daten vorhanden."), which is also part of the accessible name.
* **Escaping.** Labels and titles are untrusted: XML control characters are removed, then
  ``html.escape(value, quote=True)``.
* **Styling.** Classes ``chart``, ``row``, ``bar``, ``label``, ``value``, ``empty`` plus
  default presentation attributes (``fill``, ``font-family``, ``font-size``) that CSS
  overrides; no ``style`` attributes, so a strict Content-Security-Policy is fine.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

__all__ = [
    "BAR_MAX_WIDTH",
    "CHART_WIDTH",
    "FONT_SIZE",
    "LABEL_MAX_CHARS",
    "ROW_HEIGHT",
    "bar_chart_svg",
]

CHART_WIDTH = 600
"""Width of the chart's viewBox in SVG units."""
LABEL_WIDTH = 250
"""Space for the labels left of the bars (labels end 8 units before the bars)."""
BAR_MAX_WIDTH = 290
"""Width of the bar of the largest value; the rest (60 units) is room for the value."""
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 8
FONT_SIZE = 14
LABEL_MAX_CHARS = 28
FONT_FAMILY = "system-ui, sans-serif"

_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# Characters not allowed in XML 1.0 (C0 controls except tab/LF/CR, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_TEXT = f'fill="#1a1a1a" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}"'


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _num(tenths: int) -> str:
    """An integer number of tenths → shortest decimal text (``123`` → ``"12.3"``)."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    return f"{sign}{whole}" if frac == 0 else f"{sign}{whole}.{frac}"


def _shorten(label: str) -> str:
    if len(label) <= LABEL_MAX_CHARS:
        return label
    return label[:LABEL_MAX_CHARS].rstrip() + "…"


def bar_chart_svg(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    id_prefix: str,
    empty_text: str = "Keine Daten vorhanden.",
) -> str:
    """Render ``(label, value)`` pairs as a horizontal bar chart ``<svg>`` string.

    ``title`` is the accessible name (``<title id="{id_prefix}-title">``); ``id_prefix``
    must be unique on the page, start with a letter and contain only letters, digits,
    ``-`` and ``_``. Raises ``ValueError`` for an invalid ``id_prefix`` or a negative value.
    """
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(
            f"id_prefix {id_prefix!r} must start with a letter and contain only "
            "letters, digits, '-' and '_'"
        )
    negative = [label for label, value in items if value < 0]
    if negative:
        raise ValueError(f"negative values for: {', '.join(negative)}")

    title_id = f"{id_prefix}-title"
    rows = max(len(items), 1)
    height = 2 * PADDING + rows * ROW_HEIGHT
    text_dy = round(FONT_SIZE * 0.35 * 10)  # baseline below the row's centre, in tenths

    empty_id = f"{id_prefix}-empty"
    labelledby = title_id if items else f"{title_id} {empty_id}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{labelledby}">',
        f'<title id="{title_id}">{html.escape(_clean(title), quote=True)}</title>',
    ]
    if not items:
        y = _num((PADDING + ROW_HEIGHT // 2) * 10 + text_dy)
        out.append(
            f'<text id="{empty_id}" class="empty" x="{PADDING}" y="{y}" {_TEXT}>'
            f"{html.escape(_clean(empty_text), quote=True)}</text>"
        )

    largest = max((value for _, value in items), default=0)
    for index, (label, value) in enumerate(items):
        full = _clean(label)
        top = (PADDING + index * ROW_HEIGHT) * 10  # tenths
        baseline = _num(top + ROW_HEIGHT * 5 + text_dy)
        width = 0 if largest == 0 else round(value * BAR_MAX_WIDTH * 10 / largest)
        if value > 0:
            width = max(width, 10)
        bar_y = _num(top + (ROW_HEIGHT - BAR_HEIGHT) * 5)
        value_x = _num(LABEL_WIDTH * 10 + width + 60)
        out.append(
            f'<g class="row"><title>{html.escape(full, quote=True)}</title>'
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{baseline}" text-anchor="end" '
            f"{_TEXT}>{html.escape(_shorten(full), quote=True)}</text>"
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{bar_y}" width="{_num(width)}" '
            f'height="{BAR_HEIGHT}" fill="#2f6690"/>'
            f'<text class="value" x="{value_x}" y="{baseline}" {_TEXT}>{value:d}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)
