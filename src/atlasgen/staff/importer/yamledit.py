"""A member file edited in place: its comments, key order and quoting stay as written.

``MemberText.parse`` takes a member file's bytes and returns it split into what comes
before the front matter, the front matter's lines and the body; ``render`` returns the
bytes again (byte order mark and line ends as they were). ``set_value`` changes one
field path in the front matter's lines: a scalar inside its line, a missing key inserted
where the format's field order puts it (or in place of a commented-out ``# key: …``
placeholder), a list or nested value as a block. ``new_member_text`` takes the values
of a new member and returns its whole file.

Where the front matter is and where each value sits come from the project's loader
(``content.load.front_matter_span`` and ``yaml_layout``), so the editor reads exactly
what ``atlasgen validate`` reads; this module only changes lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from ...content.load import KeyPath, Mark, ValueSpan, front_matter_span, yaml_layout
from ...content.schema import Address, Coordinates, MemberFile, Social
from .columns import FIELDS
from .values import Value, get_path, nest, set_path
from .yamltext import render, scalar

__all__ = ["MemberText", "UnsafeEdit", "new_member_text", "set_value"]

_BOM: Final = b"\xef\xbb\xbf"

_ORDER: Final[dict[tuple[str, ...], list[str]]] = {
    (): list(MemberFile.model_fields),
    ("address",): list(Address.model_fields),
    ("address", "coordinates"): list(Coordinates.model_fields),
    ("social",): list(Social.model_fields),
}
"""The format's field order, by the mapping the fields are in."""


class UnsafeEdit(Exception):
    """The front matter no longer loads without problems (an earlier change broke it)."""


class _Layout:
    """The front matter's values and where each is written, with each mapping's keys."""

    def __init__(self, lines: list[str]) -> None:
        layout = yaml_layout("\n".join(lines))
        if layout is None:
            raise UnsafeEdit
        self.data: Any = layout.data
        self.spans = layout.spans
        self.children: dict[KeyPath, dict[str, ValueSpan]] = {}
        """Mapping path → its keys' values."""
        for path, span in layout.spans.items():
            if path and isinstance(path[-1], str):
                self.children.setdefault(path[:-1], {})[path[-1]] = span
        self.block_scalar_ends = {
            span.end[0] for span in layout.spans.values() if span.style in ("|", ">")
        }
        """Last lines of ``|`` and ``>`` scalars."""

    def keys(self, path: KeyPath) -> dict[str, ValueSpan]:
        return self.children.get(path, {})


def _key(span: ValueSpan) -> Mark:
    """(line, column) of the key of a mapping's value."""
    assert span.key is not None, "only the values of mappings are edited"
    return span.key


def _replace(lines: list[str], node: ValueSpan, path: tuple[str, ...], value: Any) -> None:
    """Write ``value`` where the value of ``path`` (``node``) is written."""
    if isinstance(value, str) and node.kind == "scalar" and node.start[0] == node.end[0]:
        line = lines[node.start[0]]
        text = scalar(value, path)
        col = node.start[1]
        if not node.style and node.start == node.end:  # written as nothing: 'website:'
            lines[node.start[0]] = line[:col] + " " + text + line[col:]
        else:
            lines[node.start[0]] = line[:col] + text + line[node.end[1] :]
        return
    key_line, key_col = _key(node)
    block_list = node.kind == "seq" and not node.flow and isinstance(value, list)
    if block_list and value and all(isinstance(v, str) for v in value):
        dash = " " * node.start[1]  # keep a block list a block list
        items = [f"{dash}- {scalar(v, path)}" for v in value]
        lines[key_line : node.end[0] + 1] = [f"{' ' * key_col}{path[-1]}:", *items]
        return
    new = render(path[-1], value, key_col, path)
    rest = lines[node.end[0]][node.end[1] :] if node.kind == "scalar" or node.flow else ""
    if rest.strip().startswith("#"):
        new[0] += rest  # keep the comment after the value
    lines[key_line : node.end[0] + 1] = new


def _insertion_line(
    lines: list[str], layout: _Layout, parent: tuple[str, ...], key: str, top: bool
) -> int:
    """The line before which ``key`` goes into the mapping at ``parent``."""
    at = _order_position(lines, layout, parent, key, top)
    children = layout.keys(parent)
    if at == len(lines) and at - 1 in layout.block_scalar_ends and children:
        # a '|' or '>' scalar that ends the front matter has no final line break; a line
        # after it would add one to its value: go before the parent's last key instead
        at = max(_key(c)[0] for c in children.values())
    return at


def _order_position(
    lines: list[str], layout: _Layout, parent: tuple[str, ...], key: str, top: bool
) -> int:
    """After the keys the field order puts before ``key``, else before those after it."""
    order = _ORDER.get(parent, [])
    children = layout.keys(parent)
    rank = order.index(key) if key in order else len(order)
    ranked = [(order.index(k), c) for k, c in children.items() if k in order]
    before = [c for r, c in ranked if r < rank]
    if before:
        return max(c.end[0] for c in before) + 1
    after = [c for r, c in ranked if r > rank]
    if after:
        at = min(_key(c)[0] for c in after)
        while (
            top
            and at > 0
            and lines[at - 1].startswith("#")
            and not lines[at - 1].startswith("# yaml-language-server")
        ):
            at -= 1  # the comment above a key belongs to it
        return at
    return layout.spans[parent].end[0] + 1 if children else len(lines)


