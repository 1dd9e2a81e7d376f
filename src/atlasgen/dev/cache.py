"""The build cache, ``.atlasgen-cache/`` beside ``atlas.yaml``: safe to delete at any time.

``atlasgen build`` keeps these there between builds, each keyed by content:

* **The inputs** (``state.pickle``): size, modification time and SHA-256 of every file
  the build reads (``atlas.yaml``, ``content/``, the internal data, the theme folders and
  atlasgen's own code and data), the build options and date, and which output folder the
  last build wrote. When all of it is the same and the output folder is still the one
  the last build swapped in, there is nothing to do: the build reports the last build's
  problems and counts and writes nothing. Unchanged size and time stand for unchanged
  content, as for git and make, except for files changed in the second before the last
  scan, which are hashed again.
* **The member files** (``members.pickle``): what reading, validating and linking each
  member file gave, keyed by the SHA-256 of the file and its ``.en.md`` and of everything
  a member is checked against (the configuration, the taxonomy, the logos, the code). Only
  changed members are read again.
* **Derived results** (``texts.pickle``): a description's Markdown → its sanitized HTML,
  keyed by the text (the code is checked with the inputs), and the nearest offers of
  every need, keyed by every member's place, competences and needs; and
  (``tokens.pickle``) each indexed text's search tokens, keyed by the text and the
  compound dictionary.
* **The outputs** (in ``state.pickle``): the key of every output file of the last build
  (``site.keys``). When the output folder is still the one that build wrote, only
  outputs whose key changed are written (``write.Stage.move_into_place``); the others stay.

A change of atlasgen's code or data discards the whole cache; a change of the theme only
changes the keys of the pages. Nothing in the cache reaches the site; the cache only saves
work, and a build with it writes the same bytes as one without (tests build both ways
after each kind of change and compare). The files are
Python pickles: like ``.venv/`` they are the machine's own, never committed (``.gitignore``),
and the cache of another user is ignored. Any unreadable or foreign file counts as absent.
``atlasgen build --no-cache`` neither reads nor writes the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import __version__
from ..common import i18n
from ..common.buildinfo import declared_date, default_theme
from ..common.workers import paused_gc

if TYPE_CHECKING:  # imported when a memo is made: a build with nothing to do needs none
    from ..content.matching import NearestMemo
    from ..content.stages import MemberMemo
    from ..search.documents import TokenMemo
    from ..site.keys import Reuse
    from ..site.pages import ViewMemo

__all__ = [
    "CACHE_DIR",
    "BuildCache",
    "Inputs",
    "Memo",
    "Prepared",
    "Stored",
    "prepare_cache",
    "scan_inputs",
]

CACHE_DIR = ".atlasgen-cache"
FORMAT = 2
"""Bumped when the layout of the cache files changes."""

_RACY_NS = 2_000_000_000
"""Files modified this close before the last scan are hashed again (coarse clocks)."""

_PACKAGE = Path(__file__).resolve().parents[1]
"""atlasgen's own code and data (the package folder)."""

