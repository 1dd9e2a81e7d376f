"""Who may change which file: member files belong to their maintainers, the rest to the staff.

A member file names the GitHub users who may change it (``maintainers``); its English
text (``<slug>.en.md``) and the logo it names in ``logo`` go with it. ``staff`` in
``atlas.yaml`` names the network's staff, who may change every file.

Two commands use this:

- ``atlasgen validate --author USER --changed-files FILE …`` (``check_changes``): the
  pull-request check. Each changed file the author may not change is a located problem.
  With ``--base REV`` the target branch's versions decide (maintainers of a changed or
  deleted member file, the staff list); without it the files as they are now decide,
  so anyone could add themselves to a file: workflows pass ``--base``.
- ``atlasgen codeowners [--check]`` (``render_codeowners``): ``.github/CODEOWNERS``, so that
  GitHub asks a file's maintainers and the staff for a review.

Only ``maintainers``, ``logo`` and ``staff`` are read here, leniently: a file with other
problems still has owners (``atlasgen validate`` reports those problems). What the check
says comes from the catalogue (``data/messages/<lang>/ownership.yaml``); the text of
CODEOWNERS is a file in the repository and stays the same in every language.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..common.i18n import t
from ..content.fields import GITHUB_LOGIN_PATTERN, GithubLogins, LogoFile
from ..content.load import RawDocument, load_markdown_document, load_yaml_document
from ..content.messages import validate_model
from ..content.problems import Problem
from ..content.project import (
    CONFIG_FILE,
    LOGOS_DIR,
    MEMBERS_DIR,
    TRANSLATION_SUFFIX,
    member_tasks,
    slug_of,
)

__all__ = [
    "CODEOWNERS_FILE",
    "OwnershipUsageError",
    "check_changes",
    "normalize_login",
    "read_changed_files",
    "render_codeowners",
    "stale_codeowners",
]

CODEOWNERS_FILE = ".github/CODEOWNERS"


class OwnershipUsageError(ValueError):
    """The command line is wrong (a bad user name or revision), not the content."""


# ----------------------------------------------------------------------------- reading


class _MemberOwnership(BaseModel):
    """The fields of a member file that decide who owns it; all others are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    maintainers: GithubLogins = Field(default_factory=list)
    logo: LogoFile | None = None


