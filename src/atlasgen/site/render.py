"""Render the planned site into a folder: descriptions first, then pages and extras.

* ``render_texts(plan, known, progress)`` takes the plan and the description HTML the
  build cache knows (``text_key`` → HTML) and returns ``markup.Descriptions`` with the
  HTML of every description the pages show, rendering the missing ones over all cores.
* ``render_site(plan, texts, folder, …)`` writes every output of the plan below
  ``folder`` (the build's ``write.Stage``): the files planned as bytes, each page
  (``page_html``), the outputs made from the whole content (the search files, the open
  data) and the sharing images (``card_png``), in worker processes when there are many.
  With ``reuse`` (the last build's keys, ``keys``) an output whose key is the same is
  not made again; the new keys are returned for the next build.
* ``page_html(theme, urls, common, page, texts)`` is the HTML of one page: what
  ``atlasgen serve`` renders on request.

The worker processes get the render job by fork (``common.workers``): nothing but page
numbers and small results travel between processes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..common.progress import Progress
from ..common.workers import fork_map
from .branding import OgCard
from .keys import Fingerprints, Reuse, output_paths
from .markup import Descriptions, render_markdown, text_key
from .ogimage import og_image
from .pages import Page
from .plan import Plan
from .theme import Theme
from .urls import Urls
from .write import write_file, write_files

__all__ = [
    "PARALLEL_PAGES",
    "Rendered",
    "card_png",
    "page_html",
    "render_site",
    "render_texts",
]

R = TypeVar("R")

PARALLEL_PAGES = 400
"""Below this many pages, worker processes cost more than they save."""


def _render_text(_: None, text: str) -> str:
    return render_markdown(text)


def render_texts(
    plan: Plan, known: Mapping[str, str], progress: Progress | None = None
) -> tuple[Descriptions, int]:
    """The HTML of every description the pages show, rendered over all cores where
    ``known`` (the build cache) does not have it; and how many came from ``known``."""
    texts = sorted({v.description for vs in plan.views.values() for v in vs})
    keys = [text_key(t) for t in texts]
    missing = [i for i, key in enumerate(keys) if key not in known]
    rendered = _reporting(
        fork_map(_render_text, None, [texts[i] for i in missing], threshold=PARALLEL_PAGES),
        "texts",
        len(missing),
        progress,
    )
    used = {key: known[key] for key in keys if key in known}
    used.update(zip((keys[i] for i in missing), rendered, strict=True))
    return Descriptions(used), len(keys) - len(missing)


def page_html(
    theme: Theme, urls: Urls, common: dict[str, Any], page: Page, texts: Descriptions
) -> str:
    """The HTML of ``page``."""
    return theme.env.get_template(page.template).render(
        **common,
        **page.context,
        **(page.lazy(texts) if page.lazy else {}),
        page={
            "url": page.url,
            "title": page.title,
            "description": page.description,
            "alternates": page.alternates,
            "canonical": urls.absolute(page.url),
            "image": page.image,
        },
    )


@dataclass
class Rendered:
    """What ``render_site`` wrote."""

    files: int
    """Every output of the site, written now or (with ``reuse``) left in place."""
    pages: int
    reused: int = 0
    """Outputs left as the last build wrote them (their key is the same)."""
    keys: dict[str, str] = field(default_factory=dict)
    """With ``reuse``: output path → key, for the next build."""
    extras: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """With ``reuse``: extra output's name → its key and the paths it wrote."""

    def paths(self) -> set[str]:
        """Every output path of this build (with ``reuse``)."""
        return output_paths(self.keys, self.extras)


@dataclass(frozen=True)
class _RenderJob:
    folder: Path
    theme: Theme
    urls: Urls
    texts: Descriptions
    pages: list[tuple[dict[str, Any], Page]]
    """(the language's common context, page) in output order."""
    extras: list[tuple[str, Callable[[], dict[str, bytes]]]]
    """Other outputs made while the pages render (the search index): (name, maker of
    path → content)."""
    reuse: Reuse | None
    """The last build's output and keys, to take unchanged outputs over from."""
    extra_key: tuple[Any, ...]
    """What the extra outputs are made from (with their names): the content and date."""
    images: list[OgCard]
    """The sharing images, drawn after the pages."""
    fingerprints: Fingerprints | None
    """With ``reuse``: the keys of this build. Each worker process fills its own copy (the
    keys never outlive the build: they hold its objects)."""


@dataclass(frozen=True)
class _Done:
    """What rendering one task did."""

    written: int
    reused: int
    extra: str = ""
    """The name of the extra output (for a page: '')."""
    paths: tuple[str, ...] = ()
    """The paths the extra output wrote."""
    key: str = ""
    """With reuse: the key of the output (``keys``)."""


