"""Build-time bar charts: pure, deterministic, no scripts, no fonts, no network.

* ``bar_chart_html(items, *, title, id_prefix, total_label=None)`` takes ``(label, value)``
  pairs (values are counts ≥ 0) and returns an HTML fragment as a string: an ordered list
  ``<ol class="bars">``, one ``<li class="bar">`` per item, largest value first, each with
  the label, a bar and the value as ordinary HTML text.
* ``headline(items, total=None)`` takes the same pairs and returns ``(label, value, total)``
  of the largest item, for a sentence such as "Die meisten Mitglieder:
  Software-Entwicklung (18 von 48)", or ``None`` when there is nothing to say.

Design decisions (``bar_chart_html``):

* **Readable at any width.** Labels and values are HTML text in the page's font and size,
  so they neither shrink with the chart (an SVG 600 units wide shown 343 px wide made
  14-unit text 8 px) nor get cut: the full label is shown and the site CSS wraps it.
* **Order.** By value, largest first; equal values by label (case-insensitive, then
  exact), and the sort is stable, so equal items keep their given order. The same input
  gives a byte-identical string.
* **Bars.** ``<span class="bar-fill" style="width:NN.N%">`` inside
  ``<span class="bar-track">``; the width is relative to the largest value (which gets
  100.0 %), rounded to 0.1 %; a value > 0 gets at least :data:`MIN_FILL_PERCENT` % so it
  stays visible; a value of 0 gets no fill at all, but its "0" is shown. The ``style``
  value is a number computed here, never text from the input. (Under a
  Content-Security-Policy, inline ``style`` attributes need ``style-src-attr
  'unsafe-inline'``; without it the bars lose their widths but labels and values stay.)
* **Accessibility.** The list is named by ``aria-label`` = ``title``; a screen reader
  announces "list, 6 items" and reads each label with its value; the bars are empty
  spans and carry no information that is not in the text. The three parts of a row are
  separated by a space, so the text reads right without CSS as well.
* **Total.** With ``total_label`` the list is followed by
  ``<p class="bars-total" id="{id_prefix}-total">`` holding the label and the sum of the
  values (``bar-label``/``bar-value`` spans, aligned with the rows by the CSS).
* **Escaping.** Labels and titles are untrusted: C0 controls and other characters not
  allowed in XML are removed, then ``html.escape(value, quote=True)``.
* **Styling.** Classes ``bars``, ``bar``, ``bar-label``, ``bar-track``, ``bar-fill``,
  ``bar-value``, ``bars-total``; colours and layout come from the site CSS.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

__all__ = ["MIN_FILL_PERCENT", "bar_chart_html", "headline"]

MIN_FILL_PERCENT = 2
"""Smallest bar of a value > 0 in ``bar_chart_html``, in percent of the track."""

_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# Characters not allowed in XML 1.0 (C0 controls except tab/LF/CR, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _check(items: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Valid items, sorted: largest value first, equal values by label; stable."""
    checked: list[tuple[str, int]] = []
    for item in items:
        label, value = item
        if not isinstance(label, str):
            raise ValueError(f"label {label!r} is not a string")
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"value {value!r} of {label!r} is not a whole number")
        checked.append((label, value))
    negative = [label for label, value in checked if value < 0]
    if negative:
        raise ValueError(f"negative values for: {', '.join(negative)}")
    return sorted(checked, key=lambda item: (-item[1], item[0].casefold(), item[0]))


def _escape(value: str) -> str:
    return html.escape(_clean(value), quote=True)


def _percent(value: int, largest: int) -> str | None:
    """Width of a bar as ``"NN.N"`` (percent of the largest value), ``None`` for 0."""
    if value == 0:
        return None
    tenths = (value * 2000 + largest) // (2 * largest)  # value / largest · 1000, rounded
    tenths = max(tenths, MIN_FILL_PERCENT * 10)
    return f"{tenths // 10}.{tenths % 10}"


def bar_chart_html(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    id_prefix: str,
    total_label: str | None = None,
) -> str:
    """Render ``(label, value)`` pairs as an HTML bar chart (an ``<ol class="bars">``).

    Largest value first (see the module docstring for order, widths and markup);
    ``title`` is the list's accessible name (``aria-label``). ``id_prefix`` must be unique
    on the page, start with a letter and contain only letters, digits, ``-`` and ``_``; the
    list's id is ``{id_prefix}-bars``, the total's ``{id_prefix}-total``. ``total_label``:
    if given, a line with this label and the sum of all values follows the list (only
    meaningful when every counted thing is in exactly one item). No items give an empty
    list; the page should then say that there is nothing to show.

    Raises ``ValueError`` for an invalid ``id_prefix``, a label that is not a string or a
    value that is not a whole number ≥ 0.
    """
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(
            f"id_prefix {id_prefix!r} must start with a letter and contain only "
            "letters, digits, '-' and '_'"
        )
    rows = _check(items)
    largest = max((value for _, value in rows), default=0)
    out = [f'<ol class="bars" id="{id_prefix}-bars" aria-label="{_escape(title)}">']
    for label, value in rows:
        width = _percent(value, largest)
        fill = "" if width is None else f'<span class="bar-fill" style="width:{width}%"></span>'
        out.append(
            f'<li class="bar"><span class="bar-label">{_escape(label)}</span> '
            f'<span class="bar-track">{fill}</span> '
            f'<span class="bar-value">{value:d}</span></li>'
        )
    out.append("</ol>")
    if total_label is not None:
        total = sum(value for _, value in rows)
        out.append(
            f'<p class="bars-total" id="{id_prefix}-total">'
            f'<span class="bar-label">{_escape(total_label)}</span> '
            f'<span class="bar-value">{total:d}</span></p>'
        )
    return "\n".join(out)


def headline(
    items: Sequence[tuple[str, int]], total: int | None = None
) -> tuple[str, int, int] | None:
    """``(label, value, total)`` of the largest item: the first bar of ``bar_chart_html``.

    ``total`` defaults to the sum of the values; pass the number of members when an item
    can count a member more than once (competences). ``None`` when there are no items or
    every value is 0. The label is returned as given (not escaped: the template escapes).
    Raises ``ValueError`` for the same invalid items as ``bar_chart_html`` and for a total
    smaller than the largest value.

    >>> headline([("Cloud", 5), ("Software-Entwicklung", 18), ("Beratung", 3)], 48)
    ('Software-Entwicklung', 18, 48)
    """
    rows = _check(items)
    if not rows or rows[0][1] == 0:
        return None
    label, value = rows[0]
    if total is None:
        total = sum(v for _, v in rows)
    if total < value:
        raise ValueError(f"total {total} is smaller than the largest value {value}")
    return label, value, total
