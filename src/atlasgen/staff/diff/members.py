"""The members of ``atlasgen diff``: which members a change touches, and what it does.

Takes the ``Context``; returns the changed members by slug (``Members.pairs``: their
member file, English file and, through the logo a member file names, changed logos,
plus the logo changes no member uses) and, for one member, its ``Section``: added,
removed or renamed, invalid, its field changes (``fields``) and those of its English
version, or that only the formatting changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...content.project import MEMBERS_DIR, slug_of
from ...content.schema import MemberFile, MemberTranslation
from .compare import as_strings, text_or_none
from .context import Context, Section
from .fields import MemberFields
from .git import Change
from .sides import Loaded, Side, base_name, file_kind

__all__ = ["MemberPair", "Members"]


@dataclass
class MemberPair:
    """One member's files at both revisions (paths ``None`` where a file is absent)."""

    old: str | None = None
    new: str | None = None
    old_en: str | None = None
    new_en: str | None = None
    en_changed: bool = False
    file_changed: bool = False


class Members:
    """Finds the changed members and puts each one's changes in words."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.say = ctx.say
        self.fields = MemberFields(ctx)

    # ------------------------------------------------------------------ which members

    def pairs(self) -> tuple[dict[str, MemberPair], list[Change]]:
        """Member slug (at head, else at base) → its files; and unattributed logo changes."""
        pairs: dict[str, MemberPair] = {}
        renamed: dict[str, str] = {}  # slug at base → slug at head
        for c in self.ctx.changed("member"):
            slug = slug_of(c.new or c.old or "")
            pairs[slug] = MemberPair(c.old, c.new, file_changed=True)
            if c.old and c.new:
                renamed[slug_of(c.old)] = slug
        for c in self.ctx.changed("translation"):
            old_slug = slug_of(c.old or "")
            slug = slug_of(c.new) if c.new else renamed.get(old_slug, old_slug)
            pair = self._pair_for(pairs, slug)
            pair.old_en, pair.new_en, pair.en_changed = c.old, c.new, True
        return pairs, self._logo_owners(pairs, renamed)

    def _pair_for(self, pairs: dict[str, MemberPair], slug: str) -> MemberPair:
        """The pair of ``slug``, added with its unchanged member file if it is not there."""
        if slug not in pairs:
            rel = f"{MEMBERS_DIR}/{slug}.md"
            old = rel if self.ctx.base.has(rel) else None
            new = rel if self.ctx.head.has(rel) else None
            pairs[slug] = MemberPair(old, new)
        return pairs[slug]

    def _logo_owners(self, pairs: dict[str, MemberPair], renamed: dict[str, str]) -> list[Change]:
        """Adds the members naming a changed logo file (at either revision) to ``pairs``;
        returns the logo changes no member names."""
        logo_changes = self.ctx.changed("logo")
        names = {base_name(p) for c in logo_changes for p in (c.old, c.new) if p}
        used: set[str] = set()
        for side in (self.ctx.base, self.ctx.head):
            for rel, logo in _logos_named(side, names):
                used.add(logo)
                slug = slug_of(rel)
                self._pair_for(pairs, renamed.get(slug, slug) if side is self.ctx.base else slug)
        return [
            c for c in logo_changes if not any(p and base_name(p) in used for p in (c.old, c.new))
        ]

    # ------------------------------------------------------------------ one member

    def section(self, pair: MemberPair) -> Section:
        """The heading (name and file) and sentences of one member."""
        old = self.ctx.base.load(pair.old, MemberFile)
        new = self.ctx.head.load(pair.new, MemberFile)
        shown = new or old
        lines = self._status(pair, old, new)
        if new is not None and new.errors:
            lines.append(self.say("diff.invalid", where=self.ctx.where(new.errors)))
        if old is not None and new is not None:
            if old.data is None and new.data is not None:
                lines.append(self.say("diff.previously_invalid"))
            elif old.data is not None and new.data is not None:
                lines += self.fields.member(old, new)
        if pair.en_changed and not (new is None and old is not None):  # not when removed
            lines += self._translation(pair)
        if not lines and shown is not None and pair.file_changed:
            lines.append(self.say("diff.formatting_only"))
        return Section(self._title(pair, old, new), lines)

    def _title(self, pair: MemberPair, old: Loaded | None, new: Loaded | None) -> str:
        say = self.say
        name = next(
            (
                n
                for n in (text_or_none(x.data.get("name")) for x in (new, old) if x and x.data)
                if n
            ),
            None,
        )
        file = base_name(pair.new or pair.old or pair.new_en or pair.old_en or "")
        return say.named(name, file) if name else say.escape(file)

    def _status(self, pair: MemberPair, old: Loaded | None, new: Loaded | None) -> list[str]:
        """Added (with its competences and whether it is listed), removed or renamed."""
        say = self.say
        lines: list[str] = []
        if old is None and new is not None:
            lines.append(say("diff.member_added"))
            if new.data is not None:
                competences = as_strings(new.data.get("competences"))
                if competences:
                    items = say.join(self.ctx.competence(c) for c in competences)
                    lines.append(say("diff.member_competences", items=items))
                if str(new.data.get("listed")).lower() == "false":
                    lines.append(say("diff.not_listed"))
        elif new is None and old is not None:
            lines.append(say("diff.member_removed"))
        elif pair.old != pair.new and pair.old and pair.new:
            lines.append(self._renamed(pair.old, pair.new))
        return lines

    def _translation(self, pair: MemberPair) -> list[str]:
        """The sentences for a member's English file."""
        say = self.say
        old = self.ctx.base.load(pair.old_en, MemberTranslation)
        new = self.ctx.head.load(pair.new_en, MemberTranslation)
        if old is None and new is None:
            return []
        if new is None:
            return [say("diff.removed", label=say.label("en_version"))]
        out: list[str] = []
        if old is None:
            out.append(say("diff.added", label=say.label("en_version")))
        elif pair.old_en != pair.new_en and pair.old_en and pair.new_en:
            out.append(self._renamed(pair.old_en, pair.new_en))
        if new.errors:
            out.append(say("diff.en_invalid", where=self.ctx.where(new.errors)))
        if old is None or old.data is None or new.data is None:
            return out
        return out + self.fields.translation(old.data, new.data, old.body, new.body)

    def _renamed(self, old: str, new: str) -> str:
        say = self.say
        return say("diff.renamed", label=say.label("file"), old=base_name(old), new=base_name(new))


def _logos_named(side: Side, names: set[str]) -> list[tuple[str, str]]:
    """(member file, logo) for each member file at ``side`` naming one of ``names``."""
    candidates = [
        rel
        for rel in side.git.files_containing(side.commit, names, MEMBERS_DIR)
        if file_kind(rel) == "member"
    ]
    side.fetch(candidates)
    found: list[tuple[str, str]] = []
    for rel in candidates:
        loaded = side.load(rel, MemberFile)
        logo = loaded.data.get("logo") if loaded and loaded.data else None
        if isinstance(logo, str) and logo in names:
            found.append((rel, logo))
    return found
