"""Ids from what people write in a spreadsheet: competences, member types, size classes.

``Vocabulary`` takes the project's ``MemberContext`` and its theme folder and turns a
cell into the id the member file needs. Ids match in any case (``Penetrationstests`` →
``penetrationstests``, ``Company`` → ``company``); so do the German and English labels –
the competences' from ``content/competences/*.yaml``, the member types' and size
classes' from the theme's ``i18n/{de,en}.yaml`` (``type_*``, ``size_*``: the labels the
site shows) – and a few synonyms. A label that names two ids raises ``Ambiguous``; a
value that names none is returned as written, so that the checks of ``validate`` find
it; ``suggest`` and ``choices`` say what the import would have understood instead (the
closest id or label, and every value with its label in the language in use).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

import yaml

from ...common import i18n
from ...common.buildinfo import default_theme
from ...content.model import MemberContext
from ...content.names import LANGUAGES
from ...content.schema import MemberType, SizeClass

__all__ = ["Ambiguous", "Vocabulary", "label_key"]

TYPE_SYNONYMS: Final[Mapping[str, tuple[str, ...]]] = {
    "company": ("Firma", "Unternehmung"),
    "startup": ("Startup", "Start up", "Gründung"),
    "freelancer": ("Freiberufler", "Freiberuflerin", "Selbstständig", "Freelance"),
    "university": ("Universität", "Fachhochschule", "Hochschule für angewandte Wissenschaften"),
    "research": ("Forschungsinstitut", "Institut", "Research institution"),
    "association": ("Verein", "Verband"),
    "public-body": ("Behörde", "Kommune", "Verwaltung", "Public authority"),
}
"""Member type → further words for it (the labels come from the theme)."""

_DASHES: Final = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def label_key(text: str) -> str:
    """What labels are compared by: case, dashes (``1–9`` is ``1-9``) and runs of spaces
    do not count."""
    return " ".join(text.translate(_DASHES).casefold().split())


class Ambiguous(ValueError):
    """A label that names more than one id."""

    def __init__(self, value: str, candidates: Iterable[str]) -> None:
        self.value = value
        self.candidates = tuple(sorted(candidates))
        super().__init__(f"'{value}' can mean {', '.join(self.candidates)}")


class _Table:
    """Label key → the ids it names; ids and labels win over synonyms."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = {label_key(i): i for i in ids}
        self.labels: dict[str, set[str]] = {}
        self.synonyms: dict[str, set[str]] = {}
        self.words: dict[str, str] = {key: i for key, i in self.ids.items()}
        """Label key → the id or word as written (for suggestions)."""

    def add(self, key_of: str, words: Iterable[str], *, synonym: bool = False) -> None:
        table = self.synonyms if synonym else self.labels
        for word in words:
            if word.strip():
                table.setdefault(label_key(word), set()).add(key_of)
                self.words.setdefault(label_key(word), word.strip())

    def suggest(self, value: str) -> tuple[str, str] | None:
        """The id or label closest to ``value`` and the id it names (``None``: nothing is
        close, or the closest names more than one id)."""
        key = label_key(value)
        found = difflib.get_close_matches(key, list(self.words), n=1, cutoff=0.6)
        if not found:
            return None
        try:
            return self.words[found[0]], self.resolve(self.words[found[0]])
        except Ambiguous:
            return None

    def resolve(self, value: str) -> str:
        """The id ``value`` names; ``value`` itself when it names none. Raises
        ``Ambiguous`` for a label of more than one id."""
        key = label_key(value)
        if key in self.ids:
            return self.ids[key]
        for table in (self.labels, self.synonyms):
            found = table.get(key)
            if found is not None and len(found) > 1:
                raise Ambiguous(value, found)
            if found:
                return next(iter(found))
        return value