class _StaffOwnership(BaseModel):
    """The field of atlas.yaml that names the staff; all others are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    staff: GithubLogins = Field(default_factory=list)


ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class _Owned:
    """What one version of a member file says about its owners."""

    maintainers: tuple[str, ...]
    logo: str | None
    position: tuple[int, int] | None
    """Where ``maintainers`` is written (``None``: not written, or the file is unreadable)."""

    def lists(self, user: str) -> bool:
        return user.lower() in {m.lower() for m in self.maintainers}


_OWNERSHIP_FIELDS = ("maintainers", "logo", "staff")


def _read(
    loaded: tuple[RawDocument | None, list[Problem]], model: type[ModelT]
) -> tuple[ModelT | None, RawDocument | None, list[Problem]]:
    """The ownership fields of a loaded file, and the problems that concern them: all
    when the file cannot be read, else those of the fields (not of the description)."""
    doc, problems = loaded
    if doc is None:
        return None, None, problems
    data, more = validate_model(model, doc)
    relevant = [p for p in problems if p.field.startswith(_OWNERSHIP_FIELDS)]
    return data, doc, relevant + more


def _owned(path: Path, rel: str) -> tuple[_Owned, list[Problem]]:
    """The owners of the member file at ``path``; an unreadable file has none."""
    data, doc, problems = _read(load_markdown_document(path, rel), _MemberOwnership)
    if data is None or doc is None:
        return _Owned((), None, None), problems
    position = doc.positions.get(("maintainers",))
    return _Owned(tuple(data.maintainers), data.logo, position), problems


def _staff(path: Path) -> tuple[tuple[str, ...], list[Problem]]:
    data, _, problems = _read(load_yaml_document(path, CONFIG_FILE), _StaffOwnership)
    return (tuple(data.staff) if data is not None else ()), problems


def normalize_login(value: str) -> str:
    """``@Mustermann-IT`` → ``Mustermann-IT``; ``OwnershipUsageError`` if it is no user name."""
    login = value.strip().removeprefix("@")
    if not re.fullmatch(GITHUB_LOGIN_PATTERN, login):
        raise OwnershipUsageError(t("ownership.bad_author", value=value))
    return login


def read_changed_files(names: Iterable[str], from_file: str | None, stdin: IO[str]) -> list[str]:
    """The changed files named on the command line and in ``from_file`` (``-``: ``stdin``),
    one per line, as paths relative to the project folder: sorted, each once."""
    lines = list(names)
    if from_file == "-":
        lines += stdin.read().splitlines()
    elif from_file is not None:
        try:
            lines += Path(from_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise OwnershipUsageError(
                t("ownership.changed_files_unreadable", file=from_file, error=exc)
            ) from exc
    paths = set()
    for line in lines:
        path = line.strip()
        if path:
            path = posixpath.normpath(path)
            paths.add(path)
    return sorted(paths)


# ------------------------------------------------------------------------------ git


class _Base:
    """The project's files as they were at one git revision (the target branch)."""

    def __init__(self, root: Path, rev: str) -> None:
        self.root = root
        self.rev = rev
        if rev.startswith("-") or not rev.strip():
            raise OwnershipUsageError(t("ownership.bad_base", rev=rev))
        try:
            found = self._git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        except FileNotFoundError as exc:
            raise OwnershipUsageError(t("ownership.no_git")) from exc
        if found.returncode != 0:
            raise OwnershipUsageError(t("ownership.base_not_commit", rev=rev, root=root))
        self.commit = found.stdout.decode().strip()
        self._dir = tempfile.TemporaryDirectory(prefix="atlasgen-base-")

    def _git(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", *args], cwd=self.root, capture_output=True, check=False)

    def file(self, rel: str) -> Path | None:
        """A copy of ``rel`` as it was at the revision, or ``None`` if it did not exist."""
        shown = self._git("cat-file", "blob", f"{self.commit}:./{rel}")
        if shown.returncode != 0:
            return None
        copy = Path(self._dir.name, rel)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(shown.stdout)
        return copy

    def close(self) -> None:
        self._dir.cleanup()


# ------------------------------------------------------------------------ the check


def _handles(users: Iterable[str]) -> str:
    return ", ".join(f"@{u}" for u in users)


@dataclass
class _Check:
    root: Path
    author: str
    changed: list[str]
    base: _Base | None
    staff: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)
    _current: dict[str, _Owned | None] = field(default_factory=dict)
    _old: dict[str, _Owned | None] = field(default_factory=dict)
    _logo_users: dict[str, set[str]] | None = None

    @property
    def the_staff(self) -> str:
        """``the staff (@anna, @ben)``, for the hints."""
        if self.staff:
            return t("ownership.staff_named", handles=_handles(self.staff))
        return t("ownership.staff_unnamed")

    def ask_staff(self) -> str:
        """``ask the staff (@anna, @ben) to review this pull request``."""
        return t("ownership.hint_review", staff=self.the_staff)

    def problem(self, rel: str, message: str, hint: str, at: tuple[int, int] | None = None) -> None:
        line, col = at or (1, 1)
        self.problems.append(Problem(rel, line, col, "maintainers" if at else "", message, hint))

    # the versions of a member file ------------------------------------------------

    def current(self, slug: str) -> _Owned | None:
        if slug not in self._current:
            rel = f"{MEMBERS_DIR}/{slug}.md"
            path = self.root / rel
            self._current[slug] = _owned(path, rel)[0] if path.is_file() else None
        return self._current[slug]

    def old(self, slug: str) -> _Owned | None:
        if self.base is None:
            return None
        if slug not in self._old:
            rel = f"{MEMBERS_DIR}/{slug}.md"
            copy = self.base.file(rel)
            self._old[slug] = _owned(copy, rel)[0] if copy is not None else None
        return self._old[slug]

    def deciding(self, slug: str) -> _Owned | None:
        """The version whose maintainers decide: the target branch's, or for a new file
        (and without ``--base``) the file as it is now; ``None`` if neither exists."""
        old = self.old(slug)
        return old if old is not None else self.current(slug)

    def may_change(self, slug: str) -> bool:
        owned = self.deciding(slug)
        return owned is not None and owned.lists(self.author)

    # one changed file ----------------------------------------------------------------

    def check(self, rel: str) -> None:
        exists = (self.root / rel).is_file() or (self.root / rel).is_symlink()
        verb = t("ownership.verb_change") if exists else t("ownership.verb_delete")
        deleted = not exists
        folder, name = posixpath.split(rel)
        if folder == MEMBERS_DIR and name.endswith(".md") and name != ".md":
            if name.endswith(TRANSLATION_SUFFIX):
                slug = name[: -len(TRANSLATION_SUFFIX)]
                self.check_member(slug, rel, verb, deleted, translation=True)
            else:
                self.check_member(name[: -len(".md")], rel, verb, deleted, translation=False)
        elif folder == LOGOS_DIR:
            self.check_logo(name, rel, verb)
        elif rel == CODEOWNERS_FILE and exists and not stale_codeowners(self.root):
            pass  # regenerated from member files that are checked on their own
        elif rel == CODEOWNERS_FILE:
            self.problem(
                rel,
                t("ownership.codeowners_generated", file=CODEOWNERS_FILE, verb=verb),
                t("ownership.hint_codeowners", staff=self.the_staff),
            )
        elif rel == CONFIG_FILE and self.base is None and self.claims_staff():
            self.problem(
                rel,
                t("ownership.config_changed", author=self.author),
                t("ownership.hint_config", staff=self.the_staff),
            )
        else:
            self.problem(
                rel,
                t("ownership.staff_only", verb=verb),
                t("ownership.hint_change", staff=self.the_staff),
            )

    def claims_staff(self) -> bool:
        current, _ = _staff(self.root / CONFIG_FILE)
        return self.author.lower() in {s.lower() for s in current}

    def refusal_hint(self, slug: str, *, joining: bool = True) -> str:
        """Who may make the change instead; with ``joining``, also how the author becomes
        one of the member's maintainers."""
        owned = self.deciding(slug)
        if owned is not None and owned.maintainers:
            hint = t(
                "ownership.hint_maintainers",
                n=len(owned.maintainers),
                maintainers=_handles(owned.maintainers),
                staff=self.the_staff,
            )
        else:
            hint = self.ask_staff()
        return hint + t("ownership.hint_join") if joining else hint

    def check_member(
        self, slug: str, rel: str, verb: str, deleted: bool, *, translation: bool
    ) -> None:
        if self.may_change(slug):
            return
        member_rel = f"{MEMBERS_DIR}/{slug}.md"
        old, current = self.old(slug), self.current(slug)
        at = None if translation or current is None else current.position
        if old is None and current is None:
            if self.base is not None and not translation and deleted:
                return  # neither on the target branch nor now: nothing changes
            if translation and (not deleted or self.base is not None):
                hint = (
                    self.ask_staff()
                    if deleted
                    else t("ownership.hint_translation_orphan", slug=slug, staff=self.the_staff)
                )
                self.problem(rel, t("ownership.translation_orphan", slug=slug, verb=verb), hint)
            else:
                self.problem(
                    rel,
                    t("ownership.delete_no_base"),
                    t("ownership.hint_delete_no_base", staff=self.the_staff),
                )
            return
        if old is None and self.base is not None and not translation:
            listed = current is not None and current.position is not None
            key = "ownership.hint_new_member_list" if listed else "ownership.hint_new_member_line"
            self.problem(
                rel,
                t("ownership.new_member_must_list", author=self.author),
                t(key, author=self.author, staff=self.the_staff),
                at,
            )
            return
        if translation:
            message = t(
                "ownership.not_maintainer_translation",
                author=self.author,
                file=member_rel,
                verb=verb,
            )
        else:
            message = t("ownership.not_maintainer", author=self.author, verb=verb)
        if old is not None and current is not None and current.lists(self.author):
            hint = self.refusal_hint(slug, joining=False) + t("ownership.hint_self_added")
        elif old is None and current is not None and not current.maintainers and not translation:
            otherwise = self.refusal_hint(slug, joining=False)
            hint = t("ownership.hint_new_file", author=self.author, hint=otherwise)
        else:
            hint = self.refusal_hint(slug)
        self.problem(rel, message, hint, at)

    def logo_users(self, name: str) -> list[str]:
        """The members whose ``logo`` names ``name``, now or on the target branch."""
        if self._logo_users is None:
            self._logo_users = {}
            tasks, _ = member_tasks(self.root)
            for _, rel, _ in tasks:
                slug = slug_of(rel)
                owned = self.current(slug)
                if owned is not None and owned.logo is not None:
                    self._logo_users.setdefault(owned.logo, set()).add(slug)
            # A member file that is not changed is the same on the target branch; the
            # changed ones may have named other logos there.
            for rel in self.changed:
                folder, file = posixpath.split(rel)
                if folder == MEMBERS_DIR and file.endswith(".md"):
                    slug = slug_of(file)
                    old = self.old(slug)
                    if old is not None and old.logo is not None:
                        self._logo_users.setdefault(old.logo, set()).add(slug)
        return sorted(self._logo_users.get(name, ()))

    def check_logo(self, name: str, rel: str, verb: str) -> None:
        users = self.logo_users(name)
        if not users:
            self.problem(
                rel,
                t("ownership.logo_unowned", verb=verb),
                t("ownership.hint_logo_unowned", name=name, staff=self.the_staff),
            )
            return
        for slug in users:
            if not self.may_change(slug):
                file = f"{MEMBERS_DIR}/{slug}.md"
                self.problem(
                    rel,
                    t("ownership.logo_not_maintainer", author=self.author, file=file, verb=verb),
                    self.refusal_hint(slug),
                )
                return


