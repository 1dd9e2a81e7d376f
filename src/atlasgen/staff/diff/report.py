"""``atlasgen diff`` put together: both revisions compared, the sections rendered.

Takes the project folder, the two revisions, the output format and language (default:
the language in use, ``common.i18n``); returns the whole text (``semantic_diff``): a
title with both short commit ids, then one section per changed member (sorted by slug),
the taxonomy section and the other changes, as indented text or as Markdown
(``## title``, ``### section``, one list item per sentence).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ...common import i18n
from .context import Context, Section
from .git import Change, Git
from .members import Members
from .others import other_lines
from .sentences import Format, Lang, Say
from .sides import Side
from .taxonomy import taxonomy_lines

__all__ = ["semantic_diff"]


def semantic_diff(
    project: Path,
    base: str | None = None,
    head: str | None = None,
    *,
    fmt: Format = "text",
    lang: Lang | None = None,
) -> str:
    """What changed in the content of ``project`` from ``base`` to ``head``, in words.

    ``head`` defaults to the commit ``HEAD`` (uncommitted changes are not included),
    ``base`` to the merge base of ``head`` with main, origin/main or master. Raises
    ``DiffError`` when the diff cannot be computed. ``lang`` (``de`` or ``en``) is the
    language of the sentences and of the messages in them (problems, errors); default: the
    language in use (``i18n.current()``).
    """
    if lang is None:
        return _diff(project, base, head, fmt)
    previous = i18n.current()
    i18n.use(lang)
    try:
        return _diff(project, base, head, fmt)
    finally:
        i18n.use(previous)


def _diff(project: Path, base: str | None, head: str | None, fmt: Format) -> str:
    git = Git(project)
    head_name = head or "HEAD"
    head_sha = git.require_commit(head_name)
    base_sha = git.require_commit(base) if base else git.default_base(head_sha, head_name)
    say = Say(fmt)
    changes = git.changes(base_sha, head_sha)
    with tempfile.TemporaryDirectory(prefix="atlasgen-diff-") as scratch:
        base_side = Side(git, base_sha, Path(scratch, "base"))
        head_side = Side(git, head_sha, Path(scratch, "head"))
        sections = _sections(say, base_side, head_side, changes)
    title = say("diff.title", base=git.short(base_sha), head=git.short(head_sha))
    return _render(title, sections, say)


def _sections(say: Say, base: Side, head: Side, changes: list[Change]) -> list[Section]:
    """The members with something to say, then the taxonomy, then the other changes."""
    ctx = Context(say, base, head, changes)
    members = Members(ctx)
    pairs, unused_logos = members.pairs()
    for side, paths in (
        (base, [p for pair in pairs.values() for p in (pair.old, pair.old_en)]),
        (head, [p for pair in pairs.values() for p in (pair.new, pair.new_en)]),
    ):
        side.fetch(paths)  # all at once: one git cat-file per side
    sections = [members.section(pairs[slug]) for slug in sorted(pairs)]
    sections = [s for s in sections if s.lines]
    taxonomy = taxonomy_lines(ctx)
    if taxonomy:
        sections.append(Section(say("diff.section_taxonomy"), taxonomy))
    others = other_lines(ctx, unused_logos)
    if others:
        sections.append(Section(say("diff.section_other"), others))
    return sections


def _render(title: str, sections: list[Section], say: Say) -> str:
    if say.fmt == "markdown":
        lines = [f"## {title}", ""]
        if not sections:
            lines += [say("diff.nothing"), ""]
        for section in sections:
            lines += [f"### {section.title}", "", *(f"- {line}" for line in section.lines), ""]
    else:
        lines = [title, ""]
        if not sections:
            lines += [say("diff.nothing"), ""]
        for section in sections:
            lines += [section.title, *(f"  - {line}" for line in section.lines), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
