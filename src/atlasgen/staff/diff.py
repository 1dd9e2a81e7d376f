"""``atlasgen diff``: what a change to the content does, in words, for staff reviewing it.

Compares two git revisions of the project: every changed member file (with its
English file and logo), the competence taxonomy, ``atlas.yaml``, the free pages,
and counts everything else. File contents come from git objects, never from the
working tree: ``git diff --raw -M`` names the changed files (with rename
detection), ``git ls-tree`` gives every content file's blob id at both revisions
(logos are compared by blob id, never read) and ``git cat-file --batch`` reads the
blobs. Each blob is written to a scratch folder and read with the project's own
loader and models (``load``, ``messages.validate_model``), so values are compared
as the literal text the author wrote, exactly as validation sees them. A file that
does not parse or validate is reported as invalid, with its first located
problem, and never stops the diff.

The sentences are in ``MESSAGES`` (German and English). Everything quoted from
content (names, labels, ids, file names, problem messages) is escaped for the
output: control and invisible characters are written out for the terminal, and
for Markdown every ASCII punctuation character is backslash-escaped, so a member
name cannot add formatting, links or HTML to a job summary.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..content.load import RawDocument, load_markdown_document, load_yaml_document
from ..content.messages import validate_model
from ..content.model import OFFER_KINDS
from ..content.problems import Problem, Severity, markdown_literal, visible
from ..content.project import (
    COMPETENCES_DIR,
    CONFIG_FILE,
    LOGOS_DIR,
    MEMBERS_DIR,
    PAGES_DIR,
    TRANSLATION_SUFFIX,
)
from ..content.schema import CategoryFile, MemberFile, MemberTranslation, PageFile, SiteConfig

__all__ = ["BASE_CANDIDATES", "MESSAGES", "DiffError", "semantic_diff"]

Format = Literal["text", "markdown"]
Lang = Literal["de", "en"]

BASE_CANDIDATES = ("main", "origin/main", "master")
"""Without BASE, the diff starts at the merge base of HEAD with the first of these."""

MAX_NAMED_OTHER_FILES = 5
"""'Other files' names this many files, then '…'."""

# ---------------------------------------------------------------------------- messages

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (German, English); {placeholders} are escaped unless already rendered
    "title": (
        "Inhaltliche Änderungen von {base} bis {head}",
        "Content changes from {base} to {head}",
    ),
    "nothing": ("Keine inhaltlichen Änderungen.", "No content changes."),
    "heading": ("{name} ({file})", "{name} ({file})"),
    "section_taxonomy": ("Kompetenzen", "Competences"),
    "section_other": ("Weitere Änderungen", "Other changes"),
    # members
    "member_added": ("Neues Mitglied", "New member"),
    "member_removed": ("Mitglied entfernt", "Member removed"),
    "member_competences": ("Kompetenzen: {items}", "Competences: {items}"),
    "not_listed": ("Nicht öffentlich gelistet", "Not listed publicly"),
    "unlisted": ("Nicht mehr öffentlich gelistet", "No longer listed publicly"),
    "relisted": ("Wieder öffentlich gelistet", "Listed publicly again"),
    "renamed": ("{label} umbenannt: {old} → {new}", "{label} renamed: {old} → {new}"),
    "name_changed": ("Name geändert: {old} → {new}", "Name changed: {old} → {new}"),
    "changed": ("{label} geändert", "{label} changed"),
    "added": ("{label} hinzugefügt", "{label} added"),
    "removed": ("{label} entfernt", "{label} removed"),
    "value_changed": ("{label} geändert: {old} → {new}", "{label} changed: {old} → {new}"),
    "value_added": ("{label} hinzugefügt: {new}", "{label} added: {new}"),
    "item_added": ("{label} hinzugefügt: {item}", "{label} added: {item}"),
    "item_removed": ("{label} entfernt: {item}", "{label} removed: {item}"),
    "item_changed": ("{label} geändert: {item}", "{label} changed: {item}"),
    "item_fields": (
        "{label} geändert: {item} (Felder: {fields})",
        "{label} changed: {item} (fields: {fields})",
    ),
    "item_moved": (
        "{label} verschoben: {item}: {old} → {new}",
        "{label} moved: {item}: {old} → {new}",
    ),
    "order_competences": ("Reihenfolge der Kompetenzen geändert", "Order of competences changed"),
    "order_contacts": (
        "Reihenfolge der Ansprechpartner geändert",
        "Order of contact persons changed",
    ),
    "field_changed": ("Feld »{field}« geändert", "Field “{field}” changed"),
    "field_added": ("Feld »{field}« hinzugefügt", "Field “{field}” added"),
    "field_removed": ("Feld »{field}« entfernt", "Field “{field}” removed"),
    "en_field_changed": (
        "Feld »{field}« der englischen Fassung geändert",
        "Field “{field}” of the English version changed",
    ),
    "logo_missing": ("Logo-Datei fehlt: {file}", "Logo file missing: {file}"),
    "logo_renamed": (
        "Logo-Datei umbenannt: {old} → {new} (Bild unverändert)",
        "Logo file renamed: {old} → {new} (same image)",
    ),
    "description": ("Beschreibung: {parts}", "Description: {parts}"),
    "en_description": ("Englische Beschreibung: {parts}", "English description: {parts}"),
    "paragraphs_changed": (
        "{n} Absatz geändert|{n} Absätze geändert",
        "{n} paragraph changed|{n} paragraphs changed",
    ),
    "paragraphs_added": (
        "{n} Absatz hinzugefügt|{n} Absätze hinzugefügt",
        "{n} paragraph added|{n} paragraphs added",
    ),
    "paragraphs_removed": (
        "{n} Absatz entfernt|{n} Absätze entfernt",
        "{n} paragraph removed|{n} paragraphs removed",
    ),
    "whitespace_only": (
        "nur Leerzeichen oder Zeilenumbrüche geändert",
        "only spaces or line breaks changed",
    ),
    "formatting_only": (
        "Nur Formatierung geändert, Inhalt gleich",
        "Only formatting changed, same content",
    ),
    "invalid": ("Ungültig: {where}", "Invalid: {where}"),
    "en_invalid": ("Englische Fassung ungültig: {where}", "English version invalid: {where}"),
    "file_invalid": ("{file} ungültig: {where}", "{file} invalid: {where}"),
    "where": (
        "Zeile {line}, Spalte {column}: {problem}",
        "line {line}, column {column}: {problem}",
    ),
    "more_problems": (
        " (+{n} weiteres Problem)| (+{n} weitere Probleme)",
        " (+{n} more problem)| (+{n} more problems)",
    ),
    "previously_invalid": (
        "War vorher ungültig; Felder nicht verglichen",
        "Was invalid before; fields not compared",
    ),
    # taxonomy
    "label_renamed": (
        "{label} umbenannt: {old} → {new} ({id})",
        "{label} renamed: {old} → {new} ({id})",
    ),
    "other_label_changed": (
        "Englische Bezeichnung geändert: {old} → {new} ({id})",
        "German label changed: {old} → {new} ({id})",
    ),
    # other files
    "config_changed": (
        "Einstellungen (atlas.yaml) geändert: {fields}",
        "Settings (atlas.yaml) changed: {fields}",
    ),
    "config_added": ("Einstellungen (atlas.yaml) hinzugefügt", "Settings (atlas.yaml) added"),
    "config_removed": ("Einstellungen (atlas.yaml) entfernt", "Settings (atlas.yaml) removed"),
    "config_formatting": (
        "Einstellungen (atlas.yaml): nur Formatierung geändert",
        "Settings (atlas.yaml): only formatting changed",
    ),
    "page": ("{title} ({file})", "{title} ({file})"),
    "other_files": ("Andere Dateien: {n} geändert ({files})", "Other files: {n} changed ({files})"),
}

LABELS: dict[str, tuple[str, str]] = {
    # member fields with a sentence of their own
    "tagline": ("Kurzbeschreibung", "Tagline"),
    "website": ("Website", "Website"),
    "email": ("E-Mail", "E-mail"),
    "phone": ("Telefon", "Phone"),
    "address": ("Anschrift", "Address"),
    "type": ("Art", "Type"),
    "founded": ("Gründungsjahr", "Year founded"),
    "employees": ("Größenklasse", "Size class"),
    "last_verified": ("Bestätigungsdatum", "Last verified"),
    "logo": ("Logo", "Logo"),
    # list items
    "competence": ("Kompetenz", "Competence"),
    "category": ("Kategorie", "Category"),
    "need": ("Bedarf", "Need"),
    "industries": ("Branche", "Industry"),
    "certifications": ("Zertifizierung", "Certification"),
    "languages": ("Sprache", "Language"),
    "offer": ("Angebot", "Offer"),
    "contact": ("Ansprechpartner", "Contact person"),
    "social": ("Social-Media-Profil", "Social media profile"),
    "file": ("Datei", "File"),
    "page": ("Seite", "Page"),
    "en_version": ("Englische Fassung", "English version"),
    "en_tagline": ("Englische Kurzbeschreibung", "English tagline"),
    "unused_logo": ("Logo-Datei ohne Mitglied", "Logo file not used by any member"),
    # offers
    "jobs": ("Stellenangebote", "Jobs"),
    "apprenticeships": ("Ausbildung", "Apprenticeships"),
    "dual_study": ("Duales Studium", "Dual study"),
    "internships": ("Praktika", "Internships"),
    "theses": ("Abschlussarbeiten", "Theses"),
}

_SOCIAL_NAMES = {
    "linkedin": "LinkedIn",
    "xing": "XING",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "github": "GitHub",
    "gitlab": "GitLab",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "x": "X",
}


class DiffError(Exception):
    """The diff cannot be computed (not a git repository, unknown revision): a usage error."""


# ---------------------------------------------------------------------------- escaping


class _Raw(str):
    """Text that is already rendered (and escaped) and goes into a sentence as it is."""


class _Say:
    """Renders sentences from ``MESSAGES`` in one language for one output format."""

    def __init__(self, lang: Lang, fmt: Format) -> None:
        self.index = 0 if lang == "de" else 1
        self.lang = lang
        self.fmt = fmt

    def escape(self, text: str) -> str:
        text = visible(text)
        return markdown_literal(text) if self.fmt == "markdown" else text

    def __call__(self, key: str, n: int | None = None, **args: str) -> _Raw:
        template = MESSAGES[key][self.index]
        if "|" in template:  # singular|plural
            template = template.split("|")[0 if n == 1 else 1]
        values = {k: v if isinstance(v, _Raw) else self.escape(v) for k, v in args.items()}
        if n is not None:
            values["n"] = str(n)
        return _Raw(template.format(**values))

    def label(self, key: str) -> _Raw:
        return _Raw(LABELS[key][self.index])

    def join(self, items: Iterable[str]) -> _Raw:
        return _Raw(", ".join(x if isinstance(x, _Raw) else self.escape(x) for x in items))


# ---------------------------------------------------------------------------- git


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", GIT_OPTIONAL_LOCKS="0")
    return env


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


@dataclass(frozen=True)
class _Entry:
    mode: str
    sha: str


Tree = dict[str, _Entry]
"""Project-relative path → blob."""


@dataclass(frozen=True)
class _Change:
    status: str
    """A (added), D (deleted), M (modified) or R (renamed, possibly modified)."""
    old: str | None
    new: str | None


class _Git:
    def __init__(self, project: Path) -> None:
        if not project.is_dir():
            raise DiffError(f"{project} is not a folder")
        self.cwd = project
        self.env = _git_env()
        self.prefix = self.text("rev-parse", "--show-prefix", error=self._no_repository).strip()

    def _no_repository(self, stderr: str) -> str:
        if "not a git repository" in stderr.lower() or not stderr:
            return f"{self.cwd} is not inside a git repository"
        return f"git cannot read {self.cwd}: {visible(stderr.splitlines()[0])}"

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        ok: tuple[int, ...] = (0,),
        error: Callable[[str], str] | None = None,
    ) -> tuple[int, bytes]:
        try:
            proc = subprocess.run(
                ["git", "-c", "core.quotepath=off", *args],
                cwd=self.cwd,
                input=input,
                capture_output=True,
                env=self.env,
                check=False,
            )
        except FileNotFoundError as exc:
            raise DiffError("git is not installed (or not on PATH)") from exc
        if proc.returncode not in ok:
            stderr = _decode(proc.stderr).strip()
            if error is not None:
                raise DiffError(error(stderr))
            first = stderr.splitlines()[0] if stderr else f"exit code {proc.returncode}"
            raise DiffError(f"git {args[0]} failed: {first}")
        return proc.returncode, proc.stdout

    def text(self, *args: str, error: Callable[[str], str] | None = None) -> str:
        return _decode(self.run(*args, error=error)[1])

    def commit(self, rev: str) -> str | None:
        """The full commit id of ``rev``, or ``None`` when there is no such commit."""
        if not rev or rev.startswith("-"):  # never an option of git
            return None
        code, out = self.run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", ok=(0, 1))
        return _decode(out).strip() if code == 0 else None

    def require_commit(self, rev: str) -> str:
        sha = self.commit(rev)
        if sha is None:
            raise DiffError(f"unknown revision '{visible(rev)}' (no such commit, branch or tag)")
        return sha

    def default_base(self, head: str, head_name: str) -> str:
        for name in BASE_CANDIDATES:
            ref = self.commit(name)
            if ref is None:
                continue
            code, out = self.run("merge-base", head, ref, ok=(0, 1))
            if code == 1:
                raise DiffError(
                    f"{visible(head_name)} and {name} have no commit in common; name BASE "
                    "explicitly"
                )
            return _decode(out).strip()
        raise DiffError(
            "no base revision: there is no branch main, origin/main or master; name BASE "
            "explicitly, e.g. 'atlasgen diff origin/develop'"
        )

    def short(self, sha: str) -> str:
        return self.text("rev-parse", "--short", sha).strip()

    def _strip(self, path: str) -> str | None:
        return path[len(self.prefix) :] if path.startswith(self.prefix) else None

    def tree(self, commit: str) -> Tree:
        """Every file in content/ and atlas.yaml at ``commit``."""
        out = self.run("ls-tree", "-r", "-z", "--full-name", commit, "--", "content", CONFIG_FILE)
        tree: Tree = {}
        for record in _decode(out[1]).split("\0"):
            meta, _, path = record.partition("\t")
            parts = meta.split()
            rel = self._strip(path)
            if len(parts) == 3 and rel is not None:
                tree[rel] = _Entry(parts[0], parts[2])
        return tree

    def changes(self, base: str, head: str) -> list[_Change]:
        """Files of the project folder that differ, with renames detected."""
        _, out = self.run(
            "diff", "--raw", "-z", "-M", "--no-abbrev", "--no-ext-diff", "--relative", base, head
        )
        fields = _decode(out).split("\0")
        changes = []
        i = 0
        while i < len(fields) and fields[i].startswith(":"):
            status = fields[i].split()[-1][:1]
            if status in ("R", "C"):
                old, new = fields[i + 1], fields[i + 2]
                changes.append(_Change("R", old, new) if status == "R" else _Change("A", None, new))
                i += 3
                continue
            path = fields[i + 1]
            if status == "A":
                changes.append(_Change("A", None, path))
            elif status == "D":
                changes.append(_Change("D", path, None))
            else:  # M, T (type change), U
                changes.append(_Change("M", path, path))
            i += 2
        return changes

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        wanted = sorted(set(shas))
        if not wanted:
            return {}
        _, out = self.run("cat-file", "--batch", input="".join(f"{s}\n" for s in wanted).encode())
        blobs: dict[str, bytes] = {}
        pos = 0
        for sha in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) == 3:
                size = int(header[2])
                blobs[sha] = out[pos : pos + size]
                pos += size + 1
        return blobs

    def files_containing(self, commit: str, words: Iterable[str], folder: str) -> list[str]:
        patterns = [arg for word in sorted(set(words)) for arg in ("-e", word)]
        if not patterns:
            return []
        _, out = self.run(
            "grep", "-l", "-z", "--full-name", "-F", *patterns, commit, "--", folder, ok=(0, 1)
        )
        found = []
        for name in _decode(out).split("\0"):
            rel = self._strip(name.removeprefix(f"{commit}:"))
            if name and rel is not None:
                found.append(rel)
        return found


# ---------------------------------------------------------------------------- files

_MEMBER = re.compile(rf"^{MEMBERS_DIR}/([^/]+)\.md$")
_LOGO = re.compile(rf"^{LOGOS_DIR}/([^/]+)$")
_CATEGORY = re.compile(rf"^{COMPETENCES_DIR}/[^/]+\.yaml$")
_PAGE = re.compile(rf"^{PAGES_DIR}/[^/]+\.md$")


def _kind(rel: str) -> str:
    if _MEMBER.match(rel):
        return "translation" if rel.endswith(TRANSLATION_SUFFIX) else "member"
    if _LOGO.match(rel):
        return "logo"
    if _CATEGORY.match(rel):
        return "category"
    if _PAGE.match(rel):
        return "page"
    return "config" if rel == CONFIG_FILE else "other"


def _slug(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name[: -len(TRANSLATION_SUFFIX)] if name.endswith(TRANSLATION_SUFFIX) else name[:-3]


def _base_name(rel: str) -> str:
    return rel.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class _Loaded:
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


class _Side:
    """The project at one revision: its tree, and its files read on demand.

    Blobs are written to a scratch folder so the project's loader reads them exactly
    as it reads files on disk (size limit, encoding, front matter, literal scalars).
    """

    def __init__(self, git: _Git, commit: str, folder: Path) -> None:
        self.git = git
        self.commit = commit
        self.folder = folder
        self.tree = git.tree(commit)
        self.fetched: set[str] = set()
        self.cache: dict[str, _Loaded | None] = {}

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

    def load(self, rel: str | None, model: type[Any], *, markdown: bool = True) -> _Loaded | None:
        """``None`` when the file does not exist at this revision."""
        if rel is None or rel not in self.tree:
            return None
        if rel in self.cache:
            return self.cache[rel]
        self.fetch([rel])
        entry = self.tree[rel]
        loaded: _Loaded
        if entry.mode == "120000":
            problem = Problem(
                rel,
                1,
                1,
                "",
                "symbolic links are not allowed in content",
                "replace the link by a regular file with the content itself",
            )
            loaded = _Loaded(None, [problem])
        elif not (self.folder / rel).is_file():
            loaded = _Loaded(None, [Problem(rel, 1, 1, "", "not a regular file")])
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
            loaded = _Loaded(doc, errors)
        self.cache[rel] = loaded
        return loaded


# ---------------------------------------------------------------------------- comparing


def _norm(value: Any) -> Any:
    """Empty lists and mappings count as absent."""
    return None if value in ([], {}) else value


def _strings(value: Any) -> list[str] | None:
    """A list of texts (absent: empty), or ``None`` when it is something else."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return value
    return None


