"""The competence taxonomy in ``atlasgen diff``: categories and competences compared.

Takes the ``Context``; returns the sentences of the "Competences" section: changed
category files that are invalid, then for categories and then competences (by id,
over all category files of each revision): added, removed, renamed (in the output
language, then the other one), a competence moved to another category, and any
other changed fields. A file that does not parse at either revision is left out of
the comparison.
"""

from __future__ import annotations

from typing import Any

from ...content.schema import CategoryFile
from .compare import norm
from .context import Context
from .git import Change
from .sentences import Say
from .sides import Side, category_entries, file_kind

__all__ = ["taxonomy_lines"]

Index = dict[str, dict[str, Any]]
"""Category or competence id → its mapping as written (a competence with its category)."""


def taxonomy_lines(ctx: Context) -> list[str]:
    """The sentences of the taxonomy section (none when no category file changed)."""
    changed = ctx.changed("category")
    if not changed:
        return []
    out, skip = _invalid(ctx, changed)
    old_cats, old_comps = _index(ctx.base, skip)
    new_cats, new_comps = _index(ctx.head, skip)
    compare = _Compare(ctx.say, old_cats, new_cats)
    out += compare.kind("category", old_cats, new_cats, {"label", "competences"})
    out += compare.kind("competence", old_comps, new_comps, {"label", "category"})
    return out


def _invalid(ctx: Context, changed: list[Change]) -> tuple[list[str], set[str]]:
    """The invalid changed files at head; and the files that cannot be compared."""
    out: list[str] = []
    skip: set[str] = set()
    for c in changed:
        new = ctx.head.load(c.new, CategoryFile, markdown=False)
        old = ctx.base.load(c.old, CategoryFile, markdown=False)
        if new is not None and new.errors:
            file = c.new or ""
            out.append(ctx.say("diff.file_invalid", file=file, where=ctx.where(new.errors)))
        for rel, loaded in ((c.new, new), (c.old, old)):
            if rel and loaded is not None and loaded.data is None:
                skip.update(r for r in (c.old, c.new) if r)
    return out, skip


def _index(side: Side, skip: set[str]) -> tuple[Index, Index]:
    """The categories and competences of all category files at ``side`` (the first of an
    id wins), leaving out the files in ``skip``."""
    categories: Index = {}
    competences: Index = {}
    for rel in side.tree:
        if file_kind(rel) != "category" or rel in skip:
            continue
        loaded = side.load(rel, CategoryFile, markdown=False)
        data = loaded.data if loaded else None
        if data is None or not isinstance(data.get("id"), str):
            continue
        categories.setdefault(data["id"], data)
        for entry in category_entries(loaded):
            competences.setdefault(entry["id"], {**entry, "category": data["id"]})
    return categories, competences


class _Compare:
    """Compares the entries of one kind, naming them in the output language."""

    def __init__(self, say: Say, old_cats: Index, new_cats: Index) -> None:
        self.say = say
        self.lang = say.lang
        self.other = "en" if say.lang == "de" else "de"
        self.old_cats = old_cats
        self.new_cats = new_cats

    def label(self, entry: dict[str, Any], language: str | None = None) -> str:
        """The entry's label in ``language`` (default: the output's), else German, else
        its id."""
        value = entry.get("label")
        text = value.get(language or self.lang) if isinstance(value, dict) else None
        if not isinstance(text, str) and isinstance(value, dict):
            text = value.get("de")
        return text if isinstance(text, str) else str(entry["id"])

    def item(self, entry: dict[str, Any]) -> str:
        return f"{self.label(entry)} ({entry['id']})"

    def kind(self, kind: str, olds: Index, news: Index, ignore: set[str]) -> list[str]:
        """Added, then removed, then changed entries; ``ignore``: fields said otherwise."""
        say = self.say
        kind_label = say.label(kind)
        out: list[str] = []
        for cid, entry in news.items():
            if cid not in olds:
                out.append(say("diff.item_added", label=kind_label, item=self.item(entry)))
        for cid, entry in olds.items():
            if cid not in news:
                out.append(say("diff.item_removed", label=kind_label, item=self.item(entry)))
        for cid, entry in news.items():
            if cid in olds:
                out += self._changed(kind, cid, olds[cid], entry, ignore)
        return out

    def _changed(
        self, kind: str, cid: str, before: dict[str, Any], entry: dict[str, Any], ignore: set[str]
    ) -> list[str]:
        say = self.say
        kind_label = say.label(kind)
        out: list[str] = []
        old, new = self.label(before), self.label(entry)
        if old != new:
            out.append(say("diff.label_renamed", label=kind_label, old=old, new=new, id=cid))
        old, new = self.label(before, self.other), self.label(entry, self.other)
        if old != new:
            out.append(say("diff.other_label_changed", old=old, new=new, id=cid))
        if kind == "competence" and before["category"] != entry["category"]:
            out.append(self._moved(before, entry))
        fields = [
            k
            for k in [*before, *(k for k in entry if k not in before)]
            if k not in ignore and norm(before.get(k)) != norm(entry.get(k))
        ]
        if fields:
            out.append(
                say(
                    "diff.item_fields",
                    label=kind_label,
                    item=self.item(entry),
                    fields=", ".join(fields),
                )
            )
        return out

    def _moved(self, before: dict[str, Any], entry: dict[str, Any]) -> str:
        """A competence moved from one category to another."""
        names = [
            self.label(cats[c]) if c in cats else c
            for cats, c in ((self.old_cats, before["category"]), (self.new_cats, entry["category"]))
        ]
        return self.say(
            "diff.item_moved",
            label=self.say.label("competence"),
            item=self.item(entry),
            old=names[0],
            new=names[1],
        )
