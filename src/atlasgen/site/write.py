"""Write the site atomically: build into a temporary folder, then swap it in.

A build that fails or is killed leaves the previous output folder exactly as it
was; at worst a hidden ``.<name>.tmp-*`` folder remains beside it, which the next
build removes. The swap is two renames; a build killed between them leaves the
old site in ``.<name>.old-*``, and the next build puts it back first.

``update_site`` is the incremental variant (the build cache knows which outputs did not
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

__all__ = ["update_site", "write_file", "write_files", "write_site"]


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


def write_site(out: Path, produce: Callable[[Path], int]) -> int:
    """Replace the folder ``out`` by what ``produce(folder)`` writes into a fresh folder.

    ``produce`` returns the number of files it wrote; so does this function.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        count = produce(tmp)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / out.name)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def update_site(
    out: Path,
    produce: Callable[[Path], int],
    stale: Callable[[], Iterable[str]],
    before_commit: Callable[[], None],
) -> int:
    """Update the folder ``out`` in place: ``produce(folder)`` writes the changed files
    into a fresh folder and returns the number of outputs of the site (changed or not);
    ``stale()`` then names the outputs to delete. ``before_commit`` runs just before the
    first file of ``out`` is replaced."""
    out = out.resolve()
    _remove_stale(out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        count = produce(stage)
        gone = sorted(stale())
        for rel in gone:
            _check_path(rel)
        before_commit()
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
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return count
