"""The whole build: validate, then every output, into a fresh folder swapped in at the end.

A failed build leaves the previous `build/` exactly as it was; what `--out` may name, the lock
and the swap are `core/output_folder.py`'s. A build into a previous build is incremental
(`core/incremental.py`): a stage whose inputs did not change takes its files from the previous
build (`OUTPUTS`, `stage_inputs`), and a stage that runs again keeps every file whose bytes did
not change; the result is byte-identical to a full build.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from tei_edition.core import heap, interrupts, memo, output_folder, paths
from tei_edition.core.build_context import BuildContext
from tei_edition.core.incremental import Reuse, digest
from tei_edition.core.inputs import read_bytes, real_path
from tei_edition.outputs.manifest import write_manifest
from tei_edition.outputs.volumes import of_build
from tei_edition.core.problems import EditionError, Problem, has_errors
from tei_edition.core.xmlio import parse_tei



Stage = Callable[[BuildContext], None]


def _stage_validate(ctx: BuildContext) -> None:
    from tei_edition.schema.output_checks import check_base_url, strip_processing_instructions
    from tei_edition.schema.validate import validate_tree

    if ctx.base_url:
        check_base_url(ctx.base_url)
    problems = validate_tree(ctx.tree, str(ctx.master))
    if has_errors(problems):
        raise EditionError(problems)
    ctx.warnings.extend(problems)
    strip_processing_instructions(ctx.tree)  # W0250: never copied into an output
    memo.forget()  # the tree changed


def _stage_tei(ctx: BuildContext) -> None:
    from tei_edition.outputs.tei import publish_tei

    publish_tei(ctx)


def _stage_html(ctx: BuildContext) -> None:
    from tei_edition.outputs.html import build_site

    build_site(ctx)


def _stage_search(ctx: BuildContext) -> None:
    from tei_edition.outputs.html_search import write_search_index

    site = ctx.out / "site"
    if (site / "index.html").is_file():
        write_search_index(site / "index.html", site / "search-index.js")


def _stage_pdf(ctx: BuildContext) -> None:
    from tei_edition.outputs.pdf import build_pdf

    build_pdf(ctx)


def _stage_epub(ctx: BuildContext) -> None:
    from tei_edition.outputs.epub import build_epub

    build_epub(ctx)


def _stage_anchors(ctx: BuildContext) -> None:
    from tei_edition.citation.anchors import stage

    stage(ctx)


def _stage_dts(ctx: BuildContext) -> None:
    from tei_edition.outputs.dts import build_dts

    build_dts(ctx)


def _stage_exports(ctx: BuildContext) -> None:
    from tei_edition.outputs.exports import build_exports

    build_exports(ctx)


def _stage_downloads(ctx: BuildContext) -> None:
    from tei_edition.outputs.html import copy_downloads

    ctx.wait_background()  # the PDF may still be compiling
    if (ctx.out / "site").is_dir():
        copy_downloads(ctx, ctx.out / "site")


STAGES: list[tuple[str, Stage]] = [
    ("validate", _stage_validate),
    # before any output: a moved or changed anchor stops the build
    ("anchors", _stage_anchors),
    # the site's pages as early as they can be (`serve --watch` shows them while the rest is
    # made); the exports after them share the citations they print (`cite.all_units`, once a build)
    ("html", _stage_html),
    ("exports", _stage_exports),
    ("search", _stage_search),  # the site's search index, read from its index.html
    ("tei", _stage_tei),
    ("pdf", _stage_pdf),  # Typst compiles in the background until `downloads`
    ("dts", _stage_dts),  # reads the published TEI
    ("epub", _stage_epub),
    # last: the PDF, EPUB and TEI into the site's downloads
    ("downloads", _stage_downloads),
]

# The folder (or file) of the build each output stage writes (a file belongs to the stage of the
# longest that holds it). These stages may be taken whole from the previous build; validate and anchors (checks)
# and downloads (links) always run.
OUTPUTS = {"exports": "exports", "html": "site", "search": "site/search-index.js", "tei": "tei", "pdf": "pdf",
           "dts": "dts", "epub": "epub", "downloads": "site/downloads"}
_REUSABLE = ("exports", "html", "search", "tei", "pdf", "dts", "epub")
# The stages a build may run in a second process (`run_stages`' jobs): the site's pages and the
# exports print the same citations and the search index reads the pages, one chain; the print
# edition, TEI, DTS and EPUB stay in the build's own process (the PDF's Typst compile in a child of it).
ASIDE = ("html", "exports", "search")


def stage_of(rel: str) -> str | None:
    """The stage that writes the build's file `rel` (None: the build's own, e.g. the marker)."""
    owner, length = None, -1
    for stage, place in OUTPUTS.items():
        if (rel == place or rel.startswith(place + "/")) and len(place) > length:
            owner, length = stage, len(place)
    return owner


# The stages whose files depend on how the print edition is divided: the PDFs, and the site's
# pages that list them (and the search index read from the pages).
_BY_VOLUMES = ("pdf", "html", "search")


def stage_inputs(ctx: BuildContext, name: str) -> tuple[str, ...]:
    """What stage `name`'s files depend on beside the toolkit: the master (bytes and included
    files, path), the base URL and, for the PDF only, the paper; for the PDF and the pages that
    list it, the most units a volume holds; for the TEI, the source records its header names."""
    from tei_edition.outputs.tei_sources import sources_key
    from tei_edition.outputs.volumes import VOLUME_UNITS

    cap = str(ctx.volume_units or VOLUME_UNITS) if name in _BY_VOLUMES else ""
    sources = sources_key(Path(ctx.master), ctx.tree) if name == "tei" else ""  # published beside it
    return (ctx.inputs, str(ctx.real_master), ctx.base_url or "", ctx.paper if name == "pdf" else "", cap, sources)


def _key(ctx: BuildContext, name: str) -> str | None:
    """The key of stage `name`'s inputs; None for a stage never taken from the previous build."""
    if ctx.reuse is None or name not in _REUSABLE:
        return None
    return ctx.reuse.key(name, *stage_inputs(ctx, name))


