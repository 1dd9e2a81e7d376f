"""The SVG bar chart, as a visitor of the site would notice it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from atlasgen.site.charts import BAR_MAX_WIDTH, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
ITEMS = [("Softwareentwicklung", 40), ("Cloud & Hosting", 20), ("IT-Sicherheit", 10)]


def bars(root: ET.Element) -> list[float]:
    return [float(r.attrib["width"]) for r in root.iter(f"{SVG}rect") if r.attrib["class"] == "bar"]


def texts(root: ET.Element, cls: str) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if t.attrib.get("class") == cls]


def test_labels_and_values_appear_as_text() -> None:
    root = ET.fromstring(bar_chart_svg(ITEMS, title="Kompetenzen", id_prefix="c"))
    assert texts(root, "label") == ["Softwareentwicklung", "Cloud & Hosting", "IT-Sicherheit"]
    assert texts(root, "value") == ["40", "20", "10"]


def test_bar_widths_are_proportional_and_the_largest_is_full_width() -> None:
    root = ET.fromstring(bar_chart_svg(ITEMS, title="Kompetenzen", id_prefix="c"))
    assert bars(root) == [BAR_MAX_WIDTH, BAR_MAX_WIDTH / 2, BAR_MAX_WIDTH / 4]


def test_largest_bar_need_not_come_first() -> None:
    root = ET.fromstring(bar_chart_svg([("a", 3), ("b", 6)], title="t", id_prefix="c"))
    assert bars(root) == [BAR_MAX_WIDTH / 2, BAR_MAX_WIDTH]


def test_zero_values_get_no_bar_but_show_zero() -> None:
    root = ET.fromstring(bar_chart_svg([("a", 5), ("b", 0)], title="t", id_prefix="c"))
    assert bars(root) == [BAR_MAX_WIDTH, 0]
    assert texts(root, "value") == ["5", "0"]
    root = ET.fromstring(bar_chart_svg([("a", 0), ("b", 0)], title="t", id_prefix="c"))
    assert bars(root) == [0, 0]


def test_tiny_values_stay_visible() -> None:
    root = ET.fromstring(bar_chart_svg([("a", 10_000), ("b", 1)], title="t", id_prefix="c"))
    assert bars(root)[1] >= 1


def test_height_grows_with_the_number_of_items() -> None:
    def height(n: int) -> float:
        items = [(f"Punkt {i}", i) for i in range(n)]
        root = ET.fromstring(bar_chart_svg(items, title="t", id_prefix="c"))
        x, y, width, h = map(float, root.attrib["viewBox"].split())
        assert (x, y, width) == (0, 0, 600)
        return h

    assert height(2) < height(4) < height(20)
    assert height(20) - height(10) == 10 * (height(2) - height(1))


def test_long_labels_are_cut_with_an_ellipsis_and_kept_whole_in_the_tooltip() -> None:
    long = "Künstliche Intelligenz und maschinelles Lernen in der Produktion"
    root = ET.fromstring(bar_chart_svg([(long, 3), ("kurz", 1)], title="t", id_prefix="c"))
    shown = texts(root, "label")
    assert shown[0].endswith("…")
    assert long.startswith(shown[0][:-1])
    assert len(shown[0]) <= 29
    assert shown[1] == "kurz"
    rows = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "row"]
    assert rows[0].findtext(f"{SVG}title") == long
    assert rows[0].find(f"{SVG}rect") is not None


def test_hostile_text_is_escaped_and_the_svg_stays_well_formed() -> None:
    hostile = [("<script>alert(1)</script>", 2), ('" onmouseover="x', 1), ("a\x00\x1b & b", 1)]
    svg = bar_chart_svg(hostile, title='<img src=x onerror="y">', id_prefix="c")
    assert "<script" not in svg and "<img" not in svg
    assert '" onmouseover="x' not in svg
    root = ET.fromstring(svg)
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in ("script", "img", "foreignObject")
        assert not any(name.lower().startswith("on") for name in element.attrib)
    assert texts(root, "label") == ["<script>alert(1)</script>", '" onmouseover="x', "a & b"]
    assert root.findtext(f"{SVG}title") == '<img src=x onerror="y">'


def test_chart_is_an_image_named_by_its_title() -> None:
    root = ET.fromstring(bar_chart_svg(ITEMS, title="Kompetenzen", id_prefix="chart-1"))
    assert root.attrib["role"] == "img"
    assert root.attrib["width"] == "100%"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Kompetenzen"
    assert root.attrib["aria-labelledby"] == title.attrib["id"] == "chart-1-title"


def test_text_is_readable_system_font_at_least_12_units() -> None:
    root = ET.fromstring(bar_chart_svg(ITEMS, title="t", id_prefix="c"))
    for text in root.iter(f"{SVG}text"):
        assert text.attrib["font-family"] == "system-ui, sans-serif"
        assert float(text.attrib["font-size"]) >= 12


def test_empty_input_gives_a_short_chart_that_says_so() -> None:
    svg = bar_chart_svg([], title="Kompetenzen", id_prefix="leer")
    root = ET.fromstring(svg)
    assert bars(root) == []
    assert root.findtext(f"{SVG}title") == "Kompetenzen"
    assert texts(root, "empty") == ["Keine Daten vorhanden."]
    ids = {e.attrib["id"] for e in root.iter() if "id" in e.attrib}
    assert set(root.attrib["aria-labelledby"].split()) == ids
    _, _, width, height = map(float, root.attrib["viewBox"].split())
    assert width == 600 and height < 60
    other = ET.fromstring(bar_chart_svg([], title="t", id_prefix="c", empty_text="No data."))
    assert texts(other, "empty") == ["No data."]


def test_output_is_deterministic() -> None:
    assert bar_chart_svg(ITEMS, title="t", id_prefix="c") == bar_chart_svg(
        list(ITEMS), title="t", id_prefix="c"
    )


def test_invalid_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        bar_chart_svg([("a", -1)], title="t", id_prefix="c")
    with pytest.raises(ValueError, match="id_prefix"):
        bar_chart_svg(ITEMS, title="t", id_prefix="1 bad")
