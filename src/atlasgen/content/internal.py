"""Internal member data: what the network's staff keep about each member, never published.

One file per member, ``<internal_dir>/<slug>.yaml`` (``internal_dir`` in ``atlas.yaml``,
default ``internal/``, git-ignored here: keep it in a private repository), validated by
:class:`atlasgen.content.internal_schema.InternalFile` with located problems like every
content file.

The public site uses exactly two things of it (:func:`publication`):

* a member whose membership ``status`` is ``paused`` or ``left`` is not listed;
* every published contact person needs a recorded, not withdrawn consent. The check is
  adopted member by member: a missing consent is an error once the member has an
  internal file (or for every member with ``consents_required: all`` in ``atlas.yaml``);
  the contact persons of members without one are a single warning, so adding one
  internal file never makes other members' files fail. Without any internal data, one
  warning says how many contact persons could not be checked (an atlas run without the
  CRM side still builds, and a member's pull request does not list every other member's
  contacts).

Nothing else of these files reaches a build: ``load_atlas`` keeps only the slugs to hide
(tests/test_privacy.py checks every output file for a canary string).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..common.i18n import t
from .internal_schema import InternalFile, MembershipStatus
from .load import Position
from .problems import Problem, Severity
from .project import CONFIG_FILE, MEMBERS_DIR, read_yaml_model, slug_of
from .schema import SiteConfig

__all__ = [
    "HIDDEN_STATUSES",
    "Internal",
    "PublicContact",
    "consent_gap",
    "load_internal",
    "publication",
]

HIDDEN_STATUSES = frozenset({MembershipStatus.PAUSED, MembershipStatus.LEFT})
"""Members with these statuses are not listed on the site."""


@dataclass(frozen=True)
class PublicContact:
    """A contact person a member file publishes, and where it is written."""

    slug: str
    path: str
    index: int
    name: str
    position: Position


@dataclass(frozen=True)
class Internal:
    """The internal data of a project: ``present`` when its folder exists."""

    folder: str
    present: bool
    records: Mapping[str, InternalFile]
    consents_for_all: bool = False
    """``consents_required: all``: a member without an internal file needs consents too."""


def internal_folder(root: Path, config: SiteConfig) -> Path:
    return (root / config.internal_dir).resolve()


def load_internal(
    root: Path, config: SiteConfig, member_slugs: Iterable[str]
) -> tuple[Internal, list[Problem]]:
    """Read and check every ``*.yaml`` file of the internal folder: each must belong to a
    member file and follow the schema."""
    folder = internal_folder(root, config)
    shown = config.internal_dir.rstrip("/")
    for_all = config.consents_required == "all"
    if not folder.is_dir():
        return Internal(shown, False, {}, for_all), []
    slugs = set(member_slugs)
    records: dict[str, InternalFile] = {}
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        rel = f"{shown}/{path.name}"
        slug = slug_of(path)
        example = _example(slug, slugs)
        naming = t("internal.data_file_name", example=example, members=MEMBERS_DIR, folder=shown)
        if path.suffix != ".yaml":
            problems.append(Problem(rel, 1, 1, "", t("internal.not_a_data_file"), naming))
            continue
        if slug not in slugs:
            close = difflib.get_close_matches(slug, sorted(slugs), n=1, cutoff=0.6)
            hint = t("internal.did_you_mean_member", slug=close[0]) if close else naming
            message = t("internal.no_member_file", slug=slug)
            problems.append(Problem(rel, 1, 1, "", message, hint))
            continue
        _, record, more = read_yaml_model(path, rel, InternalFile)
        problems += more
        if record is not None:
            records[slug] = record
    return Internal(shown, True, records, for_all), problems


def _example(slug: str, slugs: set[str]) -> str:
    """A member's slug for the example of a file name: ``slug`` if it is one, else the
    first."""
    return slug if slug in slugs else min(slugs, default="alpha-software")


def publication(
    internal: Internal, contacts: Iterable[PublicContact]
) -> tuple[frozenset[str], list[Problem]]:
    """The slugs of members the site must not list (status paused or left), and a problem
    for each published contact person without a valid consent whose member is checked
    (it has an internal file, or ``consents_required: all``); one warning for the others."""
    hidden = frozenset(
        slug
        for slug, record in internal.records.items()
        if record.membership.status in HIDDEN_STATUSES
    )
    published = [c for c in contacts if c.slug not in hidden]
    if not internal.present:
        # One warning, not one per contact: without internal data nothing can be checked,
        # and a member's pull request should not list every other member's contacts.
        return hidden, [_no_internal_data(internal, published)] if published else []
    checked: list[PublicContact] = []
    waiting: list[PublicContact] = []  # members without an internal file (yet)
    for contact in published:
        is_checked = internal.consents_for_all or contact.slug in internal.records
        (checked if is_checked else waiting).append(contact)
    problems = [p for c in checked if (p := _consent_problem(internal, c)) is not None]
    if waiting:
        problems.append(_not_adopted_yet(internal, waiting))
    return hidden, problems


def _no_internal_data(internal: Internal, contacts: list[PublicContact]) -> Problem:
    return Problem(
        CONFIG_FILE,
        1,
        1,
        "internal_dir",
        t("internal.contacts_unchecked", n=len(contacts), folder=internal.folder),
        t("internal.contacts_unchecked_hint", folder=internal.folder),
        Severity.WARNING,
    )


ConsentGap = Literal["withdrawn", "no_file", "missing"]


def consent_gap(internal: Internal, contact: PublicContact) -> ConsentGap | None:
    """What is missing for a checked contact person to be published: ``withdrawn`` (every
    recorded consent is withdrawn), ``no_file`` (the member has no internal file;
    ``consents_required: all``), ``missing`` (no consent recorded), or ``None``. The same
    in every language (``atlasgen report`` sorts by it)."""
    record = internal.records.get(contact.slug)
    if record is None:
        return "no_file"
    consents = [c for c in record.consents if c.contact == contact.name]
    if any(c.withdrawn is None for c in consents):
        return None
    return "withdrawn" if consents else "missing"


def _consent_problem(internal: Internal, contact: PublicContact) -> Problem | None:
    """The error of one checked contact person without a valid consent, if any."""
    gap = consent_gap(internal, contact)
    if gap is None:
        return None
    line, column = contact.position
    field = f"contacts[{contact.index}].name"
    own = f"{internal.folder}/{contact.slug}.yaml"
    name = contact.name
    if gap == "withdrawn":
        message = t("internal.consent_withdrawn", name=name)
        hint = t("internal.consent_withdrawn_hint", own=own)
    elif gap == "no_file":  # consents_required: all
        message = t("internal.no_consent_no_file", name=name, own=own)
        hint = t("internal.no_consent_no_file_hint", own=own)
    else:
        message = t("internal.no_consent", name=name)
        hint = t("internal.no_consent_hint", own=own)
    return Problem(contact.path, line, column, field, message, hint)


_NAMED = 3
"""How many members without an internal file the warning names."""


def _not_adopted_yet(internal: Internal, contacts: list[PublicContact]) -> Problem:
    """One warning for the contact persons of members that have no internal file yet."""
    slugs = sorted({c.slug for c in contacts})
    named = ", ".join(slugs[:_NAMED])
    if len(slugs) > _NAMED:
        named = t("internal.named_and_more", named=named, n=len(slugs) - _NAMED)
    folder = internal.folder
    if len(slugs) == 1:
        hint = t("internal.not_adopted_hint_one", folder=folder, slug=slugs[0])
    else:
        hint = t("internal.not_adopted_hint_many", folder=folder)
    message = t(
        "internal.not_adopted",
        contacts=t("internal.published_contacts", n=len(contacts)),
        members=t("internal.of_members", n=len(slugs)),
        folder=folder,
        named=named,
    )
    return Problem(CONFIG_FILE, 1, 1, "consents_required", message, hint, Severity.WARNING)
