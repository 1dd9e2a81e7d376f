"""The search index built in Python (atlasgen.search.lunr_de, lunr.py) gives the same results in the
browser (the vendored lunr.js + lunr.de and theme/static/js/search-core.js, run under Node
by tests/js/lunr_query.mjs): same query terms, same refs in the same order, same scores.

Without Node these tests are skipped locally, with a reason, and fail on CI (CI=true).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from searchkit import assert_same_results, find_node, read_members, run_node_script

from atlasgen.search import lunr_de

NODE_SCRIPT = REPO / "tests" / "js" / "lunr_query.mjs"
VENDOR = REPO / "theme" / "static" / "vendor" / "lunr"
MEMBERS = REPO / "content" / "members"

FIELDS: list[tuple[str, float]] = [
    ("name", 10),
    ("tagline", 5),
    ("competences", 3),
    ("city", 2),
    ("industries", 2),
    ("certifications", 2),
    ("description", 1),
]

QUERIES = [
    # umlauts and ß, in several spellings
    "Müller",
    "Lösungen",
    "Lösung",
    "Straße",
    "Strasse",
    "groß",
    "Größe",
    "Grünsfeld",
    "Künzelsau",
    "Schwäbisch Hall",
    # compounds and inflection
    "Softwareentwicklung",
    "Entwicklung",
    "Entwicklungen",
    "Rechenzentren",
    "Rechenzentrum",
    "Buchhaltung",
    "Ausbildung Fachinformatiker",
    "Fachinformatiker/in SAP/ERP",
    # products, acronyms, digits
    "Python",
    "PHP",
    "SAP",
    "ERP",
    "SAP ERP",
    "ISO27001",
    "ISO 27001",
    "ISO-27001",
    "IT-Sicherheit",
    "IT Sicherheit",
    # typos (fuzzy)
    "Softwarentwicklung",
    "Kubernets",
    "Rechenzentrm",
    "Digitalisirung",
    # prefixes (as you type)
    "Cyber",
    "Digitalis",
    "Softwareentw",
    "Rechenz",
    "Lösu",
    "Dat",
    "Ki",
    # English
    "cloud migration",
    "software development",
    "data centre",
    "machine learning",
    # case and punctuation
    "KUBERNETES",
    "cLoUd",
    "(PHP)",
    "SAP/ERP",
    "Daten, Cloud & KI!",
    '"Netzwerk"',
    "Heilbronn?",
    "e-commerce",
    "Cloud*",
    "clo*ud",
    "~2 ^3 +foo -bar title:x",
    # stop words only, nothing, odd characters
    "und die der",
    "für",
    "",
    "   ",
    "—",
    "😀 Cloud 😀",
    "Lohn- und Finanzbuchhaltung",
    "Cloud Cloud Daten Cloud",
]

EDGE_TOKENS = [
    "python",
    "(php)",
    "iso27001,",
    "-",
    "—",
    "„zitat“",
    "c++",
    ".net",
    "node.js",
    "2025",
    "a😀",
    "😀b",
    "ǆ",
    "ﬁ",
    "straße",
    "daß",
    "für",
    "über",
    "ß",
    "ärger",
    "übergrößen",
    "ａｂｃ",
]


# --- Corpus ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents() -> list[dict[str, str]]:
    docs = read_members(MEMBERS)
    assert len(docs) >= 40, "the example content has shrunk; the corpus is too small"
    return docs


@pytest.fixture(scope="module")
def index(documents: list[dict[str, str]]) -> lunr_de.Index:
    return lunr_de.build_index(documents, FIELDS, "slug")


# --- Node --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def node() -> str:
    return find_node("lunr.js parity tests")


def run_node(node: str, tmp_path: Path, *args: str | Sequence[str] | dict[str, Any]) -> Any:
    """Run tests/js/lunr_query.mjs; JSON-able arguments are passed as temporary files."""
    return run_node_script(node, NODE_SCRIPT, tmp_path, *args)


# --- lunr.de pieces ----------------------------------------------------------------------


def vendored_stop_words() -> list[str]:
    source = (VENDOR / "lunr.de.min.js").read_text("utf-8")
    found = re.findall(r'generateStopWordFilter\("([^"]*)"\.split\(" "\)\)', source)
    assert len(found) == 1, "stop-word list not found in lunr.de.min.js"
    return str(found[0]).split(" ")


def test_stop_words_are_those_of_the_vendored_lunr_de() -> None:
    words = vendored_stop_words()
    assert len(words) == len(set(words)) == 231
    assert set(words) == lunr_de.STOP_WORDS


def test_vendored_trimmer_counts_ascii_digits_as_word_characters() -> None:
    source = (VENDOR / "lunr.stemmer.support.min.js").read_text("utf-8")
    assert re.search(r'generateTrimmer:function\((\w)\)\{var \w=\1\+"0-9"', source), (
        "lunr-languages' trimmer changed: check lunr_de.trim"
    )


def test_word_characters_and_separators_are_those_of_lunr_js(node: str, tmp_path: Path) -> None:
    analysis = run_node(node, tmp_path, "--analyse", [])
    assert analysis["wordCharacters"] == lunr_de.WORD_CHARACTERS
    assert analysis["separator"] == r"[\s\-]+"
    python_whitespace = [
        c for c in range(0x10000) if re.fullmatch(f"[{lunr_de.JS_WHITESPACE}]", chr(c))
    ]
    assert analysis["whitespace"] == python_whitespace


def corpus_tokens() -> list[str]:
    """Every distinct token of the example content (all languages, front matter too)."""
    tokens = set(EDGE_TOKENS)
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix in {".md", ".yaml", ".yml"}:
            tokens.update(lunr_de.tokenize(path.read_text("utf-8")))
    return sorted(tokens)


def test_trimmer_stop_words_and_stemmer_match_lunr_de_on_every_corpus_token(
    node: str, tmp_path: Path
) -> None:
    tokens = corpus_tokens()
    assert len(tokens) > 3000
    raw = run_node(node, tmp_path, "--analyse", tokens)
    assert raw["trimmed"] == [lunr_de.trim(t) for t in tokens]

    words = sorted({lunr_de.trim(t) for t in tokens} - {""})
    analysis = run_node(node, tmp_path, "--analyse", words)
    assert analysis["stopped"] == [w in lunr_de.STOP_WORDS for w in words]
    mismatches = [
        (w, py, js)
        for w, py, js in zip(words, map(lunr_de.stem, words), analysis["stemmed"], strict=True)
        if py != js
    ]
    assert mismatches == []


# --- Queries -----------------------------------------------------------------------------


def test_query_terms_match_search_core_js(node: str, tmp_path: Path) -> None:
    js_terms = run_node(node, tmp_path, "--terms", QUERIES)
    python_terms = {query: lunr_de.query_terms(query) for query in QUERIES}
    assert js_terms == python_terms


def test_query_terms_examples() -> None:
    assert lunr_de.query_terms("IT-Sicherheit") == ["it", "sich"]
    assert lunr_de.query_terms("Lösungen für Größe") == ["losung", "gross"]
    assert lunr_de.query_terms("(PHP), ISO27001!") == ["php", "iso27001"]
    assert lunr_de.query_terms("Python python PYTHON") == ["python"]
    assert lunr_de.query_terms("Cloud* und die") == ["cloud"]


def test_clauses() -> None:
    clauses = lunr_de.clauses(["kubernet", "it", "sap"])
    assert clauses == [
        lunr_de.Clause("kubernet", 10),
        lunr_de.Clause("kubernet", 1, edit_distance=1),
        lunr_de.Clause("it", 10),
        lunr_de.Clause("sap", 10),
        lunr_de.Clause("sap", 1, trailing_wildcard=True),
    ]
    assert lunr_de.clauses(["it"]) == [lunr_de.Clause("it", 10)]


def test_search_results_match_lunr_js(node: str, tmp_path: Path, index: lunr_de.Index) -> None:
    data = lunr_de.serialize(index)
    python = {query: lunr_de.search(index, query, 1000) for query in QUERIES}
    loaded = lunr_de.load(json.loads(json.dumps(data)))
    assert {query: lunr_de.search(loaded, query, 1000) for query in QUERIES} == python
    assert len(QUERIES) >= 30
    assert sum(1 for results in python.values() if len(results) >= 2) >= 25

    shipped = json.loads(lunr_de.to_json(index))  # what a site would ship
    assert_same_results(python, run_node(node, tmp_path, shipped, QUERIES))
    top3 = {query: results[:3] for query, results in python.items()}
    assert_same_results(top3, run_node(node, tmp_path, shipped, QUERIES, "3"))


def test_ranking_behaviour(index: lunr_de.Index) -> None:
    def refs(text: str) -> list[str]:
        return [ref for ref, _ in lunr_de.search(index, text, 1000)]

    assert refs("") == refs("und die der") == refs("—") == []
    # a one-letter typo finds what the correct word finds
    assert set(refs("Softwareentwicklung")) <= set(refs("Softwarentwicklung"))
    assert refs("Kubernets")[:1] == refs("Kubernetes")[:1] != []
    # a prefix finds the whole word
    assert set(refs("Digitalisierung")) <= set(refs("Digitalis"))
    assert refs("Rechenz") != []
    # an exact match outranks a match with one edit
    typos = index_with(["Softwarentwicklung", "Softwareentwicklung", "Hardware"])
    assert [ref for ref, _ in lunr_de.search(typos, "Softwareentwicklung", 10)] == ["d1", "d0"]
    # equal scores are ordered by ref
    same = index_with(["Cloud", "Cloud", "Cloud"], refs=["c", "a", "b"])
    results = lunr_de.search(same, "cloud", 10)
    assert [ref for ref, _ in results] == ["a", "b", "c"]
    assert len({score for _, score in results}) == 1
    assert lunr_de.search(same, "cloud", 2) == results[:2]


def index_with(texts: list[str], refs: list[str] | None = None) -> lunr_de.Index:
    names = refs or [f"d{i}" for i in range(len(texts))]
    return lunr_de.build_index(
        [{"id": ref, "text": text} for ref, text in zip(names, texts, strict=True)],
        [("text", 1)],
        "id",
    )


def test_equal_scores_are_ordered_by_ref_in_lunr_js(node: str, tmp_path: Path) -> None:
    # lunr.js returns equal scores in index order (here c before a); search() sorts by ref.
    index = index_with(["Cloud Daten", "Cloud", "Cloud", "Daten Cloud"], refs=["d", "c", "a", "b"])
    queries = ["cloud", "daten", "cloud daten"]
    python = {query: lunr_de.search(index, query, 10) for query in queries}
    assert [ref for ref, _ in python["cloud"]][:2] == ["a", "c"]
    assert python["cloud"][0][1] == python["cloud"][1][1]
    assert_same_results(python, run_node(node, tmp_path, lunr_de.serialize(index), queries))


def test_terms_beyond_the_bmp_load_and_match_in_lunr_js(node: str, tmp_path: Path) -> None:
    # Python sorts "a😀b" after "aﬀb", JavaScript (UTF-16) before: lunr.js refuses terms
    # out of its order, so serialize() must use JavaScript's.
    index = index_with(["a😀b Cloud", "aﬀb Cloud", "a\U0001f600 Daten"])
    queries = ["a😀b", "aﬀb", "Cloud", "a😀", "Daten"]
    python = {query: lunr_de.search(index, query, 10) for query in queries}
    assert python["a😀b"][0][0] == "d0"
    assert python["aﬀb"][0][0] == "d1"
    assert_same_results(python, run_node(node, tmp_path, lunr_de.serialize(index), queries))
    assert lunr_de.search(lunr_de.load(lunr_de.serialize(index)), "a😀b", 10) == python["a😀b"]


# --- Serialization -----------------------------------------------------------------------

_BUILD_SNIPPET = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from test_lunr_parity import FIELDS, MEMBERS, read_members
from atlasgen.search import lunr_de
sys.stdout.write(lunr_de.to_json(lunr_de.build_index(read_members(MEMBERS), FIELDS, "slug")))
"""


def test_serialization_is_byte_identical(
    index: lunr_de.Index, documents: list[dict[str, str]]
) -> None:
    text = lunr_de.to_json(index)
    assert text == lunr_de.to_json(lunr_de.build_index(documents, FIELDS, "slug"))
    assert text == json.dumps(lunr_de.serialize(index), sort_keys=True, separators=(",", ":"))
    for seed in ("0", "12345"):
        proc = subprocess.run(
            [sys.executable, "-c", _BUILD_SNIPPET, str(Path(__file__).parent)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
            check=True,
        )
        assert proc.stdout == text, f"the index differs with PYTHONHASHSEED={seed}"


def test_serialized_index_names_lunr_de_pipeline(index: lunr_de.Index) -> None:
    data = lunr_de.serialize(index)
    assert data["pipeline"] == ["trimmer-de", "stemmer-de"]
    assert data["version"] == "2.3.9"
    terms = [term for term, _ in data["invertedIndex"]]
    assert "" not in terms
    # digits and the letters p, q, x, y survive the trimmer (lunr.py's German one drops them)
    assert {"27001", "b2b", "app", "analyst", "erp", "sap"} <= set(terms)
