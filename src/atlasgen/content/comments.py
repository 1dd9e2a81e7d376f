"""The authors' notes in Markdown, which are never published.

HTML comments are the authors' internal notes: ``public_markdown`` takes a Markdown text
and returns it without them (and without ``[//]: # (note)`` comment lines). The linking
stage applies it to every description before anything publishes it: the profile, the
open data (which carries the Markdown source) and the search index.
"""

from __future__ import annotations

import re

__all__ = ["public_markdown"]

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_COMMENT_LINE = re.compile(
    r"""^ {0,3}\[[^\]\n]*\]:[ \t]*(?:#|<#>)(?:[ \t]+(?:\(.*\)|".*"|'.*'))?[ \t]*(?:\n|\Z)""",
    re.M,
)


def public_markdown(text: str) -> str:
    """``text`` without its authors' notes: HTML comments (one left open runs to the end,
    as in a browser; comments inside code go too) and link reference definitions to
    ``#``, the Markdown comment idiom ``[//]: # (note)``."""
    return _COMMENT_LINE.sub("", _COMMENT.sub("", text))
