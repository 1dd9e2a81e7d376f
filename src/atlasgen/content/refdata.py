"""Reference data shipped with atlasgen: postal codes of Baden-Württemberg.

``data/plz_bw.csv`` (GeoNames, CC BY 4.0; see ``data/plz_bw.LICENSE.md``) maps each
regular postal code to its place(s), district (Land-/Stadtkreis, with its
five-digit key) and an approximate centroid. ``distance_km`` measures between such
positions.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_EN",
    "PostalPlace",
    "distance_km",
    "district_names",
    "postal_codes",
]

ATTRIBUTION = (
    "Postleitzahlen: © GeoNames (www.geonames.org), CC BY 4.0, "
    "https://creativecommons.org/licenses/by/4.0/ – gefiltert und vereinheitlicht."
)
ATTRIBUTION_EN = (
    "Postal codes: © GeoNames (www.geonames.org), CC BY 4.0, "
    "https://creativecommons.org/licenses/by/4.0/ – filtered and harmonised."
)


@dataclass(frozen=True)
class PostalPlace:
    postal_code: str
    place: str
    district: str
    district_key: str
    lat: float
    lon: float


@functools.cache
def postal_codes() -> dict[str, tuple[PostalPlace, ...]]:
    """Postal code → its places, sorted by place name."""
    text = resources.files("atlasgen").joinpath("data/plz_bw.csv").read_text("utf-8")
    table: dict[str, list[PostalPlace]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        place = PostalPlace(
            row["postal_code"],
            row["place"],
            row["district"],
            row["district_ags"],
            float(row["lat"]),
            float(row["lon"]),
        )
        table.setdefault(place.postal_code, []).append(place)
    return {code: tuple(sorted(rows, key=lambda p: p.place)) for code, rows in table.items()}


@functools.cache
def district_names() -> dict[str, str]:
    """District key (e.g. ``08121``) → name (``Stadtkreis Heilbronn``)."""
    return {p.district_key: p.district for rows in postal_codes().values() for p in rows}


EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) used by :func:`distance_km`."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 positions in degrees (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
