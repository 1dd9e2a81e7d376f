"""District shapes, distances and the SVG maps, as a visitor of the site would notice them."""

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
    render_district_map_svg,
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
BRACKENHEIM = (49.077, 9.066)
FREIBURG = (47.9990, 7.8421)


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
    """title → (cx, cy, title) of every single point (not the counted clusters)."""
    found = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") != "points":
            continue
        for circle in g.findall(f"{SVG}circle"):
            assert circle.attrib["class"] == "point"
            title = circle.findtext(f"{SVG}title") or ""
            assert title not in found, "tests use distinct labels"
            found[title] = (float(circle.attrib["cx"]), float(circle.attrib["cy"]), title)
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
    cx, cy, title = circles(root)["Heilbronn GmbH"]
    assert title == "Heilbronn GmbH"
    assert x0 < cx < x1
    assert y0 < cy < y1


def test_map_is_not_distorted_distances_are_proportional_to_km() -> None:
    root = ET.fromstring(render(sample_points()))
    found = circles(root)
    where = {
        HEILBRONN: found["Heilbronn GmbH"],
        SCHWAEBISCH_HALL: found["Hall AG"],
        WERTHEIM: found["Wertheim KG"],
        CRAILSHEIM: found["Crailsheim e.K."],
    }
    ratios = []
    for a, b in [(HEILBRONN, CRAILSHEIM), (SCHWAEBISCH_HALL, WERTHEIM), (HEILBRONN, WERTHEIM)]:
        svg_distance = math.dist(where[a][:2], where[b][:2])
        ratios.append(svg_distance / distance_km(*a, *b))
    assert max(ratios) / min(ratios) < 1.02
    # East is right, north is up.
    assert where[CRAILSHEIM][0] > where[HEILBRONN][0]
    assert where[WERTHEIM][1] < where[SCHWAEBISCH_HALL][1]


def test_points_at_the_same_place_are_drawn_apart_each_with_its_name() -> None:
    """Replaces ``test_points_at_the_same_place_stay_separately_clickable``: points are no
    longer links (a dot of 3.5–5 px fails WCAG 2.2 SC 2.5.8 Target Size, axe
    ``target-size``), but each point at a shared place is still drawn apart with its own
    tooltip, so the visitor sees how many members are there and who they are."""
    same = [MapPoint(*HEILBRONN, f"Firma {n}", f"/mitglieder/firma-{n}/") for n in range(8)]
    root = ET.fromstring(render(same))
    found = circles(root)
    assert sorted(found) == sorted(p.label for p in same)
    centres = [(x, y) for x, y, _ in found.values()]
    for i, a in enumerate(centres):
        for b in centres[i + 1 :]:
            assert math.dist(a, b) >= 2 * POINT_RADIUS + 1
    # ... and stay close to the true place (within two rings).
    first = found["Firma 0"]
    assert all(math.dist(first[:2], c) <= 25 for c in centres)
    assert not any(c.tag == f"{SVG}circle" for a in root.iter(f"{SVG}a") for c in a.iter())


def test_points_are_plain_markers_and_only_the_districts_are_links() -> None:
    """New with the change that made points no links: a member's dot is 8 units in a
    600-unit map, 3.5–5 CSS px wide on screen, far below the 24 × 24 px WCAG 2.2 SC 2.5.8
    (Target Size, Minimum) asks for, and hundreds of them were as many tab stops. Only the
    districts, large areas, stay links; every point keeps its name as tooltip."""
    svg = render_map_svg(
        HF,
        sample_points(),
        district_links=LINKS,
        title="t",
        description="d",
    )
    root = ET.fromstring(svg)
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == len(HF)
    for a in links:
        assert [e.tag for e in a] == [f"{SVG}path"]
        assert "district" in a[0].attrib["class"].split()
    assert "/mitglieder/" not in svg  # the members' URLs are not drawn
    found = circles(root)
    assert sorted(found) == sorted(p.label for p in sample_points())
    assert "role" not in root.attrib  # still not an image: the district links stay reachable


def test_points_outside_the_region_are_left_out() -> None:
    points = [*sample_points(), MapPoint(*FREIBURG, "Freiburg", "/mitglieder/freiburg/")]
    points.append(MapPoint(math.nan, 9.2, "Kaputt", "/mitglieder/nan/"))
    found = circles(ET.fromstring(render(points)))
    assert sorted(found) == sorted(p.label for p in sample_points())


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
    # The points' URLs are no longer drawn (points are not links, WCAG 2.2 SC 2.5.8) ...
    assert "onclick" not in svg and "/mitglieder/" not in svg
    # ... but hostile district link URLs still arrive escaped and intact.
    root = ET.fromstring(render(district_links={"08121": '/region/?x=<b>&y=1" onclick="x'}))
    assert list(district_links(root)) == ['/region/?x=<b>&y=1" onclick="x']


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
    # The single member keeps its own point; the forty are one circle saying how many.
    assert sorted(circles(root)) == ["Einzeln"]
    clusters = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster"]
    assert len(clusters) == 1
    assert clusters[0].findtext(f"{SVG}title") == "40 Mitglieder an diesem Ort"
    assert clusters[0].findtext(f"{SVG}text") == "40"


