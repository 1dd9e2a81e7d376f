"""District boundaries of Baden-Württemberg and a build-time SVG map of them.

Everything here is pure and deterministic: no network, no clock, no randomness; the same
input gives a byte-identical string.

* ``district_shapes()`` takes nothing and returns district key (AGS, e.g. ``"08121"``) →
  :class:`DistrictShape` (key, name, rings of ``(lon, lat)``), read once from the bundled
  ``data/districts_bw.geojson`` (BKG VG250, dl-de/by-2-0; see
  ``data/districts_bw.LICENSE.md``). A page that shows a map must show :data:`ATTRIBUTION`.
* ``render_map_svg(district_keys, points, …)`` takes district keys, :class:`MapPoint` s,
  links and texts and returns an inline ``<svg>`` element as a string: the districts fitted
  into a viewBox 600 units wide, each district a link, each point a plain marker (no link)
  with its label as tooltip.
* ``render_district_map_svg(district_key, point, …)`` takes one district key, at most one
  :class:`MapPoint` and texts and returns an inline ``<svg role="img">`` string: that
  district zoomed to fill the viewBox (600 units wide, at most
  :data:`DISTRICT_MAP_MAX_HEIGHT` high), optionally its neighbours' outlines clipped at the
  edges, and a large marker at the point (a member's profile). Nothing in it is a link.

Design decisions:

* **Rings.** ``DistrictShape.polygons`` keeps *all* rings – outer boundaries and holes –
  of Polygon and MultiPolygon features, flattened into one tuple. The map draws them as one
  path per district with ``fill-rule="evenodd"``, so holes stay holes: the Landkreis
  Heilbronn has the Stadtkreis Heilbronn as a hole, and a click there reaches the Stadtkreis.
* **Projection.** Equirectangular, longitudes scaled by cos(mean latitude of the drawn
  districts' bounding box), so shapes are not stretched east-west (at 49° N one degree of
  longitude is only about 0.66 degree of latitude long). North is up. The bounding box is
  fitted to the width with a margin of :data:`MAP_PADDING`; the height follows from the
  aspect ratio. Coordinates are rounded to 0.1 unit; path points that round to the same
  position as their predecessor are dropped. The district map uses the same projection
  (cos of its own district's mean latitude) with a margin of :data:`DISTRICT_MAP_PADDING`;
  a district taller than wide is fitted to :data:`DISTRICT_MAP_MAX_HEIGHT` instead and
  centred, so the map is never taller than wide.
* **Points outside the map.** A point outside the drawn districts' bounding box (or with a
  non-finite position) is skipped – never clamped to the edge, which would put it in a
  wrong place. Points inside the box but outside every district are drawn.
* **Points at the same position** (after rounding to 0.1 unit; typically members geocoded
  by the same postal code) are spread deterministically: sorted by label and URL, the first
  stays at the true position and the others fill hexagonal rings around it
  (6 on the first ring, 12 on the second, …) with :data:`POINT_SPACING` units between
  centres, so each stays visible with its own tooltip. Points are drawn from north to south.
  More than :data:`CLUSTER_OVER` points at one position (a large atlas: hundreds of members
  in one town) become one larger circle labelled with their number and titled with
  ``cluster_title``; a page with such a map lists the members as text anyway.
* **Escaping.** Every text (names, labels, titles, descriptions, URLs) is untrusted: XML
  control characters are removed, then ``html.escape(value, quote=True)``. URLs must be
  relative or http(s); anything else (``javascript:``, ``data:`` …) raises ``ValueError``
  (also :attr:`MapPoint.url`, which is no longer drawn, so bad data still fails early).
* **Accessibility.** The overview ``<svg>`` has no ``role="img"`` (that would hide the
  district links from assistive technology); it is named by ``aria-labelledby`` →
  ``<title>`` and described by ``aria-describedby`` → ``<desc>``; ids are
  ``{id_prefix}-title`` / ``{id_prefix}-desc``. Each district link gets its name from the
  ``<title>`` of its path; focus styles belong in the site CSS (``a:focus .district`` …).
  **Points are not links**: a point is 8 units wide, 3.5–5 CSS px on screen, far below the
  24 × 24 px of WCAG 2.2 SC 2.5.8 "Target Size (Minimum)" (axe ``target-size``), and
  hundreds of them would be as many tab stops. Only the districts (large areas) are
  targets; the page lists the members as ordinary text links. A point keeps its name as
  ``<title>`` (tooltip). The district map has nothing to operate, so it is
  ``role="img"`` with the same ``aria-labelledby``/``aria-describedby``.
* **Styling.** Classes ``map``, ``district``, ``district--highlight``,
  ``district--neighbour``, ``point``, ``cluster``, ``marker`` (``marker-edge``,
  ``marker-dot``) plus default ``fill``/``stroke`` presentation attributes (any CSS rule
  overrides them); no ``style`` attributes or ``<style>`` elements, so a strict
  Content-Security-Policy is fine.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_EN",
    "CLUSTER_OVER",
    "DISTRICT_MAP_MAX_HEIGHT",
    "DISTRICT_MAP_PADDING",
    "MAP_PADDING",
    "MAP_WIDTH",
    "MARKER_RADIUS",
    "POINT_RADIUS",
    "POINT_SPACING",
    "DistrictShape",
    "MapPoint",
    "district_shapes",
    "render_district_map_svg",
    "render_map_svg",
]

ATTRIBUTION = (
    "Kreisgrenzen: © GeoBasis-DE / BKG (2020), Datenlizenz Deutschland – Namensnennung – "
    "Version 2.0 (www.govdata.de/dl-de/by-2-0); Daten verändert (vereinfacht, auf "
    "Baden-Württemberg gefiltert)."
)
"""Attribution required by dl-de/by-2-0 for the district boundaries (German, verbatim)."""

ATTRIBUTION_EN = (
    "District boundaries: © GeoBasis-DE / BKG (2020), Data licence Germany – attribution – "
    "version 2.0 (www.govdata.de/dl-de/by-2-0); data modified (simplified, filtered to "
    "Baden-Württemberg)."
)
"""The same attribution for English pages."""

MAP_WIDTH = 600
"""Width of the map's viewBox in SVG units."""
MAP_PADDING = 10.0
"""Margin inside the viewBox around the districts (room for outlines and edge points)."""
POINT_RADIUS = 4.0
"""Radius of a point's circle in SVG units."""
POINT_SPACING = 10.0
"""Distance between the centres of points spread around a shared position."""
CLUSTER_OVER = 19
"""More points than this at one position are drawn as one counted circle (two full rings
hold 1 + 6 + 12 = 19 points)."""
DISTRICT_MAP_PADDING = 24.0
"""Margin around the district on the district map: more than :data:`MARKER_RADIUS`, so the
marker of any place inside the district's bounding box is wholly visible."""
DISTRICT_MAP_MAX_HEIGHT = 600
"""Greatest height of the district map's viewBox (its width is :data:`MAP_WIDTH`)."""
MARKER_RADIUS = 17.0
"""Outer radius of the district map's marker: a red disc of radius 11 in a white ring
(11–15) with a dark edge (15–17), 34 units across, i.e. 19 px at 343 px rendered width."""
_MARKER_DOT = 13.0  # radius of the red circle's centre line; its 4-unit stroke is the ring
_MARKER_RING = 4.0
_CLIP_MARGIN = 2.0  # neighbours are clipped this far outside the viewBox (under the edge)

