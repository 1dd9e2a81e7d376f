"""District boundaries of Baden-Württemberg and a build-time SVG map of them.

Everything here is pure and deterministic: no network, no clock, no randomness; the same
input gives a byte-identical string.

* ``district_shapes()`` takes nothing and returns district key (AGS, e.g. ``"08121"``) →
  :class:`DistrictShape` (key, name, rings of ``(lon, lat)``), read once from the bundled
  ``data/districts_bw.geojson`` (BKG VG250, dl-de/by-2-0; see
  ``data/districts_bw.LICENSE.md``). A page that shows a map must show :data:`ATTRIBUTION`.
* ``render_map_svg(district_keys, points, …)`` takes district keys, :class:`MapPoint` s,
  links and texts and returns an inline ``<svg>`` element as a string: the districts fitted
  into a viewBox 600 units wide, each district (and each point) a link.

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
  position as their predecessor are dropped.
* **Points outside the map.** A point outside the drawn districts' bounding box (or with a
  non-finite position) is skipped – never clamped to the edge, which would put it in a
  wrong place. Points inside the box but outside every district are drawn.
* **Points at the same position** (after rounding to 0.1 unit; typically members geocoded
  by the same postal code) are spread deterministically: sorted by label and URL, the first
  stays at the true position and the others fill hexagonal rings around it
  (6 on the first ring, 12 on the second, …) with :data:`POINT_SPACING` units between
  centres, so each keeps its own link and tooltip. Points are drawn from north to south.
  More than :data:`CLUSTER_OVER` points at one position (a large atlas: hundreds of members
  in one town) become one larger circle labelled with their number and titled with
  ``cluster_title``; a page with such a map lists the members as text anyway.
* **Escaping.** Every text (names, labels, titles, descriptions, URLs) is untrusted: XML
  control characters are removed, then ``html.escape(value, quote=True)``. URLs must be
  relative or http(s); anything else (``javascript:``, ``data:`` …) raises ``ValueError``.
* **Accessibility.** The ``<svg>`` has no ``role="img"`` (that would hide the links from
  assistive technology); it is named by ``aria-labelledby`` → ``<title>`` and described by
  ``aria-describedby`` → ``<desc>``; ids are ``{id_prefix}-title`` / ``{id_prefix}-desc``.
  Each link gets its name from the ``<title>`` of the shape inside it. Points are small
  (r = 4 units), so the page should list the same links as text as well (WCAG 2.5.8
  "equivalent" exception); focus styles belong in the site CSS (``a:focus .district`` …).
* **Styling.** Classes ``map``, ``district``, ``district--highlight``, ``point`` plus default
  ``fill``/``stroke`` presentation attributes (any CSS rule overrides them); no ``style``
  attributes or ``<style>`` elements, so a strict Content-Security-Policy is fine.
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
    "CLUSTER_OVER",
    "MAP_PADDING",
    "MAP_WIDTH",
    "POINT_RADIUS",
    "POINT_SPACING",
    "DistrictShape",
    "MapPoint",
    "district_shapes",
    "render_map_svg",
]

ATTRIBUTION = (
    "Kreisgrenzen: © GeoBasis-DE / BKG (2020), Datenlizenz Deutschland – Namensnennung – "
    "Version 2.0 (www.govdata.de/dl-de/by-2-0); Daten verändert (vereinfacht, auf "
    "Baden-Württemberg gefiltert)."
)
"""Attribution required by dl-de/by-2-0 for the district boundaries (German, verbatim)."""

MAP_WIDTH = 600
"""Width of the map's viewBox in SVG units."""
MAP_PADDING = 10.0
"""Margin inside the viewBox around the districts (room for outlines and edge points)."""
POINT_RADIUS = 4.0
"""Radius of a point's circle in SVG units."""
POINT_SPACING = 10.0
CLUSTER_OVER = 19
"""More points than this at one position are drawn as one counted circle (two full rings
hold 1 + 6 + 12 = 19 points)."""
"""Distance between the centres of points spread around a shared position."""

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
    """A point on the map (WGS84 degrees) with its tooltip label and link target."""

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

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = MAP_PADDING + (lon - self.min_lon) * self.kx * self.scale
        y = MAP_PADDING + (self.max_lat - lat) * self.scale
        return x, y


