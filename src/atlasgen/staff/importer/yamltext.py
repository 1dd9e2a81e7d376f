"""Values written as YAML text, as the member files write them.

``scalar`` takes a text value and its field path and returns it as a YAML scalar: plain
where that reads back as the same text, in double quotes otherwise (and always for phone
numbers and postal codes); numbers, booleans and dates unquoted. ``render`` takes a key
and a value (text, list or mapping) and returns the lines of ``key: value`` in block
style, short lists of text in flow style (``[a, b]``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

import yaml

__all__ = ["render", "scalar"]

_PLAIN_FORMATS: Final = {
    "founded": re.compile(r"[0-9]{1,4}"),
    "lat": re.compile(r"-?[0-9]{1,3}(\.[0-9]+)?"),
    "lon": re.compile(r"-?[0-9]{1,3}(\.[0-9]+)?"),
    "listed": re.compile(r"true|false|True|False|TRUE|FALSE"),
    "last_verified": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
"""Fields whose value is a number, a boolean or a date: written without quotes, so other
YAML tools (editors, the JSON Schemas) read them as such."""
_ALWAYS_QUOTED: Final = frozenset({"phone", "postal_code"})
"""Written in quotes, as docs/content-format.md asks (other tools would drop a leading 0)."""
_YAML12_SPECIAL: Final = re.compile(
    r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes plus ``\\u`` for every invisible
    character (YAML reads U+2028 as a line break)."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        ch if ch.isprintable() else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else ch for ch in text
    )


def _plain_ok(value: str, *, flow: bool) -> bool:
    if not value or _YAML12_SPECIAL.fullmatch(value):
        return False
    if flow and any(ch in value for ch in ",[]{}"):
        return False
    dumped = yaml.dump(value, Dumper=yaml.SafeDumper, allow_unicode=True, width=1_000_000)
    return dumped in (value + "\n", value + "\n...\n")


def scalar(value: str, path: tuple[str, ...], *, flow: bool = False) -> str:
    """``value`` as the YAML scalar of field ``path`` (``flow``: inside ``[…]``)."""
    leaf = path[-1] if path else ""
    if leaf in _ALWAYS_QUOTED:
        return _quoted(value)
    plain = _PLAIN_FORMATS.get(leaf)
    if plain is not None and plain.fullmatch(value):
        return value
    return value if _plain_ok(value, flow=flow) else _quoted(value)


_FLOW_WIDTH: Final = 100


def render(key: str, value: Any, indent: int, path: tuple[str, ...]) -> list[str]:
    """The lines of ``key: value`` at ``indent`` (block style; short lists in ``[a, b]``)."""
    pad = " " * indent
    if value is None:
        return [f"{pad}{key}:"]
    if isinstance(value, str):
        return [f"{pad}{key}: {scalar(value, path)}"]
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{key}: {{}}"]
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            lines += render(k, v, indent + 2, (*path, k))
        return lines
    if not value:
        return [f"{pad}{key}: []"]
    if all(isinstance(v, str) for v in value):
        flow = f"{pad}{key}: [{', '.join(scalar(v, path, flow=True) for v in value)}]"
        if len(flow) <= _FLOW_WIDTH:
            return [flow]
    lines = [f"{pad}{key}:"]
    for item in value:
        if isinstance(item, dict) and item:
            sub: list[str] = []
            for k, v in item.items():
                sub += render(k, v, indent + 4, (*path, k))
            sub[0] = f"{pad}  - {sub[0].lstrip()}"
            lines += sub
        elif isinstance(item, str):
            lines.append(f"{pad}  - {scalar(item, path)}")
        else:
            lines.append(f"{pad}  - {json.dumps(item, ensure_ascii=False)}")
    return lines