Ring = tuple[tuple[float, float], ...]
"""A closed ring of ``(lon, lat)`` positions in degrees (first == last, as in GeoJSON)."""

_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# Characters not allowed in XML 1.0 (C0 controls except tab/LF/CR, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Browsers ignore tabs and newlines inside URLs and strip leading C0 controls and spaces.
_URL_IGNORED = re.compile("[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class DistrictShape:
    """One Land- or Stadtkreis: key (AGS), display name and all rings of its boundary."""

    key: str
    name: str
    polygons: tuple[Ring, ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)`` in degrees."""
        lons = [lon for ring in self.polygons for lon, _ in ring]
        lats = [lat for ring in self.polygons for _, lat in ring]
        return min(lons), min(lats), max(lons), max(lats)


@dataclass(frozen=True)
class MapPoint:
    """A point on the map (WGS84 degrees) with its tooltip label and its page's URL.

    The URL is not drawn (points are not links, see the module docstring); it is checked
    like every URL and breaks ties in the order of points at the same position.
    """

    lat: float
    lon: float
    label: str
    url: str


def _rings(geometry: Mapping[str, Any]) -> tuple[Ring, ...]:
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    return tuple(
        tuple((float(lon), float(lat)) for lon, lat, *_ in ring)
        for polygon in polygons
        for ring in polygon
    )


@functools.cache
def _load_shapes() -> tuple[tuple[str, DistrictShape], ...]:
    text = resources.files("atlasgen").joinpath("data/districts_bw.geojson").read_text("utf-8")
    shapes: dict[str, DistrictShape] = {}
    for feature in json.loads(text)["features"]:
        props = feature["properties"]
        key = str(props["ags"])
        shapes[key] = DistrictShape(key, str(props["name"]), _rings(feature["geometry"]))
    return tuple(sorted(shapes.items()))


def district_shapes() -> dict[str, DistrictShape]:
    """District key (``"08121"``) → :class:`DistrictShape`, sorted by key.

    The file is parsed once (cached); each call returns a new dict of the same frozen
    shapes, so callers may change the dict.
    """
    return dict(_load_shapes())


# --- SVG helpers -------------------------------------------------------------------------


def _text(value: str) -> str:
    """Untrusted text → safe XML text/attribute content."""
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _url(value: str) -> str:
    """Untrusted URL → escaped attribute value; only relative and http(s) URLs pass."""
    match = _SCHEME.match(_URL_IGNORED.sub("", value))
    if match and match.group(1).lower() not in ("http", "https"):
        raise ValueError(f"unsafe URL scheme in {value!r}: only http(s) and relative URLs")
    return _text(value)


def _num(tenths: int) -> str:
    """An integer number of tenths → shortest decimal text (``123`` → ``"12.3"``)."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    return f"{sign}{whole}" if frac == 0 else f"{sign}{whole}.{frac}"


def _tenths(value: float) -> int:
    return round(value * 10)


def _check_id_prefix(id_prefix: str) -> None:
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(
            f"id_prefix {id_prefix!r} must start with a letter and contain only "
            "letters, digits, '-' and '_'"
        )


@dataclass(frozen=True)
class _Projection:
    min_lon: float
    max_lat: float
    kx: float
    scale: float
    x0: float = MAP_PADDING
    y0: float = MAP_PADDING

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.x0 + (lon - self.min_lon) * self.kx * self.scale
        y = self.y0 + (self.max_lat - lat) * self.scale
        return x, y


Box = tuple[float, float, float, float]
"""``(left, top, right, bottom)`` in SVG units."""


def _clip_ring(pts: list[tuple[float, float]], box: Box) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the part of a ring inside ``box``.

    Exact for the area (also of concave rings); where a ring leaves and re-enters the box
    the result runs along the box's edge, which lies outside the visible viewBox.
    """
    left, top, right, bottom = box
    for axis, bound, upper in (
        (0, left, False),
        (0, right, True),
        (1, top, False),
        (1, bottom, True),
    ):
        if not pts:
            break
        out: list[tuple[float, float]] = []
        prev = pts[-1]
        prev_in = prev[axis] <= bound if upper else prev[axis] >= bound
        for cur in pts:
            cur_in = cur[axis] <= bound if upper else cur[axis] >= bound
            if cur_in != prev_in:
                t = (bound - prev[axis]) / (cur[axis] - prev[axis])
                x = prev[0] + t * (cur[0] - prev[0])
                y = prev[1] + t * (cur[1] - prev[1])
                out.append((bound, y) if axis == 0 else (x, bound))
            if cur_in:
                out.append(cur)
            prev, prev_in = cur, cur_in
        pts = out
    return pts


def _path_data(rings: Sequence[Ring], project: _Projection, clip: Box | None = None) -> str:
    parts: list[str] = []
    for ring in rings:
        projected = [project(lon, lat) for lon, lat in ring]
        if clip is not None:
            projected = _clip_ring(projected[:-1], clip)  # GeoJSON rings repeat the first
        pts: list[tuple[int, int]] = []
        for x, y in projected:
            pt = (_tenths(x), _tenths(y))
            if not pts or pts[-1] != pt:
                pts.append(pt)
        if len(pts) > 1 and pts[-1] == pts[0]:
            pts.pop()
        if len(pts) < 3:
            continue  # collapsed to a dot or line at this scale (or clipped away)
        (x0, y0), *rest = pts
        coords = " ".join(f"{_num(x)} {_num(y)}" for x, y in rest)
        parts.append(f"M{_num(x0)} {_num(y0)}L{coords}Z")
    return "".join(parts)


@functools.lru_cache(maxsize=256)
def _district_path(key: str, project: _Projection) -> str:
    """Path data of one district; cached, as every profile's map draws the same districts."""
    return _path_data(district_shapes()[key].polygons, project)


def _ring_offset(index: int) -> tuple[float, float]:
    """Offset of the ``index``-th point sharing a position: 0 → centre, then hex rings."""
    if index == 0:
        return 0.0, 0.0
    ring = 1
    while index > 3 * ring * (ring + 1):  # points on rings 1..ring: 3·ring·(ring+1)
        ring += 1
    slot = index - 1 - 3 * ring * (ring - 1)
    angle = -math.pi / 2 + 2 * math.pi * slot / (6 * ring)  # start at the top, clockwise
    radius = POINT_SPACING * ring
    return radius * math.cos(angle), radius * math.sin(angle)


@functools.lru_cache(maxsize=64)
def _frame(keys: tuple[str, ...]) -> tuple[_Projection, int, tuple[float, float, float, float]]:
    """Projection, height in tenths and bounding box of the map of ``keys`` (cached: the
    home, regions and district pages draw the region's frame again and again)."""
    shapes = district_shapes()
    boxes = [shapes[key].bbox for key in keys]
    min_lon = min(b[0] for b in boxes)
    min_lat = min(b[1] for b in boxes)
    max_lon = max(b[2] for b in boxes)
    max_lat = max(b[3] for b in boxes)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (MAP_WIDTH - 2 * MAP_PADDING) / ((max_lon - min_lon) * kx)
    project = _Projection(min_lon, max_lat, kx, scale)
    height = _tenths((max_lat - min_lat) * scale + 2 * MAP_PADDING)
    return project, height, (min_lon, min_lat, max_lon, max_lat)


_DISTRICT_LOOK = 'class="district" fill="#e6edf3" stroke="#3d4f61" stroke-width="1"'
_HIGHLIGHT_LOOK = (
    'class="district district--highlight" fill="#9cc3e6" stroke="#12395e" stroke-width="2.5"'
)
_NEIGHBOUR_LOOK = (
    'class="district district--neighbour" fill="#f1f4f7" stroke="#8a97a5" stroke-width="1"'
)


def render_map_svg(
    district_keys: Sequence[str],
    points: Sequence[MapPoint],
    *,
    district_links: Mapping[str, str],
    title: str,
    description: str,
    highlight: str | None = None,
    id_prefix: str = "map",
    cluster_title: str = "{n}",
) -> str:
    """Render districts and points as an inline ``<svg>`` string; the districts are links.

    ``district_keys``: the districts to draw (duplicates ignored; drawn in key order, the
    highlighted one last so its outline is on top). ``points``: drawn if inside the
    districts' bounding box, as plain markers titled with their label – not links, as they
    are far too small to tap (WCAG 2.2 SC 2.5.8); their ``url`` is only checked and used to
    order points at one place. ``district_links``: key → URL; a district without an entry is
    drawn without a link. ``title``/``description``: accessible name and description of the
    map. ``highlight``: key of one drawn district to emphasise (class
    ``district--highlight``, darker fill and thicker outline). ``id_prefix``: prefix of the
    element ids, distinct for every map on a page.

    Raises ``ValueError`` for no or unknown district keys, a highlight that is not drawn,
    an invalid ``id_prefix`` or a URL that is neither relative nor http(s).

    ``cluster_title``: tooltip of a circle standing for more than ``CLUSTER_OVER`` points,
    ``{n}`` replaced by their number.
    """
    _check_id_prefix(id_prefix)
    shapes = district_shapes()
    keys = sorted(set(district_keys))
    if not keys:
        raise ValueError("no districts to draw")
    unknown = [key for key in keys if key not in shapes]
    if unknown:
        raise ValueError(f"unknown district keys: {', '.join(unknown)}")
    if highlight is not None:
        if highlight not in keys:
            raise ValueError(f"highlighted district {highlight!r} is not among the drawn ones")
        keys.remove(highlight)
        keys.append(highlight)

    project, height, (min_lon, min_lat, max_lon, max_lat) = _frame(tuple(keys))

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" '
        f'viewBox="0 0 {MAP_WIDTH} {_num(height)}" width="100%" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{desc_id}">{_text(description)}</desc>',
        '<g class="districts">',
    ]
    for key in keys:
        shape = shapes[key]
        look = _HIGHLIGHT_LOOK if key == highlight else _DISTRICT_LOOK
        path = (
            f'<path {look} stroke-linejoin="round" fill-rule="evenodd" '
            f'd="{_district_path(key, project)}">'
            f"<title>{_text(shape.name)}</title></path>"
        )
        link = district_links.get(key)
        out.append(path if link is None else f'<a href="{_url(link)}">{path}</a>')
    out.append("</g>")

    # Group the visible points by their rounded position, then spread each group.
    groups: dict[tuple[int, int], list[MapPoint]] = {}
    for point in points:
        if not (math.isfinite(point.lat) and math.isfinite(point.lon)):
            continue
        if not (min_lon <= point.lon <= max_lon and min_lat <= point.lat <= max_lat):
            continue
        x, y = project(point.lon, point.lat)
        groups.setdefault((_tenths(x), _tenths(y)), []).append(point)
        _url(point.url)  # not drawn, but refused as anywhere else

    lo = _tenths(POINT_RADIUS + 1)
    hi_x, hi_y = MAP_WIDTH * 10 - lo, height - lo
    out.append('<g class="points">')
    for (tx, ty), group in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0])):
        if len(group) > CLUSTER_OVER:
            radius = _tenths(POINT_RADIUS + 2 * math.log2(len(group) / CLUSTER_OVER) + 4)
            cx = min(max(tx, radius + 10), MAP_WIDTH * 10 - radius - 10)
            cy = min(max(ty, radius + 10), height - radius - 10)
            label = _text(cluster_title.replace("{n}", str(len(group))))
            out.append(
                f'<g class="cluster"><title>{label}</title>'
                f'<circle class="point" cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(radius)}" '
                'fill="#b3261e" stroke="#2b0a07" stroke-width="1.25"/>'
                f'<text x="{_num(cx)}" y="{_num(cy)}" text-anchor="middle" '
                f'dominant-baseline="central" font-size="9" fill="#fff">{len(group)}</text></g>'
            )
            continue
        group.sort(key=lambda p: (p.label, p.url, p.lat, p.lon))
        for index, point in enumerate(group):
            dx, dy = _ring_offset(index)
            cx = min(max(tx + _tenths(dx), lo), hi_x)
            cy = min(max(ty + _tenths(dy), lo), hi_y)
            out.append(
                f'<circle class="point" cx="{_num(cx)}" cy="{_num(cy)}" '
                f'r="{_num(_tenths(POINT_RADIUS))}" fill="#b3261e" stroke="#2b0a07" '
                f'stroke-width="1.25"><title>{_text(point.label)}</title></circle>'
            )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# --- the map of one district -------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _zoom_frame(key: str) -> tuple[_Projection, int]:
    """Projection and height in tenths of the district map of ``key``."""
    min_lon, min_lat, max_lon, max_lat = district_shapes()[key].bbox
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    width, height = (max_lon - min_lon) * kx, max_lat - min_lat
    pad = DISTRICT_MAP_PADDING
    scale = (MAP_WIDTH - 2 * pad) / width
    if height * scale + 2 * pad > DISTRICT_MAP_MAX_HEIGHT:  # taller than wide: fit the height
        scale = (DISTRICT_MAP_MAX_HEIGHT - 2 * pad) / height
    x0 = (MAP_WIDTH - width * scale) / 2
    project = _Projection(min_lon, max_lat, kx, scale, x0=x0, y0=pad)
    return project, _tenths(height * scale + 2 * pad)


