"""Find and read the content files of a project; validate each file on its own.

Every reader returns documents with their validated models plus the problems of
each file; cross-file checks happen in ``model``. ``stages`` decides the order
and reads member files in worker processes when there are many.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Generic, TypeVar

from pydantic import BaseModel

from ..common.i18n import t
from .fields import SLUG_PATTERN
from .load import RawDocument, load_markdown_document, load_yaml_document
from .messages import validate_model
from .problems import Problem
from .schema import (
    CategoryFile,
    MemberFile,
    MemberTranslation,
    PageFile,
    SiteConfig,
)

__all__ = [
    "BRANDING_DIR",
    "CONFIG_FILE",
    "FileTask",
    "MemberSource",
    "MemberTask",
    "PageSource",
    "Source",
    "list_logos",
    "member_tasks",
    "read_categories",
    "read_config",
    "read_member",
    "read_page",
    "read_pages",
    "read_yaml_model",
    "slug_of",
    "slugify",
]

CONFIG_FILE = "atlas.yaml"
MEMBERS_DIR = "content/members"
LOGOS_DIR = "content/members/logos"
COMPETENCES_DIR = "content/competences"
PAGES_DIR = "content/pages"
BRANDING_DIR = "content/branding"
"""The network's own files for the site: its logo (``branding.logo`` in atlas.yaml)."""
TRANSLATION_SUFFIX = ".en.md"

_SLUG = re.compile(SLUG_PATTERN)


DataT = TypeVar("DataT", bound=BaseModel)
TransT = TypeVar("TransT", bound=BaseModel)


@dataclass(frozen=True)
class Source(Generic[DataT, TransT]):
    """One Markdown file (member or page) and, optionally, its English counterpart."""

    slug: str
    doc: RawDocument
    data: DataT | None
    """``None`` when the file did not validate; ``doc`` still serves cross-file checks."""
    translation: RawDocument | None = None
    translation_data: TransT | None = None


MemberSource = Source[MemberFile, MemberTranslation]
PageSource = Source[PageFile, PageFile]

FileTask = tuple[str, str, str | None]
"""(project folder, German file, English file or None), all picklable."""
MemberTask = FileTask


@functools.lru_cache(maxsize=4096)
def slugify(name: str) -> str:
    """A valid slug from a name: ``Müller & Söhne GmbH`` → ``mueller-soehne-gmbh``."""
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = text[:64].rstrip("-")
    return text if len(text) >= 2 else f"{text}-mitglied".lstrip("-")


def slug_of(path: str | Path) -> str:
    """The slug a content file stands for: its name without ``.md``, ``.en.md`` or a
    logo's extension (``content/members/acme.en.md`` → ``acme``). The one place a slug
    is derived from a path."""
    name = PurePosixPath(path).name if isinstance(path, str) else path.name
    if name.endswith(TRANSLATION_SUFFIX):
        return name[: -len(TRANSLATION_SUFFIX)]
    return name.rpartition(".")[0] or name


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _slug_problem(rel: str, stem: str) -> Problem:
    return Problem(
        rel,
        1,
        1,
        "",
        t("project.bad_slug", stem=stem),
        t("project.bad_slug_hint", example=slugify(stem)),
    )


def _read_pair(
    task: FileTask, model: type[DataT], translation_model: type[TransT]
) -> tuple[Source[DataT, TransT] | None, list[Problem]]:
    root, rel, translation_rel = task
    doc, problems = load_markdown_document(Path(root, rel), rel)
    data = None
    if doc is not None:
        data, more = validate_model(model, doc)
        problems += more
    translation = translation_data = None
    if translation_rel is not None:
        translation, more = load_markdown_document(
            Path(root, translation_rel), translation_rel, front_matter_required=False
        )
        problems += more
        if translation is not None:
            translation_data, more = validate_model(translation_model, translation)
            problems += more
    if doc is None:
        return None, problems
    return Source(slug_of(rel), doc, data, translation, translation_data), problems


def read_member(task: FileTask) -> tuple[MemberSource | None, list[Problem]]:
    """Read and validate one member's files on their own."""
    return _read_pair(task, MemberFile, MemberTranslation)


def read_page(task: FileTask) -> tuple[PageSource | None, list[Problem]]:
    """Read and validate one free page (and its English version)."""
    return _read_pair(task, PageFile, PageFile)


def _content_files(folder: Path, pattern: str) -> list[Path]:
    """The files matching ``pattern`` in ``folder``, without editors' lock files (Emacs
    keeps ``.#name.md`` while a file has unsaved changes: never content)."""
    if not folder.is_dir():
        return []
    return [p for p in folder.glob(pattern) if not p.name.startswith(".#")]


_ORPHAN_TRANSLATION = {
    "member": ("project.orphan_member_translation", "project.orphan_member_translation_hint"),
    "page": ("project.orphan_page_translation", "project.orphan_page_translation_hint"),
}
"""The problem of an English file without its German file, by what the folder holds."""


