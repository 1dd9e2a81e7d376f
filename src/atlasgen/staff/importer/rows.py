"""Rows turned into member files, each checked as ``atlasgen validate`` checks it.

``Importer`` takes the project, the mapped ``Sheet`` and the checked taxonomy and config
(``MemberContext``); ``row`` takes one row and returns its ``Outcome``: the member it
imports, new or changed (with the file to write and the fields it changes) or
unchanged, or the ``RowProblem``s that keep it from being written. Nothing is written
to the project here: each file is checked in a scratch folder.

A value that names no member type, size class or competence is checked as written, and
the problem the checks report about it is said the import's way: with the closest id or
label and the values the import understands (``unknown_values``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from ...common.i18n import t
from ...content.model import Member, MemberContext, link_member
from ...content.problems import Problem, Severity
from ...content.project import MEMBERS_DIR, read_member
from ...content.schema import MemberFile, MemberType, SizeClass
from .columns import FIELDS, Sheet, SheetColumns, plain_field
from .labels import Ambiguous, Vocabulary
from .members import Existing, Members
from .table import RowProblem, clean_cell
from .values import DERIVED, Value, convert_cells, derived, get_path, same, set_path
from .yamledit import MemberText, UnsafeEdit, new_member_text, set_value

__all__ = ["Importer", "Outcome", "Status"]

Status = Literal["new", "change", "unchanged", "problem"]

_EXAMPLES: Final = {
    "name": "Muster Software GmbH",
    "tagline": "Individualsoftware für den Mittelstand",
    "address.street": "Hauptstraße 1",
    "address.postal_code": "74072",
    "address.city": "Heilbronn",
}
"""An example value of a field a new member needs, the same in every language (as the
member files write it); ``type`` and ``competences`` take theirs from the project's labels."""
_REQUIRED: Final = frozenset(k for k, f in MemberFile.model_fields.items() if f.is_required())
"""The keys every member file must have."""
_MEMBER_TYPES: Final = frozenset(m.value for m in MemberType)
_SIZE_CLASSES: Final = frozenset(s.value for s in SizeClass)