@functools.lru_cache(maxsize=128)
def _zoom_districts(key: str, neighbours: tuple[str, ...]) -> str:
    """The ``<g class="districts">`` of a district map (cached: one per district)."""
    shapes = district_shapes()
    project, height = _zoom_frame(key)
    clip = (-_CLIP_MARGIN, -_CLIP_MARGIN, MAP_WIDTH + _CLIP_MARGIN, height / 10 + _CLIP_MARGIN)
    out = ['<g class="districts">']
    for other in neighbours:
        min_lon, min_lat, max_lon, max_lat = shapes[other].bbox
        left, top = project(min_lon, max_lat)
        right, bottom = project(max_lon, min_lat)
        if right < clip[0] or left > clip[2] or bottom < clip[1] or top > clip[3]:
            continue  # wholly outside the view
        d = _path_data(shapes[other].polygons, project, clip)
        if d:
            out.append(
                f'<path {_NEIGHBOUR_LOOK} stroke-linejoin="round" fill-rule="evenodd" '
                f'd="{d}"><title>{_text(shapes[other].name)}</title></path>'
            )
    out.append(
        f'<path {_HIGHLIGHT_LOOK} stroke-linejoin="round" fill-rule="evenodd" '
        f'd="{_path_data(shapes[key].polygons, project)}">'
        f"<title>{_text(shapes[key].name)}</title></path>"
    )
    out.append("</g>")
    return "\n".join(out)


