"""Member Markdown → safe HTML.

Python-Markdown does not sanitize (raw HTML, ``javascript:`` links and, with
``attr_list``, event handlers pass through), so its output goes through nh3 (the
Ammonia sanitizer) with a small allowlist: text structure and links only; URLs
only http, https and mailto; external links get ``rel="nofollow ugc noopener"``.
Headings are renumbered first so that the page's own ``h1`` stays the only one
and no heading skips a level (the Nu Html Checker counts that as an error).
Template syntax such as ``{{ 7*7 }}`` is plain text here and is never given to
Jinja.

The authors' notes (HTML comments) are already gone: ``content.comments.public_markdown``
removes them when a member is linked.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping

import markdown
import nh3

__all__ = ["ALLOWED_TAGS", "Descriptions", "render_markdown", "text_key"]

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "li", "ol", "p", "pre", "strong", "ul",
    }
)  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
_SCHEMES = frozenset({"http", "https", "mailto"})
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_MARKDOWN = markdown.Markdown(extensions=["sane_lists"], output_format="html")


def _shift_headings(html: str) -> str:
    """Headings below the page's h1 without skipping a level.

    Each distinct level keeps its rank (the highest becomes h2, the next h3 …), and no
    heading goes more than one level below the one before it, so ``# A`` / ``### B``
    becomes h2 / h3 and a text starting with ``###`` starts at h2.
    """
    levels = sorted({int(m[2]) for m in _HEADING.finditer(html) if not m[1]})
    rank = {level: min(2 + i, 6) for i, level in enumerate(levels)}
    previous, stack = 1, list[int]()

    def replace(m: re.Match[str]) -> str:
        nonlocal previous
        if m[1]:  # closing tag: the level its opening tag got
            return f"</h{stack.pop() if stack else min(int(m[2]) + 1, 6)}"
        level = min(rank[int(m[2])], previous + 1)
        previous = level
        stack.append(level)
        return f"<h{level}"

    return _HEADING.sub(replace, html)


def text_key(text: str) -> str:
    """The key of a text in the build cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_markdown(text: str) -> str:
    """Sanitized HTML of a member's Markdown text ('' for empty text).

    Remembered for the last texts: a German description appears on the German and, as
    fallback, the English profile, which are rendered one after the other.
    """
    if not text.strip():
        return ""
    return _render(text)


class Descriptions:
    """The HTML of the descriptions of one build, by ``text_key``: what the build cache
    knew and what this build rendered ahead of the pages (over all cores); a text not
    among them is rendered when asked for (``atlasgen serve``, which renders pages on
    request)."""

    def __init__(self, known: Mapping[str, str] | None = None) -> None:
        self.known: dict[str, str] = dict(known or {})

    def html(self, text: str) -> str:
        """Sanitized HTML of ``text``, as ``render_markdown`` gives it."""
        if not text.strip():
            return ""
        found = self.known.get(text_key(text))
        return found if found is not None else _render(text)


@functools.lru_cache(maxsize=1024)
def _render(text: str) -> str:
    _MARKDOWN.reset()
    html = _shift_headings(_MARKDOWN.convert(text))
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        url_schemes=set(_SCHEMES),
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    ).strip()