def _path_data(rings: Sequence[Ring], project: _Projection) -> str:
    parts: list[str] = []
    for ring in rings:
        pts: list[tuple[int, int]] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            pt = (_tenths(x), _tenths(y))
            if not pts or pts[-1] != pt:
                pts.append(pt)
        if len(pts) > 1 and pts[-1] == pts[0]:
            pts.pop()
        if len(pts) < 3:
            continue  # collapsed to a dot or line at this scale
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
    """Projection, height in tenths and bounding box of the map of ``keys`` (cached: every
    profile's small map has the same frame)."""
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


def render_districts_svg(district_keys: Sequence[str], *, group_id: str = "districts") -> str:
    """A standalone SVG file of the districts, for ``render_map_svg(districts_href=…)``.

    Many pages (every profile) show the same districts; they reference this one file
    with ``<use href="…#districts">`` instead of repeating some 18 kB of paths each.
    """
    keys = sorted(set(district_keys))
    shapes = district_shapes()
    project, height, _ = _frame(tuple(keys))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {_num(height)}">',
        "<style>@media (prefers-color-scheme: dark) "
        "{ .district { fill: #2a3a4a; stroke: #aab4be; } }</style>",
        f'<g id="{_text(group_id)}" class="districts">',
    ]
    for key in keys:
        out.append(
            f'<path {_DISTRICT_LOOK} stroke-linejoin="round" fill-rule="evenodd" '
            f'd="{_district_path(key, project)}"><title>{_text(shapes[key].name)}</title></path>'
        )
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)


def render_map_svg(
    district_keys: Sequence[str],
    points: Sequence[MapPoint],
    *,
    district_links: Mapping[str, str],
    title: str,
    description: str,
    highlight: str | None = None,
    id_prefix: str = "map",
    districts_href: str | None = None,
    cluster_title: str = "{n}",
) -> str:
    """Render districts and points as an inline, interactive ``<svg>`` string.

    ``district_keys``: the districts to draw (duplicates ignored; drawn in key order, the
    highlighted one last so its outline is on top). ``points``: drawn if inside the
    districts' bounding box. ``district_links``: key → URL; a district without an entry is
    drawn without a link. ``title``/``description``: accessible name and description of the
    map. ``highlight``: key of one drawn district to emphasise (class
    ``district--highlight``, darker fill and thicker outline). ``id_prefix``: prefix of the
    element ids, distinct for every map on a page.

    Raises ``ValueError`` for no or unknown district keys, a highlight that is not drawn,
    an invalid ``id_prefix`` or a URL that is neither relative nor http(s).

    ``districts_href``: URL of a ``render_districts_svg`` file with its group id
    (``/assets/map.svg#districts``); the districts are then referenced, not drawn, and
    are neither linked nor highlighted (a small map for a single place).

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
    if districts_href is not None:
        out.append(f'<use href="{_url(districts_href)}"/>')
    for key in keys if districts_href is None else ():
        shape = shapes[key]
        if key == highlight:
            look = 'class="district district--highlight" fill="#9cc3e6" stroke="#12395e" '
            look += 'stroke-width="2.5"'
        else:
            look = _DISTRICT_LOOK
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
                f'<a href="{_url(point.url)}"><circle class="point" cx="{_num(cx)}" '
                f'cy="{_num(cy)}" r="{_num(_tenths(POINT_RADIUS))}" fill="#b3261e" '
                f'stroke="#2b0a07" stroke-width="1.25"><title>{_text(point.label)}</title>'
                "</circle></a>"
            )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
