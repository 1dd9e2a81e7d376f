"""Write the site atomically: build into a temporary folder, then swap it in.

A build that fails or is killed leaves the previous output folder exactly as it
was; at worst a hidden ``.<name>.tmp-*`` folder remains beside it, which the next
build removes. The swap is two renames; a build killed between them leaves the
old site in ``.<name>.old-*``, and the next build puts it back first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

__all__ = ["write_file", "write_files", "write_site"]


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
