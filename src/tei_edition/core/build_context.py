"""The context of one build (`build.build`): the master, its tree and Saxon document, the
output folder, the timings and warnings, what an incremental build takes from the previous one,
and the background jobs (Typst's compiles, the stages in a second process) with their stops.
Stages are typed against its protocol, `core.context.StageContext`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tei_edition.core import interrupts
from tei_edition.core.incremental import Reuse
from tei_edition.core.problems import Problem


@dataclass
class BuildContext:
    master: Path
    tree: etree._ElementTree
    out: Path
    base_url: str | None = None
    paper: str = "a4"  # print edition: a4, a5 or letter
    volume_units: int | None = None  # print edition: at most this many units a volume (None: VOLUME_UNITS)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    planned: set[str] = field(default_factory=set)  # the stages this run makes
    pages_awaited: bool = False  # someone waits for the site's pages (serve --watch): made on both cores
    reuse: Reuse | None = None  # what an incremental build takes from the previous build
    inputs: str = ""  # digest of the master's bytes and the files it includes
    waited: float = 0.0  # seconds the stages spent waiting for background jobs
    resolved_master: Path | None = None  # `real_master`, when the build resolved it as it read the master
    _xdm: object | None = None
    _jobs: dict[str, tuple[ThreadPoolExecutor, Future[None]]] = field(default_factory=dict)
    _stops: list[Callable[[], None]] = field(default_factory=list)

    def in_background(self, name: str, job: Callable[[], object], stop: Callable[[], None] | None = None,
                      start: Callable[[], None] | None = None) -> None:
        """Run `job` in a worker thread while later stages go on. Only for work that waits
        (on a child process) and touches nothing shared: the Typst compile, the stages aside.
        `stop` ends it early when the build fails or is interrupted; `start` runs here once
        `stop` is registered, before the thread (it may fork: one thread only)."""
        started = time.perf_counter()

        def timed() -> None:
            try:
                job()
            finally:
                self.timings[name] = time.perf_counter() - started

        if stop is not None:  # before the job starts: an interruption from here on can stop it
            self._stops.append(stop)
        if start is not None:
            start()
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._jobs[name] = (pool, pool.submit(timed))

    def stop_background(self) -> None:
        """Stop the background jobs that can be stopped, then wait for every one to end."""
        self._stop_jobs()
        self.wait_background()

    def _stop_jobs(self) -> None:
        for stop in self._stops:
            stop()

    def wait_background(self) -> None:
        """Wait for every background job; the first failure is raised here, in the build. An
        interruption while waiting (Ctrl-C, SIGTERM) stops the jobs before it waits for them, so a
        compile never holds up the build's exit."""
        started = time.perf_counter()
        failure: Exception | None = None
        try:
            for name in list(self._jobs):
                pool, future = self._jobs[name]
                while not future.done():  # in short waits, to see an interruption whose exception was lost
                    wait([future], timeout=0.1)
                    interrupts.check()
                try:
                    future.result()
                except Exception as exc:  # noqa: BLE001 - the job's own failure, raised after every job ended
                    failure = failure or exc
                del self._jobs[name]
                pool.shutdown()
        except BaseException:  # the wait itself was interrupted
            self._stop_jobs()
            for pool, _ in self._jobs.values():
                pool.shutdown()
            self._jobs.clear()
            raise
        finally:
            self.waited += time.perf_counter() - started
        if failure is not None:
            raise failure

    @property
    def real_master(self) -> Path:
        """The master's path resolved, once: a master replaced by a loop of links while the build
        runs (an editor's save) cannot fail a later stage (E0001 where it already is one)."""
        if self.resolved_master is None:
            from tei_edition.core.inputs import real_path

            self.resolved_master = real_path(self.master)
        return self.resolved_master

    @property
    def xdm(self) -> Any:
        """The master as a document for the XSLT stages, made once per build."""
        if self._xdm is None:
            from tei_edition.core.xslt import to_xdm

            self._xdm = to_xdm(self.tree, self.real_master.as_uri())
        return self._xdm