def _keyed(value: Any, key: str) -> dict[str, Any] | None:
    """A list of mappings by their ``key`` (absent: empty); ``None`` when that does not work."""
    if value is None:
        return {}
    if not isinstance(value, list):
        return None
    out: dict[str, Any] = {}
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get(key), str) or item[key] in out:
            return None
        out[item[key]] = item
    return out


def _mapping(value: Any) -> dict[str, Any] | None:
    if value is None:
        return {}
    return value if isinstance(value, dict) else None


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", body) if p.strip()]


def _paragraph_counts(old: str, new: str) -> tuple[int, int, int]:
    """(changed, added, removed) paragraphs, paragraphs split on blank lines."""
    changed = added = removed = 0
    matcher = difflib.SequenceMatcher(None, _paragraphs(old), _paragraphs(new), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            common = min(i2 - i1, j2 - j1)
            changed += common
            removed += i2 - i1 - common
            added += j2 - j1 - common
        elif op == "delete":
            removed += i2 - i1
        elif op == "insert":
            added += j2 - j1
    return changed, added, removed


def _changed_paths(old: Any, new: Any, depth: int, prefix: str = "") -> list[str]:
    """Dotted keys (up to ``depth`` levels) whose values differ."""
    if _norm(old) == _norm(new):
        return []
    if depth > 0 and isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += _changed_paths(old.get(key), new.get(key), depth - 1, f"{prefix}{key}.")
        return out
    return [prefix.rstrip(".") or "(root)"]


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass
class _MemberPair:
    """One member's files at both revisions (paths ``None`` where a file is absent)."""

    old: str | None = None
    new: str | None = None
    old_en: str | None = None
    new_en: str | None = None
    en_changed: bool = False
    file_changed: bool = False


@dataclass
class _Section:
    title: str
    lines: list[str] = field(default_factory=list)


class _Report:
    def __init__(self, say: _Say, base: _Side, head: _Side, changes: list[_Change]) -> None:
        self.say = say
        self.base = base
        self.head = head
        self.changes = self._split_kind_changes(changes)
        self.labels = self._competence_labels()

    @staticmethod
    def _split_kind_changes(changes: list[_Change]) -> list[_Change]:
        """A file renamed into another kind (a member into a page) is a removal plus an
        addition."""
        out = []
        for c in changes:
            if c.status == "R" and c.old and c.new and _kind(c.old) != _kind(c.new):
                out += [_Change("D", c.old, None), _Change("A", None, c.new)]
            else:
                out.append(c)
        return out

    # ------------------------------------------------------------------ helpers

    def _where(self, errors: list[Problem]) -> _Raw:
        first = errors[0]
        problem = f"{first.field}: {first.message}" if first.field else first.message
        where = self.say("where", line=str(first.line), column=str(first.column), problem=problem)
        if len(errors) > 1:
            where = _Raw(where + self.say("more_problems", n=len(errors) - 1))
        return where

    def _competence_labels(self) -> dict[str, dict[str, str]]:
        """Competence id → labels by language, from the head taxonomy, then the base one."""
        labels: dict[str, dict[str, str]] = {}
        for side in (self.head, self.base):
            categories = [r for r in side.tree if _kind(r) == "category"]
            side.fetch(categories)
            for rel in categories:
                for entry in _category_entries(side.load(rel, CategoryFile, markdown=False)):
                    label = entry.get("label")
                    if isinstance(label, dict) and entry["id"] not in labels:
                        labels[entry["id"]] = {k: v for k, v in label.items() if isinstance(v, str)}
        return labels

    def _competence(self, cid: str) -> str:
        label = self.labels.get(cid, {})
        return label.get(self.say.lang) or label.get("de") or cid

    def _scalar_label(self, key: str, old: Any, new: Any) -> list[str]:
        say = self.say
        if old is None:
            return [say("added", label=say.label(key))]
        if new is None:
            return [say("removed", label=say.label(key))]
        return [say("changed", label=say.label(key))]

    def _value_label(self, key: str, old: Any, new: Any) -> list[str] | None:
        if not all(v is None or isinstance(v, str) for v in (old, new)):
            return None
        say = self.say
        if old is None:
            return [say("value_added", label=say.label(key), new=new)]
        if new is None:
            return [say("removed", label=say.label(key))]
        return [say("value_changed", label=say.label(key), old=old, new=new)]

    def _generic(self, key: str, old: Any, new: Any) -> list[str]:
        if old is None:
            return [self.say("field_added", field=key)]
        if new is None:
            return [self.say("field_removed", field=key)]
        return [self.say("field_changed", field=key)]

    def _items(
        self, label: str, old: list[str], new: list[str], show: Callable[[str], str]
    ) -> list[str]:
        say = self.say
        out: list[str] = [
            say("item_added", label=say.label(label), item=show(x)) for x in new if x not in old
        ]
        out += [
            say("item_removed", label=say.label(label), item=show(x)) for x in old if x not in new
        ]
        return out

    def _keyed_items(
        self, label: str, old: dict[str, Any], new: dict[str, Any], show: Callable[[str], str]
    ) -> list[str]:
        out = self._items(label, list(old), list(new), show)
        out += [
            self.say("item_changed", label=self.say.label(label), item=show(k))
            for k in new
            if k in old and _norm(old[k]) != _norm(new[k])
        ]
        return out

    # ------------------------------------------------------------------ member fields

    def _field(self, key: str, old: Any, new: Any) -> list[str] | None:
        """The sentences for one changed field; ``None``: say it generically."""
        say = self.say
        if key == "name":
            if isinstance(old, str) and isinstance(new, str):
                return [say("name_changed", old=old, new=new)]
            return None
        if key in ("tagline", "website", "email", "phone", "address"):
            return self._scalar_label(key, old, new)
        if key in ("type", "founded", "employees", "last_verified"):
            return self._value_label(key, old, new)
        if key == "competences":
            a, b = _strings(old), _strings(new)
            if a is None or b is None:
                return None
            out = self._items("competence", a, b, self._competence)
            return out or [say("order_competences")]
        if key == "needs":
            na, nb = _keyed(old, "competence"), _keyed(new, "competence")
            if na is None or nb is None:
                return None
            return self._keyed_items("need", na, nb, self._competence)
        if key in ("industries", "certifications", "languages"):
            a, b = _strings(old), _strings(new)
            if a is None or b is None:
                return None
            return self._items(key, a, b, str)
        if key == "offers":
            ma, mb = _mapping(old), _mapping(new)
            if ma is None or mb is None:
                return None
            return self._keyed_items("offer", ma, _ordered(mb, OFFER_KINDS), self._offer)
        if key == "contacts":
            na, nb = _keyed(old, "name"), _keyed(new, "name")
            if na is None or nb is None:
                return None
            return self._keyed_items("contact", na, nb, str) or [say("order_contacts")]
        if key == "social":
            ma, mb = _mapping(old), _mapping(new)
            if ma is None or mb is None:
                return None
            return self._keyed_items(
                "social", ma, _ordered(mb, tuple(_SOCIAL_NAMES)), lambda k: _SOCIAL_NAMES.get(k, k)
            )
        if key == "listed":
            flags = (str(old).lower(), str(new).lower())
            if flags == ("true", "false"):
                return [say("unlisted")]
            if flags == ("false", "true"):
                return [say("relisted")]
            return None
        return None

    def _offer(self, kind: str) -> str:
        return self.say.label(kind) if kind in LABELS else kind

    def _logo(self, old: Any, new: Any) -> list[str] | None:
        if not all(v is None or isinstance(v, str) for v in (old, new)):
            return None if old != new else []
        say = self.say
        if old is None and new is None:
            return []
        if old is None:
            return [say("added", label=say.label("logo"))]
        if new is None:
            return [say("removed", label=say.label("logo"))]
        old_sha = self.base.sha(f"{LOGOS_DIR}/{old}")
        new_sha = self.head.sha(f"{LOGOS_DIR}/{new}")
        if new_sha is None and (old != new or old_sha is not None):
            return [say("logo_missing", file=new)]
        if old_sha != new_sha:
            return [say("changed", label=say.label("logo"))]
        if old != new:
            return [say("logo_renamed", old=old, new=new)]
        return []

    def _body(self, key: str, old: str, new: str) -> list[str]:
        if old == new:
            return []
        counts = _paragraph_counts(old, new)
        say = self.say
        parts = [
            say(name, n=n)
            for name, n in zip(
                ("paragraphs_changed", "paragraphs_added", "paragraphs_removed"),
                counts,
                strict=True,
            )
            if n
        ]
        if not parts:
            if old.strip() == new.strip():  # a trailing line break: not worth a sentence
                return []
            parts = [say("whitespace_only")]
        return [say(key, parts=_Raw(", ".join(parts)))]

    def _member_fields(self, old: _Loaded, new: _Loaded) -> list[str]:
        a, b = old.data or {}, new.data or {}
        keys = [
            *MemberFile.model_fields,
            *sorted((a.keys() | b.keys()) - MemberFile.model_fields.keys()),
        ]
        out: list[str] = []
        for key in keys:
            va, vb = _norm(a.get(key)), _norm(b.get(key))
            if key == "logo":
                lines = self._logo(va, vb)
                out += self._generic(key, va, vb) if lines is None else lines
                continue
            if key == "listed":  # true when absent; case does not matter
                va = "true" if va is None else va.lower() if isinstance(va, str) else va
                vb = "true" if vb is None else vb.lower() if isinstance(vb, str) else vb
            if va == vb:
                continue
            out += self._field(key, va, vb) or self._generic(key, va, vb)
        return out + self._body("description", old.body, new.body)

    def _translation(self, pair: _MemberPair) -> list[str]:
        say = self.say
        old = self.base.load(pair.old_en, MemberTranslation)
        new = self.head.load(pair.new_en, MemberTranslation)
        if old is None and new is None:
            return []
        if new is None:
            return [say("removed", label=say.label("en_version"))]
        out: list[str] = []
        if old is None:
            out.append(say("added", label=say.label("en_version")))
        elif pair.old_en != pair.new_en and pair.old_en and pair.new_en:
            out.append(
                say(
                    "renamed",
                    label=say.label("file"),
                    old=_base_name(pair.old_en),
                    new=_base_name(pair.new_en),
                )
            )
        if new.errors:
            out.append(say("en_invalid", where=self._where(new.errors)))
        if old is None or old.data is None or new.data is None:
            return out
        a, b = old.data, new.data
        for key in [*a, *(k for k in b if k not in a)]:
            va, vb = _norm(a.get(key)), _norm(b.get(key))
            if va == vb:
                continue
            if key == "tagline":
                out += self._scalar_label("en_tagline", va, vb)
            else:
                out.append(say("en_field_changed", field=key))
        return out + self._body("en_description", old.body, new.body)

    def _member(self, pair: _MemberPair) -> _Section:
        say = self.say
        old = self.base.load(pair.old, MemberFile)
        new = self.head.load(pair.new, MemberFile)
        shown = new or old
        name = next(
            (
                n
                for n in (_text_or_none(x.data.get("name")) for x in (new, old) if x and x.data)
                if n
            ),
            None,
        )
        file = _base_name(pair.new or pair.old or pair.new_en or pair.old_en or "")
        title = say("heading", name=name, file=file) if name else say.escape(file)
        lines: list[str] = []
        if old is None and new is not None:
            lines.append(say("member_added"))
            if new.data is not None:
                competences = _strings(new.data.get("competences"))
                if competences:
                    items = say.join(self._competence(c) for c in competences)
                    lines.append(say("member_competences", items=items))
                if str(new.data.get("listed")).lower() == "false":
                    lines.append(say("not_listed"))
        elif new is None and old is not None:
            lines.append(say("member_removed"))
        elif pair.old != pair.new and pair.old and pair.new:
            lines.append(
                say(
                    "renamed",
                    label=say.label("file"),
                    old=_base_name(pair.old),
                    new=_base_name(pair.new),
                )
            )
        if new is not None and new.errors:
            lines.append(say("invalid", where=self._where(new.errors)))
        if old is not None and new is not None:
            if old.data is None and new.data is not None:
                lines.append(say("previously_invalid"))
            elif old.data is not None and new.data is not None:
                lines += self._member_fields(old, new)
        if pair.en_changed and not (new is None and old is not None):  # not when removed
            lines += self._translation(pair)
        if not lines and shown is not None and pair.file_changed:
            lines.append(say("formatting_only"))
        return _Section(title, lines)

    # ------------------------------------------------------------------ members

    def _member_pairs(self) -> tuple[dict[str, _MemberPair], list[_Change]]:
        """Member slug (at head, else at base) → its files; and unattributed logo changes."""
        pairs: dict[str, _MemberPair] = {}
        renamed: dict[str, str] = {}
        for c in self.changes:
            if _kind(c.new or c.old or "") != "member":
                continue
            slug = _slug(c.new or c.old or "")
            pairs[slug] = _MemberPair(c.old, c.new, file_changed=True)
            if c.old and c.new:
                renamed[_slug(c.old)] = slug

        def pair_for(slug: str) -> _MemberPair:
            if slug not in pairs:
                rel = f"{MEMBERS_DIR}/{slug}.md"
                old = rel if self.base.has(rel) else None
                new = rel if self.head.has(rel) else None
                pairs[slug] = _MemberPair(old, new)
            return pairs[slug]

        for c in self.changes:
            if _kind(c.new or c.old or "") != "translation":
                continue
            slug = _slug(c.new) if c.new else renamed.get(_slug(c.old or ""), _slug(c.old or ""))
            pair = pair_for(slug)
            pair.old_en, pair.new_en, pair.en_changed = c.old, c.new, True

        logo_changes = [c for c in self.changes if _kind(c.new or c.old or "") == "logo"]
        names = {_base_name(p) for c in logo_changes for p in (c.old, c.new) if p}
        used: set[str] = set()
        for side in (self.base, self.head):
            candidates = [
                rel
                for rel in side.git.files_containing(side.commit, names, MEMBERS_DIR)
                if _kind(rel) == "member"
            ]
            side.fetch(candidates)
            for rel in candidates:
                loaded = side.load(rel, MemberFile)
                logo = loaded.data.get("logo") if loaded and loaded.data else None
                if isinstance(logo, str) and logo in names:
                    used.add(logo)
                    slug = renamed.get(_slug(rel), _slug(rel)) if side is self.base else _slug(rel)
                    pair_for(slug)
        unused = [
            c for c in logo_changes if not any(p and _base_name(p) in used for p in (c.old, c.new))
        ]
        return pairs, unused

    # ------------------------------------------------------------------ taxonomy

    def _taxonomy(self) -> list[str]:
        changed = [c for c in self.changes if _kind(c.new or c.old or "") == "category"]
        if not changed:
            return []
        say = self.say
        out: list[str] = []
        skip: set[str] = set()  # files that cannot be compared
        for c in changed:
            new = self.head.load(c.new, CategoryFile, markdown=False)
            old = self.base.load(c.old, CategoryFile, markdown=False)
            if new is not None and new.errors:
                file = c.new or ""
                out.append(say("file_invalid", file=file, where=self._where(new.errors)))
            for rel, loaded in ((c.new, new), (c.old, old)):
                if rel and loaded is not None and loaded.data is None:
                    skip.update(r for r in (c.old, c.new) if r)
        old_cats, old_comps = self._taxonomy_index(self.base, skip)
        new_cats, new_comps = self._taxonomy_index(self.head, skip)
        lang = say.lang
        other = "en" if lang == "de" else "de"

        def label(entry: dict[str, Any], language: str = lang) -> str:
            value = entry.get("label")
            text = value.get(language) if isinstance(value, dict) else None
            if not isinstance(text, str) and isinstance(value, dict):
                text = value.get("de")
            return text if isinstance(text, str) else str(entry["id"])

        def item(entry: dict[str, Any]) -> str:
            return f"{label(entry)} ({entry['id']})"

        for kind, olds, news, ignore in (
            ("category", old_cats, new_cats, {"label", "competences"}),
            ("competence", old_comps, new_comps, {"label", "category"}),
        ):
            kind_label = say.label(kind)
            for cid, entry in news.items():
                if cid not in olds:
                    out.append(say("item_added", label=kind_label, item=item(entry)))
            for cid, entry in olds.items():
                if cid not in news:
                    out.append(say("item_removed", label=kind_label, item=item(entry)))
            for cid, entry in news.items():
                if cid not in olds:
                    continue
                before = olds[cid]
                if label(before) != label(entry):
                    out.append(
                        say(
                            "label_renamed",
                            label=kind_label,
                            old=label(before),
                            new=label(entry),
                            id=cid,
                        )
                    )
                if label(before, other) != label(entry, other):
                    out.append(
                        say(
                            "other_label_changed",
                            old=label(before, other),
                            new=label(entry, other),
                            id=cid,
                        )
                    )
                if kind == "competence" and before["category"] != entry["category"]:
                    names = [
                        label(cats[c]) if c in cats else c
                        for cats, c in (
                            (old_cats, before["category"]),
                            (new_cats, entry["category"]),
                        )
                    ]
                    out.append(
                        say(
                            "item_moved",
                            label=kind_label,
                            item=item(entry),
                            old=names[0],
                            new=names[1],
                        )
                    )
                fields = [
                    k
                    for k in [*before, *(k for k in entry if k not in before)]
                    if k not in ignore and _norm(before.get(k)) != _norm(entry.get(k))
                ]
                if fields:
                    out.append(
                        say(
                            "item_fields",
                            label=kind_label,
                            item=item(entry),
                            fields=", ".join(fields),
                        )
                    )
        return out

    @staticmethod
    def _taxonomy_index(
        side: _Side, skip: set[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        categories: dict[str, dict[str, Any]] = {}
        competences: dict[str, dict[str, Any]] = {}
        for rel in side.tree:
            if _kind(rel) != "category" or rel in skip:
                continue
            loaded = side.load(rel, CategoryFile, markdown=False)
            data = loaded.data if loaded else None
            if data is None or not isinstance(data.get("id"), str):
                continue
            categories.setdefault(data["id"], data)
            for entry in _category_entries(loaded):
                competences.setdefault(entry["id"], {**entry, "category": data["id"]})
        return categories, competences

    # ------------------------------------------------------------------ other files

    def _config(self, c: _Change) -> list[str]:
        say = self.say
        old = self.base.load(c.old, SiteConfig, markdown=False)
        new = self.head.load(c.new, SiteConfig, markdown=False)
        if new is None:
            return [say("config_removed")]
        if new.errors:
            return [say("file_invalid", file=CONFIG_FILE, where=self._where(new.errors))]
        if old is None:
            return [say("config_added")]
        fields = _changed_paths(old.data or {}, new.data, 2)
        if not fields:
            return [say("config_formatting")]
        return [say("config_changed", fields=", ".join(fields))]

    def _page(self, c: _Change) -> list[str]:
        say = self.say
        model = PageFile
        old = self.base.load(c.old, model)
        new = self.head.load(c.new, model)
        if new is not None and new.errors and c.new:
            return [say("file_invalid", file=c.new, where=self._where(new.errors))]
        title = next(
            (
                t
                for t in (_text_or_none(x.data.get("title")) for x in (new, old) if x and x.data)
                if t
            ),
            None,
        )
        page_label = say.label("page")
        if c.status == "R" and c.old and c.new:
            return [say("renamed", label=page_label, old=_base_name(c.old), new=_base_name(c.new))]
        file = _base_name(c.new or c.old or "")
        what = say("page", title=title, file=file) if title else say.escape(file)
        key = {"A": "item_added", "D": "item_removed"}.get(c.status, "item_changed")
        return [say(key, label=page_label, item=what)]

    def _others(self, unused_logos: list[_Change]) -> list[str]:
        say = self.say
        out: list[str] = []
        for c in self.changes:
            kind = _kind(c.new or c.old or "")
            if kind == "config":
                out += self._config(c)
            elif kind == "page":
                out += self._page(c)
        unused = say.label("unused_logo")
        for c in unused_logos:
            if c.status == "R" and c.old and c.new:
                out.append(
                    say("renamed", label=unused, old=_base_name(c.old), new=_base_name(c.new))
                )
            else:
                key = {"A": "item_added", "D": "item_removed"}.get(c.status, "item_changed")
                out.append(say(key, label=unused, item=_base_name(c.new or c.old or "")))
        others = [
            c.new or c.old or "" for c in self.changes if _kind(c.new or c.old or "") == "other"
        ]
        if others:
            names = others[:MAX_NAMED_OTHER_FILES]
            files = say.join(names)
            if len(others) > len(names):
                files = _Raw(files + ", …")
            out.append(say("other_files", n=len(others), files=files))
        return out

    # ------------------------------------------------------------------ all

    def sections(self) -> list[_Section]:
        pairs, unused_logos = self._member_pairs()
        for side, paths in (
            (self.base, [p for pair in pairs.values() for p in (pair.old, pair.old_en)]),
            (self.head, [p for pair in pairs.values() for p in (pair.new, pair.new_en)]),
        ):
            side.fetch(paths)
        sections = [self._member(pairs[slug]) for slug in sorted(pairs)]
        sections = [s for s in sections if s.lines]
        taxonomy = self._taxonomy()
        if taxonomy:
            sections.append(_Section(self.say("section_taxonomy"), taxonomy))
        others = self._others(unused_logos)
        if others:
            sections.append(_Section(self.say("section_other"), others))
        return sections


def _ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """``mapping`` with the keys of ``order`` first, in that order."""
    return {
        **{k: mapping[k] for k in order if k in mapping},
        **{k: v for k, v in mapping.items() if k not in order},
    }


def _category_entries(loaded: _Loaded | None) -> list[dict[str, Any]]:
    """The competence mappings with a text id in a category file (as written)."""
    data = loaded.data if loaded else None
    entries = data.get("competences") if data else None
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]


# ---------------------------------------------------------------------------- output


def _render(title: str, sections: list[_Section], say: _Say) -> str:
    if say.fmt == "markdown":
        lines = [f"## {title}", ""]
        if not sections:
            lines += [say("nothing"), ""]
        for section in sections:
            lines += [f"### {section.title}", "", *(f"- {line}" for line in section.lines), ""]
    else:
        lines = [title, ""]
        if not sections:
            lines += [say("nothing"), ""]
        for section in sections:
            lines += [section.title, *(f"  - {line}" for line in section.lines), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def semantic_diff(
    project: Path,
    base: str | None = None,
    head: str | None = None,
    *,
    fmt: Format = "text",
    lang: Lang = "de",
) -> str:
    """What changed in the content of ``project`` from ``base`` to ``head``, in words.

    ``head`` defaults to the commit ``HEAD`` (uncommitted changes are not included),
    ``base`` to the merge base of ``head`` with main, origin/main or master. Raises
    ``DiffError`` when the diff cannot be computed.
    """
    git = _Git(project)
    head_name = head or "HEAD"
    head_sha = git.require_commit(head_name)
    base_sha = git.require_commit(base) if base else git.default_base(head_sha, head_name)
    say = _Say(lang, fmt)
    changes = git.changes(base_sha, head_sha)
    with tempfile.TemporaryDirectory(prefix="atlasgen-diff-") as scratch:
        base_side = _Side(git, base_sha, Path(scratch, "base"))
        head_side = _Side(git, head_sha, Path(scratch, "head"))
        sections = _Report(say, base_side, head_side, changes).sections()
    title = say("title", base=git.short(base_sha), head=git.short(head_sha))
    return _render(title, sections, say)