def _add_top_level(lines: list[str], layout: _Layout, path: tuple[str, ...], value: Any) -> None:
    """Add the missing top-level key ``path[0]``: in place of its ``# key: …``
    placeholder, else where the field order puts it."""
    key, sub = path[0], nest(path[1:], value)
    children = layout.keys(()).values()
    placeholder = re.compile(rf"#\s?{re.escape(key)}:\s+\S")
    for i, line in enumerate(lines):
        if placeholder.match(line) and not any(_key(c)[0] <= i <= c.end[0] for c in children):
            lines[i : i + 1] = render(key, sub, 0, path[:1])
            return
    at = _insertion_line(lines, layout, (), key, top=True)
    lines[at:at] = render(key, sub, 0, path[:1])


def _add_nested(
    lines: list[str], layout: _Layout, path: tuple[str, ...], depth: int, value: Any
) -> None:
    """Add the missing key ``path[depth]`` to the mapping at ``path[:depth]``."""
    parent, key = path[:depth], path[depth]
    node, children = layout.spans[parent], layout.keys(parent)
    if node.kind == "map" and not node.flow and children:
        indent = min(_key(c)[1] for c in children.values())
        at = _insertion_line(lines, layout, parent, key, top=False)
        lines[at:at] = render(key, nest(path[depth + 1 :], value), indent, path[: depth + 1])
        return
    # a flow mapping, an empty value or a scalar: rewrite it with the key added
    merged = set_path(get_path(layout.data, parent), path[depth:], value)
    _replace(lines, node, parent, merged)


def set_value(lines: list[str], path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` to ``value`` in the front matter ``lines`` (changed in place).

    Raises ``UnsafeEdit`` when the lines do not load without problems."""
    layout = _Layout(lines)
    root = layout.spans.get(())
    if root is None or root.kind != "map":
        lines += render(path[0], nest(path[1:], value), 0, path[:1])
        return
    for depth, key in enumerate(path):
        if key not in layout.keys(path[:depth]):
            if depth == 0:
                _add_top_level(lines, layout, path, value)
            else:
                _add_nested(lines, layout, path, depth, value)
            return
    _replace(lines, layout.spans[path], path, value)


@dataclass
class MemberText:
    """A member file split for editing: what precedes the front matter, its lines, the body."""

    head: list[str]
    front: list[str]
    fence: str
    """The line that closes the front matter."""
    body: str
    newline: str = "\n"
    bom: bool = False

    @classmethod
    def parse(cls, raw: bytes) -> MemberText | None:
        """The file split at its front matter (``None``: it has none, or it is not closed).
        ``raw`` must be UTF-8 (as ``load`` read it)."""
        # decoded here, not by load.read_text: writing the file back needs its byte order
        # mark and line ends, which read_text drops (it takes a path, too)
        bom = raw.startswith(_BOM)
        newline = "\r\n" if b"\r\n" in raw else "\n"
        text = raw.removeprefix(_BOM).decode("utf-8")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        span = front_matter_span(lines)
        if span.end is None:
            return None
        start, end = span.start, span.end
        front, body = lines[start + 1 : end], "\n".join(lines[end + 1 :])
        return cls(lines[: start + 1], front, lines[end], body, newline, bom)

    def data(self) -> Any:
        """The front matter's values as ``load`` reads them (``None``: not valid YAML)."""
        layout = yaml_layout("\n".join(self.front))
        return layout.data if layout is not None else None

    def render(self) -> bytes:
        text = "\n".join([*self.head, *self.front, self.fence]) + "\n" + self.body
        if not text.endswith("\n"):
            text += "\n"
        data = text.replace("\n", self.newline).encode("utf-8")
        return _BOM + data if self.bom else data


def new_member_text(values: dict[str, Value], description: str | None) -> bytes:
    """The file of a new member with ``values`` (by field name) and ``description``."""
    data: dict[str, Any] = {}
    for name, spec in FIELDS.items():
        if name in values and spec.kind != "body" and name != "id":
            data = set_path(data, spec.path, values[name])
    data.setdefault("listed", "false")
    ordered: dict[str, Any] = {}
    for key in _ORDER[()]:
        if key in data:
            value = data[key]
            sub_order = _ORDER.get((key,))
            if isinstance(value, dict) and sub_order:
                value = {k: value[k] for k in sub_order if k in value}
            ordered[key] = value
    lines = ["---", "# yaml-language-server: $schema=../../schema/member.schema.json"]
    for key, value in ordered.items():
        lines += render(key, value, 0, (key,))
    lines.append("---")
    body = (description.strip("\n") + "\n") if description else ""
    return ("\n".join(lines) + "\n" + body).encode("utf-8")
