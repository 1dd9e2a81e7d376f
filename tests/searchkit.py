"""What the search tests share: member files as search documents, Node.js, the comparison
of Python and JavaScript results (test_lunr_parity.py, test_search_index.py), and
``ShardedSearch``, the sharded search of ``theme/static/js/search-core.js`` in Python: a
manifest and a shard loader in, for a typed query the queries it runs, the shards it needs
and the ranked (ref, score) pairs out (test_search_index.py, test_search_site.py,
test_browser_search.py; the design is in :mod:`atlasgen.search.shards`)."""

from __future__ import annotations

import bisect
import json
import math
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from lunr.token_set import TokenSet

from atlasgen.search.compounds import _clauses, term_queries
from atlasgen.search.lunr_de import FUZZY_BOOST, Clause, round_score
from atlasgen.search.lunr_index import utf16_key
from atlasgen.search.shards import MANIFEST_VERSION
from atlasgen.search.words import Word, part_term, query_words, split_candidates, typo_cuts


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(item) for item in value)
    return str(value)


def read_members(folder: Path) -> list[dict[str, str]]:
    """The German member profiles in ``folder`` as search documents (ref = file slug)."""
    documents = []
    for path in sorted(folder.glob("*.md")):
        if path.name.count(".") > 1:  # a translation such as name.en.md
            continue
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        documents.append(
            {
                "slug": path.stem,
                "name": _text(data.get("name")),
                "tagline": _text(data.get("tagline")),
                "competences": _text(data.get("competences")),
                "city": _text((data.get("address") or {}).get("city")),
                "industries": _text(data.get("industries")),
                "certifications": _text(data.get("certifications")),
                "description": body,
            }
        )
    return documents


def find_node(what: str) -> str:
    """The ``node`` executable; without it the tests of ``what`` skip (fail on CI)."""
    path = shutil.which("node")
    if path is None:
        message = f"Node.js is not installed: the {what} cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(f"!!! {message} (they fail on CI) !!!")
    return path