def render_district_map_svg(
    district_key: str,
    point: MapPoint | None,
    *,
    title: str,
    description: str,
    id_prefix: str = "map",
    neighbours: Sequence[str] = (),
) -> str:
    """Render one district, zoomed, with a large marker at ``point``: an ``<svg>`` string.

    For a member's profile, where the whole region would shrink the member's place to a
    dot. The district's bounding box fills the viewBox (:data:`MAP_WIDTH` wide, at most
    :data:`DISTRICT_MAP_MAX_HEIGHT` high, margin :data:`DISTRICT_MAP_PADDING`), filled and
    outlined as ``district--highlight``. The map is an image (``role="img"``, named by
    ``title``, described by ``description``; ids ``{id_prefix}-title``/``-desc``): nothing
    in it is a link, so it is no target for WCAG 2.5.8 and no tab stop.

    ``point``: the member's place, drawn as ``<g class="marker">`` – a red disc (radius 11)
    in a white ring with a dark edge, :data:`MARKER_RADIUS` (17) units outer radius, i.e.
    19 px across at 343 px rendered width – titled with its label. ``None``, a non-finite
    position or one outside the viewBox draws no marker (never clamped to the edge).

    ``neighbours``: further district keys drawn underneath as light outlines
    (``district--neighbour``) clipped at the viewBox, so the district is seen in its
    surroundings; keys whose shapes lie outside the view are dropped and the district itself
    is ignored, so passing all of a region's keys is fine. Order and duplicates do not
    matter.

    Raises ``ValueError`` for an unknown district or neighbour key, an invalid
    ``id_prefix`` or a point URL that is neither relative nor http(s).
    """
    _check_id_prefix(id_prefix)
    shapes = district_shapes()
    unknown = sorted({district_key, *neighbours} - shapes.keys())
    if unknown:
        raise ValueError(f"unknown district keys: {', '.join(unknown)}")
    others = tuple(sorted(set(neighbours) - {district_key}))
    project, height = _zoom_frame(district_key)

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map map--district" '
        f'viewBox="0 0 {MAP_WIDTH} {_num(height)}" width="100%" role="img" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{desc_id}">{_text(description)}</desc>',
        _zoom_districts(district_key, others),
    ]
    if point is not None:
        _url(point.url)
        if math.isfinite(point.lat) and math.isfinite(point.lon):
            x, y = project(point.lon, point.lat)
            cx, cy = _tenths(x), _tenths(y)
            if 0 <= cx <= MAP_WIDTH * 10 and 0 <= cy <= height:
                at = f'cx="{_num(cx)}" cy="{_num(cy)}"'
                out.append(
                    f'<g class="marker"><title>{_text(point.label)}</title>'
                    f'<circle class="marker-edge" {at} r="{_num(_tenths(MARKER_RADIUS))}" '
                    'fill="#2b0a07"/>'
                    f'<circle class="marker-dot" {at} r="{_num(_tenths(_MARKER_DOT))}" '
                    f'fill="#b3261e" stroke="#fff" stroke-width="{_num(_tenths(_MARKER_RING))}"/>'
                    "</g>"
                )
    out.append("</svg>")
    return "\n".join(out)
