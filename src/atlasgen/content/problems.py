"""Problems found in content: located, collected, never raised one by one.

Every stage that looks at content returns ``Problem`` objects instead of raising.
``format_problems`` prints them for people (``path:line:col: field: message``),
for GitHub workflow annotations, or as JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from ..common.i18n import t

__all__ = [
    "Problem",
    "Severity",
    "format_problems",
    "markdown_literal",
    "plural",
    "summary_line",
    "visible",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at the line and column where it was written.

    ``path`` is relative to the project folder and uses ``/``; ``line`` and ``column``
    count from 1. ``field`` is the dotted key path (``contacts[0].email``) or ``""``
    when the problem concerns the whole file.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def as_error(self) -> Problem:
        return Problem(self.path, self.line, self.column, self.field, self.message, self.hint)


def plural(n: int, word: str) -> str:
    """``1 problem``, ``2 problems``, ``3 categories``."""
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def summary_line(problems: Iterable[Problem], *, warnings: bool = False) -> str:
    """``3 problems in 2 files`` (errors only); with ``warnings``, ``, 4 warnings`` when
    there are any."""
    problems = list(problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    files = {p.path for p in errors}
    line = t(
        "problems.summary",
        problems=t("problems.problems", n=len(errors)),
        files=t("problems.files", n=len(files)),
    )
    count = sum(1 for p in problems if p.severity is Severity.WARNING)
    if warnings and count:
        line = t("problems.summary_warnings", summary=line, warnings=warning_count(count))
    return line


def warning_count(n: int) -> str:
    """``4 warnings``, ``4 Hinweise``."""
    return t("problems.warning_count", n=n)


_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str) -> str:
    """``text`` with control and invisible characters written out (``\\t``, ``\\u202E``).

    Messages quote what the author wrote: a line break in it would break the
    ``path:line:col: field: message`` line, an escape sequence would reach the
    terminal, a bidi override would reorder the message itself.
    """
    return _INVISIBLE.sub(lambda m: _SHORT_ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04X}", text)


def _visible_problem(p: Problem) -> Problem:
    return Problem(
        visible(p.path),
        p.line,
        p.column,
        visible(p.field),
        visible(p.message),
        visible(p.hint),
        p.severity,
    )


def _text(problems: list[Problem], notes: list[str]) -> str:
    problems = [_visible_problem(p) for p in problems]
    lines: list[str] = []
    for severity, title in ((Severity.ERROR, ""), (Severity.WARNING, t("problems.warnings"))):
        group = [p for p in problems if p.severity is severity]
        if not group:
            continue
        if title:
            if lines:
                lines.append("")
            lines.append(title)
        for p in group:
            where = f"{p.path}:{p.line}:{p.column}:"
            field = f" {p.field}:" if p.field else ""
            prefix = f" {t('problems.warning')}:" if severity is Severity.WARNING else ""
            lines.append(f"{where}{prefix}{field} {p.message}")
            if p.hint:
                lines.append(f"    {t('problems.hint')}: {p.hint}")
    if lines:
        lines.append("")
    lines += notes
    lines.append(summary_line(problems, warnings=True))
    return "\n".join(lines)


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def _github(problems: list[Problem], notes: list[str]) -> str:
    lines = []
    for p in map(_visible_problem, problems):
        message = f"{p.field}: {p.message}" if p.field else p.message
        if p.hint:
            message += f"\n{t('problems.github_hint')}: {p.hint}"
        props = ",".join(
            [
                f"file={_github_escape(p.path, prop=True)}",
                f"line={p.line}",
                f"col={p.column}",
                f"title={_github_escape(p.field or t('problems.github_file'), prop=True)}",
            ]
        )
        lines.append(f"::{p.severity.value} {props}::{_github_escape(message)}")
    lines += [f"::notice::{_github_escape(visible(note))}" for note in notes]
    lines.append(summary_line(problems))
    return "\n".join(lines)


def _json(problems: list[Problem], notes: list[str]) -> str:
    return json.dumps(
        {
            "problems": [asdict(p) for p in problems],
            "errors": sum(1 for p in problems if p.severity is Severity.ERROR),
            "warnings": sum(1 for p in problems if p.severity is Severity.WARNING),
            **({"notes": notes} if notes else {}),
        },
        ensure_ascii=False,
        indent=2,
    )


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_~\[\]<>&!#|@$]|:(?=\S)|(?i:(?<=www)\.)")
"""What starts Markdown or GitHub syntax inside a line: emphasis, code, links, images,
HTML and entities, headings' closing #, table cells, mentions, math, ``:emoji:`` and
``scheme:`` (a colon before a non-space), ``www.`` autolinks."""
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_literal(text: str) -> str:
    """``text`` shown as it is in GitHub Markdown, inside a line (a table cell, a list item,
    a heading): a backslash before each character that could start Markdown syntax
    (CommonMark shows an escaped ASCII punctuation character as it is), ``& < >`` as HTML
    entities, which every Markdown dialect understands. Line-start syntax cannot occur
    where the text goes, so it is left alone. Content quoted in a job summary never
    becomes a link, an image, HTML, a mention or a new table column."""
    return _MARKDOWN_SPECIAL.sub(lambda m: _HTML_ENTITIES.get(m[0]) or "\\" + m[0], text)


def _markdown(problems: list[Problem], notes: list[str]) -> str:
    """For a pull request's job summary (``$GITHUB_STEP_SUMMARY``): every problem, where
    workflow annotations stop at ten per step."""
    problems = [_visible_problem(p) for p in problems]
    lines = [f"### {t('problems.markdown_title')}", "", summary_line(problems, warnings=True)]
    lines += [item for note in notes for item in ("", markdown_literal(visible(note)))]
    if problems:
        lines += ["", t("problems.markdown_columns"), "|---|---|---|---|---|---|"]
    for p in problems:
        error = p.severity is Severity.ERROR
        mark = t("problems.markdown_error" if error else "problems.markdown_warning")
        cells = [
            mark,
            markdown_literal(p.path),
            f"{p.line}:{p.column}",
            markdown_literal(p.field) or " ",
            markdown_literal(p.message),
            markdown_literal(p.hint) or " ",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


FORMATS = {"text": _text, "github": _github, "json": _json, "markdown": _markdown}


def format_problems(
    problems: Iterable[Problem], fmt: str = "text", notes: Iterable[str] = ()
) -> str:
    """All problems, sorted by file and line: errors first, then warnings; ``notes`` (what
    was left out, in one line each) before the summary."""
    ordered = sorted(problems, key=lambda p: (p.severity is Severity.WARNING, p))
    return FORMATS[fmt](ordered, list(notes))
