"""The search index of a built site finds members the way people ask (Python side; the
browser runs the same code, see test_search_index.py and test_browser_search.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO
from searchkit import ShardedSearch

from atlasgen.build import build_site
from atlasgen.content.stages import load_atlas


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    result, problems = build_site(REPO, out, today=date(2026, 6, 1))
    assert result is not None, problems
    return out


@pytest.fixture(scope="module")
def slugs(site: Path) -> list[str]:
    """Document ref → member slug, from the German result cards."""
    manifest = json.loads((site / "search-index/manifest.json").read_text("utf-8"))
    rows = []
    for name in manifest["cards"]["de"]:
        rows += json.loads((site / "search-index" / name).read_text("utf-8"))
    return [row[0].rstrip("/").rsplit("/", 1)[-1] for row in rows]


@pytest.fixture(scope="module")
def search(site: Path, slugs: list[str]) -> object:
    folder = site / "search-index"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    engine = ShardedSearch(manifest, lambda name: json.loads((folder / name).read_bytes()))

    def find(text: str) -> list[str]:
        return [slugs[int(ref)] for ref, _ in engine.search(text, 1000)]

    return find


def _members(**where: str) -> set[str]:
    atlas, _ = load_atlas(REPO)
    assert atlas is not None
    found = set()
    for member in atlas.listed_members:
        if "competence" in where and where["competence"] in member.data.competences:
            found.add(member.slug)
        if "text" in where and where["text"] in member.description_de:
            found.add(member.slug)
    return found


def test_cards_follow_the_directory_order(slugs: list[str]) -> None:
    atlas, _ = load_atlas(REPO)
    assert atlas is not None
    assert slugs == [m.slug for m in atlas.listed_members]


def test_synonyms_of_the_taxonomy_find_the_same_members(search) -> None:  # type: ignore[no-untyped-def]
    offering = _members(competence="kuenstliche-intelligenz")
    assert offering
    for query in ("KI", "Künstliche Intelligenz", "AI", "artificial intelligence"):
        assert offering <= set(search(query)), query


def test_a_compound_in_a_text_is_found_by_its_part(search) -> None:  # type: ignore[no-untyped-def]
    writers = _members(text="Informationssicherheit")
    assert writers
    assert writers <= set(search("Sicherheit"))


def test_compound_queries_find_their_parts(search) -> None:  # type: ignore[no-untyped-def]
    offering = _members(competence="cloud-migration")
    assert offering
    assert offering <= set(search("Cloudmigration")[:10])
    assert offering <= set(search("Cloudmigrationsberatung"))


def test_offers_and_places_are_found(search) -> None:  # type: ignore[no-untyped-def]
    atlas, _ = load_atlas(REPO)
    assert atlas is not None
    training = {
        m.slug
        for m in atlas.listed_members
        for offer in m.offers_on(date(2026, 6, 1)).values()
        if any("Fachinformatiker" in item for item in m.offer_items(offer))
    }
    assert training and training <= set(search("Fachinformatiker"))
    crailsheim = {m.slug for m in atlas.listed_members if m.location.city == "Crailsheim"}
    assert crailsheim and set(search("Crailsheim")[: len(crailsheim)]) == crailsheim


def test_a_one_letter_typo_still_finds(site: Path) -> None:
    # (Exact matches ranking above one-edit matches in one list: test_search_index.py.)
    folder = site / "search-index"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    engine = ShardedSearch(manifest, lambda name: json.loads((folder / name).read_bytes()))
    exact = dict(engine.search("Crailsheim", 100))
    typo = dict(engine.search("Crailsheym", 100))
    assert exact and set(exact) == set(typo)
