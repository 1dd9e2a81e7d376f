"""The sentences for a member's changed fields and texts, for ``atlasgen diff``.

Takes a member file (or its English version) loaded at both revisions, both valid
enough to have data; returns one sentence per change, field by field in the order
of ``MemberFile`` (unknown fields after, sorted), then the description. A field
with a sentence of its own (name, contact data, lists, offers, logo …) is put in
words; any other change says which field changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...content.model import OFFER_KINDS
from ...content.project import LOGOS_DIR
from ...content.schema import MemberFile
from .compare import as_keyed, as_mapping, as_strings, norm, ordered, paragraph_counts
from .context import Context
from .sentences import LABELS, SOCIAL_NAMES, Raw
from .sides import Loaded

__all__ = ["MemberFields"]


class MemberFields:
    """Puts the changes of one member's fields in words."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.say = ctx.say

    def member(self, old: Loaded, new: Loaded) -> list[str]:
        """The changes of a member file: its fields, then its description."""
        a, b = old.data or {}, new.data or {}
        keys = [
            *MemberFile.model_fields,
            *sorted((a.keys() | b.keys()) - MemberFile.model_fields.keys()),
        ]
        out: list[str] = []
        for key in keys:
            va, vb = norm(a.get(key)), norm(b.get(key))
            if key == "logo":
                lines = self._logo(va, vb)
                out += self._generic(key, va, vb) if lines is None else lines
                continue
            if key == "listed":  # true when absent; case does not matter
                va = "true" if va is None else va.lower() if isinstance(va, str) else va
                vb = "true" if vb is None else vb.lower() if isinstance(vb, str) else vb
            if va == vb:
                continue
            out += self._field(key, va, vb) or self._generic(key, va, vb)
        return out + self._body("diff.description", old.body, new.body)

    def translation(self, a: dict[str, Any], b: dict[str, Any], old: str, new: str) -> list[str]:
        """The changes of an English file: its fields ``a`` → ``b``, then its description
        ``old`` → ``new``."""
        out: list[str] = []
        for key in [*a, *(k for k in b if k not in a)]:
            va, vb = norm(a.get(key)), norm(b.get(key))
            if va == vb:
                continue
            if key == "tagline":
                out += self._scalar_label("en_tagline", va, vb)
            else:
                out.append(self.say("diff.en_field_changed", field=key))
        return out + self._body("diff.en_description", old, new)

    # ------------------------------------------------------------------ one field

    def _field(self, key: str, old: Any, new: Any) -> list[str] | None:
        """The sentences for one changed field; ``None``: say it generically."""
        say = self.say
        if key == "name":
            if isinstance(old, str) and isinstance(new, str):
                return [say("diff.name_changed", old=old, new=new)]
            return None
        if key in ("tagline", "website", "email", "phone", "address"):
            return self._scalar_label(key, old, new)
        if key in ("type", "founded", "employees", "last_verified"):
            return self._value_label(key, old, new)
        if key == "listed":
            flags = (str(old).lower(), str(new).lower())
            if flags == ("true", "false"):
                return [say("diff.unlisted")]
            if flags == ("false", "true"):
                return [say("diff.relisted")]
            return None
        return self._list_field(key, old, new)

    def _list_field(self, key: str, old: Any, new: Any) -> list[str] | None:
        """The sentences for a changed list or mapping; ``None``: say it generically."""
        say = self.say
        if key == "competences":
            a, b = as_strings(old), as_strings(new)
            if a is None or b is None:
                return None
            out = self._items("competence", a, b, self.ctx.competence)
            return out or [say("diff.order_competences")]
        if key == "needs":
            na, nb = as_keyed(old, "competence"), as_keyed(new, "competence")
            if na is None or nb is None:
                return None
            return self._keyed_items("need", na, nb, self.ctx.competence)
        if key in ("industries", "certifications", "languages"):
            a, b = as_strings(old), as_strings(new)
            if a is None or b is None:
                return None
            return self._items(key, a, b, str)
        if key == "offers":
            ma, mb = as_mapping(old), as_mapping(new)
            if ma is None or mb is None:
                return None
            return self._keyed_items("offer", ma, ordered(mb, OFFER_KINDS), self._offer)
        if key == "contacts":
            na, nb = as_keyed(old, "name"), as_keyed(new, "name")
            if na is None or nb is None:
                return None
            return self._keyed_items("contact", na, nb, str) or [say("diff.order_contacts")]
        if key == "social":
            ma, mb = as_mapping(old), as_mapping(new)
            if ma is None or mb is None:
                return None
            return self._keyed_items(
                "social", ma, ordered(mb, tuple(SOCIAL_NAMES)), lambda k: SOCIAL_NAMES.get(k, k)
            )
        return None

    def _offer(self, kind: str) -> str:
        return self.say.label(kind) if kind in LABELS else kind

    def _logo(self, old: Any, new: Any) -> list[str] | None:
        if not all(v is None or isinstance(v, str) for v in (old, new)):
            return None if old != new else []
        say = self.say
        if old is None and new is None:
            return []
        if old is None:
            return [say("diff.added", label=say.label("logo"))]
        if new is None:
            return [say("diff.removed", label=say.label("logo"))]
        old_sha = self.ctx.base.sha(f"{LOGOS_DIR}/{old}")
        new_sha = self.ctx.head.sha(f"{LOGOS_DIR}/{new}")
        if new_sha is None and (old != new or old_sha is not None):
            return [say("diff.logo_missing", file=new)]
        if old_sha != new_sha:
            return [say("diff.changed", label=say.label("logo"))]
        if old != new:
            return [say("diff.logo_renamed", old=old, new=new)]
        return []

    def _body(self, key: str, old: str, new: str) -> list[str]:
        if old == new:
            return []
        counts = paragraph_counts(old, new)
        say = self.say
        parts = [
            say(name, n=n)
            for name, n in zip(
                ("diff.paragraphs_changed", "diff.paragraphs_added", "diff.paragraphs_removed"),
                counts,
                strict=True,
            )
            if n
        ]
        if not parts:
            if old.strip() == new.strip():  # a trailing line break: not worth a sentence
                return []
            parts = [say("diff.whitespace_only")]
        return [say(key, parts=Raw(", ".join(parts)))]

    # ------------------------------------------------------------------ sentence shapes

    def _scalar_label(self, key: str, old: Any, new: Any) -> list[str]:
        say = self.say
        if old is None:
            return [say("diff.added", label=say.label(key))]
        if new is None:
            return [say("diff.removed", label=say.label(key))]
        return [say("diff.changed", label=say.label(key))]

    def _value_label(self, key: str, old: Any, new: Any) -> list[str] | None:
        if not all(v is None or isinstance(v, str) for v in (old, new)):
            return None
        say = self.say
        if old is None:
            return [say("diff.value_added", label=say.label(key), new=new)]
        if new is None:
            return [say("diff.removed", label=say.label(key))]
        return [say("diff.value_changed", label=say.label(key), old=old, new=new)]

    def _generic(self, key: str, old: Any, new: Any) -> list[str]:
        if old is None:
            return [self.say("diff.field_added", field=key)]
        if new is None:
            return [self.say("diff.field_removed", field=key)]
        return [self.say("diff.field_changed", field=key)]

    def _items(
        self, label: str, old: list[str], new: list[str], show: Callable[[str], str]
    ) -> list[str]:
        say = self.say
        out: list[str] = [
            say("diff.item_added", label=say.label(label), item=show(x))
            for x in new
            if x not in old
        ]
        out += [
            say("diff.item_removed", label=say.label(label), item=show(x))
            for x in old
            if x not in new
        ]
        return out

    def _keyed_items(
        self, label: str, old: dict[str, Any], new: dict[str, Any], show: Callable[[str], str]
    ) -> list[str]:
        out = self._items(label, list(old), list(new), show)
        out += [
            self.say("diff.item_changed", label=self.say.label(label), item=show(k))
            for k in new
            if k in old and norm(old[k]) != norm(new[k])
        ]
        return out
