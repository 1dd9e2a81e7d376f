"""District shapes, distances and the SVG map, as a visitor of the site would notice them."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from importlib import resources

import pytest

from atlasgen.content.refdata import distance_km
from atlasgen.site.geo import (
    ATTRIBUTION,
    POINT_RADIUS,
    MapPoint,
    district_shapes,
    render_map_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
HF = ["08121", "08125", "08126", "08127", "08128"]
HF_NAMES = {
    "08121": "Stadtkreis Heilbronn",
    "08125": "Landkreis Heilbronn",
    "08126": "Hohenlohekreis",
    "08127": "Landkreis Schwäbisch Hall",
    "08128": "Main-Tauber-Kreis",
}
LINKS = {key: f"/region/{key}/" for key in HF}
HEILBRONN = (49.1427, 9.2109)
SCHWAEBISCH_HALL = (49.1127, 9.7375)
WERTHEIM = (49.7589, 9.5175)
CRAILSHEIM = (49.1347, 10.0706)


def render(
    points: list[MapPoint] | None = None,
    *,
    district_links: dict[str, str] = LINKS,
    title: str = "Mitglieder in Heilbronn-Franken",
    description: str = "Die fünf Kreise der Region und die Standorte der Mitglieder.",
    highlight: str | None = None,
    id_prefix: str = "map",
) -> str:
    return render_map_svg(
        HF,
        points or [],
        district_links=district_links,
        title=title,
        description=description,
        highlight=highlight,
        id_prefix=id_prefix,
    )


def sample_points() -> list[MapPoint]:
    return [
        MapPoint(*HEILBRONN, "Heilbronn GmbH", "/mitglieder/heilbronn/"),
        MapPoint(*SCHWAEBISCH_HALL, "Hall AG", "/mitglieder/hall/"),
        MapPoint(*WERTHEIM, "Wertheim KG", "/mitglieder/wertheim/"),
        MapPoint(*CRAILSHEIM, "Crailsheim e.K.", "/mitglieder/crailsheim/"),
    ]


def district_links(root: ET.Element) -> dict[str, ET.Element]:
    """href → <path> of every linked district."""
    links = {}
    for a in root.iter(f"{SVG}a"):
        path = a.find(f"{SVG}path")
        if path is not None:
            links[a.attrib["href"]] = path
    return links


def circles(root: ET.Element) -> dict[str, tuple[float, float, str]]:
    """href → (cx, cy, title) of every linked point."""
    found = {}
    for a in root.iter(f"{SVG}a"):
        circle = a.find(f"{SVG}circle")
        if circle is not None:
            title = circle.findtext(f"{SVG}title") or ""
            found[a.attrib["href"]] = (
                float(circle.attrib["cx"]),
                float(circle.attrib["cy"]),
                title,
            )
    return found


def path_bbox(path: ET.Element) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrib["d"])]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


# --- data --------------------------------------------------------------------------------


def test_all_44_districts_of_baden_wuerttemberg_with_names() -> None:
    shapes = district_shapes()
    assert len(shapes) == 44
    assert all(key.startswith("08") and len(key) == 5 for key in shapes)
    for key, name in HF_NAMES.items():
        assert shapes[key].key == key
        assert shapes[key].name == name


def test_rings_are_closed_lon_lat_and_multipolygons_keep_every_part() -> None:
    shapes = district_shapes()
    for shape in shapes.values():
        for ring in shape.polygons:
            assert ring[0] == ring[-1]
            assert all(7.4 < lon < 10.6 and 47.5 < lat < 49.8 for lon, lat in ring)
    # Landkreis Rastatt is a MultiPolygon of four parts, the first with seven holes.
    assert len(shapes["08216"].polygons) == 11
    # The Landkreis Heilbronn surrounds the Stadtkreis: its hole is kept.
    assert len(shapes["08125"].polygons) == 2


def test_district_shapes_returns_a_fresh_dict() -> None:
    district_shapes().clear()
    assert len(district_shapes()) == 44


def test_attribution_is_the_one_required_by_the_licence_file() -> None:
    licence = resources.files("atlasgen").joinpath("data/districts_bw.LICENSE.md")
    quote = licence.read_text("utf-8").split("## Attribution text")[1]
    quoted = [line.removeprefix(">") for line in quote.splitlines() if line.startswith(">")]
    required = " ".join(quoted).split()
    assert ATTRIBUTION.split() == required
    assert "© GeoBasis-DE / BKG (2020)" in ATTRIBUTION
    assert "dl-de/by-2-0" in ATTRIBUTION


# --- distance ----------------------------------------------------------------------------


def test_heilbronn_to_schwaebisch_hall_is_about_38_km() -> None:
    assert distance_km(*HEILBRONN, *SCHWAEBISCH_HALL) == pytest.approx(38, abs=3)
    assert distance_km(*SCHWAEBISCH_HALL, *HEILBRONN) == distance_km(*HEILBRONN, *SCHWAEBISCH_HALL)
    assert distance_km(*HEILBRONN, *HEILBRONN) == 0


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert distance_km(49.0, 9.0, 50.0, 9.0) == pytest.approx(111.2, abs=0.2)


# --- map ---------------------------------------------------------------------------------


def test_map_has_one_link_per_district_with_its_url_and_name() -> None:
    root = ET.fromstring(render())
    links = district_links(root)
    assert sorted(links) == sorted(LINKS.values())
    for key, url in LINKS.items():
        assert links[url].findtext(f"{SVG}title") == HF_NAMES[key]
        assert "district" in links[url].attrib["class"].split()


def test_district_without_link_is_drawn_but_not_linked() -> None:
    root = ET.fromstring(render(district_links={"08121": "/region/08121/"}))
    assert list(district_links(root)) == ["/region/08121/"]
    titles = sorted(p.findtext(f"{SVG}title") or "" for p in root.iter(f"{SVG}path"))
    assert titles == sorted(HF_NAMES.values())


def test_map_is_600_wide_and_scales_with_its_container() -> None:
    root = ET.fromstring(render())
    x, y, width, height = map(float, root.attrib["viewBox"].split())
    assert (x, y, width) == (0, 0, 600)
    assert 400 < height < 700  # the region is a bit taller than wide
    assert root.attrib["width"] == "100%"
    assert "height" not in root.attrib


def test_heilbronn_lands_inside_the_stadtkreis_heilbronn() -> None:
    root = ET.fromstring(render(sample_points()))
    x0, y0, x1, y1 = path_bbox(district_links(root)["/region/08121/"])
    cx, cy, title = circles(root)["/mitglieder/heilbronn/"]
    assert title == "Heilbronn GmbH"
    assert x0 < cx < x1
    assert y0 < cy < y1


def test_map_is_not_distorted_distances_are_proportional_to_km() -> None:
    root = ET.fromstring(render(sample_points()))
    found = circles(root)
    where = {
        HEILBRONN: found["/mitglieder/heilbronn/"],
        SCHWAEBISCH_HALL: found["/mitglieder/hall/"],
        WERTHEIM: found["/mitglieder/wertheim/"],
        CRAILSHEIM: found["/mitglieder/crailsheim/"],
    }
    ratios = []
    for a, b in [(HEILBRONN, CRAILSHEIM), (SCHWAEBISCH_HALL, WERTHEIM), (HEILBRONN, WERTHEIM)]:
        svg_distance = math.dist(where[a][:2], where[b][:2])
        ratios.append(svg_distance / distance_km(*a, *b))
    assert max(ratios) / min(ratios) < 1.02
    # East is right, north is up.
    assert where[CRAILSHEIM][0] > where[HEILBRONN][0]
    assert where[WERTHEIM][1] < where[SCHWAEBISCH_HALL][1]


def test_points_at_the_same_place_stay_separately_clickable() -> None:
    same = [MapPoint(*HEILBRONN, f"Firma {n}", f"/mitglieder/firma-{n}/") for n in range(8)]
    found = circles(ET.fromstring(render(same)))
    assert sorted(found) == sorted(p.url for p in same)
    centres = [(x, y) for x, y, _ in found.values()]
    for i, a in enumerate(centres):
        for b in centres[i + 1 :]:
            assert math.dist(a, b) >= 2 * POINT_RADIUS + 1
    # ... and stay close to the true place (within two rings).
    first = found["/mitglieder/firma-0/"]
    assert all(math.dist(first[:2], c) <= 25 for c in centres)


def test_points_outside_the_region_are_left_out() -> None:
    points = [*sample_points(), MapPoint(47.9990, 7.8421, "Freiburg", "/mitglieder/freiburg/")]
    points.append(MapPoint(math.nan, 9.2, "Kaputt", "/mitglieder/nan/"))
    found = circles(ET.fromstring(render(points)))
    assert sorted(found) == sorted(p.url for p in sample_points())


def test_hostile_text_is_escaped_and_the_svg_stays_well_formed() -> None:
    hostile = ["<script>alert(1)</script>", '" onmouseover="x', "a & b ' \x00\x1b"]
    points = [
        MapPoint(*HEILBRONN, hostile[0], "/mitglieder/a/?x=<b>&y=1"),
        MapPoint(*SCHWAEBISCH_HALL, hostile[1], '/mitglieder/b/" onclick="x'),
        MapPoint(*WERTHEIM, hostile[2], "https://example.org/"),
    ]
    svg = render(points, title=hostile[0], description=hostile[1])
    assert "<script" not in svg
    assert '" onmouseover="x' not in svg
    root = ET.fromstring(svg)  # raises if not well-formed
    for element in root.iter():
        assert element.tag.removeprefix(SVG) != "script"
        assert not any(name.lower().startswith("on") for name in element.attrib)
    titles = [c[2] for c in circles(root).values()]
    assert sorted(titles) == sorted([hostile[0], hostile[1], "a & b ' "])
    assert root.findtext(f"{SVG}title") == hostile[0]
    assert root.findtext(f"{SVG}desc") == hostile[1]
    assert "/mitglieder/a/?x=<b>&y=1" in circles(root)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:x", "data:text/html,x"]
)
def test_script_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="unsafe URL"):
        render([MapPoint(*HEILBRONN, "x", url)])
    with pytest.raises(ValueError, match="unsafe URL"):
        render(district_links={"08121": url})


def test_output_is_deterministic_and_independent_of_input_order() -> None:
    points = [*sample_points(), MapPoint(*HEILBRONN, "Zweite GmbH", "/mitglieder/zweite/")]
    first = render(points, highlight="08126")
    assert render(points, highlight="08126") == first
    reordered = render_map_svg(
        list(reversed(HF)),
        list(reversed(points)),
        district_links=dict(reversed(LINKS.items())),
        title="Mitglieder in Heilbronn-Franken",
        description="Die fünf Kreise der Region und die Standorte der Mitglieder.",
        highlight="08126",
    )
    assert reordered == first


def test_the_five_districts_stay_small() -> None:
    assert len(render(sample_points()).encode("utf-8")) < 40_000


def test_coordinates_have_at_most_one_decimal() -> None:
    root = ET.fromstring(render(sample_points()))
    numbers = [root.attrib["viewBox"]]
    for element in root.iter():
        numbers += [element.attrib.get(name, "") for name in ("d", "cx", "cy", "r")]
    assert re.findall(r"\d+\.\d+", " ".join(numbers))  # there are decimals ...
    assert not re.search(r"\d\.\d\d", " ".join(numbers))  # ... but only one


def test_svg_is_named_and_described_and_keeps_its_links_reachable() -> None:
    root = ET.fromstring(render(id_prefix="hf-map"))
    assert "role" not in root.attrib
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.attrib["aria-labelledby"] == title.attrib["id"] == "hf-map-title"
    assert root.attrib["aria-describedby"] == desc.attrib["id"] == "hf-map-desc"


def test_two_maps_on_one_page_have_different_ids() -> None:
    ids = set()
    for prefix in ("map-a", "map-b"):
        ids |= {
            e.attrib["id"]
            for e in ET.fromstring(render(id_prefix=prefix)).iter()
            if "id" in e.attrib
        }
    assert len(ids) == 4
    with pytest.raises(ValueError, match="id_prefix"):
        render(id_prefix='x" onload="y')


def test_highlighted_district_has_its_own_class_and_is_drawn_last() -> None:
    root = ET.fromstring(render(highlight="08127"))
    paths = list(root.iter(f"{SVG}path"))
    highlighted = [p for p in paths if "district--highlight" in p.attrib["class"].split()]
    assert [p.findtext(f"{SVG}title") for p in highlighted] == ["Landkreis Schwäbisch Hall"]
    assert paths[-1] is highlighted[0]
    # default colours are presentation attributes, which CSS overrides
    assert "fill" in highlighted[0].attrib and "style" not in highlighted[0].attrib


def test_unknown_or_missing_districts_are_refused() -> None:
    with pytest.raises(ValueError, match="09999"):
        render_map_svg(["08121", "09999"], [], district_links={}, title="t", description="d")
    with pytest.raises(ValueError, match="no districts"):
        render_map_svg([], [], district_links={}, title="t", description="d")
    with pytest.raises(ValueError, match="08111"):
        render(highlight="08111")


def test_many_points_at_one_place_become_one_counted_circle() -> None:
    many = [MapPoint(*HEILBRONN, f"Firma {n}", f"/mitglieder/firma-{n}/") for n in range(40)]
    other = MapPoint(*CRAILSHEIM, "Einzeln", "/mitglieder/einzeln/")
    svg = render_map_svg(
        HF,
        [*many, other],
        district_links={},
        title="Karte",
        description="d",
        cluster_title="{n} Mitglieder an diesem Ort",
    )
    root = ET.fromstring(svg)
    # The single member keeps its link; the forty are one circle saying how many they are.
    assert sorted(circles(root)) == ["/mitglieder/einzeln/"]
    clusters = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster"]
    assert len(clusters) == 1
    assert clusters[0].findtext(f"{SVG}title") == "40 Mitglieder an diesem Ort"
    assert clusters[0].findtext(f"{SVG}text") == "40"
