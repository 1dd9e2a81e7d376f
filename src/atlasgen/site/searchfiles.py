"""The files the search page loads, below ``search-index/``.

``search_files(atlas, urls, today, views, memo)`` takes the atlas and the listed members'
views per language and returns output path → content: ``manifest.json`` (stable name:
shard boundaries and file names, the dictionary, the facet and card files), the
term-range shards of the index (``search.documents.index_shards``; content-hashed names,
so browsers may cache them for good), the facet values of every document (one file) and,
per language, the result cards in chunks of :data:`CARDS_PER_FILE` documents. A query
fetches the manifest, the shards of its terms and the card chunks of its first results;
facets when the first results are shown (they also give the facet counts).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from ..content.model import Atlas
from ..search.documents import TokenMemo, index_shards
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
    cards: dict[str, list[str]] = {}
    for lang, members in views.items():
        cards[lang] = []
        for start in range(0, len(members), CARDS_PER_FILE):
            chunk = _json([m.card_row() for m in members[start : start + CARDS_PER_FILE]])
            name = _hashed(f"cards-{lang}-{start // CARDS_PER_FILE:04d}", chunk)
            files[f"{INDEX_DIR}/{name}"] = chunk
            cards[lang].append(name)
    manifest = {
        **manifest,
        "base": urls.file(f"{INDEX_DIR}/"),
        "facets": facet_name,
        "cards": cards,
        "cards_per_file": CARDS_PER_FILE,
    }
    files[f"{INDEX_DIR}/manifest.json"] = _json(manifest)
    return files
