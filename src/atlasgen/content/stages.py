"""The content stages, in order: read → validate → link (files → ``Atlas``).

``load_atlas`` reads and links everything and returns the ``Atlas`` that later
stages render. ``validate_project`` runs the same checks but keeps no member
models, so its worker processes send back only problems: that is what
``atlasgen validate`` runs.

Member files are many and independent: each one is read, validated and checked
against the taxonomy, logos and region in a worker process (from
``PARALLEL_THRESHOLD`` files on); only the duplicate-name check needs them all. A
``MemberMemo`` (the build cache, ``atlasgen serve``) gives the outcome of member files
whose bytes, and everything they are checked against, are unchanged since it was made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..common.workers import fork_map
from .config import check_config
from .duplicates import NameEntry, check_names, name_entry
from .internal import PublicContact, load_internal, publication
from .load import find_position
from .model import (
    Atlas,
    Category,
    FreePage,
    Member,
    MemberContext,
    free_page,
    link_member,
    link_taxonomy,
    withheld,
)
from .names import RESERVED_MEMBER_SLUGS, RESERVED_PAGE_SLUGS
from .problems import Problem, Severity
from .project import (
    BRANDING_DIR,
    COMPETENCES_DIR,
    CONFIG_FILE,
    LOGOS_DIR,
    MemberTask,
    list_logos,
    member_tasks,
    read_categories,
    read_config,
    read_member,
    read_pages,
    slug_of,
)
from .schema import SiteConfig

__all__ = [
    "PARALLEL_THRESHOLD",
    "FileHashes",
    "MemberMemo",
    "MemberOutcome",
    "Summary",
    "load_atlas",
    "validate_project",
]

PARALLEL_THRESHOLD = 400
"""Below this many member files, worker processes cost more than they save."""


@dataclass(frozen=True)
class Summary:
    """What ``validate_project`` checked."""

    problems: list[Problem]
    members: int
    competences: int
    categories: int

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True)
class MemberOutcome:
    """What reading, validating and linking one member file gave."""

    member: Member | None
    name: NameEntry | None
    problems: list[Problem]
    contacts: tuple[PublicContact, ...] = ()


@dataclass(frozen=True)
class _Job:
    """What every member task needs (forked workers inherit it, ``common.workers``)."""

    context: MemberContext
    keep_members: bool


def _process_member(job: _Job, task: MemberTask) -> MemberOutcome:
    source, problems = read_member(task)
    if source is None:
        return MemberOutcome(None, None, problems)
    member, more = link_member(source, job.context)
    kept = member if job.keep_members else None
    contacts: tuple[PublicContact, ...] = ()
    if source.data is not None and source.data.listed:
        contacts = tuple(
            PublicContact(
                source.slug,
                source.doc.path,
                index,
                contact.name,
                find_position(source.doc.positions, ("contacts", index, "name")),
            )
            for index, contact in enumerate(source.data.contacts)
        )
    return MemberOutcome(kept, name_entry(source.doc), problems + more, contacts)


class FileHashes(Protocol):
    """The hashes of the files a build reads (``dev.cache.Inputs``)."""

    def sha(self, path: Path | str) -> str: ...

    def digest(self, prefixes: list[Path]) -> str: ...


_CODE = Path(__file__).resolve().parents[1]
"""atlasgen's own code and data: member outcomes depend on them too."""


@dataclass
class MemberMemo:
    """Member outcomes of earlier builds, keyed by the SHA-256 of the member's files and
    of everything a member is checked against (configuration, taxonomy, logos, code)."""

    files: FileHashes | None = None
    """The hashes of this build's input files (``start``)."""
    known: dict[str, MemberOutcome] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    """The keys this build used (what the next build needs)."""
    hits: int = 0
    """Member files taken from the memo in this build."""

    def start(self, files: FileHashes) -> None:
        """Begin a build with the input files ``files`` (``atlasgen serve``'s rebuilds)."""
        self.files, self.used, self.hits = files, set(), 0

    def kept(self) -> dict[str, MemberOutcome]:
        """The outcomes this build used, for the next one."""
        return {key: self.known[key] for key in sorted(self.used)}

    def outcomes(self, root: Path, tasks: list[MemberTask], job: _Job) -> Iterator[MemberOutcome]:
        """The outcome of every member task, in order: from the memo where the member's
        files and everything they are checked against are unchanged, else read again."""
        files = self.files
        assert files is not None, "start() names the input files first"
        context = files.digest(
            [root / CONFIG_FILE, root / COMPETENCES_DIR, root / LOGOS_DIR, _CODE]
        )
        keys = [
            f"{context}:{rel}:{files.sha(root / rel)}:{en}:{files.sha(root / en) if en else ''}"
            for _, rel, en in tasks
        ]
        found = [self.known.get(key) for key in keys]
        missing = [i for i, outcome in enumerate(found) if outcome is None]
        self.hits += len(tasks) - len(missing)
        self.used.update(keys)
        todo = [tasks[i] for i in missing]
        for i, outcome in zip(missing, _process_members(job, todo), strict=True):
            self.known[keys[i]] = found[i] = outcome
        for maybe in found:
            assert maybe is not None
            yield maybe