# --- the map of one district (a member's profile) ----------------------------------------


def district_map(
    key: str = "08125",
    point: MapPoint | None = None,
    *,
    title: str = "Standort im Landkreis Heilbronn",
    description: str = "Karte des Landkreises mit dem Standort des Mitglieds.",
    id_prefix: str = "member-map",
    neighbours: list[str] | None = None,
) -> str:
    return render_district_map_svg(
        key,
        point,
        title=title,
        description=description,
        id_prefix=id_prefix,
        neighbours=neighbours or [],
    )


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, width, height = map(float, root.attrib["viewBox"].split())
    return x, y, width, height


def path_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if cls in p.attrib["class"].split()]


def rings_of(path: ET.Element) -> list[list[tuple[float, float]]]:
    rings = []
    for part in re.findall(r"M[^Z]*Z", path.attrib["d"]):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", part)]
        rings.append(list(zip(numbers[0::2], numbers[1::2], strict=True)))
    return rings


def inside(path: ET.Element, x: float, y: float) -> bool:
    """Even-odd rule, as the map fills the path."""
    crossings = 0
    for ring in rings_of(path):
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


def marker(root: ET.Element) -> tuple[float, float, float, str]:
    """(cx, cy, outer radius, title) of the one marker."""
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "marker"]
    circles = group.findall(f"{SVG}circle")
    centres = {(c.attrib["cx"], c.attrib["cy"]) for c in circles}
    assert len(centres) == 1
    outer = max(
        float(c.attrib["r"]) + float(c.attrib.get("stroke-width", "0")) / 2 for c in circles
    )
    cx, cy = map(float, centres.pop())
    return cx, cy, outer, group.findtext(f"{SVG}title") or ""


def test_district_map_zooms_to_the_district() -> None:
    root = ET.fromstring(district_map(point=MapPoint(*BRACKENHEIM, "Firma", "/m/firma/")))
    x, y, width, height = view_box(root)
    assert (x, y, width) == (0, 0, 600)
    assert 300 < height <= 600  # never taller than wide
    (district,) = path_class(root, "district--highlight")
    assert district.findtext(f"{SVG}title") == "Landkreis Heilbronn"
    x0, y0, x1, y1 = path_bbox(district)
    # The district fills the view, with a margin on every side ...
    assert 0 < x0 < x1 < width and 0 < y0 < y1 < height
    assert x1 - x0 > 0.9 * width
    # ... and is drawn about twice as large as on the region's map (where it is one of
    # five districts; on the map of Baden-Württemberg it would be a sixth of that).
    overview = district_links(ET.fromstring(render()))["/region/08125/"]
    ox0, _, ox1, _ = path_bbox(overview)
    assert x1 - x0 > 1.8 * (ox1 - ox0)


@pytest.mark.parametrize("key", sorted(district_shapes()))
def test_every_district_fits_its_map(key: str) -> None:
    root = ET.fromstring(district_map(key))
    _, _, width, height = view_box(root)
    assert width == 600 and height <= 600
    x0, y0, x1, y1 = path_bbox(path_class(root, "district--highlight")[0])
    assert 0 < x0 < x1 < width and 0 < y0 < y1 < height
    assert x1 - x0 > 0.9 * width or y1 - y0 > 0.9 * height  # fills one dimension
    if x1 - x0 < 0.9 * width:  # taller than wide: centred
        assert abs((x0 + x1) / 2 - width / 2) < 1


def test_district_map_marker_is_at_the_place_and_large_enough_to_see() -> None:
    point = MapPoint(*BRACKENHEIM, "Weinbau-IT Brackenheim", "/mitglieder/weinbau-it/")
    root = ET.fromstring(district_map(point=point))
    _, _, width, height = view_box(root)
    cx, cy, outer, title = marker(root)
    assert title == "Weinbau-IT Brackenheim"
    (district,) = path_class(root, "district--highlight")
    assert inside(district, cx, cy)
    # Wholly inside the view.
    assert outer <= cx <= width - outer and outer <= cy <= height - outer
    # Radius ≥ 9 units, and ≥ 12 px across when the map is 343 px wide (a phone).
    assert outer >= 9
    assert 2 * outer * 343 / width >= 12
    dots = [c for c in root.iter(f"{SVG}circle") if c.attrib["class"] == "marker-dot"]
    assert float(dots[0].attrib["r"]) >= 9
    assert dots[0].attrib["fill"] != dots[0].attrib["stroke"]  # a contrasting ring
    # Brackenheim lies south-west of the city of Heilbronn, which is a hole in the district.
    city = MapPoint(*HEILBRONN, "Stadt", "/m/stadt/")
    hx, hy, _, _ = marker(ET.fromstring(district_map(point=city)))
    assert hx > cx and hy < cy
    assert not inside(district, hx, hy)