def _take(ctx: BuildContext, name: str) -> tuple[str | None, list[Problem] | None]:
    """The key of stage `name`'s inputs (None: never taken) and, when the previous build made
    the stage from the same inputs, its warnings (its files are linked in); else None."""
    key = _key(ctx, name)
    if key is None or ctx.reuse is None:
        return key, None
    return key, ctx.reuse.take_stage(name, key)


def _run(ctx: BuildContext, name: str, stage: Stage) -> None:
    key, taken = _take(ctx, name)
    if taken is not None:
        ctx.warnings.extend(taken)
        return
    before = len(ctx.warnings)
    stage(ctx)
    _record(ctx, name, key, ctx.warnings[before:])


def print_first(stages: list[tuple[str, Stage]]) -> list[tuple[str, Stage]]:
    """`stages` with the print edition's right after the checks: its Typst compile, the longest
    job of a large edition, then runs beside all the others (for a build nobody watches)."""
    names = [name for name, _ in stages]
    if "pdf" not in names or "anchors" not in names or names.index("pdf") < names.index("anchors"):
        return stages
    rest = [s for s in stages if s[0] != "pdf"]
    at = names.index("anchors") + 1
    return rest[:at] + [stages[names.index("pdf")]] + rest[at:]


def run_stages(ctx: BuildContext, only: set[str] | None = None,
               on_stage: Callable[[str, BuildContext], None] | None = None, pages_first: bool = True,
               jobs: int = 1, awaited: bool = False) -> None:
    """Run the stages (`only` these); `on_stage(name, ctx)` after each. `pages_first`: in
    `STAGES`' order, the site's pages early; else `print_first`. `awaited`: a reader waits on
    the site's pages (`serve --watch`), made on both cores. `jobs` > 1: the stages `ASIDE`
    run in a second process where that is safe (`forked.can_fork`), beside the others; the
    warnings come in the same order either way."""
    from tei_edition.core.forked import can_fork

    ctx.planned = {name for name, _ in STAGES if only is None or name in only}
    ctx.pages_awaited = awaited
    order = [(name, stage) for name, stage in (STAGES if pages_first else print_first(STAGES))
             if name in ctx.planned]
    # decided before the checks (which start neither Saxon nor a thread): a build that will not
    # fork keeps its order, the print edition first
    aside = ASIDE if jobs > 1 and on_stage is None and "anchors" in ctx.planned and can_fork() else ()
    from tei_edition.core import xslt

    # compiled by the XSLT process while the checks run here
    xslt.compile_ahead([sheet for name, sheet in _STYLESHEETS.items()
                        if name in ctx.planned and name not in aside and not _reused(ctx, name)])
    if ctx.pages_awaited and _made_here(ctx, "html"):  # its pages are made on both cores
        _compile_beside(ctx, "html")
    head = list(ctx.warnings)
    by_stage: dict[str, list[Problem]] = {}
    forked: tuple[Any, dict[str, str | None]] | None = None
    for name, stage in order:
        if name in aside:
            continue
        interrupts.check()
        _run_timed(ctx, name, stage, by_stage)
        if on_stage is not None:
            on_stage(name, ctx)
        if name == "anchors" and _made_here(ctx, "pdf") and _printed_in_volumes(ctx):
            _compile_beside(ctx, "pdf")  # half the volumes are made there (known once the master is valid)
        if name == "anchors" and aside:
            if _printed_in_volumes(ctx):  # the stages aside run here, in their turn
                aside = ()
            else:
                forked = _stages_aside(ctx, [(n, s) for n, s in order if n in aside], by_stage)
    ctx.wait_background()
    if forked is not None:
        _settle_aside(ctx, *forked, by_stage)
    ctx.warnings[:] = head + [w for name, _ in order for w in by_stage.get(name, [])]
    ctx.timings["waiting"] = ctx.waited


