"""Both sides of ``atlasgen diff``: the project's files at one revision, loaded.

Takes a ``Git``, a commit and a scratch folder; returns, for a project-relative
path, the file's blob id (``Side.sha``) or the file read by the project's own loader
and validated against its model (``Side.load`` → ``Loaded``: the raw document and
its errors, ``None`` when the file does not exist at that revision). Also names the
kind of a content file from its path (``file_kind``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...common.i18n import t
from ...content.load import RawDocument, load_markdown_document, load_yaml_document
from ...content.messages import validate_model
from ...content.problems import Problem, Severity
from ...content.project import (
    COMPETENCES_DIR,
    CONFIG_FILE,
    LOGOS_DIR,
    MEMBERS_DIR,
    PAGES_DIR,
    TRANSLATION_SUFFIX,
)
from ...content.schema import MemberTranslation
from .git import Git

__all__ = ["Loaded", "Side", "base_name", "category_entries", "file_kind"]

_MEMBER = re.compile(rf"^{MEMBERS_DIR}/([^/]+)\.md$")
_LOGO = re.compile(rf"^{LOGOS_DIR}/([^/]+)$")
_CATEGORY = re.compile(rf"^{COMPETENCES_DIR}/[^/]+\.yaml$")
_PAGE = re.compile(rf"^{PAGES_DIR}/[^/]+\.md$")


def file_kind(rel: str) -> str:
    """``member``, ``translation``, ``logo``, ``category``, ``page``, ``config`` or ``other``."""
    if _MEMBER.match(rel):
        return "translation" if rel.endswith(TRANSLATION_SUFFIX) else "member"
    if _LOGO.match(rel):
        return "logo"
    if _CATEGORY.match(rel):
        return "category"
    if _PAGE.match(rel):
        return "page"
    return "config" if rel == CONFIG_FILE else "other"


def base_name(rel: str) -> str:
    """The file name of a project-relative path, as shown to the reader."""
    return rel.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Loaded:
    """One file at one revision, read by the project's loader and validated."""

    doc: RawDocument | None
    errors: list[Problem]

    @property
    def data(self) -> dict[str, Any] | None:
        if self.doc is None or not isinstance(self.doc.data, dict):
            return None
        return self.doc.data

    @property
    def body(self) -> str:
        return self.doc.body if self.doc is not None else ""


class Side:
    """The project at one revision: its tree, and its files read on demand.

    Blobs are written to a scratch folder so the project's loader reads them exactly
    as it reads files on disk (size limit, encoding, front matter, literal scalars).
    """

    def __init__(self, git: Git, commit: str, folder: Path) -> None:
        self.git = git
        self.commit = commit
        self.folder = folder
        self.tree = git.tree(commit)
        self.fetched: set[str] = set()
        self.cache: dict[str, Loaded | None] = {}

    def has(self, rel: str | None) -> bool:
        return rel is not None and rel in self.tree

    def sha(self, rel: str) -> str | None:
        entry = self.tree.get(rel)
        return entry.sha if entry is not None else None

    def fetch(self, rels: Iterable[str | None]) -> None:
        todo = {
            r: self.tree[r]
            for r in rels
            if r is not None and r in self.tree and r not in self.fetched
        }
        blobs = self.git.blobs(e.sha for e in todo.values() if e.mode.startswith("100"))
        for rel, entry in todo.items():
            self.fetched.add(rel)
            if entry.sha in blobs:
                path = self.folder / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(blobs[entry.sha])

    def load(self, rel: str | None, model: type[Any], *, markdown: bool = True) -> Loaded | None:
        """``None`` when the file does not exist at this revision."""
        if rel is None or rel not in self.tree:
            return None
        if rel in self.cache:
            return self.cache[rel]
        self.fetch([rel])
        entry = self.tree[rel]
        loaded: Loaded
        if entry.mode == "120000":
            problem = Problem(
                rel,
                1,
                1,
                "",
                t("diff.symlink"),
                t("diff.symlink_hint"),
            )
            loaded = Loaded(None, [problem])
        elif not (self.folder / rel).is_file():
            loaded = Loaded(None, [Problem(rel, 1, 1, "", t("diff.not_a_regular_file"))])
        else:
            path = self.folder / rel
            if markdown:
                doc, problems = load_markdown_document(
                    path, rel, front_matter_required=model is not MemberTranslation
                )
            else:
                doc, problems = load_yaml_document(path, rel)
            if doc is not None:
                problems += validate_model(model, doc)[1]
            errors = sorted(p for p in problems if p.severity is Severity.ERROR)
            loaded = Loaded(doc, errors)
        self.cache[rel] = loaded
        return loaded


def category_entries(loaded: Loaded | None) -> list[dict[str, Any]]:
    """The competence mappings with a text id in a category file (as written)."""
    data = loaded.data if loaded else None
    entries = data.get("competences") if data else None
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]
