"""The site search's ranking by all words, typo and compound rescue and needs
(``ShardedSearch.find``): what a visitor notices, on the example content, and the Python
mirror (tests/searchkit.py, atlasgen.search.words) against search-core.js under Node."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from searchkit import ShardedSearch, find_node, run_node_script, term_queries_json
from test_search_index import DECOMPOUND_WORDS, QUERIES, taxonomy_dictionary

from atlasgen.build import build_site
from atlasgen.content.model import Atlas
from atlasgen.content.stages import load_atlas
from atlasgen.search.compounds import term_queries
from atlasgen.search.words import query_words, split_candidates, typo_cuts

NODE_SCRIPT = REPO / "tests" / "js" / "sharded_query.mjs"
TODAY = date(2026, 6, 1)

FIND_QUERIES = [
    *QUERIES[:20],
    "Datenschutz Heilbronn",
    "Robotik Lohnabrechnung",
    "Buchhaltumg",
    "Digitalisierumg",
    "Verschlüsselunh",
    "Ladeparksoftware",
    "Firewalladministrator",
    "Ausbildungsplatz Elektroniker",
    "Ausbildung Fachinformatiker Anwendungsentwicklung",
    "Kaufmann Büromanagement",
    "Penetrationstests",
    "Partner für Penetrationstest",
    "Cloudmigrationsberatung Heilbronn",
    "Machine Learning",
    "Sicherheitstechnik",
    "Zeitreihendatenbank",
    "xyzxyzxyzxyz",
    "Rob",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("words") / "site"
    result, problems = build_site(REPO, out, today=TODAY)
    assert result is not None, problems
    return out


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    loaded, _ = load_atlas(REPO)
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def engine(site: Path) -> ShardedSearch:
    folder = site / "search-index"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return ShardedSearch(manifest, lambda name: json.loads((folder / name).read_bytes()))


Find = Callable[[str], list[tuple[str, int]]]


@pytest.fixture(scope="module")
def find(engine: ShardedSearch, site: Path) -> Find:
    """Query → (member slug, tier) of every result, best first."""
    manifest = engine.manifest
    rows: list[Any] = []
    for name in manifest["cards"]["de"]:
        rows += json.loads((site / "search-index" / name).read_text("utf-8"))
    slugs = [row[0].rstrip("/").rsplit("/", 1)[-1] for row in rows]

    def run(text: str) -> list[tuple[str, int]]:
        results, _ = engine.find(text)
        return [(slugs[int(ref)], tier) for ref, _, tier in results]

    return run


# --- What a visitor notices --------------------------------------------------------------


def test_members_matching_all_words_come_first_and_alone_at_the_top(
    find: Find, atlas: Atlas
) -> None:
    results = find("Datenschutz Heilbronn")
    first = [slug for slug, tier in results if tier == 0]
    assert first, "someone offers data protection in Heilbronn"
    assert len(first) < len(results) / 3  # the partial matches do not swamp them
    members = {m.slug: m for m in atlas.listed_members}
    for slug in first:
        member = members[slug]
        assert member.location.city == "Heilbronn" or "Heilbronn" in member.location.district
    assert [tier for _, tier in results] == sorted(tier for _, tier in results)
    # a member matching only one of the words (a Heilbronn member without data protection)
    assert any(tier == 1 for _, tier in results)


def test_when_no_member_matches_all_words_any_word_counts(find: Find) -> None:
    both = find("Robotik Lohnabrechnung")
    assert both and {tier for _, tier in both} <= {1, 2} and both[0][1] == 1
    robotics = {slug for slug, _ in find("Robotik")}
    payroll = {slug for slug, _ in find("Lohnabrechnung")}
    assert robotics & {s for s, _ in both} and payroll & {s for s, _ in both}


def test_a_word_that_matches_nothing_does_not_empty_the_results(find: Find) -> None:
    assert [s for s, _ in find("xyzxyzxyzxyz Robotik")] == [s for s, _ in find("Robotik")]


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("Buchhaltumg", "Buchhaltung"),
        ("Digitalisierumg", "Digitalisierung"),
        ("Datenbankenn", "Datenbanken"),
    ],
)
def test_a_typo_in_the_ending_finds_the_word_meant(find: Find, typo: str, word: str) -> None:
    meant = [slug for slug, tier in find(word) if tier == 0]
    found = [slug for slug, tier in find(typo) if tier == 0]
    assert meant and set(found[:3]) == set(meant[:3])


def test_a_compound_with_a_part_unknown_to_the_dictionary_finds_its_parts(
    find: Find, atlas: Atlas, engine: ShardedSearch
) -> None:
    assert "ladepark" not in engine.dictionary and "software" in engine.dictionary
    results = find("Ladeparksoftware")
    assert results
    top = next(m for m in atlas.listed_members if m.slug == results[0][0])
    text = f"{top.data.tagline} {top.description_de}"
    assert "Ladepark" in text and "Software" in text


def test_needs_rank_below_every_member_offering_it(find: Find, atlas: Atlas) -> None:
    offering = {m.slug for m in atlas.listed_members if "penetrationstests" in m.data.competences}
    seeking = {
        m.slug
        for m in atlas.listed_members
        if any(n.competence == "penetrationstests" for n in m.data.needs)
    } - offering
    assert offering and seeking
    results = find("Penetrationstests")
    ranks = {slug: rank for rank, (slug, _) in enumerate(results)}
    assert max(ranks[s] for s in offering) < min(ranks[s] for s in seeking if s in ranks)
    # a word only in one member's needs still finds that member
    assert find("Zeitreihendatenbank")[0][1] == 2


def test_apprenticeship_offers_rank_above_members_talking_about_training(
    find: Find, atlas: Atlas
) -> None:
    offering = set()
    for member in atlas.listed_members:
        offer = member.offers_on(TODAY).get("apprenticeships")
        if offer and any("Anwendungsentwicklung" in i for i in member.offer_items(offer)):
            offering.add(member.slug)
    assert len(offering) >= 3
    top = [slug for slug, _ in find("Ausbildung Fachinformatiker Anwendungsentwicklung")]
    assert set(top[: len(offering)]) == offering


def test_a_word_of_a_name_does_not_beat_members_matching_all_words(
    find: Find, atlas: Atlas
) -> None:
    named = [m.slug for m in atlas.listed_members if "Kaufmann" in m.name]
    assert named
    results = find("Kaufmann Büromanagement")
    assert results[0][1] == 0 and results[0][0] not in named


def test_machine_learning_is_not_e_learning(find: Find, atlas: Atlas) -> None:
    learning = {m.slug for m in atlas.listed_members if "machine-learning" in m.data.competences}
    elearning = {
        m.slug for m in atlas.listed_members if "e-learning" in m.data.competences
    } - learning
    first = {slug for slug, tier in find("Machine Learning") if tier == 0}
    assert learning <= first and not elearning & first


# --- Python and JavaScript agree -----------------------------------------------------


@pytest.fixture(scope="module")
def node() -> str:
    return find_node("search word parity tests")


def test_query_words_are_term_queries_with_words() -> None:
    dictionary = taxonomy_dictionary()
    for text in [*QUERIES, "Cloudmigrationsberatung Cloud", "Netzwerkmigrationsberatung und"]:
        terms, words = query_words(text, dictionary)
        assert terms == term_queries(text, dictionary)
        assert sorted(w.own for w in words) == list(range(len({w.own for w in words})))


def test_words_cuts_and_splits_match_search_core_js(node: str, tmp_path: Path) -> None:
    dictionary = taxonomy_dictionary()
    words = sorted(dictionary)
    texts = [*QUERIES, *FIND_QUERIES, "Cloudmigrationsberatung Cloud"]
    python_words = {}
    for text in texts:
        terms, found = query_words(text, dictionary)
        python_words[text] = {
            "terms": term_queries_json(terms),
            "words": [{"text": w.text, "own": w.own, "parts": list(w.parts)} for w in found],
        }
    got = run_node_script(node, NODE_SCRIPT, tmp_path, "--words", words, texts)
    assert got == python_words
    tested = [
        *DECOMPOUND_WORDS,
        "ladeparksoftware",
        "firewalladministrator",
        "größenwahn",
        "a😀bcdefghij",
    ]
    cuts = {w: typo_cuts(w) for w in tested}
    assert run_node_script(node, NODE_SCRIPT, tmp_path, "--cuts", tested) == cuts
    splits = {w: [[list(p), u] for p, u in split_candidates(w, dictionary)] for w in tested}
    assert sum(1 for s in splits.values() if s) >= 3
    assert run_node_script(node, NODE_SCRIPT, tmp_path, "--splits", words, tested) == splits


def test_find_matches_search_core_js(
    node: str, tmp_path: Path, site: Path, engine: ShardedSearch
) -> None:
    python = {}
    for text in FIND_QUERIES:
        results, matched = engine.find(text)
        python[text] = {
            "results": [list(r) for r in results],
            "matched": [[term, matched[term]] for term in sorted(matched)],
        }
    tiers = {r[2] for value in python.values() for r in value["results"]}
    assert tiers == {0, 1, 2}
    got = run_node_script(
        node, NODE_SCRIPT, tmp_path, "--find", site / "search-index", FIND_QUERIES
    )
    assert got == python
