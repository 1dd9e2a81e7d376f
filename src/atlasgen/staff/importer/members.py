"""The project's member files, and which of them a row imports.

``Members`` takes the project folder and reads every member file as it is before the
import (``Existing``). ``match`` takes a row's cells by field and returns the slug of
the member it imports (by id, else by normalised name, else a new slug from the name),
or the ``RowProblem`` that stops it: a bad or reserved id, no name, a member another
row imports, a name too close to another member's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...common.i18n import t
from ...content.duplicates import name_key
from ...content.fields import SLUG_PATTERN
from ...content.load import RawDocument, load_markdown_document
from ...content.names import RESERVED_MEMBER_SLUGS
from ...content.problems import Problem
from ...content.project import member_tasks, slug_of, slugify
from .columns import SheetColumns
from .table import RowProblem

__all__ = ["Existing", "Members"]


@dataclass
class Existing:
    """A member file as it is before the import."""

    slug: str
    rel: str
    raw: bytes
    doc: RawDocument | None
    problems: list[Problem]

    @property
    def name(self) -> str | None:
        data = self.doc.data if self.doc is not None else None
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else None


class Members:
    """The member files by slug, and the members the rows so far import."""

    def __init__(self, root: Path) -> None:
        self.files: dict[str, Existing] = {}
        self.by_key: dict[str, str] = {}
        """Name key (``duplicates.name_key``) → slug."""
        tasks, _ = member_tasks(root, RESERVED_MEMBER_SLUGS)
        for _, rel, _ in tasks:
            path = root / rel
            doc, problems = load_markdown_document(path, rel)
            existing = Existing(slug_of(rel), rel, path.read_bytes(), doc, problems)
            self.files[existing.slug] = existing
            if existing.name is not None:
                self.by_key.setdefault(name_key(existing.name), existing.slug)
        self.claimed: dict[str, int] = {}
        """Slug → the row that imports it."""
        self.claimed_keys: dict[str, tuple[int, str]] = {}
        """Name key → (row, slug) of the new names the import writes."""

    def claim(self, row: int, slug: str) -> None:
        """Row ``row`` imports member ``slug``."""
        self.claimed[slug] = row

    def claim_name(self, row: int, slug: str, name: str) -> None:
        """Row ``row`` gives member ``slug`` the name ``name``."""
        self.claimed_keys.setdefault(name_key(name), (row, slug))

    def match(self, row: int, cells: dict[str, str], columns: SheetColumns) -> str | RowProblem:
        """The slug of the member the row imports, or why it cannot import one."""
        name, slug = cells.get("name"), cells.get("id")
        if slug is not None:
            slug = slug.lower()  # ids match in any case: Alpha-Software is alpha-software
        if slug is not None:
            if (problem := self._id_problem(row, slug, columns)) is not None:
                return problem
        elif name is None:
            return RowProblem(
                row,
                columns.header("name"),
                t("importer.no_name_or_id") if "id" in columns else t("importer.no_name"),
                t("importer.no_name_hint"),
            )
        else:
            slug = self.by_key.get(name_key(name)) or self.free_slug(slugify(name))
        if (first := self.claimed.get(slug)) is not None:
            return RowProblem(
                row,
                columns.header("id" if "id" in cells else "name"),
                t("importer.same_member", row=first, slug=slug),
                t("importer.same_member_hint"),
            )
        if name is not None and (problem := self._name_problem(row, name, slug, columns)):
            return problem
        return slug

    def _id_problem(self, row: int, slug: str, columns: SheetColumns) -> RowProblem | None:
        if not re.fullmatch(SLUG_PATTERN, slug):
            return RowProblem(
                row,
                columns.header("id"),
                t("importer.bad_id", slug=slug),
                t("importer.bad_id_hint", example=slugify(slug)),
            )
        if slug in RESERVED_MEMBER_SLUGS and slug not in self.files:
            return RowProblem(
                row,
                columns.header("id"),
                t("importer.reserved_id", slug=slug),
                t("importer.reserved_id_hint"),
            )
        return None

    def _name_problem(
        self, row: int, name: str, slug: str, columns: SheetColumns
    ) -> RowProblem | None:
        """A name that another member file, or another row, already has."""
        key = name_key(name)
        other = self.by_key.get(key)
        if other is not None and other != slug:
            return RowProblem(
                row,
                columns.header("name"),
                t(
                    "importer.name_taken",
                    name=name,
                    other=self.files[other].name,
                    file=self.files[other].rel,
                ),
                t("importer.name_taken_hint", slug=other),
            )
        claimed = self.claimed_keys.get(key)
        if claimed is not None and claimed[1] != slug:
            return RowProblem(
                row,
                columns.header("name"),
                t("importer.name_in_row", name=name, row=claimed[0]),
                t("importer.name_in_row_hint"),
            )
        return None

    def free_slug(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` …: the first that no member has."""
        slug, n = base, 1
        while slug in self.files or slug in self.claimed or slug in RESERVED_MEMBER_SLUGS:
            n += 1
            suffix = f"-{n}"
            slug = base[: 64 - len(suffix)].rstrip("-") + suffix
        return slug
