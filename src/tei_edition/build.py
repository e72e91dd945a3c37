"""The whole build: validate, then every output, into a fresh folder swapped in at the end.

A failed build leaves the previous `build/` exactly as it was; what `--out` may name, the lock
and the swap are `core/output_folder.py`'s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_edition.core import output_folder, paths
from tei_edition.outputs.manifest import write_manifest
from tei_edition.core.problems import EditionError, Problem, has_errors
from tei_edition.core.xmlio import read_tei


@dataclass
class BuildContext:
    master: Path
    tree: etree._ElementTree
    out: Path
    base_url: str | None = None
    paper: str = "a4"  # print edition: a4, a5 or letter
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    # files a background job is writing: later stages may name them before they exist
    promised: list[Path] = field(default_factory=list)
    waited: float = 0.0  # seconds the stages spent waiting for background jobs
    _xdm: object | None = None
    _jobs: dict[str, tuple[ThreadPoolExecutor, Future]] = field(default_factory=dict)

    def in_background(self, name: str, job: Callable[[], None], writes: Path | None = None) -> None:
        """Run `job` in a worker thread while later stages go on. Only for work that releases
        the GIL and touches nothing shared (the Typst compile: ~0.3 s of the build); `writes`,
        the file it makes."""
        started = time.perf_counter()
        if writes is not None:
            self.promised.append(writes)

        def timed() -> None:
            try:
                job()
            finally:
                self.timings[name] = time.perf_counter() - started

        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._jobs[name] = (pool, pool.submit(timed))

    def wait_background(self) -> None:
        """Wait for every background job; the first failure is raised here, in the build."""
        started = time.perf_counter()
        failure: BaseException | None = None
        for name in list(self._jobs):
            pool, future = self._jobs.pop(name)
            try:
                future.result()
            except BaseException as exc:  # noqa: BLE001 - re-raised below, after every job ended
                failure = failure or exc
            finally:
                pool.shutdown()
        self.waited += time.perf_counter() - started
        if failure is not None:
            raise failure

    @property
    def xdm(self):
        """The master as a Saxon document, made once per build."""
        if self._xdm is None:
            from tei_edition.core.xslt import to_xdm

            self._xdm = to_xdm(self.tree, self.master.resolve().as_uri())
        return self._xdm


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


def _stage_tei(ctx: BuildContext) -> None:
    from tei_edition.outputs.tei import publish_tei

    publish_tei(ctx)


def _stage_html(ctx: BuildContext) -> None:
    from tei_edition.outputs.html import build_site

    build_site(ctx)


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


STAGES: list[tuple[str, Stage]] = [
    ("validate", _stage_validate),
    # before any output: a moved or changed anchor stops the build
    ("anchors", _stage_anchors),
    ("tei", _stage_tei),
    ("pdf", _stage_pdf),
    ("dts", _stage_dts),
    ("exports", _stage_exports),
    ("epub", _stage_epub),
    # last: the site reuses exports/citations.json and copies the PDF, EPUB and TEI as downloads
    ("html", _stage_html),
]


def run_stages(ctx: BuildContext, only: set[str] | None = None) -> None:
    for name, stage in STAGES:
        if only is not None and name not in only:
            continue
        started, waited = time.perf_counter(), ctx.waited
        stage(ctx)
        # a stage's own time: not the time it spent waiting for a background job
        ctx.timings[name] = time.perf_counter() - started - (ctx.waited - waited)
    ctx.wait_background()
    ctx.timings["waiting"] = ctx.waited


def build(master: Path | str = paths.MASTER, out: Path | str = paths.BUILD_DIR,
          base_url: str | None = None, paper: str = "a4") -> BuildContext:
    """Build every output of `master` into `out`; raise EditionError on bad input."""
    master, out = Path(master), Path(out)
    output_folder.check(out, master)  # a refused --out is reported before anything is read
    started = time.perf_counter()
    tree = read_tei(master)
    parse_time = time.perf_counter() - started
    with output_folder.replacing(out, master) as tmp:
        ctx = BuildContext(master=master, tree=tree, out=tmp, base_url=base_url, paper=paper)
        ctx.timings["parse"] = parse_time
        try:
            run_stages(ctx)
            t = time.perf_counter()
            write_manifest(tmp)
            ctx.timings["manifest"] = time.perf_counter() - t
        except BaseException:
            try:
                ctx.wait_background()  # no worker may still write into tmp while it is removed
            except BaseException:  # noqa: BLE001 - the first error is the one reported
                pass
            raise
    ctx.out = out
    ctx.timings["total"] = time.perf_counter() - started
    return ctx
