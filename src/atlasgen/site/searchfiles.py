"""The files the search page loads, below ``search-index/``.

``search_files(atlas, urls, today, views, memo)`` takes the atlas and the listed members'
views per language and returns output path → content: ``manifest.json`` (stable name:
shard boundaries and file names, the dictionary, the facet and card files), the
term-range shards of the index (``search.documents.index_shards``; content-hashed names,
so browsers may cache them for good), the facet values of every document (one file) and,
per language, the result cards in chunks of :data:`CARDS_PER_FILE` documents (with what
says why a member matched: its competences as positions in the results file, its offers
and needs as lines, ``search.results.card_extras``) and the results file
(``results-<lang>``: the competences and careers pages with their index terms,
``search.results``). A query fetches the manifest, the shards of its terms and the card
chunks of its first results; the results file beside them (once, not awaited for the first
results); facets when a facet is chosen.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from ..content.model import Atlas
from ..content.names import Lang
from ..search.documents import TokenMemo, index_shards
from ..search.results import card_extras, career_results, competence_results
from .urls import Urls
from .views import MemberView

__all__ = ["CARDS_PER_FILE", "FACETS", "INDEX_DIR", "search_files"]

INDEX_DIR = "search-index"
"""Folder of the search files below the site root."""

CARDS_PER_FILE = 25
"""Result cards per card file: the shown results of a query are spread over the
documents, so small files (about 1 kB compressed) waste less."""

FACETS = ("category", "district", "type", "size", "training")
"""Facets of the search page, in the order of the facet file's columns."""


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _hashed(stem: str, content: bytes) -> str:
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:10]}.json"


def _facet_values(view: MemberView) -> list[str]:
    filters = view.filters
    return [
        filters["categories"],
        filters["district"],
        filters["type"],
        filters["size"],
        filters["training"],
    ]


def search_files(
    atlas: Atlas,
    urls: Urls,
    today: date,
    views: dict[str, list[MemberView]],
    memo: TokenMemo | None = None,
) -> dict[str, bytes]:
    """Every file of the search below :data:`INDEX_DIR` (output path → content).

    ``views``: language → the listed members' views, in directory order (as the
    documents). ``memo``: the tokens of texts indexed before (the build cache).
    """
    manifest, shards = index_shards(atlas, today, memo)
    files: dict[str, bytes] = {}
    for name, content in zip(manifest["files"], shards, strict=True):
        files[f"{INDEX_DIR}/{name}"] = content
    first_view = next(iter(views.values()))
    facets = _json({"facets": list(FACETS), "values": [_facet_values(v) for v in first_view]})
    facet_name = _hashed("facets", facets)
    files[f"{INDEX_DIR}/{facet_name}"] = facets
    dictionary = frozenset(manifest["dictionary"])
    competences = competence_results(atlas, dictionary)
    careers = career_results(atlas, today, dictionary)
    positions = {str(c.key): i for i, c in enumerate(competences)}
    listed = atlas.listed_members
    cards: dict[str, list[str]] = {}
    results: dict[str, str] = {}
    for lang, members in views.items():
        lang_: Lang = "en" if lang == "en" else "de"
        found = _json(
            {
                "competences": [
                    [c.label(lang), urls.competence(lang_, str(c.key)), c.count, c.terms]
                    for c in competences
                ],
                "careers": [
                    [c.label(lang), urls.careers(lang_, c.kind, c.key), c.count, c.kind, c.terms]
                    for c in careers
                ],
            }
        )
        results[lang] = _hashed(f"results-{lang}", found)
        files[f"{INDEX_DIR}/{results[lang]}"] = found
        rows = [
            [*view.card_row(), *card_extras(member, atlas, today, lang, positions)]
            for view, member in zip(members, listed, strict=True)
        ]
        cards[lang] = []
        for start in range(0, len(members), CARDS_PER_FILE):
            chunk = _json(rows[start : start + CARDS_PER_FILE])
            name = _hashed(f"cards-{lang}-{start // CARDS_PER_FILE:04d}", chunk)
            files[f"{INDEX_DIR}/{name}"] = chunk
            cards[lang].append(name)
    manifest = {
        **manifest,
        "base": urls.file(f"{INDEX_DIR}/"),
        "facets": facet_name,
        "cards": cards,
        "results": results,
        "cards_per_file": CARDS_PER_FILE,
    }
    files[f"{INDEX_DIR}/manifest.json"] = _json(manifest)
    return files
