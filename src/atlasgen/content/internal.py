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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .internal_schema import InternalFile, MembershipStatus
from .load import Position
from .messages import did_you_mean
from .problems import Problem, Severity, plural
from .project import CONFIG_FILE, read_yaml_model, slug_of
from .schema import SiteConfig

__all__ = ["HIDDEN_STATUSES", "Internal", "PublicContact", "load_internal", "publication"]

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
        if path.suffix != ".yaml":
            problems.append(
                Problem(rel, 1, 1, "", "not an internal data file", "name it <slug>.yaml")
            )
            continue
        slug = slug_of(path)
        if slug not in slugs:
            hint = did_you_mean(slug, slugs) or "name it like the member file: <slug>.yaml"
            problems.append(Problem(rel, 1, 1, "", f"no member file '{slug}.md' for it", hint))
            continue
        _, record, more = read_yaml_model(path, rel, InternalFile)
        problems += more
        if record is not None:
            records[slug] = record
    return Internal(shown, True, records, for_all), problems


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
        f"{plural(len(contacts), 'published contact person')} cannot be checked for consent: "
        f"there is no internal data ({internal.folder}/)",
        "keep the consents in the internal data and run atlasgen validate with it "
        "(see docs/member-management.md)",
        Severity.WARNING,
    )


def _consent_problem(internal: Internal, contact: PublicContact) -> Problem | None:
    """The error of one checked contact person without a valid consent, if any."""
    record = internal.records.get(contact.slug)
    consents = [c for c in record.consents if c.contact == contact.name] if record else []
    if any(c.withdrawn is None for c in consents):
        return None
    line, column = contact.position
    field = f"contacts[{contact.index}].name"
    own = f"{internal.folder}/{contact.slug}.yaml"
    if consents:
        message = f"'{contact.name}' withdrew the consent to be published"
        hint = "remove the contact person from the member file"
    elif record is None:  # consents_required: all
        message = f"no recorded consent of '{contact.name}' to be published: there is no {own}"
        hint = f"create {own} with the membership and the consents (contact, date, scope; "
        hint += "see docs/examples/internal/), or remove the contact person"
    else:
        message = f"no recorded consent of '{contact.name}' to be published"
        hint = f"record it under consents in {own} (contact, date, scope), or remove the "
        hint += "contact person"
    return Problem(contact.path, line, column, field, message, hint)


_NAMED = 3
"""How many members without an internal file the warning names."""


def _not_adopted_yet(internal: Internal, contacts: list[PublicContact]) -> Problem:
    """One warning for the contact persons of members that have no internal file yet."""
    slugs = sorted({c.slug for c in contacts})
    named = ", ".join(slugs[:_NAMED])
    if len(slugs) > _NAMED:
        named += f" and {len(slugs) - _NAMED} more"
    if len(slugs) == 1:
        hint = f"create {internal.folder}/{slugs[0]}.yaml with the membership and the "
        hint += "consents (contact, date, scope), or remove the contact persons"
    else:
        hint = f"add {internal.folder}/<slug>.yaml with the consents for these members "
        hint += "(see docs/examples/internal/); with 'consents_required: all' in atlas.yaml "
        hint += "a missing one is an error"
    return Problem(
        CONFIG_FILE,
        1,
        1,
        "consents_required",
        f"{plural(len(contacts), 'published contact person')} of "
        f"{plural(len(slugs), 'member')} not checked for consent yet: no internal file "
        f"in {internal.folder}/ for {named}",
        hint,
        Severity.WARNING,
    )