Stat = tuple[int, int, str]
"""size, mtime_ns, sha256"""


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _walk(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every file below ``folder``, except Python caches."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _walk(Path(entry.path))
        elif not entry.name.endswith(".pyc"):
            yield entry


def _stats(location: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path, stat) of every file at ``location``, except files that vanish while they are
    looked at, dangling links (an editor's lock file) included."""
    try:
        if location.is_file():
            yield str(location), location.stat()
            return
        for entry in _walk(location):
            try:
                yield entry.path, entry.stat()
            except FileNotFoundError:
                continue
    except FileNotFoundError:
        return


def _settings(root: Path) -> tuple[str, str]:
    """The theme and internal folder named in ``atlas.yaml`` (defaults when unreadable)."""
    theme, internal = "theme", "internal"
    try:
        data = yaml.safe_load((root / "atlas.yaml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return theme, internal
    if isinstance(data, dict):
        theme = str(data.get("theme", theme))
        internal = str(data.get("internal_dir", internal))
    return theme, internal


@dataclass(frozen=True)
class Locations:
    """Where a build reads, as ``atlas.yaml`` names it (read once per scan)."""

    content: tuple[Path, ...]
    """The project's content: configuration, content, internal data."""
    theme: tuple[Path, ...]
    """The theme folders: the project's, then the default theme."""

    @property
    def code(self) -> tuple[Path, ...]:
        """The theme folders and atlasgen's own code and data: what every key is salted
        with."""
        return (*self.theme, _PACKAGE)

    def all(self) -> list[Path]:
        """Every file and folder a build reads, once each."""
        return list(dict.fromkeys(self.content + self.code))


def locations(root: Path) -> Locations:
    """The locations of the project at ``root`` (resolved)."""
    theme, internal = _settings(root)
    content = tuple((root / name).resolve() for name in ("atlas.yaml", "content", internal))
    return Locations(content, ((root / theme).resolve(), default_theme()))


@dataclass(frozen=True)
class Inputs:
    """The files a build reads: absolute path → (size, mtime_ns, sha256)."""

    files: dict[str, Stat]
    scanned_ns: int
    hashed: int
    """How many files had to be hashed (the others had their last size and time)."""
    where: Locations
    """What was scanned."""

    def sha(self, path: Path | str) -> str:
        """The hash of an input file ('' if it is not one)."""
        found = self.files.get(str(path))
        return found[2] if found else ""

    def digest(self, prefixes: list[Path]) -> str:
        """One hash of all input files below ``prefixes`` (paths and contents)."""
        heads = tuple(str(p) for p in prefixes)
        h = hashlib.sha256()
        for name in sorted(self.files):
            if name.startswith(heads):
                h.update(f"{name}\0{self.files[name][2]}\n".encode())
        return h.hexdigest()


def scan_inputs(root: Path, previous: Inputs | None = None) -> Inputs:
    """Stat every input file; hash those whose size or time differ from ``previous``."""
    known = previous.files if previous else {}
    racy_from = (previous.scanned_ns if previous else 0) - _RACY_NS
    files: dict[str, Stat] = {}
    hashed = 0
    started = time.time_ns()
    where = locations(root)
    for location in where.all():
        for name, st in _stats(location):
            old = known.get(name)
            if old and old[0] == st.st_size and old[1] == st.st_mtime_ns < racy_from:
                files[name] = old
                continue
            try:
                files[name] = (st.st_size, st.st_mtime_ns, _sha256(Path(name)))
            except OSError:
                files[name] = (st.st_size, st.st_mtime_ns, "unreadable")
            hashed += 1
    return Inputs(files, started, hashed, where)


@dataclass
class Stored:
    """What the last build recorded."""

    inputs: Inputs
    options: tuple[Any, ...]
    output: tuple[str, int, int]
    """The output folder the build swapped in: path, inode, mtime_ns."""
    summary: Any
    """What the build reported (``buildinfo.BuildResult``) and its problems."""
    outputs: Any = None
    """The keys of the outputs and the paths of the extra outputs (``site.keys``)."""
    code: str = ""
    """A digest of atlasgen's code and data: everything in the cache was made by it. (A
    theme change keeps the cache: it only changes the keys of the pages.)"""


def output_identity(out: Path) -> tuple[str, int, int] | None:
    try:
        st = out.stat()
    except OSError:
        return None
    return (str(out), st.st_ino, st.st_mtime_ns)


@dataclass
class Memo:
    """What earlier builds computed, handed to the stages that can reuse it: the one
    interface between the cache and the stages, none of which opens the cache. The build
    gets it from ``Prepared.memo`` and gives it back to ``Prepared.record``. ``Memo()``
    knows nothing: every stage computes everything (``--no-cache``), to the same bytes.
    """

    members: MemberMemo | None = None
    """Member outcomes by the bytes of their files (``content.stages``)."""
    nearest: NearestMemo | None = None
    """The nearest offers by what they depend on (``content.matching``)."""
    tokens: TokenMemo | None = None
    """Search tokens by text (``search.documents``), saved by the worker making the index."""
    html: dict[str, str] = field(default_factory=dict)
    """Description HTML by ``markup.text_key``; after rendering, this build's."""
    outputs: Reuse | None = None
    """The last build's output keys and this build's salt (``site.keys``)."""
    content: str = ""
    """A digest of the whole content: the key (with the date) of the search and open data."""
    update: bool = False
    """Whether the output folder holds the last build's outputs: then only changed files
    are written into it."""
    views: ViewMemo | None = None
    """Member views by member and context (``site.pages``): ``atlasgen serve`` keeps them
    between rebuilds."""

    @property
    def hits(self) -> int:
        """Member files taken from the memo in this build (not read and checked again)."""
        return self.members.hits if self.members is not None else 0


@dataclass
class BuildCache:
    """The cache folder of one project (see the module docstring)."""

    folder: Path
    stored: Stored | None = None
    stale: bool = False
    """Made by other code: nothing in the cache is used."""

    @classmethod
    def open(cls, root: Path) -> BuildCache:
        cache = cls(root / CACHE_DIR)
        stored = cache._load("state")
        if isinstance(stored, Stored) and stored.options[:2] == (FORMAT, __version__):
            cache.stored = stored
        return cache

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.pickle"

    def _load(self, name: str) -> Any:
        path = self._path(name)
        try:
            if path.stat().st_uid != os.getuid():
                return None  # not made by this user: never unpickled
            # no garbage collection while the pickle's objects are made: at 10,000
            # members the member cache loads in 0.26 s instead of 1.0 s
            with path.open("rb") as handle, paused_gc():
                return pickle.load(handle)
        except Exception:
            return None

    def _save(self, name: str, value: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# atlasgen's build cache: never commit it\n*\n", "utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle, paused_gc():
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(name))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def scan(self, root: Path) -> Inputs:
        return scan_inputs(root, self.stored.inputs if self.stored else None)

    def unchanged(self, inputs: Inputs, options: tuple[Any, ...], out: Path) -> Any:
        """The last build's summary when it had the same inputs and options and its output
        folder is still in place; otherwise ``None``."""
        s = self.stored
        if s is None or s.options != options or s.output != output_identity(out):
            return None
        same = {k: v[2] for k, v in s.inputs.files.items()} == {
            k: v[2] for k, v in inputs.files.items()
        }
        return s.summary if same else None

    def _load_dict(self, name: str) -> dict[str, Any]:
        found = None if self.stale else self._load(name)
        return found if isinstance(found, dict) else {}

    def forget_output(self) -> None:
        """Forget what the output folder holds (before changing it in place): if the
        change does not finish, the next build writes the whole site again."""
        self._path("state").unlink(missing_ok=True)

    def memo(self, inputs: Inputs, outputs: Any) -> Memo:
        """What the cache knows, for the stages of a build whose input files are
        ``inputs``; ``outputs``: the keys of the last build's outputs, if its output
        folder is still in place."""
        from ..content.matching import NearestMemo
        from ..content.stages import MemberMemo
        from ..search.documents import TokenMemo
        from ..site.keys import Reuse

        texts = self._load_dict("texts")
        keys, extras = outputs if outputs is not None else ({}, {})
        return Memo(
            members=MemberMemo(inputs, self._load_dict("members")),
            nearest=NearestMemo(texts.get("nearest", {})),
            tokens=TokenMemo(self._load_dict("tokens"), self.save_tokens),
            html=texts.get("html", {}),
            outputs=Reuse(inputs.digest(list(inputs.where.code)), keys, extras),
            content=inputs.digest(list(inputs.where.content)),
            update=outputs is not None,
        )

    def save_tokens(self, tokens: dict[str, Any]) -> None:
        """Store the search tokens (called in the worker process that makes the index)."""
        self._save("tokens", tokens)

    def record(
        self,
        inputs: Inputs,
        options: tuple[Any, ...],
        out: Path,
        summary: Any,
        memo: Memo,
        outputs: Any,
    ) -> None:
        """Save what this build made, for the next one (only what it used)."""
        identity = output_identity(out)
        if identity is None:
            return
        self._save("members", memo.members.kept() if memo.members is not None else {})
        nearest = memo.nearest.known if memo.nearest is not None else {}
        self._save("texts", {"html": memo.html, "nearest": nearest})
        code = inputs.digest([_PACKAGE])
        self._save("state", Stored(inputs, options, identity, summary, outputs, code))


@dataclass
class Prepared:
    """The cache opened for one build: its inputs scanned and options known."""

    cache: BuildCache
    inputs: Inputs
    options: tuple[Any, ...]
    last: Any
    """The last build's (result, problems) when nothing changed since, else ``None``."""

    def memo(self, out: Path) -> Memo:
        """What the cache knows, for the stages of this build into ``out``."""
        return self.cache.memo(self.inputs, self.last_outputs(out))

    def record(self, out: Path, summary: Any, memo: Memo, outputs: Any) -> None:
        """Keep what the build into ``out`` reported (``summary``) and computed (``memo``,
        the keys of its ``outputs``) for the next build."""
        self.cache.record(self.inputs, self.options, out, summary, memo, outputs)

    def nothing_to_do(self) -> tuple[Any, Any] | None:
        """When nothing changed: what the last build reported (as ``unchanged``, without
        its timings) and its problems; else ``None``."""
        if self.last is None:
            return None
        result, problems = self.last
        return dataclasses.replace(result, unchanged=True, timings={}), problems

    def last_outputs(self, out: Path) -> Any:
        """What the last build recorded of its outputs, if ``out`` is still its output."""
        stored = self.cache.stored
        if stored is None or stored.output != output_identity(out):
            return None
        return stored.outputs


def prepare_cache(root: Path, out: Path, *, strict: bool, today: date | None) -> Prepared:
    """Open the cache of the project at ``root`` for a build into ``out`` and find out
    whether anything changed since the last one. Imports nothing heavy: when nothing
    changed, this is all ``atlasgen build`` does."""
    root, out = root.resolve(), out.resolve()
    cache = BuildCache.open(root)
    inputs = cache.scan(root)
    if cache.stored is not None and cache.stored.code != inputs.digest([_PACKAGE]):
        cache.stored, cache.stale = None, True  # other code: its results may differ
    declared = declared_date(root, today)
    options = (
        FORMAT,
        __version__,
        strict,
        declared.isoformat() if declared else "",
        str(out),
        i18n.current(),  # the problems it kept are in that language
    )
    return Prepared(cache, inputs, options, cache.unchanged(inputs, options, out))