def run_node_script(
    node: str, script: Path, tmp_path: Path, *args: str | Path | Sequence[str] | dict[str, Any]
) -> Any:
    """Run ``script`` and return its JSON output; strings and paths are passed as they are,
    other arguments as temporary JSON files."""
    argv: list[str] = []
    for i, arg in enumerate(args):
        if isinstance(arg, str | Path):
            argv.append(str(arg))
        else:
            path = tmp_path / f"arg{i}.json"
            data = arg if isinstance(arg, dict) else list(arg)
            path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
            argv.append(str(path))
    proc = subprocess.run([node, str(script), *argv], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def assert_same_results(
    expected: Mapping[str, Sequence[tuple[str, float]]],
    actual: Mapping[str, Sequence[Sequence[Any]]],
) -> None:
    """The same queries, the same refs in the same order, scores equal within 1e-6."""
    assert sorted(actual) == sorted(expected)
    for query, results in expected.items():
        got = actual[query]
        assert [ref for ref, _ in got] == [ref for ref, _ in results], query
        for (ref, score), (_, other) in zip(results, got, strict=True):
            assert abs(score - other) <= 1e-6, (query, ref, score, other)


# --- Searching shards --------------------------------------------------------------------


def _magnitude(vector: Mapping[int, int]) -> float:
    """Magnitude of a query vector of integer boosts (exact until the square root)."""
    return math.sqrt(sum(value * value for value in vector.values()))


@dataclass(frozen=True)
class ShardQuery:
    """One query of a search: ``clauses`` on shard number ``shard``."""

    shard: int
    clauses: tuple[Clause, ...]
    term: str = ""
    """The query term, on the query of the term's own shard (else empty)."""
    slot: int = -1
    """The position of the query term the clauses are for (``find``: its bit)."""


@dataclass
class Sums:
    """What scoring a search adds up (``sums`` of ``Shard.score`` in search-core.js)."""

    totals: dict[int, float]
    own: dict[int, float]
    need: dict[int, float]
    masks: dict[int, int]
    need_masks: dict[int, int]
    need_field: int
    matched: dict[str, int]


def term_queries_json(terms: Sequence[tuple[str, Sequence[Clause]]]) -> list[dict[str, Any]]:
    """Query terms and their clauses as search-core.js returns them (for comparisons)."""
    return [
        {
            "term": term,
            "clauses": [
                {
                    "term": c.term,
                    "boost": c.boost,
                    "editDistance": c.edit_distance,
                    "trailingWildcard": c.trailing_wildcard,
                }
                for c in clauses
            ],
        }
        for term, clauses in terms
    ]


def bit_of(slot: int) -> int:
    """The bit of query term ``slot`` in a document's mask (0: not tracked)."""
    return 1 << slot if 0 <= slot < 31 else 0


class ShardedSearch:
    """Search over the shards of a manifest, exactly as ``ShardedSearch`` in
    ``search-core.js``: loaded shards are kept."""

    def __init__(
        self, manifest: Mapping[str, Any], load_shard: Callable[[str], Mapping[str, Any]]
    ) -> None:
        if manifest.get("version") != MANIFEST_VERSION:
            raise ValueError(f"unknown shard manifest version {manifest.get('version')!r}")
        self.manifest = manifest
        self.files: list[str] = list(manifest["files"])
        self.firsts: list[str] = list(manifest["firsts"])
        self.dictionary = frozenset(manifest.get("dictionary", ()))
        self.documents: int = manifest["documents"]
        self.refs: list[str] | None = manifest.get("refs")
        self._keys = [utf16_key(first) for first in self.firsts]
        self._load_shard = load_shard
        self._shards: dict[int, Shard] = {}

    def shard_for(self, term: str) -> int:
        """Number of the shard whose range holds ``term``."""
        return max(0, bisect.bisect_right(self._keys, utf16_key(term)) - 1)

    def plan(self, text: str) -> list[ShardQuery]:
        """The queries a search for ``text`` runs, in order."""
        return self.plan_of(term_queries(text, self.dictionary))

    def plan_of(
        self, terms: Sequence[tuple[str, list[Clause]]], first: int = 0
    ) -> list[ShardQuery]:
        """The queries of the query terms ``terms``; ``slot``: the term's position."""
        result: list[ShardQuery] = []
        if not self.files:
            return result
        for position, (term, clauses) in enumerate(terms):
            slot = first + position
            own = self.shard_for(term)
            result.append(ShardQuery(own, tuple(clauses), term, slot))
            wildcard = tuple(c for c in clauses if c.trailing_wildcard)
            if wildcard:
                following = own + 1
                while following < len(self.firsts) and self.firsts[following].startswith(term):
                    result.append(ShardQuery(following, wildcard, slot=slot))
                    following += 1
        return result

    def holds(self, term: str) -> bool:
        """Whether the index may hold ``term`` or longer terms starting with it."""
        own = self.shard_for(term)
        following = own + 1
        if following < len(self.firsts) and self.firsts[following].startswith(term):
            return True
        return any(known.startswith(term) for known in self.shard(own).entries)

    def typo_plan(self, text: str) -> list[ShardQuery]:
        """More queries for likely typos: a term with a fuzzy clause that its own shard
        does not hold (not even as the start of a term) gets its fuzzy clause run on the
        two neighbouring shards too, where a word one edit away often sorts. Terms that
        exist cost nothing more."""
        return self._typo_queries(self.plan(text))

    def _typo_queries(self, plan: Sequence[ShardQuery]) -> list[ShardQuery]:
        """:meth:`typo_plan` of the queries of :meth:`plan`."""
        result: list[ShardQuery] = []
        for query in plan:
            fuzzy = tuple(c for c in query.clauses if c.edit_distance)
            if not query.term or not fuzzy:
                continue
            following = query.shard + 1
            if following < len(self.firsts) and self.firsts[following].startswith(query.term):
                continue  # the next shard starts with it: a known word (prefix)
            if any(known.startswith(query.term) for known in self.shard(query.shard).entries):
                continue
            for neighbour in (query.shard - 1, query.shard + 1):
                if 0 <= neighbour < len(self.files):
                    result.append(ShardQuery(neighbour, fuzzy, slot=query.slot))
        return result

    def rescue(
        self, terms: list[tuple[str, list[Clause]]], words: Sequence[Word]
    ) -> tuple[list[ShardQuery], list[tuple[str, list[Clause]]], dict[int, list[int]]]:
        """``rescue`` of search-core.js: typo cuts and the confirmed split of each word
        whose term the index does not hold (queries, all terms, word → part positions)."""
        queries: list[ShardQuery] = []
        parts: dict[int, list[int]] = {}
        every = list(terms)
        if not self.files:
            return queries, every, parts
        position = {term: i for i, (term, _) in enumerate(every)}
        for index, word in enumerate(words):
            if self.holds(every[word.own][0]):
                continue
            for cut in typo_cuts(word.text):
                fuzzy = (Clause(cut, FUZZY_BOOST, 1, trailing_wildcard=False),)
                own = self.shard_for(cut)
                for shard in (own - 1, own, own + 1):
                    if 0 <= shard < len(self.files):
                        queries.append(ShardQuery(shard, fuzzy, slot=word.own))
            if word.parts:
                continue
            for candidate, unknown in split_candidates(word.text, self.dictionary):
                term = part_term(candidate[unknown])
                if not term or term not in self.shard(self.shard_for(term)).entries:
                    continue
                slots = []
                for part in candidate:
                    stem = part_term(part)
                    if not stem:
                        continue
                    if stem not in position:
                        position[stem] = len(every)
                        added = (stem, _clauses(stem, wildcard=False))
                        every.append(added)
                        queries += self.plan_of([added], len(every) - 1)
                    slots.append(position[stem])
                parts[index] = slots
                break
        return queries, every, parts

    def find(self, text: str) -> tuple[list[tuple[str, float, int]], dict[str, int]]:
        """``find`` of search-core.js: (ref, score, tier) of every document found, and
        the index terms the query matched with the bits of the query terms matching them."""
        typed, words = query_words(text, self.dictionary)
        first = self.plan_of(typed)
        more, terms, parts = self.rescue(typed, words)
        plan = [*first, *self._typo_queries(first), *more]
        fields = list(self.manifest.get("fields", ()))
        sums = Sums(
            {},
            {},
            {},
            {},
            {},
            fields.index("needs") if "needs" in fields else -1,
            {term: bit_of(slot) for slot, (term, _) in enumerate(terms)},
        )
        combined: dict[int, int] = {}
        for query in plan:
            self.shard(query.shard).score(query.clauses, sums.totals, combined, query.slot, sums)
        if not sums.totals:
            return [], sums.matched
        magnitude = _magnitude(combined)
        bits = []
        for index, word in enumerate(words):
            slots = parts.get(index, list(word.parts))
            joined = 0
            for slot in slots:
                joined |= bit_of(slot)
            bits.append((bit_of(word.own), joined, bool(slots)))

        def has(mask: int, word: tuple[int, int, bool]) -> bool:
            own, joined, some = word
            return own == 0 or mask & own != 0 or (some and mask & joined == joined)

        own_docs = [d for d in sums.totals if sums.masks.get(d, 0) != 0]
        live = [w for w in bits if any(has(sums.masks[d], w) for d in own_docs)]
        ranked = [
            (
                self.ref(d),
                round_score(sums.own[d] / magnitude),
                0 if all(has(sums.masks[d], w) for w in live) else 1,
            )
            for d in own_docs
        ]
        ranked += [
            (self.ref(d), round_score(sums.need[d] / magnitude), 2)
            for d in sums.totals
            if sums.masks.get(d, 0) == 0
        ]
        ranked.sort(key=lambda r: (r[2], -r[1], utf16_key(r[0])))
        return ranked, sums.matched

    def shards_for(self, text: str) -> list[str]:
        """The files a search for ``text`` needs, in the order of first use (without those
        of :meth:`typo_plan`, which depend on what these hold)."""
        return list(dict.fromkeys(self.files[query.shard] for query in self.plan(text)))

    def shard(self, number: int) -> Shard:
        """Shard ``number`` (loaded once)."""
        if number not in self._shards:
            self._shards[number] = Shard(self._load_shard(self.files[number]))
        return self._shards[number]

    def ref(self, document: int) -> str:
        """The ref of document number ``document``."""
        return self.refs[document] if self.refs is not None else str(document)

    def search(self, text: str, limit: int) -> list[tuple[str, float]]:
        """The best ``limit`` documents for the typed query ``text``: (ref, score) pairs, by
        score (highest first), then ref (see :mod:`atlasgen.search.shards`)."""
        if limit <= 0:
            return []
        totals: dict[int, float] = {}
        combined: dict[int, int] = {}
        plan = self.plan(text)
        for query in plan + self._typo_queries(plan):
            self.shard(query.shard).score(query.clauses, totals, combined)
        if not totals:
            return []
        magnitude = _magnitude(combined)
        ranked = [
            (self.ref(document), round_score(total / magnitude))
            for document, total in totals.items()
        ]
        ranked.sort(key=lambda pair: (-pair[1], utf16_key(pair[0])))
        return ranked[:limit]


class Shard:
    """A loaded shard: its term entries and their token set (for wildcard and fuzzy
    expansion, as in ``lunr.Index``)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.entries: dict[str, list[Any]] = {entry[0]: entry for entry in data["terms"]}
        # lunr.py's builder wants Python's string order (JavaScript's may differ)
        self.token_set = TokenSet.from_list(sorted(self.entries))

    def expand(self, clause: Clause) -> list[str]:
        """The shard's terms ``clause`` matches (lunr's ``TokenSet.fromClause`` of the
        clause as ``lunr.Query#term`` makes it, intersected with the token set)."""
        term = clause.term + "*" if clause.trailing_wildcard else clause.term
        if clause.edit_distance:
            wanted = TokenSet.from_fuzzy_string(term, clause.edit_distance)
        else:
            wanted = TokenSet.from_string(term)
        found: list[str] = self.token_set.intersect(wanted).to_list()
        return found

    def score(
        self,
        clauses: Iterable[Clause],
        totals: dict[int, float],
        combined: dict[int, int],
        slot: int = -1,
        sums: Sums | None = None,
    ) -> None:
        """Add what ``clauses`` score here to ``totals`` (document number → sum of boost ×
        weight) and their boosts to the query vector ``combined`` (term _index → summed
        boost); with ``sums`` (``find``) also the sums without and of the needs field and
        the bit of ``slot`` in the documents' masks. Terms go by _index, fields and
        documents in file order (as in ``search-core.js``, so that both sum in the same
        order)."""
        boosts: dict[str, int] = {}
        for clause in clauses:
            for term in self.expand(clause):
                boosts[term] = boosts.get(term, 0) + int(clause.boost)
        bit = bit_of(slot)
        for term in sorted(boosts, key=lambda known: int(self.entries[known][1])):
            entry = self.entries[term]
            boost = boosts[term]
            combined[entry[1]] = combined.get(entry[1], 0) + boost
            if sums is not None:
                sums.matched[term] = sums.matched.get(term, 0) | bit
            for field, postings in enumerate(entry[2:]):
                needs = sums is not None and field == sums.need_field
                document = 0
                for i in range(0, len(postings), 2):
                    document += postings[i]
                    value = boost * postings[i + 1]
                    totals[document] = totals.get(document, 0.0) + value
                    if sums is None:
                        continue
                    if needs:
                        sums.need[document] = sums.need.get(document, 0.0) + value
                        sums.need_masks[document] = sums.need_masks.get(document, 0) | bit
                    else:
                        sums.own[document] = sums.own.get(document, 0.0) + value
                        sums.masks[document] = sums.masks.get(document, 0) | bit
