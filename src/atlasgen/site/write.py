"""Write the site atomically: build into a temporary folder, then swap it in.

A build that fails or is killed leaves the previous output folder exactly as it
was; at worst a hidden ``.<name>.tmp-*`` folder remains beside it, which the next
build removes. The swap is two renames; a build killed between them leaves the
old site in ``.<name>.old-*``, and the next build puts it back first.

``Stage.move_into_place`` is the incremental variant (the build cache knows which outputs did not
change): the changed files are written into a temporary folder first, so a build that
fails changes nothing; then each is renamed into place (one atomic rename per file) and
outputs that are gone are deleted. Only a build killed during those renames leaves a
site that is part old and part new (every file whole); the caller then has forgotten
what the folder holds, so the next build writes the whole site again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

__all__ = ["Stage", "write_file", "write_files"]


def _check_path(rel: str) -> None:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not rel:
        raise ValueError(f"refusing to write outside the site: {rel!r}")


def _remove_stale(out: Path) -> None:
    """Remove what a killed build left; restore the old site if it was killed mid-swap."""
    for old in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists() and (old / out.name).is_dir():
            os.replace(old / out.name, out)
        shutil.rmtree(old, ignore_errors=True)
    for tmp in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)


def write_files(folder: Path, files: Mapping[str, bytes]) -> int:
    """Write ``files`` (relative path → content) below ``folder``."""
    for rel in sorted(files):
        write_file(folder, rel, files[rel])
    return len(files)


def write_file(folder: Path, rel: str, content: bytes) -> None:
    _check_path(rel)
    target = folder / rel
    try:  # the folder is there for all but the first file in it: no mkdir per file
        target.write_bytes(content)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


class Stage:
    """A fresh temporary folder beside ``out`` (``.<name>.tmp-*``) to render into, then
    published into ``out`` in one of two ways; used as a context manager, the folder is
    removed at the end whatever happened, so a build that fails leaves ``out`` as it was.

    * ``swap()``: the stage holds the whole site and replaces ``out`` by two renames.
    * ``move_into_place(gone, before)``: the stage holds only the changed files (the
      build cache knew the others): each is renamed into ``out``, then the outputs named
      by ``gone`` are deleted; ``before`` runs just before the first file of ``out`` is
      replaced.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.out)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def swap(self) -> None:
        """Replace ``out`` by the stage."""
        out = self.out
        os.chmod(self.folder, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / out.name)
            os.replace(self.folder, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.folder, out)

    def move_into_place(self, gone: Iterable[str], before: Callable[[], None]) -> None:
        """Move the stage's files into ``out`` and delete the outputs ``gone``."""
        out, stage = self.out, self.folder
        gone = sorted(gone)
        for rel in gone:
            _check_path(rel)
        before()
        for folder, _, names in os.walk(stage):
            for name in names:
                source = Path(folder, name)
                target = out / source.relative_to(stage)
                try:
                    os.replace(source, target)
                except FileNotFoundError:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)
        for rel in gone:
            target = out / rel
            target.unlink(missing_ok=True)
            for parent in target.parents:  # folders left empty (a member's profile)
                if parent == out or not parent.is_dir() or any(parent.iterdir()):
                    break
                parent.rmdir()
