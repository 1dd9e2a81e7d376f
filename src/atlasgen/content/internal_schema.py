"""What the network's staff keep about a member: the pydantic model of
``internal/<slug>.yaml`` (``InternalFile``) and its parts.

Like the models in :mod:`.schema`, ``InternalFile`` takes the literal text of the YAML
file (see ``load``) and returns itself, frozen, or raises pydantic's ``ValidationError``;
``schema/internal.schema.json`` comes from it. Never published: ``atlasgen build`` reads
only the membership status and the consents.
"""

from __future__ import annotations

import datetime as _dt
from datetime import date
from enum import StrEnum

from pydantic import Field

from .fields import Line, Name, Text
from .schema import Contact, StrictModel

__all__ = [
    "Consent",
    "Interaction",
    "InteractionKind",
    "InternalFile",
    "InternalPerson",
    "Membership",
    "MembershipStatus",
]


class MembershipStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class Membership(StrictModel):
    status: MembershipStatus
    """prospect, active, paused or left; paused and left members are not listed."""
    since: date | None = None
    """First day of the membership (YYYY-MM-DD)."""
    until: date | None = None
    """Last day of the membership, if it ended or will end (YYYY-MM-DD)."""
    fee_class: Line | None = None
    """Fee class as the network's fee schedule names it, e.g. 'B (10–49 Beschäftigte)'."""


class InternalPerson(Contact):
    """A person at the member the staff deal with (billing, internal contacts)."""


class Consent(StrictModel):
    contact: Name = Field(examples=["Dr. Anna Beispiel"])
    """The contact person, exactly as named under contacts in the member file."""
    date: _dt.date
    """Day the person agreed (YYYY-MM-DD)."""
    scope: Line = Field(examples=["Name, Funktion, E-Mail und Telefon im Kompetenzatlas"])
    """What the person agreed to."""
    withdrawn: _dt.date | None = None
    """Day the person withdrew the consent; then the contact may not be published."""


class InteractionKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    EVENT = "event"
    VISIT = "visit"
    NOTE = "note"


class Interaction(StrictModel):
    date: _dt.date
    """Day of the interaction (YYYY-MM-DD)."""
    kind: InteractionKind
    """call, email, meeting, event, visit or note."""
    text: Text
    """What happened or was agreed."""


class InternalFile(StrictModel):
    """``internal/<slug>.yaml``: what the network's staff keep about a member. Never
    published; ``atlasgen build`` reads only the membership status and the consents."""

    membership: Membership
    """The membership."""
    billing: InternalPerson | None = None
    """Who receives invoices."""
    contacts: list[InternalPerson] = Field(default_factory=list)
    """People at the member the staff deal with (not the public contacts)."""
    consents: list[Consent] = Field(default_factory=list)
    """Consents of the public contact persons to be published."""
    notes: Text | None = None
    """Free notes of the staff."""
    tags: list[Line] = Field(default_factory=list)
    """Tags for the staff's own lists, e.g. 'Beirat', 'Messe 2026'."""
    log: list[Interaction] = Field(default_factory=list)
    """Interactions with the member, oldest first."""