# The stylesheet of each stage that transforms.
_STYLESHEETS = {"pdf": "pdf/typst.xsl", "html": "html/site.xsl", "epub": "epub/epub.xsl"}


def _made_here(ctx: BuildContext, name: str) -> bool:
    """Whether this build's process runs stage `name` (planned, not taken from the previous build)."""
    return name in ctx.planned and not _reused(ctx, name)


def _compile_beside(ctx: BuildContext, name: str) -> None:
    """Have the second XSLT worker (`xslt.transform_beside`) compile stage `name`'s stylesheet."""
    from tei_edition.core import xslt

    if xslt.beside_possible():
        xslt.compile_ahead([_STYLESHEETS[name]], beside=True)


def _reused(ctx: BuildContext, name: str) -> bool:
    """Whether stage `name` will be taken from the previous build (its inputs unchanged)."""
    key = _key(ctx, name)
    if key is None or ctx.reuse is None:
        return False
    made = ctx.reuse.previous.stages.get(name)
    return made is not None and made.get("key") == key


def _printed_in_volumes(ctx: BuildContext) -> bool:
    """A long edition, printed in volumes (`outputs.volumes`), is built in one process: Typst then
    compiles through most of the build, so a second process would find no core free, only add
    its memory (at 6,000 units: about the same time, 1.5 GB at once instead of 1.1)."""
    from tei_edition.outputs.volumes import of_build

    return "pdf" in ctx.planned and len(of_build(ctx)) > 1


def _stages_aside(ctx: BuildContext, stages: list[tuple[str, Stage]],
                  by_stage: dict[str, list[Problem]]) -> tuple[Any, dict[str, str | None]] | None:
    """Take what `stages` can from the previous build; run the rest in a forked process (as a
    background job of `ctx`), or here should forking have become unsafe since `run_stages` chose
    or the system refuse a process."""
    from tei_edition.core import forked as fork

    keys: dict[str, str | None] = {}
    left: list[tuple[str, Stage]] = []
    for name, stage in stages:
        started = time.perf_counter()
        key, taken = _take(ctx, name)
        if taken is not None:
            by_stage[name] = taken
            ctx.timings[name] = time.perf_counter() - started
        else:
            keys[name] = key
            left.append((name, stage))
    if not left:
        return None
    if fork.can_fork():

        def run(stage: Stage) -> Callable[[], list[Problem]]:
            def warnings() -> list[Problem]:
                before = len(ctx.warnings)
                stage(ctx)
                return ctx.warnings[before:]
            return warnings

        forked = fork.ForkedStages([(name, run(stage)) for name, stage in left])
        results: list[Any] = []
        try:  # registered (with its stop) before the fork: an interruption from here on kills the copy
            ctx.in_background("stages-aside", lambda: results.extend(forked.wait()), stop=forked.stop,
                              start=forked.start)
            return results, keys
        except OSError:  # no process to be had (EAGAIN, ENOMEM): the stages run here
            pass
    for name, stage in left:
        _run_timed(ctx, name, stage, by_stage)
    return None