def _theme_strings(root: Path, theme: str) -> list[tuple[str, dict[str, str]]]:
    """The interface strings of the default theme and the project's theme, every language
    (the language, the strings; the project's theme after the default)."""
    folders = [default_theme(), (root / theme).resolve()]
    strings: list[tuple[str, dict[str, str]]] = []
    for folder in dict.fromkeys(folders):
        for lang in LANGUAGES:
            path = folder / "i18n" / f"{lang}.yaml"
            if path.is_file():
                data = yaml.safe_load(path.read_text("utf-8")) or {}
                if isinstance(data, dict):
                    strings.append((lang, {str(k): str(v) for k, v in data.items()}))
    return strings


class Vocabulary:
    """Competence ids, member types and size classes from ids, labels or synonyms."""

    def __init__(self, context: MemberContext, root: Path) -> None:
        self.competences = context.competences
        self._competences = _Table(context.competences)
        for cid, comp in context.competences.items():
            entry = comp.entry
            self._competences.add(cid, (entry.label.de, entry.label.en))
            self._competences.add(cid, (*entry.synonyms.de, *entry.synonyms.en), synonym=True)
        self._types = _Table(t.value for t in MemberType)
        self._sizes = _Table(s.value for s in SizeClass)
        self._labels: dict[str, dict[str, str]] = {}
        """Language → ``type_<id>`` and ``size_<id>`` → the label the site shows."""
        theme = context.config.theme if context.config is not None else "theme"
        for lang, strings in _theme_strings(root, theme):
            for t in MemberType:
                self._types.add(t.value, [strings.get(f"type_{t.value}", "")])
            for s in SizeClass:
                self._sizes.add(s.value, [strings.get(f"size_{s.value}", "")])
            labels = self._labels.setdefault(lang, {})
            for name, text in strings.items():
                if name.startswith(("type_", "size_")) and text.strip():
                    labels[name] = text.strip()
        for tid, words in TYPE_SYNONYMS.items():
            self._types.add(tid, words, synonym=True)

    def competence(self, value: str) -> str:
        """The competence id of an id, label or synonym (raises ``Ambiguous``)."""
        return self._competences.resolve(value)

    def member_type(self, value: str) -> str:
        """``Unternehmen``, ``Company``, ``COMPANY`` → ``company`` (raises ``Ambiguous``)."""
        return self._types.resolve(value)

    def size_class(self, value: str) -> str:
        """``10–49 Beschäftigte``, ``10-49 employees`` → ``10-49`` (raises ``Ambiguous``)."""
        return self._sizes.resolve(value)

    def split_competences(self, cell: str, split: list[str]) -> list[str]:
        """A competences cell as ids; ``split`` is the cell split as lists are."""
        if ";" not in cell:
            try:
                whole = self.competence(cell)
            except Ambiguous:
                whole = cell
            if whole != cell:
                return [whole]  # one label with a comma: "CAD, CAM & PLM"
        return [self.competence(v) for v in split]

    def suggest(self, field: str, value: str) -> tuple[str, str] | None:
        """For an unknown ``value`` of ``field`` (``type``, ``employees``, ``competences``):
        the closest id or label and its id, or ``None``."""
        table = {"type": self._types, "employees": self._sizes}.get(field, self._competences)
        return table.suggest(value)

    def label(self, field: str, value: str) -> str:
        """The label of a member type, size class or competence id in the language in use
        (the id when there is none)."""
        lang = i18n.current()
        if field == "competences":
            comp = self.competences.get(value)
            if comp is None:
                return value
            return comp.entry.label.de if lang == "de" else comp.entry.label.en
        prefix = "type_" if field == "type" else "size_"
        return self._labels.get(lang, {}).get(prefix + value, value)

    def choices(self, field: str) -> list[tuple[str, str]]:
        """(label in the language in use, id) of every member type (``type``) or size class
        (``employees``)."""
        ids = [t.value for t in MemberType] if field == "type" else [s.value for s in SizeClass]
        return [(self.label(field, i), i) for i in ids]

    def german(self, ids: list[str]) -> list[str]:
        """The German labels, as the CRM export writes them."""
        comps = self.competences
        return [comps[c].entry.label.de if c in comps else c for c in ids]