def test_district_map_is_an_image_without_links() -> None:
    svg = district_map(point=MapPoint(*BRACKENHEIM, "Firma", "/mitglieder/firma/"))
    root = ET.fromstring(svg)
    assert list(root.iter(f"{SVG}a")) == []
    assert "href" not in svg and "/mitglieder/" not in svg
    assert root.attrib["role"] == "img"
    assert root.attrib["width"] == "100%" and "height" not in root.attrib
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == "Standort im Landkreis Heilbronn"
    assert desc is not None and desc.text == "Karte des Landkreises mit dem Standort des Mitglieds."
    assert root.attrib["aria-labelledby"] == title.attrib["id"] == "member-map-title"
    assert root.attrib["aria-describedby"] == desc.attrib["id"] == "member-map-desc"


def test_district_map_without_a_usable_point_has_no_marker() -> None:
    for point in [
        None,
        MapPoint(*FREIBURG, "Freiburg", "/m/freiburg/"),  # far outside: not clamped
        MapPoint(math.nan, 9.1, "Kaputt", "/m/nan/"),
        MapPoint(49.1, math.inf, "Kaputt", "/m/inf/"),
    ]:
        root = ET.fromstring(district_map(point=point))
        assert [g for g in root.iter(f"{SVG}g") if g.get("class") == "marker"] == []
        assert len(path_class(root, "district--highlight")) == 1


def test_district_map_neighbours_are_outlines_clipped_at_the_edges() -> None:
    everything = sorted(district_shapes())
    root = ET.fromstring(district_map(neighbours=everything))
    _, _, width, height = view_box(root)
    paths = list(root.iter(f"{SVG}path"))
    neighbours = path_class(root, "district--neighbour")
    names = {p.findtext(f"{SVG}title") for p in neighbours}
    # The Stadtkreis (in the hole) and the districts around, not the far away ones.
    assert {"Stadtkreis Heilbronn", "Hohenlohekreis", "Landkreis Ludwigsburg"} <= names
    assert "Stadtkreis Freiburg im Breisgau" not in names and "Bodenseekreis" not in names
    assert "Landkreis Heilbronn" not in names
    assert paths[-1] is path_class(root, "district--highlight")[0]  # on top
    for path in neighbours:
        x0, y0, x1, y1 = path_bbox(path)
        assert -3 <= x0 < x1 <= width + 3 and -3 <= y0 < y1 <= height + 3
    # Clipping keeps the map small.
    assert len(district_map(neighbours=everything).encode("utf-8")) < 16_000


def test_district_map_of_the_city_shows_the_surrounding_district_clipped() -> None:
    root = ET.fromstring(district_map("08121", neighbours=HF))
    (around,) = path_class(root, "district--neighbour")
    assert around.findtext(f"{SVG}title") == "Landkreis Heilbronn"
    _, _, width, height = view_box(root)
    # The Landkreis covers the whole view around the city: its clipped outer ring is the
    # view's rectangle (drawn just outside the edge).
    x0, y0, x1, y1 = path_bbox(around)
    assert x0 < 0 and y0 < 0 and x1 > width and y1 > height


def test_district_map_hostile_text_is_escaped() -> None:
    hostile = ["<script>alert(1)</script>", '" onmouseover="x', "a & b ' \x00\x1b"]
    point = MapPoint(*BRACKENHEIM, hostile[2], "/m/?x=<b>&y=1")
    svg = district_map(point=point, title=hostile[0], description=hostile[1])
    assert "<script" not in svg
    assert '" onmouseover="x' not in svg
    root = ET.fromstring(svg)
    for element in root.iter():
        assert element.tag.removeprefix(SVG) != "script"
        assert not any(name.lower().startswith("on") for name in element.attrib)
    assert root.findtext(f"{SVG}title") == hostile[0]
    assert root.findtext(f"{SVG}desc") == hostile[1]
    assert marker(root)[3] == "a & b ' "
    with pytest.raises(ValueError, match="unsafe URL"):
        district_map(point=MapPoint(*BRACKENHEIM, "x", "javascript:alert(1)"))


def test_district_map_is_deterministic_and_small() -> None:
    point = MapPoint(*BRACKENHEIM, "Firma", "/m/firma/")
    first = district_map(point=point, neighbours=HF)
    assert district_map(point=point, neighbours=HF) == first
    assert district_map(point=point, neighbours=[*reversed(HF), *HF, "08125"]) == first
    assert len(district_map(point=point).encode("utf-8")) < 6_000
    root = ET.fromstring(first)
    numbers = [root.attrib["viewBox"]]
    for element in root.iter():
        numbers += [element.attrib.get(name, "") for name in ("d", "cx", "cy", "r")]
    assert re.findall(r"\d+\.\d+", " ".join(numbers))
    assert not re.search(r"\d\.\d\d", " ".join(numbers))
    assert "style" not in first


def test_district_map_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="09999"):
        district_map("09999")
    with pytest.raises(ValueError, match="09998"):
        district_map(neighbours=["08121", "09998"])
    with pytest.raises(ValueError, match="id_prefix"):
        district_map(id_prefix='x" onload="y')