def _run_timed(ctx: BuildContext, name: str, stage: Stage, by_stage: dict[str, list[Problem]]) -> None:
    """`_run`, with the stage's time and warnings recorded."""
    started, waited, before = time.perf_counter(), ctx.waited, len(ctx.warnings)
    _run(ctx, name, stage)
    heap.give_back()  # what the stage freed: not held while Typst and the XSLT process run beside
    # a stage's own time: not the time it spent waiting for a background job
    ctx.timings[name] = time.perf_counter() - started - (ctx.waited - waited)
    by_stage[name] = ctx.warnings[before:]


def _settle_aside(ctx: BuildContext, results: list[Any], keys: dict[str, str | None],
                  by_stage: dict[str, list[Problem]]) -> None:
    for result in results:
        ctx.timings[result.name] = result.seconds
        by_stage[result.name] = result.warnings
        _record(ctx, result.name, keys.get(result.name), result.warnings)


def _record(ctx: BuildContext, name: str, key: str | None, warnings: list[Problem]) -> None:
    if ctx.reuse is not None and key is not None:
        ctx.reuse.record_stage(name, key, warnings)


def inputs_digest(master: Path, data: bytes, tree: etree._ElementTree) -> str:
    """The master's bytes (those parsed), the bytes of every file it includes and of its anchor
    lock (published beside the TEI)."""
    from tei_edition.citation.anchor_lock import lock_path
    from tei_edition.outputs.tei import included_files

    parts: list[str | bytes] = [data]
    lock = lock_path(master)
    for path in [*included_files(tree, master.parent), *([lock] if os.path.lexists(lock) else [])]:
        try:
            parts += [str(path), read_bytes(path)]
        except EditionError as exc:  # the tei stage reports it
            parts += [str(path), str(exc)]
    return digest(*parts)


def build(master: Path | str = paths.MASTER, out: Path | str = paths.BUILD_DIR,
          base_url: str | None = None, paper: str = "a4", full: bool = False,
          on_stage: Callable[[str, BuildContext], None] | None = None, jobs: int = 1,
          volume_units: int | None = None, awaited: bool = False) -> BuildContext:
    """Build every output of `master` into `out`, taking what it can from the build there
    (unless `full`); raise EditionError on bad input. `on_stage(name, ctx)` is called after
    each stage (`serve --watch` shows the site's pages from `ctx.out` before the build is
    swapped in); `awaited`: for a reader waiting on those pages, they come first, made on both
    cores. `jobs` > 1: some stages in a second process (`run_stages`). `volume_units`:
    the most citable units a volume of the print edition holds (`outputs.volumes`)."""
    master, out = Path(master), Path(out)
    target = output_folder.check(out, master)  # a refused --out is reported before anything is read
    started = time.perf_counter()
    data = read_bytes(master)
    real = real_path(master)  # as it was read: a loop of links made later fails no stage
    tree = parse_tei(data, str(master))
    parse_time = time.perf_counter() - started
    with output_folder.replacing(out, master) as tmp:
        ctx = BuildContext(master=master, tree=tree, out=tmp, base_url=base_url, paper=paper,
                           volume_units=volume_units, resolved_master=real)
        ctx.timings["parse"] = parse_time
        try:
            ctx.reuse = Reuse(target if target.is_dir() and not full else None, tmp, stage_of, str(master))
            ctx.warnings.extend(ctx.reuse.problems)
            ctx.inputs = inputs_digest(master, data, tree)
            with memo.per_build():  # the citation trees, units and emendations, once
                run_stages(ctx, on_stage=on_stage, pages_first=awaited, jobs=jobs, awaited=awaited)
                books = of_build(ctx)  # the volumes the PDF stage printed (or took from the previous build)
            t = time.perf_counter()
            write_manifest(tmp, ctx.reuse.finish(), books)
            ctx.timings["manifest"] = time.perf_counter() - t
        except BaseException:
            try:
                ctx.stop_background()  # no worker may still write into tmp while it is removed
            except BaseException:  # noqa: BLE001 - the first error is the one reported
                pass
            raise
    ctx.out = out
    ctx.warnings.extend(output_folder.not_removed(target, tmp))
    ctx.timings["total"] = time.perf_counter() - started
    return ctx
