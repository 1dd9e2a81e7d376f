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

The messages come from the catalogue (``load.*``) in the language in use; what the YAML
reader reports is translated where the catalogue knows its words (``_YAML_WORDS``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from ..common.i18n import t
from .problems import Problem

__all__ = [
    "MAX_FILE_BYTES",
    "FrontMatterSpan",
    "Mark",
    "Position",
    "RawDocument",
    "ValueSpan",
    "YamlLayout",
    "find_position",
    "front_matter_span",
    "load_markdown_document",
    "load_yaml_document",
    "read_text",
    "yaml_layout",
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
    _STANDARD_TAG + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
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


def _grouped(n: int) -> str:
    """``1,000,000`` in English, ``1.000.000`` in German."""
    return f"{n:,}".replace(",", t("load.digit_group_mark"))


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The file's text as UTF-8 with ``\\n`` line ends, or ``None`` and the problem."""

    def fail(message: str, hint: str = "", pos: Position = (1, 1)) -> tuple[None, list[Problem]]:
        return None, [Problem(rel, pos[0], pos[1], "", message, hint)]

    if path.is_symlink():
        return fail(t("load.symlink"), t("load.symlink_hint"))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(
                t("load.too_large", size=_grouped(size), limit=_grouped(MAX_FILE_BYTES)),
                t("load.too_large_hint"),
            )
        raw = path.read_bytes()
    except OSError as exc:
        return fail(t("load.unreadable", error=exc.strerror), t("load.unreadable_hint"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail(t("load.utf16"), t("load.utf16_hint"))
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail(
            t("load.not_utf8", byte=f"{raw[exc.start]:02x}"),
            t("load.not_utf8_hint"),
            _line_of_offset(raw, exc.start),
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_SEQUENCE, _MAPPING = yaml.SequenceStartEvent, yaml.MappingStartEvent
_STARTS = (_SEQUENCE, _MAPPING)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODES = (_SCALAR, _ALIAS, _SEQUENCE, _MAPPING)


class _Builder:
    """Builds plain values and a position map from PyYAML's event stream.

    Events, not composed nodes: no resolver runs (so nothing is converted), aliases
    are seen where they are written, and nesting depth costs no recursion. This
    runs once per event of every content file, so it dispatches on the event class.
    """

    def __init__(self, rel: str, line_offset: int) -> None:
        self.rel = rel
        self.line_offset = line_offset
        self.positions: dict[KeyPath, Position] = {}
        self.problems: list[Problem] = []
        self.stack: list[list[Any]] = []
        """Open collections as [value, path, pending key (mappings; None: a key comes next)]."""
        self.skip = 0
        """Depth of a subtree being skipped (a duplicate key's value, a complex key)."""
        self.skip_value = False
        """The next node is the value of a rejected key."""
        self.key_pos: Position = (1, 1)
        self.root: Any = None

    def pos(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        return (mark.line + self.line_offset, mark.column + 1) if mark else (self.line_offset, 1)

    def problem(self, event: yaml.Event, path: KeyPath, message: str, hint: str = "") -> None:
        line, col = self.pos(event)
        self.problems.append(Problem(self.rel, line, col, dotted(path), message, hint))

    def feed(self, event: Any) -> None:
        cls = event.__class__
        if self.skip:
            self.skip += 1 if cls in _STARTS else -1 if cls in _ENDS else 0
        elif cls in _ENDS:
            self.stack.pop()
        elif cls in _NODES:
            if self.skip_value:  # the value of a rejected key
                self.skip_value = False
                self.skip = 1 if cls in _STARTS else 0
            elif self.stack and self.stack[-1][2] is None and type(self.stack[-1][0]) is dict:
                self.key(self.stack[-1], event)
            else:
                self.node(event)

    def key(self, frame: list[Any], event: Any) -> None:
        mapping, path, _ = frame
        if event.__class__ is not _SCALAR or event.tag is not None:
            self.problem(event, path, t("load.plain_keys"), t("load.plain_keys_hint"))
            self.skip = 1 if event.__class__ in _STARTS else 0
            self.skip_value = True
        elif event.value in mapping:
            first = self.positions.get((*path, event.value), (0, 0))[0]
            self.problem(
                event,
                (*path, event.value),
                t("load.duplicate_key", key=event.value, first=first),
                t("load.duplicate_key_hint"),
            )
            self.skip_value = True
        else:
            frame[2] = event.value
            self.key_pos = self.pos(event)

    def node(self, event: Any) -> None:
        cls = event.__class__
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            path: KeyPath = ()
        elif frame[2] is not None:
            path = (*frame[1], frame[2])
        else:
            path = (*frame[1], len(frame[0]))
        mark = event.start_mark
        in_mapping_collection = frame is not None and frame[2] is not None and cls in _STARTS
        self.positions[path] = (
            self.key_pos
            if in_mapping_collection
            else (mark.line + self.line_offset, mark.column + 1)
        )
        value = self.value(event, path)
        if frame is None:
            self.root = value
        elif frame[2] is not None:
            frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)
        if cls in _STARTS and value is not None:
            self.stack.append([value, path, None])

    def value(self, event: Any, path: KeyPath) -> Any:
        cls = event.__class__
        if cls is _ALIAS:
            self.problem(event, path, t("load.alias"), t("load.alias_hint"))
            return None
        tag = event.tag
        if tag is not None and tag not in _KNOWN_TAGS and tag != "!":
            self.problem(event, path, t("load.tag", tag=tag), t("load.tag_hint"))
            self.skip = 1 if cls in _STARTS else 0
            return None
        if cls is _SCALAR:
            plain = not event.style and tag is None  # the C parser says '' for plain
            return None if plain and event.value in _NULLS else event.value
        return {} if cls is _MAPPING else []


def dotted(path: KeyPath) -> str:
    """``("contacts", 0, "email")`` → ``contacts[0].email``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _parse_yaml(
    text: str, rel: str, line_offset: int, builder: _Builder | None = None
) -> tuple[Any, dict[KeyPath, Position], list[Problem]]:
    """``line_offset`` is the file line of the text's first line; ``builder`` (by default a
    new ``_Builder``) is fed the events."""
    if builder is None:
        builder = _Builder(rel, line_offset)
    documents = 0
    try:
        loader = _Loader(text)
        while (event := loader.get_event()) is not None:
            if event.__class__ is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    builder.problem(
                        event, (), t("load.two_documents"), t("load.two_documents_hint")
                    )
                    break
            else:
                builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        at_end = exc.context_mark is not None and "end of stream" in str(exc.problem)
        mark = exc.context_mark if at_end else (exc.problem_mark or exc.context_mark)
        line, col = (mark.line + line_offset, mark.column + 1) if mark else (line_offset, 1)
        lines = text.split("\n")
        bad_line = lines[line - line_offset] if 0 <= line - line_offset < len(lines) else ""
        hint = t("load.yaml_tabs_hint") if "\t" in bad_line else t("load.yaml_hint")
        message = t("load.invalid_yaml", detail=_yaml_detail(exc.context, exc.problem))
        return None, {}, [Problem(rel, line, col, "", message, hint)]
    except RecursionError as exc:
        message = t("load.invalid_yaml", detail=str(exc))
        return None, {}, [Problem(rel, line_offset, 1, "", message, t("load.yaml_too_deep_hint"))]
    except (yaml.YAMLError, ValueError, MemoryError) as exc:
        message = t("load.invalid_yaml", detail=str(exc))
        return None, {}, [Problem(rel, line_offset, 1, "", message, t("load.yaml_hint"))]
    if documents == 0 or (builder.root is None and not builder.problems):
        return {}, {(): (line_offset, 1)}, []
    return builder.root, builder.positions, builder.problems


_YAML_WORDS = {
    "while scanning a simple key": "load.yaml_context_simple_key",
    "while scanning a quoted scalar": "load.yaml_context_quoted",
    "while parsing a quoted scalar": "load.yaml_context_quoted_parse",
    "while scanning for the next token": "load.yaml_context_token",
    "while parsing a block mapping": "load.yaml_context_block_mapping",
    "while parsing a block collection": "load.yaml_context_block_collection",
    "while parsing a flow sequence": "load.yaml_context_flow_sequence",
    "while parsing a flow mapping": "load.yaml_context_flow_mapping",
    "while scanning a block scalar": "load.yaml_context_block_scalar",
    "while scanning a plain scalar": "load.yaml_context_plain_scalar",
    "while scanning an anchor": "load.yaml_context_anchor",
    "while scanning an alias": "load.yaml_context_alias",
    "while scanning a tag": "load.yaml_context_tag",
    "while parsing a node": "load.yaml_context_node",
    "while parsing a block node": "load.yaml_context_block_node",
    "while parsing a flow node": "load.yaml_context_flow_node",
    "found unexpected end of stream": "load.yaml_problem_end_of_stream",
    "found character that cannot start any token": "load.yaml_problem_bad_character",
    "could not find expected ':'": "load.yaml_problem_no_colon",
    "mapping values are not allowed in this context": "load.yaml_problem_mapping_value",
    "mapping values are not allowed here": "load.yaml_problem_mapping_value",
    "block sequence entries are not allowed in this context": ("load.yaml_problem_sequence_entry"),
    "block sequence entries are not allowed here": "load.yaml_problem_sequence_entry",
    "found unknown escape character": "load.yaml_problem_escape",
    "did not find expected <document start>": "load.yaml_problem_document_start",
    "did not find expected key": "load.yaml_problem_key",
    "did not find expected '-' indicator": "load.yaml_problem_dash",
    "did not find expected ',' or ']'": "load.yaml_problem_flow_sequence",
    "did not find expected ',' or '}'": "load.yaml_problem_flow_mapping",
    "did not find expected node content": "load.yaml_problem_node",
    "found a tab character that violates indentation": "load.yaml_problem_tab",
    "found a tab character where an indentation space is expected": (
        "load.yaml_problem_tab_indent"
    ),
    "did not find expected alphabetic or numeric character": "load.yaml_problem_name",
    "did not find expected comment or line break": "load.yaml_problem_line_break",
    "found undefined tag handle": "load.yaml_problem_tag_handle",
}
"""What the YAML reader (libyaml, or PyYAML's own reader) reports → the catalogue key of
its words (English: the reader's words; German: a translation). Others stay as the
reader wrote them."""


def _yaml_words(text: str | None) -> str:
    if not text:
        return ""
    key = _YAML_WORDS.get(str(text))
    return t(key) if key is not None else str(text)


def _yaml_detail(context: str | None, problem: str | None) -> str:
    """``while scanning a quoted scalar found unexpected end of stream`` (English) or
    ``in einem Text in Anführungszeichen: die Datei endet …`` (German)."""
    words = [_yaml_words(context), _yaml_words(problem)]
    if all(words):
        return t("load.yaml_detail", context=words[0], problem=words[1])
    return words[0] or words[1]


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
                    t("load.bidi", code=f"{ord(m.group()):04X}"),
                    t("load.bidi_hint"),
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


@dataclass(frozen=True)
class FrontMatterSpan:
    """Where the front matter is in a Markdown file's lines (indexes from 0)."""

    start: int
    """The opening ``---`` line; without one, the first line that is not a comment."""
    end: int | None
    """The closing ``---`` (or ``...``) line; ``None`` when the front matter is not closed."""
    fenced: bool
    """Whether line ``start`` opens front matter."""


def front_matter_span(lines: Sequence[str]) -> FrontMatterSpan:
    """Where the front matter of a Markdown text (its ``lines``, split at ``\\n``) is.

    Comment lines (``# …``, such as the ``yaml-language-server`` modeline) may come
    before the opening ``---``; the YAML is the lines between ``start`` and ``end``, the
    body the lines after ``end``. The one place that splits front matter from body.
    """
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    if start >= len(lines) or _FRONT_MATTER_FENCE.match(lines[start]) is None:
        return FrontMatterSpan(start, None, fenced=False)
    ends = (i for i in range(start + 1, len(lines)) if _FRONT_MATTER_END.match(lines[i]))
    return FrontMatterSpan(start, next(ends, None), fenced=True)


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
    span = front_matter_span(lines)
    start, end = span.start, span.end
    if not span.fenced:
        if not front_matter_required:
            return RawDocument(rel, {}, {(): (1, 1)}, text, 1), _bidi_problems(text, rel, 1)
        return None, [
            Problem(
                rel,
                start + 1,
                1,
                "",
                t("load.no_front_matter"),
                t("load.no_front_matter_hint"),
            )
        ]
    if end is None:
        return None, [
            Problem(
                rel,
                start + 1,
                1,
                "",
                t("load.front_matter_not_closed"),
                t("load.front_matter_not_closed_hint"),
            )
        ]
    yaml_text = "\n".join(lines[start + 1 : end])
    data, positions, problems = _parse_yaml(yaml_text, rel, start + 2)
    body = "\n".join(lines[end + 1 :])
    problems += _bidi_problems(body, rel, end + 2)
    if data is None:
        return None, problems
    return RawDocument(rel, data, positions, body, end + 2), problems


# --------------------------------------------------------------- layout (for editors)

Mark = tuple[int, int]
"""(line, column) in a YAML text as PyYAML counts them, both from 0."""


@dataclass(frozen=True)
class ValueSpan:
    """Where one YAML value is written in its text."""

    kind: Literal["scalar", "map", "seq"]
    start: Mark
    end: Mark
    """Just after the value's last character (a block collection: after its last item's)."""
    key: Mark | None
    """Where the key of a mapping's value starts; ``None`` for the root and list items."""
    flow: bool = False
    """A collection written as ``[…]`` or ``{…}``."""
    style: str = ""
    """A scalar's quoting: '' (plain), ``'``, ``"``, ``|`` or ``>``."""


@dataclass(frozen=True)
class YamlLayout:
    """A YAML text's values, as ``load`` reads them, and where each one is written."""

    data: Any
    spans: dict[KeyPath, ValueSpan]
    """By key path, in the order the values start in the text (the root is ``()``)."""


class _SpanBuilder(_Builder):
    """A ``_Builder`` that also records the ``ValueSpan`` of every value."""

    def __init__(self, text: str) -> None:
        super().__init__("", 1)
        self.lines = text.split("\n")
        self.spans: dict[KeyPath, ValueSpan] = {}
        self.key_mark: Mark | None = None
        self.open: list[list[Any]] = []
        """Open collections (parallel to ``stack``) as [path, span so far, last item's end]."""

    def feed(self, event: Any) -> None:
        closes = not self.skip and event.__class__ in _ENDS
        super().feed(event)
        if closes:
            path, span, last = self.open.pop()
            end = _mark(event.end_mark) if span.flow else last
            self.record(path, ValueSpan(span.kind, span.start, end, span.key, span.flow))

    def key(self, frame: list[Any], event: Any) -> None:
        self.key_mark = _mark(event.start_mark)
        super().key(frame, event)

    def value(self, event: Any, path: KeyPath) -> Any:
        frame = self.stack[-1] if self.stack else None
        key = self.key_mark if frame is not None and frame[2] is not None else None
        value = super().value(event, path)
        cls, start = event.__class__, _mark(event.start_mark)
        if cls is _SCALAR:
            end = _mark(event.end_mark)
            if end[1] == 0 and end[0] > start[0]:  # a block scalar ends on the next line
                end = (end[0] - 1, len(self.lines[end[0] - 1]))
            self.record(path, ValueSpan("scalar", start, end, key, style=event.style or ""))
        elif cls in _STARTS and value is not None:
            kind: Literal["map", "seq"] = "map" if cls is _MAPPING else "seq"
            span = ValueSpan(kind, start, start, key, bool(event.flow_style))
            self.spans[path] = span  # keeps its place in the order; completed at its end
            self.open.append([path, span, start])
        return value

    def record(self, path: KeyPath, span: ValueSpan) -> None:
        self.spans[path] = span
        if self.open:
            self.open[-1][2] = span.end


def _mark(mark: Any) -> Mark:
    return (mark.line, mark.column)


def yaml_layout(text: str) -> YamlLayout | None:
    """The values of a YAML ``text`` as ``load`` reads them and where each is written (for
    editing the text in place); ``None`` when ``load`` would report a problem with it."""
    builder = _SpanBuilder(text)
    data, _, problems = _parse_yaml(text, "", 1, builder)
    if data is None or problems:
        return None
    return YamlLayout(data, builder.spans)
