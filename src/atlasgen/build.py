"""The build, top to bottom: read → validate → link → plan → render → write.

``build_site(root, out)`` is all of ``atlasgen build``; each stage is one named call,
timed (``--timings``):

1. **read, validate, link** (``content.stages.load_atlas``): every file of the project,
   checked, cross-referenced into the frozen ``Atlas``; all problems at once;
2. **plan** (``site.plan.plan_site``): every output decided, none rendered;
3. **render** (``site.render``): the descriptions' HTML, then the pages, the search
   files and the open data, into a fresh folder beside the output (``site.write.Stage``);
4. **write**: that folder swapped in for the old output, or, when only some outputs
   changed, those moved into place. A build that fails leaves the old output as it was.

The build is pure apart from reading the project and writing the output: no clock (the
date comes from ``content.dates.build_date``), sorted iteration, so the same input gives
byte-identical output. With the build cache (``dev.cache``) the stages get a ``Memo`` of
what earlier builds computed and skip that work; the output is the same either way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .common.buildinfo import BuildResult, Timings
from .common.progress import Progress
from .common.workers import paused_gc
from .content.dates import build_date
from .content.problems import Problem
from .content.stages import load_atlas
from .dev.cache import Memo, Prepared, prepare_cache
from .site.plan import plan_site
from .site.render import render_site, render_texts
from .site.write import Stage

__all__ = ["build_site"]


def build_site(
    root: Path,
    out: Path,
    *,
    today: date | None = None,
    strict: bool = False,
    use_cache: bool = False,
    prepared: Prepared | None = None,
    progress: Progress | None = None,
) -> tuple[BuildResult | None, list[Problem]]:
    """Validate, render and write the site; nothing is written when there are errors.

    ``use_cache``: read and update the build cache (``.atlasgen-cache/``): a build without
    changes writes nothing, and only changed member files, descriptions and outputs are
    made again. ``prepared``: the cache as ``prepare_cache`` opened it (implies it).
    """
    root, out = root.resolve(), out.resolve()
    timings = Timings()
    if use_cache and prepared is None:
        with timings.phase("check for changes"):
            prepared = prepare_cache(root, out, strict=strict, today=today)
    if prepared is not None and (last_build := prepared.nothing_to_do()) is not None:
        return last_build
    with timings.phase("read cache"):
        memo = prepared.memo(out) if prepared is not None else Memo()
    with timings.phase("read and check content"), paused_gc():
        atlas, problems = load_atlas(root, strict=strict, members=memo.members)
    if atlas is None:
        return None, problems
    day = build_date(root, atlas, today)
    with timings.phase("plan pages"), paused_gc():
        plan = plan_site(root, atlas, day, nearest=memo.nearest, tokens=memo.tokens)
    with timings.phase("render descriptions"):
        texts, cached_texts = render_texts(plan, memo.html, progress)
    with Stage(out) as stage:
        with timings.phase("render pages and search index"):
            rendered = render_site(
                plan,
                texts,
                stage.folder,
                today=day,
                reuse=memo.outputs,
                content=memo.content,
                progress=progress,
            )
        if prepared is not None and memo.update and memo.outputs is not None:
            with timings.phase("move changed files into place"):
                gone = memo.outputs.paths() - rendered.paths()
                stage.move_into_place(gone, before=prepared.cache.forget_output)
        else:
            with timings.phase("swap in the new site"):
                stage.swap()
    result = BuildResult(
        rendered.files,
        rendered.pages,
        day,
        member_files=len(atlas.members),
        cached_members=memo.hits,
        texts=len(texts.known),
        cached_texts=cached_texts,
        reused=rendered.reused,
        timings=timings,
    )
    if prepared is not None:
        with timings.phase("write cache"):
            memo.html = texts.known
            prepared.record(out, (result, problems), memo, (rendered.keys, rendered.extras))
    return result, problems
