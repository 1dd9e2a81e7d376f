"""The sharded member search (atlasgen.search.lunr_index, .compounds, .shards): the fast
builder gives lunr.py's index byte for byte, compounds are split by the dictionary, shards
are valid lunr indexes that together make the whole index, and the sharded search gives the
same results in Python and in the browser (theme/static/js/search-core.js, run under Node by
tests/js/sharded_query.mjs) – and those of one query over the whole index.

Without Node the Node tests are skipped locally, with a reason, and fail on CI (CI=true).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from lunr.token_set import TokenSet
from searchkit import (
    ShardedSearch,
    assert_same_results,
    find_node,
    run_node_script,
    term_queries_json,
)
from searchkit import read_members as member_documents

from atlasgen.search import lunr_de
from atlasgen.search.compounds import decompound, expand_compounds, expand_documents, term_queries
from atlasgen.search.lunr_de import query_terms
from atlasgen.search.lunr_index import build_serialized, canonical_json
from atlasgen.search.shards import MANIFEST_VERSION, build_shards

NODE_SCRIPT = REPO / "tests" / "js" / "sharded_query.mjs"
MEMBERS = REPO / "content" / "members"
COMPETENCES = REPO / "content" / "competences"

FIELDS: list[tuple[str, float]] = [
    ("name", 10),
    ("tagline", 5),
    ("competences", 3),
    ("place", 2),
    ("description", 1),
]
NAMES = [name for name, _ in FIELDS]
SMALL_SHARDS = 20_000
"""max_bytes of the many-shard build of the 300-member corpus."""

QUERIES = [
    # umlauts and ß
    "Müller",
    "Lösungen",
    "Lösu",
    "Straße",
    "groß",
    "Größe",
    "Künzelsau",
    "Schwäbisch Hall",
    # compounds and inflection
    "Softwareentwicklung",
    "Rechenzentren",
    "Rechenzentrum",
    "Cloudmigrationsberatung",
    "Informationssicherheit",
    "Datenmigration",
    "Netzwerksicherheit",
    "Sicherheitsberatung",
    "Anwenderschulung",
    # typos (fuzzy)
    "Kubernets",
    "Softwarentwicklung",
    "Digitalisirung",
    # prefixes (as you type)
    "Digitalis",
    "Softwareentw",
    "Rechenz",
    "Dat",
    "Cyber",
    # English
    "cloud migration",
    "machine learning",
    "software development",
    # places
    "Heilbronn",
    "Bad Mergentheim",
    # several words
    "Partner Penetrationstest",
    "Ausbildung Fachinformatiker Heilbronn",
    "IT-Sicherheit",
    "SAP ERP",
    "Daten, Cloud & KI!",
    "e-commerce",
    # nothing to search
    "",
    "und die der",
    "—",
]

DECOMPOUND_WORDS = [
    "informationssicherheit",
    "cloudmigrationsberatung",
    "netzwerksicherheit",
    "sicherheitsberatung",
    "datenmigration",
    "softwareentwicklung",
    "rechenzentrumsbetrieb",
    "cloudberatung",
    "prozessberatung",
    "webentwicklung",
    "datenschutzberatung",
    "penetrationstest",
    "kubernetesberatung",
    "managementberatung",
    "sicherheitsmanagement",
    "qualitätsmanagement",
    "anwenderschulungen",
    "cloud",
    "sicherheit",
    "webshops",
    "xyzxyzxyzxyz",
    "größenberatung",
    "straßenbau",
    "datenbankmigration",
    "netzwerkmigrationsberatung",
]


# --- Corpus ------------------------------------------------------------------------------


def read_members(folder: Path) -> list[dict[str, str]]:
    """The member documents of ``searchkit``, with the town as the field ``place``."""
    return [{**document, "place": document["city"]} for document in member_documents(folder)]


def taxonomy_dictionary() -> frozenset[str]:
    """Every word of three or more letters of the taxonomy's labels and synonyms (both
    languages), lower case."""
    texts: list[str] = []
    for path in sorted(COMPETENCES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for entry in [data, *data.get("competences", [])]:
            texts += (entry.get("label") or {}).values()
            for synonyms in (entry.get("synonyms") or {}).values():
                texts += synonyms
    return frozenset(w.lower() for text in texts for w in re.findall(r"[^\W\d_]{3,}", text))


@pytest.fixture(scope="module")
def dictionary() -> frozenset[str]:
    words = taxonomy_dictionary()
    assert {"cloud", "migration", "sicherheit", "beratung", "daten"} <= words
    return words


@pytest.fixture(scope="module")
def example() -> list[dict[str, str]]:
    documents = read_members(MEMBERS)
    assert len(documents) >= 40, "the example content has shrunk; the corpus is too small"
    return documents


@pytest.fixture(scope="module")
def corpus300(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("corpus") / "corpus-300"
    script = REPO / "bench" / "gen_corpus.py"
    subprocess.run(
        [sys.executable, str(script), "--members", "300", "--seed", "42", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    documents = read_members(out / "content" / "members")
    assert len(documents) == 300
    return documents


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


# --- Builder -----------------------------------------------------------------------------


@pytest.mark.parametrize("compounds", [False, True], ids=["plain", "compounds"])
@pytest.mark.parametrize("corpus", ["example", "corpus300"])
def test_build_serialized_is_lunr_py_byte_for_byte(
    corpus: str, compounds: bool, request: pytest.FixtureRequest, dictionary: frozenset[str]
) -> None:
    documents: list[dict[str, str]] = request.getfixturevalue(corpus)
    if compounds:
        expanded = expand_documents(documents, NAMES, dictionary)
        assert expanded != documents, "no compound was expanded"
        documents = expanded
    expected = lunr_de.to_json(lunr_de.build_index(documents, FIELDS, "slug"))
    assert dumps(build_serialized(documents, FIELDS, "slug")) == expected


EDGE_DOCUMENTS = [
    {
        "id": "10",
        "title": "a😀b Cloud aﬀb a\U0001f600 ǆ ﬁ",
        "body": "IT-Sicherheit\u2028und\xa0Daten\ufeffschutz — „Zitat“ (PHP), ISO27001! c++ .net",
    },
    {"id": "a/b", "title": "und die der", "body": ""},
    {"id": "2", "body": "Cloud cloud CLOUD Migration-Beratung   ß Straße Größe über"},
    {"id": "x y", "title": "–", "body": "x\u3000y\tz\r\n\vw -- - Cloud"},
    {"id": "ǅ", "title": "Cloud " * 40, "body": "Daten"},
]


@pytest.mark.parametrize(
    "fields",
    [[("title", 2.5), ("body", 1)], [("title", 2), ("body", 1), ("title", 7)], [("body", 1)]],
    ids=["float-boost", "repeated-field", "one-field"],
)
def test_build_serialized_edge_cases_are_lunr_py(fields: list[tuple[str, float]]) -> None:
    expected = lunr_de.to_json(lunr_de.build_index(EDGE_DOCUMENTS, fields, "id"))
    assert dumps(build_serialized(EDGE_DOCUMENTS, fields, "id")) == expected


def test_build_serialized_refuses_what_lunr_py_gets_wrong() -> None:
    with pytest.raises(ValueError, match="ref"):
        build_serialized([{"id": "a", "text": "x"}], [("id", 1), ("text", 1)], "id")
    with pytest.raises(ValueError, match="'a'"):
        build_serialized([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], [("text", 1)], "id")
    empty = build_serialized([], FIELDS, "slug")
    assert empty["invertedIndex"] == empty["fieldVectors"] == []
    assert lunr_de.search(lunr_de.load(empty), "Cloud", 10) == []


# --- Compound words ----------------------------------------------------------------------


def test_decompound() -> None:
    words = {"information", "sicherheit", "cloud", "migration", "beratung", "arbeit", "platz"}
    assert decompound("informationssicherheit", words) == ["information", "sicherheit"]
    assert decompound("cloudmigrationsberatung", words) == ["cloud", "migration", "beratung"]
    assert decompound("arbeitsplatz", words) == ["arbeit", "platz"]
    # the longest first part wins, then the fewest parts
    assert decompound("informationssicherheit", {*words, "informations"}) == [
        "informations",
        "sicherheit",
    ]
    assert decompound("cloudmigrationsberatung", {*words, "cloudmigration"}) == [
        "cloudmigration",
        "beratung",
    ]
    assert decompound("cloudmigrationsberatung", {*words, "cloudmigrations", "cloudm"}) == [
        "cloudmigrations",
        "beratung",
    ]
    # every linking element, none preferred
    assert decompound("sonnenschein", {"sonne", "schein"}) == ["sonne", "schein"]
    assert decompound("hundehütte", {"hund", "hütte"}) == ["hund", "hütte"]
    assert decompound("bildungsweges", {"bildung", "weges", "sweges"}) == ["bildung", "sweges"]
    assert decompound("staatenbund", {"staat", "bund"}) == ["staat", "bund"]
    assert decompound("gottesdienst", {"gott", "dienst"}) == ["gott", "dienst"]
    assert decompound("kindergarten", {"kind", "garten"}) == []  # "er" is no linking element
    # words too short, parts too short, no split
    assert decompound("webshop", {"web", "shop"}) == []
    assert decompound("webshops", {"web", "shops"}) == ["web", "shops"]
    assert decompound("itsicherheit", {"it", "sicherheit"}) == []
    # a dictionary word that is a compound of others is split too (found by its parts)
    whole = {"information", "sicherheit", "informationssicherheit"}
    assert decompound("informationssicherheit", whole) == ["information", "sicherheit"]
    assert decompound("sicherheit", {"sicherheit"}) == []
    assert decompound("sicherheitx", {"sicherheit"}) == []
    assert decompound("", set()) == []


def test_expand_compounds_appends_the_parts_after_each_compound() -> None:
    words = {"information", "sicherheit", "cloud", "migration", "beratung"}
    text = "Informationssicherheit, Cloudmigration und\tIT-Sicherheitsberatung (Cloud)."
    assert expand_compounds(text, words) == (
        "Informationssicherheit, information sicherheit Cloudmigration cloud migration"
        " und\tIT-Sicherheitsberatung sicherheit beratung (Cloud)."
    )
    assert expand_compounds(text, set()) == text
    documents = [{"id": "1", "a": "Cloudmigration", "b": "Cloudmigration"}]
    assert expand_documents(documents, ["a"], words) == [
        {"id": "1", "a": "Cloudmigration cloud migration", "b": "Cloudmigration"}
    ]


def test_term_queries_add_compound_parts_without_wildcard() -> None:
    words = {"cloud", "migration", "beratung", "und"}
    queries = term_queries("Cloudmigrationsberatung Migration Berat", words)
    terms = [(term, [asdict(clause) for clause in clauses]) for term, clauses in queries]
    exact = {"boost": 10, "edit_distance": 0, "trailing_wildcard": False}
    fuzzy = {"boost": 1, "edit_distance": 1, "trailing_wildcard": False}
    prefix = {"boost": 1, "edit_distance": 0, "trailing_wildcard": True}
    assert terms == [
        ("cloudmigrationsberat", [{"term": "cloudmigrationsberat", **c} for c in (exact, fuzzy)]),
        ("migration", [{"term": "migration", **c} for c in (exact, fuzzy)]),
        ("berat", [{"term": "berat", **c} for c in (exact, fuzzy, prefix)]),
        ("cloud", [{"term": "cloud", **c} for c in (exact, fuzzy)]),
    ]
    assert [t for t, _ in term_queries("Cloudmigrationsberatung", set())] == [
        "cloudmigrationsberat"
    ]
    assert term_queries("", words) == term_queries("und die", words) == []


# --- Shards ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def serialized(corpus300: list[dict[str, str]], dictionary: frozenset[str]) -> dict[str, Any]:
    return build_serialized(expand_documents(corpus300, NAMES, dictionary), FIELDS, "slug")


@pytest.fixture(scope="module")
def shard_dir(
    corpus300: list[dict[str, str]],
    dictionary: frozenset[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The many-shard build of the documents of `serialized`, written as a site would:
    manifest.json and the shards."""
    documents = expand_documents(corpus300, NAMES, dictionary)
    manifest, shards = build_shards(documents, FIELDS, "slug", SMALL_SHARDS, dictionary)
    folder = tmp_path_factory.mktemp("shards")
    (folder / "manifest.json").write_bytes(canonical_json(manifest))
    for name, content in zip(manifest["files"], shards, strict=True):
        (folder / name).write_bytes(content)
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_bytes())
    return manifest


