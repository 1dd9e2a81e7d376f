"""What ``atlasgen import --dry-run`` says about each changed field: ``field: old → new``.

The words of these lines are in the catalogue (``data/messages/<lang>/importer.yaml``);
the line's layout, which has no words, is ``CHANGE``. ``value_lines`` takes an outcome's
(field, old, new) triples and returns the lines in the language in use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from ...common.i18n import t
from ...content.problems import visible

__all__ = ["NONE", "value_lines"]

NONE: Final = "importer.value_none"
"""The catalogue key of an old value the file does not have: ``(none)``."""
CHANGE: Final = "{field}: {old} → {new}"
"""One changed field, in every language."""
_TEXT_LIMIT: Final = 60
"""Characters of a long text (the description) that are shown."""
_MORE: Final = "importer.value_more"
"""The catalogue key of what follows a cut text: ``… ({count} characters)``."""


def _shown(value: Any) -> str:
    """A value as the line shows it: text quoted, lists in brackets, long text cut."""
    if value is None or value == "" or value == []:
        return t(NONE)
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    text = str(value).strip()
    if len(text) > _TEXT_LIMIT:
        text = text[:_TEXT_LIMIT].rstrip() + t(_MORE, count=len(text))
    return "'" + visible(text) + "'"


def value_lines(values: Iterable[tuple[str, Any, Any]]) -> list[str]:
    """``email: 'info@a.example.com' → 'neu@a.example.com'``, one line per field."""
    return [CHANGE.format(field=f, old=_shown(old), new=_shown(new)) for f, old, new in values]