def check_changes(
    root: Path, author: str, changed: Iterable[str], *, base: str | None = None
) -> list[Problem]:
    """A problem for each changed file that ``author`` may not change, sorted.

    ``changed``: paths relative to ``root``, as ``read_changed_files`` returns them; a
    path that does not exist (any more) was deleted. ``base``: the git revision of the
    target branch. Raises ``OwnershipUsageError`` for a bad user name or revision.
    """
    author = normalize_login(author)
    root = root.resolve()
    changed = sorted(set(changed))
    git_base = _Base(root, base) if base is not None else None
    try:
        if git_base is not None:
            config = git_base.file(CONFIG_FILE)
            staff = _staff(config)[0] if config is not None else ()
            trusted = True
        else:
            staff = _staff(root / CONFIG_FILE)[0] if (root / CONFIG_FILE).is_file() else ()
            trusted = CONFIG_FILE not in changed
        check = _Check(root, author, changed, git_base, staff)
        if trusted and author.lower() in {s.lower() for s in staff}:
            return []
        for rel in check.changed:
            check.check(rel)
        return sorted(check.problems)
    finally:
        if git_base is not None:
            git_base.close()


# ----------------------------------------------------------------------- CODEOWNERS

_HEADER = """\
# Generated by 'atlasgen codeowners' from 'maintainers' in content/members/*.md and
# 'staff' in atlas.yaml. Do not edit this file: change those fields, then run
# 'atlasgen codeowners' ('atlasgen codeowners --check' tells whether it is current).
#
# GitHub takes the last line that matches a file, so the staff's line for all files
# comes first. A member file, its English text and its logo belong to the member's
# maintainers and the staff; member files without maintainers belong to the staff.
"""


