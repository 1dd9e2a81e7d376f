"""The "Other changes" section of ``atlasgen diff``: settings, pages, logos, the rest.

Takes the ``Context`` and the logo changes no member uses; returns, in the order of
the changed files, a sentence for ``atlas.yaml`` (which settings changed, to two
levels) and for each free page (added, removed, renamed or changed, by its title),
then one for each unused logo file, then how many other files changed, naming the
first few.
"""

from __future__ import annotations

from ...content.project import CONFIG_FILE
from ...content.schema import PageFile, SiteConfig
from .compare import changed_paths, text_or_none
from .context import Context
from .git import Change
from .sentences import Raw, Say
from .sides import base_name, file_kind

__all__ = ["MAX_NAMED_OTHER_FILES", "other_lines"]

MAX_NAMED_OTHER_FILES = 5
"""'Other files' names this many files, then '…'."""


def other_lines(ctx: Context, unused_logos: list[Change]) -> list[str]:
    """The sentences of the "Other changes" section."""
    out: list[str] = []
    for c in ctx.changes:
        kind = file_kind(c.new or c.old or "")
        if kind == "config":
            out += _config(ctx, c)
        elif kind == "page":
            out += _page(ctx, c)
    out += _unused_logos(ctx.say, unused_logos)
    others = [c.new or c.old or "" for c in ctx.changed("other")]
    if others:
        out.append(_other_files(ctx.say, others))
    return out


def _config(ctx: Context, c: Change) -> list[str]:
    say = ctx.say
    old = ctx.base.load(c.old, SiteConfig, markdown=False)
    new = ctx.head.load(c.new, SiteConfig, markdown=False)
    if new is None:
        return [say("diff.config_removed")]
    if new.errors:
        return [say("diff.file_invalid", file=CONFIG_FILE, where=ctx.where(new.errors))]
    if old is None:
        return [say("diff.config_added")]
    fields = changed_paths(old.data or {}, new.data, 2)
    if not fields:
        return [say("diff.config_formatting")]
    return [say("diff.config_changed", fields=", ".join(fields))]


def _page(ctx: Context, c: Change) -> list[str]:
    say = ctx.say
    old = ctx.base.load(c.old, PageFile)
    new = ctx.head.load(c.new, PageFile)
    if new is not None and new.errors and c.new:
        return [say("diff.file_invalid", file=c.new, where=ctx.where(new.errors))]
    title = next(
        (t for t in (text_or_none(x.data.get("title")) for x in (new, old) if x and x.data) if t),
        None,
    )
    page_label = say.label("page")
    if c.status == "R" and c.old and c.new:
        return [say("diff.renamed", label=page_label, old=base_name(c.old), new=base_name(c.new))]
    file = base_name(c.new or c.old or "")
    what = say.named(title, file) if title else say.escape(file)
    key = {"A": "diff.item_added", "D": "diff.item_removed"}.get(c.status, "diff.item_changed")
    return [say(key, label=page_label, item=what)]


def _unused_logos(say: Say, unused_logos: list[Change]) -> list[str]:
    out: list[str] = []
    unused = say.label("unused_logo")
    for c in unused_logos:
        if c.status == "R" and c.old and c.new:
            out.append(
                say("diff.renamed", label=unused, old=base_name(c.old), new=base_name(c.new))
            )
        else:
            key = {"A": "diff.item_added", "D": "diff.item_removed"}.get(
                c.status, "diff.item_changed"
            )
            out.append(say(key, label=unused, item=base_name(c.new or c.old or "")))
    return out


def _other_files(say: Say, others: list[str]) -> str:
    names = others[:MAX_NAMED_OTHER_FILES]
    files = say.join(names)
    if len(others) > len(names):
        files = Raw(files + ", …")
    return say("diff.other_files", n=len(others), files=files)