def _tasks(
    root: Path, folder_name: str, what: str, reserved: frozenset[str]
) -> tuple[list[FileTask], list[Problem]]:
    folder = root / folder_name
    problems: list[Problem] = []
    # one folder: by name is Path order (and sorting 10,000 names is much faster)
    files = sorted(_content_files(folder, "*.md"), key=lambda p: p.name)

    def rel_of(path: Path) -> str:
        return f"{folder_name}/{path.name}"

    translations = {
        p.name[: -len(TRANSLATION_SUFFIX)]: p for p in files if p.name.endswith(TRANSLATION_SUFFIX)
    }
    tasks = []
    for path in files:
        if path.name.endswith(TRANSLATION_SUFFIX):
            continue
        rel, slug = rel_of(path), slug_of(path)
        if not _SLUG.match(slug):
            problems.append(_slug_problem(rel, slug))
            translations.pop(slug, None)
            continue
        if slug in reserved:
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "",
                    t("project.reserved_slug", slug=slug),
                    t(
                        "project.reserved_slug_hint",
                        suffix=TRANSLATION_SUFFIX,
                        names=", ".join(sorted(reserved)),
                    ),
                )
            )
            translations.pop(slug, None)
            continue
        translation = translations.pop(slug, None)
        tasks.append((str(root), rel, rel_of(translation) if translation else None))
    message, hint = _ORPHAN_TRANSLATION[what]
    for stem, path in sorted(translations.items()):
        problems.append(
            Problem(
                rel_of(path),
                1,
                1,
                "",
                t(message, stem=stem),
                t(hint, suffix=TRANSLATION_SUFFIX),
            )
        )
    return tasks, problems


def member_tasks(
    root: Path, reserved: frozenset[str] = frozenset()
) -> tuple[list[FileTask], list[Problem]]:
    """One task per member file (with its English file), and misnamed files.

    ``reserved``: file names (slugs) the site needs for its own pages.
    """
    return _tasks(root, MEMBERS_DIR, "member", reserved)


def read_pages(
    root: Path, reserved: frozenset[str] = frozenset()
) -> tuple[list[PageSource], list[Problem]]:
    """The free pages in content/pages/, each validated on its own (``reserved``: slugs
    the site needs for its own pages)."""
    tasks, problems = _tasks(root, PAGES_DIR, "page", reserved)
    pages = []
    for task in tasks:
        page, more = read_page(task)
        problems += more
        if page is not None:
            pages.append(page)
    return pages, problems


def read_categories(root: Path) -> tuple[list[tuple[RawDocument, CategoryFile]], list[Problem]]:
    folder = root / COMPETENCES_DIR
    categories = []
    problems: list[Problem] = []
    for path in sorted(_content_files(folder, "*.yaml")):
        rel = _rel(root, path)
        doc, data, more = read_yaml_model(path, rel, CategoryFile)
        problems += more
        if doc is None or data is None:
            continue
        if data.id != (stem := slug_of(path)):
            line, col = doc.positions.get(("id",), (1, 1))
            problems.append(
                Problem(
                    rel,
                    line,
                    col,
                    "id",
                    t("project.category_id_mismatch", id=data.id),
                    t("project.category_id_mismatch_hint", id=data.id, stem=stem),
                )
            )
        categories.append((doc, data))
    if not categories and not problems:
        problems.append(
            Problem(
                COMPETENCES_DIR,
                1,
                1,
                "",
                t("project.no_categories"),
                t("project.no_categories_hint", folder=COMPETENCES_DIR),
            )
        )
    return categories, problems


def read_config(root: Path) -> tuple[RawDocument | None, SiteConfig | None, list[Problem]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return (
            None,
            None,
            [
                Problem(
                    CONFIG_FILE,
                    1,
                    1,
                    "",
                    t("project.no_config"),
                    t("project.no_config_hint", file=CONFIG_FILE),
                )
            ],
        )
    return read_yaml_model(path, CONFIG_FILE, SiteConfig)


def read_yaml_model(
    path: Path, rel: str, model: type[DataT]
) -> tuple[RawDocument | None, DataT | None, list[Problem]]:
    """A YAML file read and validated against ``model``: the document (``None`` if it
    cannot be read), the instance (``None`` on any problem) and every problem."""
    doc, problems = load_yaml_document(path, rel)
    if doc is None:
        return None, None, problems
    data, more = validate_model(model, doc)
    return doc, data, problems + more


def list_logos(root: Path) -> dict[str, int]:
    """Logo file name → size in bytes (-1 for a symbolic link)."""
    folder = root / LOGOS_DIR
    if not folder.is_dir():
        return {}
    return {
        p.name: -1 if p.is_symlink() else p.stat().st_size
        for p in sorted(folder.iterdir())
        if p.is_file()
    }
