"""The bar charts, as a visitor of the site would notice them.

``bar_chart_html``: labels and values as HTML text, largest first, widths proportional,
hostile text escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from atlasgen.site.charts import (
    MIN_FILL_PERCENT,
    bar_chart_html,
    headline,
)

SVG = "{http://www.w3.org/2000/svg}"
ITEMS = [("Softwareentwicklung", 40), ("Cloud & Hosting", 20), ("IT-Sicherheit", 10)]


# --- HTML --------------------------------------------------------------------------------

VOID = {"br", "img", "input", "meta", "link", "hr", "wbr"}


@dataclass
class Row:
    label: str = ""
    value: str = ""
    width: float | None = None  # None: no fill
    fills: int = 0


@dataclass
class Parsed:
    """What a browser would build from the fragment (only the parts a test looks at)."""

    lists: list[dict[str, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    total: tuple[str, str] | None = None
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: str = ""


class ChartParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Parsed()
        self.stack: list[tuple[str, str]] = []
        self.in_total = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.result.tags.append((tag, attributes))
        cls = attributes.get("class", "")
        if tag == "ol":
            self.result.lists.append(attributes)
        elif tag == "li":
            assert self.stack and self.stack[-1][0] == "ol"
            self.result.rows.append(Row())
        elif cls == "bar-fill":
            style = attributes.get("style", "")
            match = re.fullmatch(r"width:(\d{1,3}\.\d)%", style)
            assert match, style
            self.result.rows[-1].width = float(match.group(1))
            self.result.rows[-1].fills += 1
        elif cls == "bars-total":
            self.in_total = True
            self.result.total = ("", "")
        if tag not in VOID:
            self.stack.append((tag, cls))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack)
        if self.stack.pop()[1] == "bars-total":
            self.in_total = False

    def handle_data(self, data: str) -> None:
        self.result.text += data
        if not self.stack:
            assert not data.strip(), data
            return
        cls = self.stack[-1][1]
        if self.in_total and self.result.total is not None:
            label, value = self.result.total
            if cls == "bar-label":
                self.result.total = (label + data, value)
            elif cls == "bar-value":
                self.result.total = (label, value + data)
        elif cls == "bar-label":
            self.result.rows[-1].label += data
        elif cls == "bar-value":
            self.result.rows[-1].value += data
        else:
            assert not data.strip(), (cls, data)  # no text outside label and value


def parse(fragment: str) -> Parsed:
    parser = ChartParser()
    parser.feed(fragment)
    parser.close()
    assert parser.stack == [], "every element is closed"
    return parser.result


def chart(items: list[tuple[str, int]], **kwargs: str) -> Parsed:
    kwargs.setdefault("title", "Kompetenzen")
    kwargs.setdefault("id_prefix", "c")
    return parse(bar_chart_html(items, **kwargs))


def test_html_labels_and_values_appear_as_text() -> None:
    parsed = chart(ITEMS)
    assert [r.label for r in parsed.rows] == [
        "Softwareentwicklung",
        "Cloud & Hosting",
        "IT-Sicherheit",
    ]
    assert [r.value for r in parsed.rows] == ["40", "20", "10"]
    # Read without CSS (reader mode, copy and paste), label and value are apart.
    assert "Softwareentwicklung  40" in parsed.text


def test_html_markup_is_a_named_ordered_list_of_bars() -> None:
    html = bar_chart_html(ITEMS, title="Kompetenzen", id_prefix="chart-skills")
    parsed = parse(html)
    assert parsed.lists == [
        {"class": "bars", "id": "chart-skills-bars", "aria-label": "Kompetenzen"}
    ]
    assert html.startswith('<ol class="bars"')
    assert html.count('<li class="bar">') == 3
    for cls in ("bar-label", "bar-track", "bar-fill", "bar-value"):
        assert html.count(f'<span class="{cls}"') == 3
    assert re.search(
        r'<li class="bar"><span class="bar-label">Softwareentwicklung</span> '
        r'<span class="bar-track"><span class="bar-fill" style="width:100\.0%"></span></span> '
        r'<span class="bar-value">40</span></li>',
        html,
    )
    assert "<svg" not in html and "<script" not in html


def test_html_bars_are_sorted_by_value_largest_first_ties_by_label() -> None:
    items = [("b", 3), ("Zeta", 7), ("a", 3), ("alpha", 7), ("B", 3), ("c", 0), ("x", 12)]
    parsed = chart(items)
    assert [r.label for r in parsed.rows] == ["x", "alpha", "Zeta", "a", "B", "b", "c"]
    assert [r.value for r in parsed.rows] == ["12", "7", "7", "3", "3", "3", "0"]
    # The given order does not matter.
    assert bar_chart_html(list(reversed(items)), title="t", id_prefix="c") == bar_chart_html(
        items, title="t", id_prefix="c"
    )


def test_html_widths_are_proportional_and_the_largest_is_100_percent() -> None:
    parsed = chart([("a", 10), ("b", 40), ("c", 20), ("d", 30), ("e", 13)])
    assert [(r.label, r.width) for r in parsed.rows] == [
        ("b", 100.0),
        ("d", 75.0),
        ("c", 50.0),
        ("e", 32.5),
        ("a", 25.0),
    ]
    assert [r.width for r in chart([("a", 1), ("b", 3)]).rows] == [100.0, 33.3]
    assert [r.width for r in chart([("a", 2), ("b", 3)]).rows] == [100.0, 66.7]
    assert [r.width for r in chart([("a", 1)]).rows] == [100.0]


def test_html_zero_values_get_no_fill_but_show_zero() -> None:
    parsed = chart([("a", 5), ("b", 0)])
    assert [(r.width, r.fills, r.value) for r in parsed.rows] == [(100.0, 1, "5"), (None, 0, "0")]
    parsed = chart([("a", 0), ("b", 0)])
    assert [(r.label, r.width, r.value) for r in parsed.rows] == [
        ("a", None, "0"),
        ("b", None, "0"),
    ]
    # the empty track is still there, so the rows line up
    html = bar_chart_html([("a", 0)], title="t", id_prefix="c")
    assert '<span class="bar-track"></span>' in html


def test_html_tiny_values_stay_visible() -> None:
    parsed = chart([("a", 10_000), ("b", 1), ("c", 150), ("d", 250)])
    widths = {r.label: r.width for r in parsed.rows}
    assert widths == {"a": 100.0, "d": 2.5, "c": MIN_FILL_PERCENT, "b": MIN_FILL_PERCENT}


def test_html_long_labels_are_shown_whole() -> None:
    long = "IT-Beratung & Projektmanagement für kleine und mittlere Unternehmen der Region"
    parsed = chart([(long, 3), ("kurz", 1)])
    assert parsed.rows[0].label == long
    assert "…" not in parsed.text


def test_html_total_line_sums_the_values() -> None:
    html = bar_chart_html(ITEMS, title="t", id_prefix="by-size", total_label="Insgesamt")
    parsed = parse(html)
    assert parsed.total == ("Insgesamt", "70")
    assert '<p class="bars-total" id="by-size-total">' in html
    assert len(parsed.rows) == 3  # not a row of the list
    assert chart(ITEMS).total is None


def test_html_hostile_text_is_escaped_and_the_fragment_parses() -> None:
    hostile = [
        ("<script>alert(1)</script>", 3),
        ('" onmouseover="x', 2),
        ("a\x00\x1b & b </li></ol><img src=x>", 1),
    ]
    html = bar_chart_html(
        hostile, title='"><img src=x onerror="y">', id_prefix="c", total_label="<b>Σ</b>"
    )
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert '" onmouseover="x' not in html
    parsed = parse(html)
    for tag, attributes in parsed.tags:
        assert tag in ("ol", "li", "span", "p")
        assert not any(name.startswith("on") for name in attributes)
        assert set(attributes) <= {"class", "id", "aria-label", "style"}
    assert [r.label for r in parsed.rows] == [
        "<script>alert(1)</script>",
        '" onmouseover="x',
        "a & b </li></ol><img src=x>",
    ]
    assert parsed.lists[0]["aria-label"] == '"><img src=x onerror="y">'
    assert parsed.total == ("<b>Σ</b>", "6")
    # style values are numbers computed here, never input text
    styles = [a["style"] for _, a in parsed.tags if "style" in a]
    assert styles and all(re.fullmatch(r"width:\d{1,3}\.\d%", s) for s in styles)


def test_html_output_is_deterministic() -> None:
    first = bar_chart_html(ITEMS, title="t", id_prefix="c", total_label="Summe")
    assert bar_chart_html(list(ITEMS), title="t", id_prefix="c", total_label="Summe") == first
    assert (
        bar_chart_html(tuple(reversed(ITEMS)), title="t", id_prefix="c", total_label="Summe")
        == first
    )


def test_html_empty_input_gives_an_empty_named_list() -> None:
    parsed = chart([])
    assert parsed.rows == []
    assert parsed.lists[0]["aria-label"] == "Kompetenzen"


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([("a", -1)], "negative"),
        ([("a", 1.5)], "whole number"),
        ([("a", True)], "whole number"),
        ([("a", "3")], "whole number"),
        ([(None, 3)], "not a string"),
    ],
)
def test_html_invalid_input_is_refused(items: list[tuple[str, int]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bar_chart_html(items, title="t", id_prefix="c")
    with pytest.raises(ValueError, match=message):
        headline(items)


def test_html_invalid_id_prefix_is_refused() -> None:
    for bad in ("1 bad", 'x" onclick="y', ""):
        with pytest.raises(ValueError, match="id_prefix"):
            bar_chart_html(ITEMS, title="t", id_prefix=bad)


def test_headline_is_the_largest_item_and_the_total() -> None:
    items = [("Cloud", 12), ("Software-Entwicklung", 18), ("Beratung", 18), ("KI", 0)]
    assert headline(items) == ("Beratung", 18, 48)  # a tie: by label, like the chart
    first = parse(bar_chart_html(items, title="t", id_prefix="c")).rows[0]
    assert (first.label, first.value) == ("Beratung", "18")
    # A member may count in several items (competences): the caller gives the total.
    assert headline(items, total=30) == ("Beratung", 18, 30)
    with pytest.raises(ValueError, match="total"):
        headline(items, total=17)


def test_headline_has_nothing_to_say_without_a_value() -> None:
    assert headline([]) is None
    assert headline([("a", 0), ("b", 0)]) is None