def _owner_line(pattern: str, owners: Iterable[str]) -> str:
    return " ".join([pattern, *(f"@{o}" for o in owners)])


def _unique(users: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for u in users:
        if u.lower() not in seen:
            seen.add(u.lower())
            kept.append(u)
    return kept


def _members(root: Path) -> Iterator[tuple[str, str | None, _Owned, list[Problem]]]:
    tasks, _ = member_tasks(root)  # misnamed files: 'atlasgen validate' reports them
    for _, rel, translation in tasks:
        owned, problems = _owned(root / rel, rel)
        yield rel, translation, owned, problems


def render_codeowners(root: Path) -> tuple[str | None, list[Problem]]:
    """The text of ``.github/CODEOWNERS`` for the project at ``root``, deterministic;
    ``None`` and the problems when a member file's owners or the staff cannot be read
    (so that no owner is dropped silently)."""
    root = root.resolve()
    if not (root / CONFIG_FILE).is_file():
        return None, [
            Problem(CONFIG_FILE, 1, 1, "", t("ownership.no_config"), t("ownership.no_config_hint"))
        ]
    staff, problems = _staff(root / CONFIG_FILE)
    members = list(_members(root))
    logo_owners: dict[str, list[str]] = {}
    for _, _, owned, more in members:
        problems += more
        if owned.logo is not None and owned.maintainers:
            logo_owners.setdefault(owned.logo, []).extend(owned.maintainers)
    if problems:
        return None, sorted(problems)
    lines = [_HEADER]
    if staff:
        lines.append(_owner_line("*", _unique(staff)) + "\n")
    else:
        lines.append("# No 'staff' in atlas.yaml: files outside content/members/ have no owners.\n")
    body = []
    written_logos: set[str] = set()
    for rel, translation, owned, _ in members:
        if not owned.maintainers:
            continue
        owners = _unique([*owned.maintainers, *staff])
        body.append(_owner_line(f"/{rel}", owners))
        if translation is not None:
            body.append(_owner_line(f"/{translation}", owners))
        if owned.logo is not None and owned.logo not in written_logos:
            written_logos.add(owned.logo)
            logo_owners_all = _unique([*logo_owners[owned.logo], *staff])
            body.append(_owner_line(f"/{LOGOS_DIR}/{owned.logo}", logo_owners_all))
    if body:
        lines.append("\n".join(body) + "\n")
    return "\n".join(lines), []


def stale_codeowners(root: Path) -> bool:
    """True when ``.github/CODEOWNERS`` is missing or differs from what would be written
    (also when it cannot be generated)."""
    text, _ = render_codeowners(root)
    path = root / CODEOWNERS_FILE
    return text is None or not path.is_file() or path.read_text(encoding="utf-8") != text
