"""Which outputs of the last build stay as they are: keys of what each output is made of.

A page's key is a SHA-256 of everything its template gets (the page's own context, the
common context of its language) and of a site-wide salt: the theme files and atlasgen's
code and data. Two builds that give a page the same key write the same bytes, so the
next build leaves that file of the last output folder as it is instead of rendering it
(``write.Stage.move_into_place`` moves only the others in). That is the dependency map from members
to pages, without a list to keep up to date: a page that shows a member (its profile,
the directory page with its card, its competence and district pages, a cooperation row)
has the member's view in its context, and so a new key when the member changes.

The outputs made from the whole content at once (the search index, the open data) are
keyed by the content as a whole and the build date; the other files (assets, logos,
cards) by their bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel

__all__ = ["Fingerprints", "Reuse", "output_paths"]

_HOW: dict[type, str] = {}
"""Type → how its values are keyed (``_how``)."""


def _how(kind: type) -> str:
    """s string, v number or None, l list, m mapping, d dataclass, p pydantic model,
    e enum, t date, ? unknown (an error)."""
    if issubclass(kind, str):
        how = "s"
    elif kind in (int, float, bool, type(None)):
        how = "v"
    elif issubclass(kind, list | tuple):
        how = "l"
    elif issubclass(kind, Mapping):
        how = "m"
    elif dataclasses.is_dataclass(kind):
        how = "d"
    elif issubclass(kind, BaseModel):
        how = "p"
    elif issubclass(kind, Enum):
        how = "e"
    elif issubclass(kind, date):
        how = "t"
    else:
        how = "?"
    _HOW[kind] = how
    return how


class Fingerprints:
    """Keys of template contexts. Objects met again (the common context, a member's view,
    the configuration) are keyed once and then stand for their key: they do not change
    during a build, and are kept alive here so that their ``id`` stays theirs."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self._memo: dict[int, str] = {}
        self._alive: list[Any] = []

    def key(self, *parts: Any) -> str:
        """The key of ``parts`` (with the salt)."""
        out: list[str] = [self.salt]
        for part in parts:
            self._write(part, out)
        return hashlib.sha256("\x1f".join(out).encode("utf-8", "surrogatepass")).hexdigest()

    def _memoized(self, obj: Any, write: Any) -> str:
        found = self._memo.get(id(obj))
        if found is None:
            inner: list[str] = []
            write(obj, inner)
            found = hashlib.sha256("\x1f".join(inner).encode("utf-8", "surrogatepass")).hexdigest()
            self._memo[id(obj)] = found
            self._alive.append(obj)
        return found

    def _write(self, obj: Any, out: list[str]) -> None:
        kind = type(obj)
        if kind is str:
            out.append(f"s{len(obj)}:{obj}")
            return
        how = _HOW.get(kind) or _how(kind)
        if how == "s":  # Markup and other strings: the same text gives the same HTML
            out.append(f"s{len(obj)}:{obj}")
        elif how == "v":
            out.append(repr(obj))
        elif how == "l":
            if len(obj) > 8:  # shared lists (filter options, competence groups) once
                out.append("l" + self._memoized(obj, self._write_items))
            else:
                self._write_items(obj, out)
        elif how == "m":
            if len(obj) > 8:  # the common context, strings, JSON-LD: shared or large
                out.append("m" + self._memoized(obj, self._write_mapping))
            else:
                self._write_mapping(obj, out)
        elif how == "d":
            out.append("d" + self._memoized(obj, self._write_dataclass))
        elif how == "p":
            out.append("p" + self._memoized(obj, self._write_model))
        elif how == "e":
            out.append(f"e{kind.__name__}.{obj.name}")
        elif how == "t":
            out.append(f"t{obj.isoformat()}")
        else:
            raise TypeError(f"no key for a {kind.__name__} in a template context")

    def _write_items(self, obj: Any, out: list[str]) -> None:
        out.append(f"[{len(obj)}")
        for item in obj:
            self._write(item, out)

    def _write_mapping(self, obj: Mapping[Any, Any], out: list[str]) -> None:
        out.append(f"{{{len(obj)}")
        for k, v in obj.items():
            self._write(k, out)
            self._write(v, out)

    @staticmethod
    def _write_dataclass(obj: Any, out: list[str]) -> None:
        # The views are the bulk of what is keyed; a dataclass's repr shows every field
        # (none of ours leaves one out), recursively, and is faster than walking it.
        out.append(repr(obj))

    @staticmethod
    def _write_model(obj: BaseModel, out: list[str]) -> None:
        out.append(type(obj).__qualname__)
        out.append(obj.model_dump_json())


@dataclasses.dataclass(frozen=True)
class Reuse:
    """The last build's keys (if its output is still in place) and this build's salt."""

    salt: str
    keys: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Output path → key, of the last build (empty: nothing to compare with)."""
    extras: Mapping[str, tuple[str, tuple[str, ...]]] = dataclasses.field(default_factory=dict)
    """Extra output's name → its key and the paths it wrote, in the last build."""

    def paths(self) -> set[str]:
        """Every output path of the last build."""
        return output_paths(self.keys, self.extras)


def output_paths(
    keys: Mapping[str, str], extras: Mapping[str, tuple[str, tuple[str, ...]]]
) -> set[str]:
    """Every output path named by ``keys`` (path → key) and ``extras`` (name → key and
    paths), as ``Reuse`` and a build's result hold them."""
    found = set(keys)
    for _, paths in extras.values():
        found.update(paths)
    return found
