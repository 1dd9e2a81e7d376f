"""What every comparison of ``atlasgen diff`` shares.

Takes the sentences (``Say``), both sides and the changed files; returns a
``Context`` holding them with the competence labels of both taxonomies, so each
comparison (``members``, ``taxonomy``, ``others``) can pick its changed files, name
competences and say where a file is invalid. A ``Section`` is one heading of the
output with its sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...content.problems import Problem
from ...content.schema import CategoryFile
from .git import Change
from .sentences import Raw, Say
from .sides import Side, category_entries, file_kind

__all__ = ["Context", "Section"]


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)


class Context:
    """The sentences, both sides and the changed files (a file renamed into another kind
    counts as removed and added), with the competence labels."""

    def __init__(self, say: Say, base: Side, head: Side, changes: list[Change]) -> None:
        self.say = say
        self.base = base
        self.head = head
        self.changes = _split_kind_changes(changes)
        self.labels = _competence_labels(head, base)

    def changed(self, kind: str) -> list[Change]:
        """The changes of files of one kind (``sides.file_kind``), in their order."""
        return [c for c in self.changes if file_kind(c.new or c.old or "") == kind]

    def where(self, errors: list[Problem]) -> Raw:
        """Where the first problem is, and how many more there are."""
        first = errors[0]
        problem = f"{first.field}: {first.message}" if first.field else first.message
        line, column = str(first.line), str(first.column)
        where = self.say("diff.where", line=line, column=column, problem=problem)
        if len(errors) > 1:
            more = self.say("diff.more_problems", n=len(errors) - 1)
            where = Raw(f"{where} {more}")
        return where

    def competence(self, cid: str) -> str:
        """A competence's label in the output language (else German, else its id)."""
        label = self.labels.get(cid, {})
        return label.get(self.say.lang) or label.get("de") or cid


def _split_kind_changes(changes: list[Change]) -> list[Change]:
    """A file renamed into another kind (a member into a page) is a removal plus an
    addition."""
    out: list[Change] = []
    for c in changes:
        if c.status == "R" and c.old and c.new and file_kind(c.old) != file_kind(c.new):
            out += [Change("D", c.old, None), Change("A", None, c.new)]
        else:
            out.append(c)
    return out


def _competence_labels(*sides: Side) -> dict[str, dict[str, str]]:
    """Competence id → labels by language, from the first side's taxonomy, then the next."""
    labels: dict[str, dict[str, str]] = {}
    for side in sides:
        categories = [r for r in side.tree if file_kind(r) == "category"]
        side.fetch(categories)
        for rel in categories:
            for entry in category_entries(side.load(rel, CategoryFile, markdown=False)):
                label = entry.get("label")
                if isinstance(label, dict) and entry["id"] not in labels:
                    labels[entry["id"]] = {k: v for k, v in label.items() if isinstance(v, str)}
    return labels