def _process_members(job: _Job, tasks: list[MemberTask]) -> Iterator[MemberOutcome]:
    return fork_map(_process_member, job, tasks, threshold=PARALLEL_THRESHOLD)


def _first_per_field(problems: list[Problem]) -> list[Problem]:
    """One problem per file and field: the first stage that found it explains it best
    (``'7407' is not a postal code`` rather than also ``unknown postal code``)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for p in problems:
        if p.field:
            if (p.path, p.field) in seen:
                continue
            seen.add((p.path, p.field))
        kept.append(p)
    return kept


@dataclass(frozen=True)
class _Linked:
    config: SiteConfig | None
    categories: list[Category]
    context: MemberContext
    members: list[Member]
    pages: list[FreePage]
    member_files: int
    problems: list[Problem]


def _link(
    root: Path,
    *,
    keep_members: bool,
    strict: bool,
    check_consents: bool = True,
    members_memo: MemberMemo | None = None,
) -> _Linked:
    root = root.resolve()
    config_doc, config, problems = read_config(root)
    pages, more = read_pages(root, RESERVED_PAGE_SLUGS)
    problems += more
    if config_doc is not None and config is not None:
        page_slugs = frozenset(p.slug for p in pages)
        problems += check_config(config_doc, config, page_slugs, root / BRANDING_DIR)
    category_files, more = read_categories(root)
    categories, competences, taxonomy_problems = link_taxonomy(category_files)
    problems += more + taxonomy_problems
    context = MemberContext(competences, list_logos(root), config, root / LOGOS_DIR)
    tasks, more = member_tasks(root, RESERVED_MEMBER_SLUGS)
    problems += more
    members: list[Member] = []
    names: list[NameEntry] = []
    contacts: list[PublicContact] = []
    job = _Job(context, keep_members)
    found = (
        members_memo.outcomes(root, tasks, job)
        if members_memo is not None
        else _process_members(job, tasks)
    )
    for outcome in found:
        problems += outcome.problems
        if outcome.member is not None:
            members.append(outcome.member)
        if outcome.name is not None:
            names.append(outcome.name)
        contacts += outcome.contacts
    problems += check_names(names)
    if config is not None:
        # the membership status and the consents, nothing else of the internal data
        slugs = [slug_of(german) for _, german, _ in tasks]  # readable or not
        internal, more = load_internal(root, config, slugs)
        hidden, publication_problems = publication(internal, contacts)
        problems += more + (publication_problems if check_consents else [])
        members = [withheld(m) if m.slug in hidden else m for m in members]
    problems = sorted(_first_per_field(problems))
    if strict:
        problems = [p.as_error() for p in problems]
    free_pages = [p for p in map(free_page, pages) if p is not None]
    return _Linked(config, categories, context, members, free_pages, len(tasks), problems)


def validate_project(root: Path, *, strict: bool = False) -> Summary:
    """Read and check every file of the project at ``root``; all problems, sorted.

    With ``strict`` every warning counts as an error.
    """
    linked = _link(root, keep_members=False, strict=strict)
    return Summary(
        linked.problems,
        linked.member_files,
        len(linked.context.competences),
        len(linked.categories),
    )


def load_atlas(
    root: Path,
    *,
    strict: bool = False,
    check_consents: bool = True,
    members: MemberMemo | None = None,
) -> tuple[Atlas | None, list[Problem]]:
    """The linked atlas of the project at ``root`` (``None`` on any error), and all problems.

    ``check_consents=False`` leaves out the problems of contact persons without a consent
    (``atlasgen report`` lists them itself); paused and left members are still not listed.
    With ``members``, unchanged member files are taken from that memo (the build cache).
    """
    linked = _link(
        root,
        keep_members=True,
        strict=strict,
        check_consents=check_consents,
        members_memo=members,
    )
    if linked.config is None or any(p.severity is Severity.ERROR for p in linked.problems):
        return None, linked.problems
    atlas = Atlas(
        linked.config,
        tuple(linked.categories),
        linked.context.competences,
        tuple(sorted(linked.members, key=lambda m: m.slug)),
        tuple(sorted(linked.pages, key=lambda p: p.slug)),
    )
    return atlas, linked.problems
