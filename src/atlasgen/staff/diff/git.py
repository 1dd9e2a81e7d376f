"""Git plumbing for ``atlasgen diff``: revisions, trees, changed files and blobs.

Takes the project folder (anywhere inside a git repository) and revision names;
returns commit ids (``Git.commit``, ``Git.default_base``), every content file's blob
at a commit (``Git.tree``: ``git ls-tree``), the changed files with renames detected
(``Git.changes``: ``git diff --raw -M``), blob contents (``Git.blobs``: ``git
cat-file --batch``) and the files mentioning some words (``Git.files_containing``:
``git grep``). Paths are relative to the project folder. Anything git cannot do is a
``DiffError`` with a message for the user.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ...common.i18n import t
from ...content.problems import visible
from ...content.project import CONFIG_FILE

__all__ = ["BASE_CANDIDATES", "Change", "DiffError", "Entry", "Git", "Tree"]

BASE_CANDIDATES = ("main", "origin/main", "master")
"""Without BASE, the diff starts at the merge base of HEAD with the first of these."""


class DiffError(Exception):
    """The diff cannot be computed (not a git repository, unknown revision): a usage error."""


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", GIT_OPTIONAL_LOCKS="0")
    return env


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


@dataclass(frozen=True)
class Entry:
    """One file in a git tree: its mode (``100644``, ``120000`` …) and blob id."""

    mode: str
    sha: str


Tree = dict[str, Entry]
"""Project-relative path → blob."""


@dataclass(frozen=True)
class Change:
    """One changed file between two revisions (``None``: no such path on that side)."""

    status: str
    """A (added), D (deleted), M (modified) or R (renamed, possibly modified)."""
    old: str | None
    new: str | None


class Git:
    """Runs git in the project folder; every path in and out is project-relative."""

    def __init__(self, project: Path) -> None:
        if not project.is_dir():
            raise DiffError(t("diff.not_a_folder", project=str(project)))
        self.cwd = project
        self.env = _git_env()
        self.prefix = self.text("rev-parse", "--show-prefix", error=self._no_repository).strip()

    def _no_repository(self, stderr: str) -> str:
        if "not a git repository" in stderr.lower() or not stderr:
            return t("diff.not_a_repository", project=str(self.cwd))
        return t(
            "diff.git_cannot_read", project=str(self.cwd), error=visible(stderr.splitlines()[0])
        )

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
            raise DiffError(t("diff.git_missing")) from exc
        if proc.returncode not in ok:
            stderr = _decode(proc.stderr).strip()
            if error is not None:
                raise DiffError(error(stderr))
            first = (
                stderr.splitlines()[0] if stderr else t("diff.git_exit_code", code=proc.returncode)
            )
            raise DiffError(t("diff.git_failed", command=args[0], error=first))
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
            raise DiffError(t("diff.unknown_revision", revision=visible(rev)))
        return sha

    def default_base(self, head: str, head_name: str) -> str:
        for name in BASE_CANDIDATES:
            ref = self.commit(name)
            if ref is None:
                continue
            code, out = self.run("merge-base", head, ref, ok=(0, 1))
            if code == 1:
                raise DiffError(t("diff.no_common_commit", head=visible(head_name), base=name))
            return _decode(out).strip()
        raise DiffError(t("diff.no_base"))

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
                tree[rel] = Entry(parts[0], parts[2])
        return tree

    def changes(self, base: str, head: str) -> list[Change]:
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
                changes.append(Change("R", old, new) if status == "R" else Change("A", None, new))
                i += 3
                continue
            path = fields[i + 1]
            if status == "A":
                changes.append(Change("A", None, path))
            elif status == "D":
                changes.append(Change("D", path, None))
            else:  # M, T (type change), U
                changes.append(Change("M", path, path))
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
