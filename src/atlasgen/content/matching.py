"""Needs matched to offers: for each need of a listed member, the nearest other listed
members offering that competence (the cooperation page, ``atlasgen report``).

``nearest_offers(atlas, limit, memo)`` takes the linked atlas and returns
(member slug, needed competence) → [(km, partner slug)], nearest first. A
``NearestMemo`` keeps the last result by what it depends on, so builds that change no
member's name, place, competences or needs (most edits) do not compute it again.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

from .model import Atlas, Member
from .refdata import distance_km

__all__ = ["Nearest", "NearestMemo", "nearest_offers"]

Nearest = dict[tuple[str, str], list[tuple[int, str]]]


@dataclass
class NearestMemo:
    """The last ``nearest_offers`` result by its key (one entry; kept by the build cache
    between builds, by ``atlasgen serve`` between rebuilds)."""

    known: dict[str, Nearest] = field(default_factory=dict)


def _key(atlas: Atlas, limit: int) -> str:
    """What ``nearest_offers`` depends on: each listed member's slug, name, place,
    competences and needs."""
    h = hashlib.sha256(str(limit).encode())
    for m in atlas.listed_members:
        needs = ",".join(n.competence for n in m.data.needs)
        row = f"{m.slug}\x1f{m.name}\x1f{m.location.lat!r}\x1f{m.location.lon!r}\x1f"
        h.update(f"{row}{','.join(m.data.competences)}\x1f{needs}\x1e".encode())
    return h.hexdigest()


def nearest_offers(atlas: Atlas, limit: int = 5, memo: NearestMemo | None = None) -> Nearest:
    """(member, needed competence) → the nearest other members offering it: (km, slug)."""
    if memo is None:
        return _nearest_offers(atlas, limit)
    key = _key(atlas, limit)
    if (found := memo.known.get(key)) is None:
        found = _nearest_offers(atlas, limit)
        memo.known = {key: found}
    return found


def _nearest_offers(atlas: Atlas, limit: int) -> Nearest:
    """``nearest_offers``, computed.

    Members share few distinct places (postal-code centroids), so distances are
    computed between places and each member's list is read off the places sorted by
    distance: fast even for 10,000 members with thousands of offers per competence.
    """
    places: dict[str, dict[tuple[float, float], list[Member]]] = {}
    for member in atlas.listed_members:
        where = (member.location.lat, member.location.lon)
        for cid in member.data.competences:
            places.setdefault(cid, {}).setdefault(where, []).append(member)
    for by_place in places.values():
        for members in by_place.values():
            members.sort(key=lambda m: (m.name, m.slug))
    distance = functools.cache(distance_km)
    order: dict[tuple[tuple[float, float], str], list[tuple[int, tuple[float, float]]]] = {}
    result: Nearest = {}
    for seeker in atlas.listed_members:
        here = (seeker.location.lat, seeker.location.lon)
        for need in seeker.data.needs:
            key = (here, need.competence)
            if key not in order:
                order[key] = sorted(
                    (round(distance(*here, *there)), there)
                    for there in places.get(need.competence, {})
                )
            found: list[tuple[int, str]] = []
            for km, there in order[key]:
                for partner in places[need.competence][there]:
                    if partner.slug != seeker.slug:
                        found.append((km, partner.slug))
                if len(found) >= limit:
                    break
            result[(seeker.slug, need.competence)] = found[:limit]
    return result