def _make_extra(job: _RenderJob, number: int) -> _Done:
    name, make = job.extras[number]
    reuse, fingerprints = job.reuse, job.fingerprints
    key = ""
    if reuse is not None and fingerprints is not None:
        key = fingerprints.key(name, *job.extra_key)
        if name in reuse.extras and reuse.extras[name][0] == key:
            paths = reuse.extras[name][1]  # unchanged: the last build's files stay
            return _Done(len(paths), len(paths), name, paths, key)
    files = make()
    return _Done(write_files(job.folder, files), 0, name, tuple(sorted(files)), key)


def card_png(card: OgCard) -> bytes:
    """The PNG of a sharing image."""
    return og_image(card.title, card.subtitle, card.site, card.colour)


def _make_image(job: _RenderJob, number: int) -> _Done:
    card = job.images[number]
    key = ""
    if job.reuse is not None and job.fingerprints is not None:
        key = job.fingerprints.key("og", card.title, card.subtitle, card.site, card.colour)
        if job.reuse.keys.get(card.path) == key:
            return _Done(1, 1, key=key)
    write_file(job.folder, card.path, card_png(card))
    return _Done(1, 0, key=key)


def _render_one(job: _RenderJob, index: int) -> _Done:
    """Render and write page ``index`` of the job, for a negative ``index`` the files of
    extra ``-1 - index``, past the pages the sharing images (runs in a worker); outputs
    whose key is the last build's are not made again."""
    if index < 0:
        return _make_extra(job, -1 - index)
    if index >= len(job.pages):
        return _make_image(job, index - len(job.pages))
    common, page = job.pages[index]
    rel = job.urls.output_path(page.url)
    key = ""
    if job.reuse is not None and job.fingerprints is not None:
        key = job.fingerprints.key(*_page_inputs(common, page))
        if job.reuse.keys.get(rel) == key:
            return _Done(1, 1, key=key)
    html = page_html(job.theme, job.urls, common, page, job.texts)
    write_file(job.folder, rel, html.encode("utf-8"))
    return _Done(1, 0, key=key)


def _page_inputs(common: dict[str, Any], page: Page) -> tuple[Any, ...]:
    """Everything the template of ``page`` gets (``lazy`` is made of its context)."""
    return (
        page.template,
        page.url,
        page.title,
        page.description,
        page.image,
        page.alternates,
        common,
        page.context,
    )


def _reporting(
    results: Iterator[R], phase: str, total: int, progress: Progress | None
) -> Iterator[R]:
    """``results``, calling ``progress`` every 1 % of ``total`` (and at the end)."""
    if progress is None:
        yield from results
        return
    step = max(1, total // 100)
    progress(phase, 0, total)
    for done, result in enumerate(results, 1):
        yield result
        if done % step == 0 or done == total:
            progress(phase, done, total)


def render_site(
    plan: Plan,
    texts: Descriptions,
    folder: Path,
    *,
    today: date,
    reuse: Reuse | None = None,
    content: str = "",
    progress: Progress | None = None,
) -> Rendered:
    """Write every output of ``plan`` below ``folder``.

    ``reuse``: the last build's keys: outputs whose key is the same are not written
    (``folder`` then holds only the changed ones), and the keys are returned for the next
    build; ``content``: a digest of the whole content, the key of the outputs made from
    all of it (with ``today``).
    """
    file_keys: dict[str, str] = {}  # keyed by their bytes, only for the cache
    changed = plan.files
    if reuse is not None:
        file_keys = {rel: hashlib.sha256(b).hexdigest() for rel, b in plan.files.items()}
        changed = {rel: b for rel, b in plan.files.items() if reuse.keys.get(rel) != file_keys[rel]}
    write_files(folder, changed)
    # Both language versions of a page next to each other, so that one worker renders
    # them and shares what they have in common (the description's HTML, cached).
    in_order = sorted(
        plan.pages, key=lambda item: (item[1].alternates.get("de", item[1].url), item[1].lang)
    )
    fingerprints = Fingerprints(reuse.salt) if reuse is not None else None
    job = _RenderJob(
        folder,
        plan.theme,
        plan.urls,
        texts,
        in_order,
        plan.extras,
        reuse,
        (content, today),
        plan.images,
        fingerprints,
    )
    # The extras first, each on its own: the search index is the longest single task.
    tasks = [-1 - k for k in range(len(job.extras))]
    tasks += range(len(job.pages) + len(job.images))
    made = fork_map(_render_one, job, tasks, threshold=PARALLEL_PAGES, alone=len(job.extras))
    done = list(_reporting(made, "pages", len(tasks), progress))
    rendered = Rendered(
        len(plan.files) + sum(d.written for d in done),
        len(plan.pages),
        len(plan.files) - len(changed) + sum(d.reused for d in done),
    )
    if reuse is not None:
        page_paths = [plan.urls.output_path(page.url) for _, page in in_order]
        page_paths += [card.path for card in plan.images]
        rendered.keys = file_keys | dict(
            zip(page_paths, (d.key for d in done if not d.extra), strict=True)
        )
        rendered.extras = {d.extra: (d.key, d.paths) for d in done if d.extra}
    return rendered
