"""Read content files into ``RawDocument``s that remember where every value was written.

Takes paths, returns documents plus problems; never raises on bad input. This is
the only module (with ``write``) that reads the disk.

YAML is composed into nodes with PyYAML's C parser and turned into Python values
here, not by PyYAML's constructor, because the constructor follows YAML 1.1:
``no`` becomes ``False``, ``010`` becomes 8, ``2024-01-01`` a date, and duplicate
keys silently keep the last value. Here every scalar stays the literal text the
author typed (``null``/``~``/empty become ``None``); the pydantic models then
parse numbers, booleans and dates only where a field expects them. Duplicate
keys, anchors/aliases, merge keys and custom tags are reported as problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

__all__ = [
    "MAX_FILE_BYTES",
    "Position",
    "RawDocument",
    "find_position",
    "load_markdown_document",
    "load_yaml_document",
    "read_text",
]

MAX_FILE_BYTES = 1_000_000
"""Content files larger than this are rejected (Markdown parsing time grows fast)."""

try:  # the C parser is several times faster; fall back where libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Position = tuple[int, int]
"""(line, column), both counted from 1."""

KeyPath = tuple[str | int, ...]

_STANDARD_TAG = "tag:yaml.org,2002:"
_KNOWN_TAGS = {
    _STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class RawDocument:
    """One content file as written: its data, its Markdown body and value positions."""

    path: str
    """Path relative to the project folder, with ``/``."""
    data: Any
    """The YAML data (a dict for valid files), scalars as literal strings."""
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    """Where each key path was written (``("contacts", 0, "email")`` → (12, 12))."""
    body: str = ""
    """The Markdown after the front matter ('' for YAML files)."""
    body_line: int = 1
    """The file line on which the body starts."""


def find_position(positions: dict[KeyPath, Position], loc: KeyPath) -> Position:
    """The position of ``loc`` or of its nearest written ancestor."""
    for end in range(len(loc), -1, -1):
        if (pos := positions.get(loc[:end])) is not None:
            return pos
    return (1, 1)


def _line_of_offset(raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text as UTF-8 with ``\\n`` line ends, or ``None`` and the problem."""

    def fail(message: str, hint: str = "", pos: Position = (1, 1)) -> tuple[None, list[Problem]]:
        return None, [Problem(rel, pos[0], pos[1], "", message, hint)]

    if path.is_symlink():
        return fail(
            "symbolic links are not allowed in content",
            "replace the link by a regular file with the content itself",
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(
                f"file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})",
                "shorten the description; long texts belong on the member's own website",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail(
            "file is encoded as UTF-16",
            "save it as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
        )
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)",
            "save the file as UTF-8; it was probably saved as Latin-1 or Windows-1252",
            _line_of_offset(raw, exc.start),
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


class _Builder:
    """Turns a composed YAML node tree into plain values and a position map."""

    def __init__(self, rel: str, line_offset: int) -> None:
        self.rel = rel
        self.line_offset = line_offset
        self.positions: dict[KeyPath, Position] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self.aliases: list[KeyPath] = []

    def pos(self, node: yaml.Node) -> Position:
        return node.start_mark.line + self.line_offset, node.start_mark.column + 1

    def problem(self, node: yaml.Node, path: KeyPath, message: str, hint: str = "") -> None:
        line, col = self.pos(node)
        self.problems.append(Problem(self.rel, line, col, dotted(path), message, hint))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        if id(node) in self._seen:
            self.aliases.append(path)
            return node.value if isinstance(node, yaml.ScalarNode) else None
        self._seen.add(id(node))
        if node.tag not in _KNOWN_TAGS:
            self.problem(node, path, f"YAML tag {node.tag!r} is not supported", "remove the tag")
            return None
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _STANDARD_TAG + "null" else node.value
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.positions[(*path, i)] = self.pos(item)
                items.append(self.build(item, (*path, i)))
            return items
        assert isinstance(node, yaml.MappingNode)
        return self.build_mapping(node, path)

    def report_aliases(self, text: str) -> None:
        """Composed nodes forget where an alias was written; the events remember."""
        events = (e for e in yaml.parse(text, Loader=_Loader) if isinstance(e, yaml.AliasEvent))
        for path, event in zip(self.aliases, events, strict=False):
            mark = event.start_mark
            line, col = (mark.line + self.line_offset, mark.column + 1) if mark else (1, 1)
            self.problems.append(
                Problem(
                    self.rel,
                    line,
                    col,
                    dotted(path),
                    "YAML anchors and aliases (& and *) are not supported",
                    "write the value out in full",
                )
            )

    def build_mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _STANDARD_TAG + "merge":
                self.problem(
                    key_node, path, "only plain text keys are allowed", "write 'key: value'"
                )
                continue
            key = key_node.value
            if key in result:
                first = self.positions.get((*path, key), (0, 0))[0]
                self.problem(
                    key_node,
                    (*path, key),
                    f"key '{key}' appears twice (first on line {first})",
                    "keep only one of them",
                )
                continue
            scalar = isinstance(value_node, yaml.ScalarNode)
            self.positions[(*path, key)] = self.pos(value_node if scalar else key_node)
            result[key] = self.build(value_node, (*path, key))
        return result


def dotted(path: KeyPath) -> str:
    """``("contacts", 0, "email")`` → ``contacts[0].email``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _parse_yaml(
    text: str, rel: str, line_offset: int
) -> tuple[Any, dict[KeyPath, Position], list[Problem]]:
    """``line_offset`` is the file line of the text's first line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        at_end = exc.context_mark is not None and "end of stream" in str(exc.problem)
        mark = exc.context_mark if at_end else (exc.problem_mark or exc.context_mark)
        line, col = (mark.line + line_offset, mark.column + 1) if mark else (line_offset, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        lines = text.split("\n")
        bad_line = lines[line - line_offset] if 0 <= line - line_offset < len(lines) else ""
        hint = (
            "YAML does not allow tabs for indentation: use spaces"
            if "\t" in bad_line
            else "check the indentation and put text containing ': ' or '#' in quotes"
        )
        return None, {}, [Problem(rel, line, col, "", f"invalid YAML: {message}", hint)]
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        return None, {}, [Problem(rel, line_offset, 1, "", f"invalid YAML: {exc}")]
    if node is None:
        return {}, {(): (line_offset, 1)}, []
    builder = _Builder(rel, line_offset)
    builder.positions[()] = builder.pos(node)
    try:
        data = builder.build(node, ())
    except RecursionError:
        return None, {}, [Problem(rel, line_offset, 1, "", "invalid YAML: nested too deeply")]
    if builder.aliases:
        builder.report_aliases(text)
    return data, builder.positions, builder.problems


def _bidi_problems(text: str, rel: str, first_line: int) -> list[Problem]:
    problems = []
    for n, line in enumerate(text.split("\n")):
        if (m := _BIDI_CONTROLS.search(line)) is not None:
            problems.append(
                Problem(
                    rel,
                    first_line + n,
                    m.start() + 1,
                    "",
                    f"invisible text-direction control character U+{ord(m.group()):04X}",
                    "delete it; it can make text display differently from what it says",
                )
            )
    return problems


def load_yaml_document(path: Path, rel: str) -> tuple[RawDocument | None, list[Problem]]:
    """A pure YAML file (competence category, site config)."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    data, positions, problems = _parse_yaml(text, rel, 1)
    if data is None:
        return None, problems
    return RawDocument(rel, data, positions), problems


def load_markdown_document(
    path: Path, rel: str, *, front_matter_required: bool = True
) -> tuple[RawDocument | None, list[Problem]]:
    """A Markdown file with YAML front matter between ``---`` lines.

    Comment lines (``# …``, such as the ``yaml-language-server`` modeline) may come
    before the opening ``---``.
    """
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    lines = text.split("\n")
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    has_fence = start < len(lines) and _FRONT_MATTER_FENCE.match(lines[start]) is not None
    if not has_fence:
        if not front_matter_required:
            return RawDocument(rel, {}, {(): (1, 1)}, text, 1), _bidi_problems(text, rel, 1)
        return None, [
            Problem(
                rel,
                start + 1,
                1,
                "",
                "the file does not start with front matter",
                "the first line must be '---', followed by the fields, then another '---' line",
            )
        ]
    end = next((i for i in range(start + 1, len(lines)) if _FRONT_MATTER_END.match(lines[i])), None)
    if end is None:
        return None, [
            Problem(
                rel,
                start + 1,
                1,
                "",
                "the front matter is not closed",
                "add a line '---' after the last field, before the description",
            )
        ]
    yaml_text = "\n".join(lines[start + 1 : end])
    data, positions, problems = _parse_yaml(yaml_text, rel, start + 2)
    body = "\n".join(lines[end + 1 :])
    problems += _bidi_problems(body, rel, end + 2)
    if data is None:
        return None, problems
    return RawDocument(rel, data, positions, body, end + 2), problems