@dataclass
class Outcome:
    """What one row does."""

    row: int
    slug: str = ""
    status: Status = "problem"
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    text: bytes | None = None
    """The file to write (``None``: nothing to write)."""
    old: bytes | None = None
    """The file before the import (``None``: a new file)."""
    values: list[tuple[str, Any, Any]] = field(default_factory=list)
    """(field, old value, new value) of each field the row changes (``None``: none)."""
    unknown: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Problem field (``type``, ``competences[1]``) → message and hint for a value that
    names no id (``Importer.unknown_values``)."""

    @property
    def rel(self) -> str:
        return f"{MEMBERS_DIR}/{self.slug}.md"


class Importer:
    """Turns rows into member files, checking each as ``atlasgen validate`` would."""

    def __init__(
        self, root: Path, sheet: Sheet, context: MemberContext, scratch: Path, force: bool
    ) -> None:
        self.sheet = sheet
        self.context = context
        self.scratch = scratch
        self.force = force
        self.vocabulary = Vocabulary(context, root)
        self.columns = SheetColumns(sheet.columns)
        self.members = Members(root)

    # -- one row

    def row(self, number: int, cells: tuple[str, ...]) -> Outcome:
        out = Outcome(number)
        if any(cell.strip() for cell in cells[self.sheet.width :]):
            out.problems.append(
                RowProblem(
                    number,
                    "",
                    t("importer.too_many_cells", cells=len(cells), width=self.sheet.width),
                    t("importer.too_many_cells_hint"),
                )
            )
            return out
        filled = self.filled(cells)
        found = self.members.match(number, filled, self.columns)
        if isinstance(found, RowProblem):
            out.problems.append(found)
            return out
        out.slug = found
        self.members.claim(number, found)
        existing = self.members.files.get(found)
        if existing is None:
            self.new_member(out, filled)
        elif (parsed := self.editable(existing)) is not None:
            self.update(out, filled, existing, parsed)
        else:
            out.problems += self.file_problems(number, existing)
            return out
        if "name" in filled and out.status != "problem":
            self.members.claim_name(number, out.slug, filled["name"])
        return out

    def filled(self, cells: tuple[str, ...]) -> dict[str, str]:
        """The row's filled cells, cleaned, by the field their column gives."""
        by_field: dict[str, str] = {}
        for column in self.sheet.columns:
            cell = clean_cell(cells[column.index]) if column.index < len(cells) else ""
            if cell:
                by_field[column.field] = cell
        return by_field

    @staticmethod
    def editable(existing: Existing) -> MemberText | None:
        """The file split for editing; ``None`` when it does not even load."""
        readable = (
            existing.doc is not None
            and isinstance(existing.doc.data, dict)
            and not any(p.severity is Severity.ERROR for p in existing.problems)
        )
        return MemberText.parse(existing.raw) if readable else None

    def new_member(self, out: Outcome, cells: dict[str, str]) -> None:
        values, ambiguous = convert_cells(cells, self.vocabulary)
        if self.refuse_ambiguous(out, ambiguous):
            return
        out.unknown = self.unknown_values(values)
        body = values.pop("description", None)
        description = body if isinstance(body, str) else None
        deferred = {k: values.pop(k) for k in list(values) if k in DERIVED}
        text = new_member_text(values, description)
        member, problems = self.check(out.slug, text)
        more = derived(member, deferred)
        if more:
            values |= more
            text = new_member_text(values, description)
            member, problems = self.check(out.slug, text)
        changed = [*values, *(["description"] if description else [])]
        out.values = [(n, None, values[n]) for n in values]
        if description:
            out.values.append(("description", None, description))
        self.finish(out, text, problems, changed, set(cells), None)

    def update(
        self, out: Outcome, cells: dict[str, str], existing: Existing, parsed: MemberText
    ) -> None:
        old = parsed.data()
        changes, deferred = self.changes(out, cells, existing, old)
        if out.problems:
            return
        text, member, problems = self.edit(out, parsed, old, changes)
        more = derived(member, deferred)
        if more:
            changes |= more
            text, member, problems = self.edit(out, parsed, old, changes)
        out.old = existing.raw
        body = existing.doc.body.strip() if existing.doc is not None else ""
        out.values = [
            (n, body if n == "description" else get_path(old, FIELDS[n].path), v)
            for n, v in changes.items()
        ]
        self.finish(out, text, problems, list(changes), set(cells), existing)

    def changes(
        self, out: Outcome, cells: dict[str, str], existing: Existing, old: Any
    ) -> tuple[dict[str, Value], dict[str, Value]]:
        """The values that differ from the file's ``old`` data, and those left to the
        postal code (district, coordinates) unless it gives something else."""
        changes: dict[str, Value] = {}
        deferred: dict[str, Value] = {}
        values, ambiguous = convert_cells(cells, self.vocabulary)
        if self.refuse_ambiguous(out, ambiguous):
            return changes, deferred
        out.unknown = self.unknown_values(values)
        for name, value in values.items():
            path = FIELDS[name].path
            if name == "description":
                assert isinstance(value, str)
                current = existing.doc.body.strip() if existing.doc is not None else ""
                if current == value.strip():
                    continue
                if current and not self.force:
                    out.notes.append(t("importer.description_kept"))
                    continue
                changes[name] = value
            elif (
                name in DERIVED
                and get_path(old, path[:-1] if "coordinates" in path else path) is None
            ):
                deferred[name] = value  # the file leaves it to the postal code
            elif not same(name, get_path(old, path), value, cells[name], self.vocabulary):
                changes[name] = value
        return changes, deferred

    def refuse_ambiguous(self, out: Outcome, ambiguous: dict[str, Ambiguous]) -> bool:
        """A problem for each cell that names more than one id; whether there was one."""
        for name, exc in ambiguous.items():
            names = [f"{c} ({self.vocabulary.label(name, c)})" for c in exc.candidates]
            out.problems.append(
                RowProblem(
                    out.row,
                    self.columns.header(name),
                    t("importer.ambiguous", value=exc.value, candidates=", ".join(names)),
                    t("importer.ambiguous_hint", example=exc.candidates[0]),
                )
            )
        return bool(ambiguous)

    def unknown_values(self, values: dict[str, Value]) -> dict[str, tuple[str, str]]:
        """Message and hint, by the field the checks report it at, for each value of
        ``type``, ``employees`` and ``competences`` that names no id."""
        found: dict[str, tuple[str, str]] = {}
        for name, known in (("type", _MEMBER_TYPES), ("employees", _SIZE_CLASSES)):
            value = values.get(name)
            if isinstance(value, str) and value not in known:
                found[name] = self.unknown_choice(name, value)
        competences = values.get("competences")
        if isinstance(competences, list):
            for index, value in enumerate(competences):
                if value not in self.vocabulary.competences:
                    found[f"competences[{index}]"] = self.unknown_competence(value)
        return found

    def suggestion(self, name: str, value: str) -> str | None:
        """``'Unternehmen' (company)``: the closest id or label, or ``None``."""
        close = self.vocabulary.suggest(name, value)
        if close is None:
            return None
        word, ident = close
        if word == ident:  # the id: shown with its label
            word = self.vocabulary.label(name, ident)
        return f"'{word}'" if word == ident else f"'{word}' ({ident})"

    def unknown_choice(self, name: str, value: str) -> tuple[str, str]:
        """A member type (``type``) or size class (``employees``) the import does not know."""
        choices = ", ".join(f"{label} ({i})" for label, i in self.vocabulary.choices(name))
        close = self.suggestion(name, value)
        if name == "type":
            message = t("importer.unknown_type", value=value)
            if close is None:
                return message, t("importer.unknown_type_hint", choices=choices)
            return message, t("importer.unknown_type_hint_close", close=close, choices=choices)
        message = t("importer.unknown_size", value=value)
        if close is None:
            return message, t("importer.unknown_size_hint", choices=choices)
        return message, t("importer.unknown_size_hint_close", close=close, choices=choices)

    def unknown_competence(self, value: str) -> tuple[str, str]:
        message = t("importer.unknown_competence", value=value)
        close = self.suggestion("competences", value)
        if close is not None:
            return message, t("importer.unknown_competence_hint_close", close=close)
        first = next(iter(self.vocabulary.competences), None)
        if first is None:
            return message, t("importer.unknown_competence_hint_none")
        example = f"{self.vocabulary.label('competences', first)} ({first})"
        return message, t("importer.unknown_competence_hint", example=example)

    def example(self, name: str) -> str | None:
        """What a new member's cell ``name`` could hold, e.g. ``Heilbronn``."""
        if name == "type":
            return self.vocabulary.label("type", MemberType.COMPANY.value)
        if name == "competences":
            first = list(self.vocabulary.competences)[:2]
            return "; ".join(self.vocabulary.label(name, c) for c in first) or None
        return _EXAMPLES.get(name)

    def edit(
        self, out: Outcome, parsed: MemberText, old: Any, changes: dict[str, Value]
    ) -> tuple[bytes, Member | None, list[Problem]]:
        """The file with ``changes``, and what the checks say about it."""
        doc = copy.deepcopy(parsed)
        expected = copy.deepcopy(old)
        fields = [n for n in changes if n != "description"]
        for name in fields:
            expected = set_path(expected, FIELDS[name].path, changes[name])
        if "description" in changes:
            doc.body = str(changes["description"]).strip("\n") + "\n"
        # each value on its own lines; if that does not give the expected data (a layout
        # the line editor does not know), each changed top-level key as a whole block
        attempts = (
            [(FIELDS[n].path, changes[n]) for n in fields],
            [
                ((k,), get_path(expected, (k,)))
                for k in dict.fromkeys(FIELDS[n].path[0] for n in fields)
            ],
        )
        for edits in attempts:
            doc.front = list(parsed.front)
            try:
                for path, value in edits:
                    set_value(doc.front, path, value)
            except UnsafeEdit:
                continue
            if doc.data() == expected:
                break
        else:
            problem = Problem(
                out.rel, 1, 1, "", t("importer.unsafe_edit"), t("importer.unsafe_edit_hint")
            )
            return b"", None, [problem]
        text = doc.render()
        member, problems = self.check(out.slug, text)
        return text, member, problems

    def check(self, slug: str, text: bytes) -> tuple[Member | None, list[Problem]]:
        """Check the file as validate does: its model, taxonomy, logo and postal code."""
        rel = f"{MEMBERS_DIR}/{slug}.md"
        path = self.scratch / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
        source, problems = read_member((str(self.scratch), rel, None))
        if source is None:
            return None, problems
        member, more = link_member(source, self.context)
        return member, problems + more

    def finish(
        self,
        out: Outcome,
        text: bytes,
        problems: list[Problem],
        changed: list[str],
        used: set[str],
        existing: Existing | None,
    ) -> None:
        """Set the outcome from the checks' ``problems`` (errors stop the row)."""
        seen: set[str] = set()
        for p in problems:
            if p.field and p.field in seen:
                continue  # one problem per field, as validate reports them
            seen.add(p.field)
            if p.severity is Severity.ERROR:
                if p.field in out.unknown and (name := self.field_of(p.field, used)):
                    message, hint = out.unknown[p.field]
                    label = self.columns.label(name, p.field)
                    out.problems.append(RowProblem(out.row, label, message, hint))
                else:
                    out.problems.append(self.row_problem(out.row, p, used, existing))
            elif (name := self.field_of(p.field, set(changed))) is not None:
                label = self.columns.label(name, p.field)
                if p.hint:
                    note = t(
                        "importer.warning_note_hint", field=label, message=p.message, hint=p.hint
                    )
                else:
                    note = t("importer.warning_note", field=label, message=p.message)
                out.notes.append(note)
        if out.problems:
            out.status = "problem"
            return
        out.changed = changed
        if existing is None:
            out.status, out.text = "new", text
        elif changed:
            out.status, out.text = "change", text
        else:
            out.status = "unchanged"

    # -- problems of the written file as problems of the row

    @staticmethod
    def field_of(problem_field: str, used: Iterable[str]) -> str | None:
        """The imported field a problem's field (``competences[2]``) belongs to."""
        if not problem_field:
            return None
        plain = plain_field(problem_field)
        for name in sorted(used, key=len, reverse=True):
            if plain == name or plain.startswith(name + ".") or name.startswith(plain + "."):
                return name
        return None

    def row_problem(
        self, row: int, p: Problem, used: set[str], existing: Existing | None
    ) -> RowProblem:
        """A problem of the file the row writes, said of the row's column."""
        name = self.field_of(p.field, used)
        if name is not None:
            return RowProblem(row, self.columns.label(name, p.field), p.message, p.hint)
        if existing is None:
            # a new file holds only what the row gives: a problem of a required field that
            # no cell gives is that the field is missing
            plain = plain_field(p.field)
            known = next((n for n in FIELDS if n == plain or n.startswith(plain + ".")), None)
            if p.field and known is not None and known.split(".")[0] in _REQUIRED:
                return RowProblem(
                    row,
                    self.columns.header(known),
                    t("importer.new_member_empty"),
                    self.fill(known),
                )
            return RowProblem(row, p.field, p.message, p.hint)
        return RowProblem(
            row,
            p.field,
            t("importer.in_file", message=p.message, file=existing.rel, line=p.line),
            p.hint or t("importer.fix_file_first"),
        )

    def fill(self, name: str) -> str:
        """How to fill in field ``name`` of a new member: its cell, or a column for it."""
        example = self.example(name)
        if name in self.columns:
            if example is None:
                return t("importer.fill_cell")
            return t("importer.fill_cell_example", example=example)
        if example is None:
            return t("importer.add_column", field=name)
        return t("importer.add_column_example", field=name, example=example)

    @staticmethod
    def file_problems(row: int, existing: Existing) -> list[RowProblem]:
        """A member file that the import cannot change (it does not even load)."""
        errors = [p for p in existing.problems if p.severity is Severity.ERROR] or [
            Problem(existing.rel, 1, 1, "", t("importer.no_fields"), t("importer.fix_file_first"))
        ]
        return [
            RowProblem(
                row,
                p.field,
                f"{existing.rel}:{p.line}: {p.message}",
                p.hint or t("importer.fix_file_first"),
            )
            for p in errors
        ]
