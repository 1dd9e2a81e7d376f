"""Comparing values as the author wrote them, for ``atlasgen diff``.

Pure functions: take values from loaded documents (anything YAML gives: texts,
lists, mappings, ``None``) or Markdown bodies; return them in a form that can be
compared (``norm``, ``as_strings``, ``as_keyed``, ``as_mapping``, ``ordered``) or
what differs (``paragraph_counts``, ``changed_paths``). ``None`` from an ``as_…``
function means the value has an unexpected shape and is compared generically.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

__all__ = [
    "as_keyed",
    "as_mapping",
    "as_strings",
    "changed_paths",
    "norm",
    "ordered",
    "paragraph_counts",
    "text_or_none",
]


def norm(value: Any) -> Any:
    """Empty lists and mappings count as absent."""
    return None if value in ([], {}) else value


def as_strings(value: Any) -> list[str] | None:
    """A list of texts (absent: empty), or ``None`` when it is something else."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return value
    return None


def as_keyed(value: Any, key: str) -> dict[str, Any] | None:
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


def as_mapping(value: Any) -> dict[str, Any] | None:
    """A mapping (absent: empty), or ``None`` when it is something else."""
    if value is None:
        return {}
    return value if isinstance(value, dict) else None


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", body) if p.strip()]


def paragraph_counts(old: str, new: str) -> tuple[int, int, int]:
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


def changed_paths(old: Any, new: Any, depth: int, prefix: str = "") -> list[str]:
    """Dotted keys (up to ``depth`` levels) whose values differ."""
    if norm(old) == norm(new):
        return []
    if depth > 0 and isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += changed_paths(old.get(key), new.get(key), depth - 1, f"{prefix}{key}.")
        return out
    return [prefix.rstrip(".") or "(root)"]


def text_or_none(value: Any) -> str | None:
    """``value`` when it is a text, else ``None``."""
    return value if isinstance(value, str) else None


def ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """``mapping`` with the keys of ``order`` first, in that order."""
    return {
        **{k: mapping[k] for k in order if k in mapping},
        **{k: v for k, v in mapping.items() if k not in order},
    }
