"""Internal member data: what the network's staff keep about each member, never published.

One file per member, ``<internal_dir>/<slug>.yaml`` (``internal_dir`` in ``atlas.yaml``,
default ``internal/``, git-ignored here: keep it in a private repository), validated by
:class:`atlasgen.content.internal_schema.InternalFile` with located problems like every
content file.

The public site uses exactly two things of it (:func:`publication`):

* a member whose membership ``status`` is ``paused`` or ``left`` is not listed;
* every published contact person needs a recorded, not withdrawn consent. Without one it
  is an error when the project has internal data. When it has none, one warning says how
  many contact persons could not be checked (an atlas run without the CRM side still
  builds, and a member's pull request does not list every other member's contacts).

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


def internal_folder(root: Path, config: SiteConfig) -> Path:
    return (root / config.internal_dir).resolve()


def load_internal(
    root: Path, config: SiteConfig, member_slugs: Iterable[str]
) -> tuple[Internal, list[Problem]]:
    """Read and check every ``*.yaml`` file of the internal folder: each must belong to a
    member file and follow the schema."""
    folder = internal_folder(root, config)
    shown = config.internal_dir.rstrip("/")
    if not folder.is_dir():
        return Internal(shown, False, {}), []
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
    return Internal(shown, True, records), problems


def publication(
    internal: Internal, contacts: Iterable[PublicContact]
) -> tuple[frozenset[str], list[Problem]]:
    """The slugs of members the site must not list (status paused or left), and a problem
    for each published contact person without a valid consent."""
    hidden = frozenset(
        slug
        for slug, record in internal.records.items()
        if record.membership.status in HIDDEN_STATUSES
    )
    problems: list[Problem] = []
    unchecked = [c for c in contacts if c.slug not in hidden]
    if not internal.present:
        # One warning, not one per contact: without internal data nothing can be checked,
        # and a member's pull request should not list every other member's contacts.
        if unchecked:
            n = len(unchecked)
            problems.append(
                Problem(
                    CONFIG_FILE,
                    1,
                    1,
                    "internal_dir",
                    f"{plural(n, 'published contact person')} cannot be checked for consent: "
                    f"there is no internal data ({internal.folder}/)",
                    "keep the consents in the internal data and run atlasgen validate with it "
                    "(see docs/member-management.md)",
                    Severity.WARNING,
                )
            )
        return hidden, problems
    for contact in unchecked:
        record = internal.records.get(contact.slug)
        consents = [c for c in record.consents if c.contact == contact.name] if record else []
        if any(c.withdrawn is None for c in consents):
            continue
        line, column = contact.position
        field = f"contacts[{contact.index}].name"
        if consents:
            message = f"'{contact.name}' withdrew the consent to be published"
            hint = "remove the contact person from the member file"
        else:
            message = f"no recorded consent of '{contact.name}' to be published"
            hint = f"record it under consents in {internal.folder}/{contact.slug}.yaml"
            hint += " (contact, date, scope), or remove the contact person"
        problems.append(Problem(contact.path, line, column, field, message, hint))
    return hidden, problems