def loader(folder: Path, calls: list[str] | None = None) -> Callable[[str], dict[str, Any]]:
    def load(name: str) -> dict[str, Any]:
        if calls is not None:
            calls.append(name)
        data: dict[str, Any] = json.loads((folder / name).read_bytes())
        return data

    return load


def weights_of(serialized: dict[str, Any]) -> dict[tuple[int, int, str], float]:
    """Every weight of a serialized lunr index: (term _index, field number, ref) -> weight."""
    numbers = {name: number for number, name in enumerate(serialized["fields"])}
    weights = {}
    for field_ref, elements in serialized["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        for i in range(0, len(elements), 2):
            weights[(elements[i], numbers[field], ref)] = elements[i + 1]
    return weights


def entries_weights(entries: list[list[Any]], refs: list[str]) -> dict[tuple[int, int, str], float]:
    """The weights shard entries hold, keyed as weights_of."""
    weights = {}
    for _, term_index, *fields in entries:
        for field, postings in enumerate(fields):
            document = 0
            for i in range(0, len(postings), 2):
                document += postings[i]
                weights[(term_index, field, refs[document])] = postings[i + 1]
    return weights


def test_shards_hold_every_weight_of_the_lunr_index(
    serialized: dict[str, Any], shard_dir: Path, dictionary: frozenset[str]
) -> None:
    manifest = read_manifest(shard_dir)
    assert manifest["version"] == MANIFEST_VERSION
    assert manifest["lunr"] == serialized["version"] == "2.3.9"
    assert manifest["fields"] == NAMES
    assert manifest["dictionary"] == sorted(dictionary)
    refs = manifest["refs"]  # the corpus' refs are slugs, not document numbers
    assert manifest["documents"] == len(refs) == len(serialized["fieldVectors"]) // len(NAMES)
    files = manifest["files"]
    assert len(files) == len(manifest["firsts"]) >= 10

    entries: list[list[Any]] = []
    for name, first in zip(files, manifest["firsts"], strict=True):
        content = (shard_dir / name).read_bytes()
        assert re.fullmatch(r"s\d{3}\.[0-9a-f]{10}\.json", name)
        assert name.split(".")[1] == hashlib.sha256(content).hexdigest()[:10]
        data = json.loads(content)
        assert canonical_json(data) == content
        assert list(data) == ["terms"]
        terms = data["terms"]
        assert terms[0][0] == first
        if len(terms) > 1:
            assert len(content) <= SMALL_SHARDS
        for entry in terms:
            assert len(entry) == 2 + len(NAMES)
            for postings in entry[2:]:  # document gaps are positive: ascending documents
                assert all(gap > 0 for gap in postings[2::2])
        entries += terms
    # the terms in the index's order, with their _index, and every weight of every field
    assert [(term, term_index) for term, term_index, *_ in entries] == [
        (term, posting["_index"]) for term, posting in serialized["invertedIndex"]
    ]
    assert entries_weights(entries, refs) == weights_of(serialized)
    # and exactly the postings of the lunr index
    postings = {
        (posting["_index"], number, ref)
        for _, posting in serialized["invertedIndex"]
        for number, field in enumerate(NAMES)
        for ref in posting[field]
    }
    assert set(entries_weights(entries, refs)) == postings


def test_a_term_larger_than_max_bytes_gets_a_shard_of_its_own(
    example: list[dict[str, str]],
) -> None:
    serialized = build_serialized(example, FIELDS, "slug")
    manifest, shards = build_shards(example, FIELDS, "slug", 1)
    assert len(shards) == len(serialized["invertedIndex"])
    assert manifest["firsts"] == [term for term, _ in serialized["invertedIndex"]]
    assert manifest["dictionary"] == []
    one, whole = build_shards(example, FIELDS, "slug", 10**9)
    assert len(whole) == 1
    assert one["firsts"] == [serialized["invertedIndex"][0][0]]
    singles = [json.loads(content)["terms"] for content in shards]
    assert all(len(terms) == 1 for terms in singles)
    assert json.loads(whole[0])["terms"] == [terms[0] for terms in singles]
    with pytest.raises(ValueError):
        build_shards(example, FIELDS, "slug", 0)


def test_document_numbers_are_the_refs_when_refs_are_positions() -> None:
    documents = [{"id": str(i), "text": f"Cloud Daten {i}"} for i in range(12)]
    manifest, _ = build_shards(documents, [("text", 1)], "id")
    assert manifest["documents"] == 12
    assert "refs" not in manifest  # what atlasgen writes: ref = position in the directory


# --- Searching shards --------------------------------------------------------------------


def test_plan_finds_the_shard_of_each_term_and_where_a_prefix_continues() -> None:
    manifest = {
        "version": MANIFEST_VERSION,
        "lunr": "2.3.9",
        "fields": ["text"],
        "documents": 0,
        "firsts": ["b", "dat", "datb", "datz", "e"],
        "files": ["s0", "s1", "s2", "s3", "s4"],
        "dictionary": ["cloud", "migration"],
    }
    search = ShardedSearch(manifest, loader(Path("/nonexistent")))
    assert [search.shard_for(t) for t in ["a", "b", "cloud", "dat", "data", "datz", "zz"]] == [
        0,
        0,
        0,
        1,
        1,
        3,
        4,
    ]
    plan = search.plan("Dat")
    assert [query.shard for query in plan] == [1, 2, 3]
    assert [len(query.clauses) for query in plan] == [2, 1, 1]
    assert all(query.clauses[-1].trailing_wildcard for query in plan)
    # only the last typed term gets the wildcard; compound parts follow the typed terms
    plan = search.plan("Dat Cloudmigration Ende")
    assert [(q.shard, [c.term for c in q.clauses]) for q in plan] == [
        (1, ["dat"]),
        (0, ["cloudmigration", "cloudmigration"]),
        (4, ["end", "end"]),
        (0, ["cloud", "cloud"]),
        (4, ["migration", "migration"]),
    ]
    assert search.shards_for("Dat Cloudmigration") == ["s1", "s0", "s4"]
    assert search.search("", 10) == search.search("und", 10) == []
    with pytest.raises(ValueError, match="version"):
        ShardedSearch({**manifest, "version": 1}, loader(Path("/nonexistent")))


def test_shards_are_loaded_once(shard_dir: Path) -> None:
    calls: list[str] = []
    search = ShardedSearch(read_manifest(shard_dir), loader(shard_dir, calls))
    first = search.search("Digitalis", 10)
    assert first
    assert calls == search.shards_for("Digitalis")
    assert search.search("Digitalis", 10) == first
    assert search.search("Digitalisierung", 3) == search.search("Digitalisierung", 10)[:3]
    assert len(calls) == len(set(calls))
    assert search.search("Digitalis", 0) == []


def test_a_compound_in_a_document_is_found_by_its_part() -> None:
    words = {"information", "sicherheit"}
    documents = [
        {"id": "a", "text": "Wir beraten zur Informationssicherheit."},
        {"id": "b", "text": "Wir bauen Häuser."},
    ]
    for dictionary, expected in ((words, ["a"]), (set(), [])):
        expanded = expand_documents(documents, ["text"], dictionary)
        manifest, shards = build_shards(expanded, [("text", 1)], "id", 10**6, dictionary)
        search = ShardedSearch(manifest, lambda _name, s=shards: json.loads(s[0]))
        assert [ref for ref, _ in search.search("Sicherheit", 10)] == expected
        assert [ref for ref, _ in search.search("Informationssicherheit", 10)] == ["a"]


def test_a_compound_query_finds_documents_with_its_parts() -> None:
    words = {"cloud", "migration", "beratung"}
    documents = [
        {"id": "a", "text": "Beratung zur Migration in die Cloud"},
        {"id": "b", "text": "Cloud-Hosting"},
        {"id": "c", "text": "Wir bauen Häuser."},
    ]
    manifest, shards = build_shards(documents, [("text", 1)], "id", 10**6, words)
    search = ShardedSearch(manifest, lambda _name: json.loads(shards[0]))
    assert [ref for ref, _ in search.search("Cloudmigrationsberatung", 10)] == ["a", "b"]
    without = ShardedSearch({**manifest, "dictionary": []}, lambda _name: json.loads(shards[0]))
    assert without.search("Cloudmigrationsberatung", 10) == []


def fuzzy_elsewhere(index: lunr_de.Index, search: ShardedSearch, text: str) -> bool:
    """Whether a fuzzy clause of ``text`` matches a term of the whole index outside the
    query term's shard (which the sharded search does not see)."""
    for term, clauses in term_queries(text, search.dictionary):
        for clause in clauses:
            if clause.edit_distance:
                fuzzy = TokenSet.from_fuzzy_string(term, clause.edit_distance)
                variants = index.token_set.intersect(fuzzy).to_list()
                if any(search.shard_for(v) != search.shard_for(term) for v in variants):
                    return True
    return False


def test_sharded_results_are_those_of_the_whole_index(
    corpus300: list[dict[str, str]], tmp_path: Path
) -> None:
    # no compound dictionary: lunr_de.search knows none
    index = lunr_de.load(build_serialized(corpus300, FIELDS, "slug"))
    manifest, shards = build_shards(corpus300, FIELDS, "slug", SMALL_SHARDS)
    by_name = dict(zip(manifest["files"], shards, strict=True))
    search = ShardedSearch(manifest, lambda name: json.loads(by_name[name]))
    equal = 0
    for text in QUERIES:
        expected = lunr_de.search(index, text, 1000)
        actual = search.search(text, 1000)
        if fuzzy_elsewhere(index, search, text):
            assert {ref for ref, _ in actual} <= {ref for ref, _ in expected}, text
            continue
        assert_same_results({text: expected}, {text: actual})
        equal += 1
    assert equal >= 0.8 * len(QUERIES)
    # single terms whose wildcard runs on several shards
    spread = [t for t in ("Dat", "Digitalis", "Rechenz", "Lösu") if len(search.plan(t)) > 1]
    assert spread


# --- Node --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def node() -> str:
    return find_node("sharded search parity tests")


def run_node(node: str, tmp_path: Path, *args: str | Path | Sequence[str]) -> Any:
    """Run tests/js/sharded_query.mjs; lists are passed as temporary JSON files."""
    return run_node_script(node, NODE_SCRIPT, tmp_path, *args)


def test_sharded_search_matches_search_core_js(node: str, tmp_path: Path, shard_dir: Path) -> None:
    assert len(QUERIES) >= 30
    search = ShardedSearch(read_manifest(shard_dir), loader(shard_dir))
    python = {text: search.search(text, 1000) for text in QUERIES}
    assert sum(1 for results in python.values() if len(results) >= 2) >= 25
    assert len({f for text in QUERIES for f in search.shards_for(text)}) >= 10
    assert any(search.typo_plan(text) for text in QUERIES)  # neighbours searched, too
    assert_same_results(python, run_node(node, tmp_path, "--search", shard_dir, QUERIES))
    top = {text: results[:5] for text, results in python.items()}
    assert_same_results(top, run_node(node, tmp_path, "--search", shard_dir, QUERIES, "5"))
    plans = {text: search.shards_for(text) for text in QUERIES}
    assert run_node(node, tmp_path, "--plan", shard_dir, QUERIES) == plans


def test_every_shard_loads_in_lunr_js(node: str, tmp_path: Path, shard_dir: Path) -> None:
    # every term of every shard in its lunr.TokenSet (terms in JavaScript's order)
    manifest = read_manifest(shard_dir)
    loaded = run_node(node, tmp_path, "--load", shard_dir)
    expected = {
        name: len(json.loads((shard_dir / name).read_bytes())["terms"])
        for name in manifest["files"]
    }
    assert loaded == expected


def test_term_queries_match_search_core_js(
    node: str, tmp_path: Path, dictionary: frozenset[str]
) -> None:
    words = sorted(dictionary)
    queries = [*QUERIES, "Cloudmigrationsberatung Cloud", "Netzwerkmigrationsberatung und"]
    python = {text: term_queries_json(term_queries(text, dictionary)) for text in queries}
    with_parts = [text for text, terms in python.items() if len(terms) > len(query_terms(text))]
    assert len(with_parts) >= 3
    assert run_node(node, tmp_path, "--terms", words, queries) == python


def test_decompound_matches_search_core_js(
    node: str, tmp_path: Path, dictionary: frozenset[str]
) -> None:
    edge = sorted({"information", "informations", "sicherheit", "sonne", "schein", "a😀bc"})
    words = [*DECOMPOUND_WORDS, "sonnenschein", "informationssicherheit", "a😀bcsonne"]
    cases: list[tuple[Sequence[str], list[str]]] = [
        (sorted(dictionary), DECOMPOUND_WORDS),
        (edge, words),
    ]
    split = 0
    for words_of_dictionary, tested in cases:
        python = {word: decompound(word, frozenset(words_of_dictionary)) for word in tested}
        split += sum(1 for parts in python.values() if parts)
        assert run_node(node, tmp_path, "--decompound", words_of_dictionary, tested) == python
    assert len(DECOMPOUND_WORDS) >= 20
    assert split >= 12


def test_a_typo_finds_its_word_in_the_neighbouring_shard() -> None:
    # Tiny shards: every term its own. "softwarentwicklung" (one letter missing) sorts
    # after "softwareexpert", so it falls in another shard than the word it means.
    words = ["Softwareentwicklung", "Softwareexperte", "Sortiment", "Sozialwesen", "Spedition"]
    documents = [{"id": str(n), "text": word} for n, word in enumerate(words)]
    manifest, shards = build_shards(documents, [("text", 1)], "id", 1)
    files = dict(zip(manifest["files"], shards, strict=True))
    search = ShardedSearch(manifest, lambda name: json.loads(files[name]))
    typo = query_terms("Softwarentwicklung")[0]
    assert search.shard_for(typo) != search.shard_for(query_terms("Softwareentwicklung")[0])
    assert [ref for ref, _ in search.search("Softwarentwicklung", 5)] == ["0"]
    # A word that exists does not fetch its neighbours.
    assert search.typo_plan("Sortiment") == []
