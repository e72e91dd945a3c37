"""core/xslt.py `transform_beside`: under `serve --watch` the site's pages are made by two
transforms at once, the text's page begun first in a second worker, the other pages in the
command's own once their parameters are made, those of the registers in the second worker once
the text's page is done (issue 14, the live preview); the print edition's volumes, half in each. The two make the same files as one transform; a failure or an
interruption of either ends both, reported once."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.build import build
from tei_edition.core import xslt, xslt_worker
from tei_edition.core.problems import EditionError
from support.stylesheets import TEXT_XSL, write_stylesheet

PARTS = ({"part": "a"}, {"part": "b"})  # the first runs in the second worker


def _stylesheet(folder: Path, body: str, name: str = "parts.xsl") -> str:
    """A stylesheet of the parameter `part` (each part says which it is) around `body`."""
    return write_stylesheet(folder, name, TEXT_XSL.format('<xsl:param name="part" select="\'\'"/>' + body))


def _doc() -> xslt.Document:
    return xslt.to_xdm(etree.fromstring("<r><i/><i/></r>"))


def _on_two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xslt.os, "sched_getaffinity", lambda _pid: {0, 1})


def test_the_two_parts_run_at_once_each_in_a_worker_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The first part (in the second worker) waits until the second has begun in the command's
    worker, its parameters made by a function meanwhile: run in turn, it would wait in vain."""
    _on_two_cpus(monkeypatch)
    name = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:value-of select="$part, count(//i)"/></xsl:template>')
    second_began, first_saw_it = threading.Event(), []
    real = xslt_worker.Worker.transform

    def watched(self: xslt_worker.Worker, *args: object) -> str:
        if self is xslt_worker.worker(1):
            first_saw_it.append(second_began.wait(60))
        else:
            second_began.set()
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(xslt_worker.Worker, "transform", watched)
    assert xslt.transform_beside(name, _doc(), PARTS[0], lambda: PARTS[1]) == ("a 2", "b 2")
    assert first_saw_it == [True]
    assert xslt_worker.worker(0)._process is not xslt_worker.worker(1)._process


def test_on_one_cpu_the_parts_run_in_turn_in_the_one_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(xslt.os, "sched_getaffinity", lambda _pid: {0})
    name = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:value-of select="$part"/></xsl:template>')
    used: list[xslt_worker.Worker] = []
    real = xslt_worker.Worker.transform
    monkeypatch.setattr(xslt_worker.Worker, "transform", lambda self, *a: used.append(self) or real(self, *a))
    made: list[str] = []  # the second part's parameters, made once the first has run
    assert xslt.transform_beside(name, _doc(), PARTS[0], lambda: made.append("b") or PARTS[1]) == ("a", "b")
    assert used == [xslt_worker.worker(0)] * 2 and made == ["b"]


FAILING = ('<xsl:template match="/"><xsl:if test="$part = \'{}\'">'
           '<xsl:sequence select="error((), \'part {} fails\')"/></xsl:if><xsl:value-of select="$part"/>'
           '</xsl:template>')


@pytest.mark.parametrize("failing", ["a", "b"])
def test_a_failing_part_is_one_coded_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str):
    _on_two_cpus(monkeypatch)
    name = _stylesheet(tmp_path, FAILING.format(failing, failing))
    with pytest.raises(EditionError) as raised:
        xslt.transform_beside(name, _doc(), *PARTS, source_path="master.xml")
    assert [p.code for p in raised.value.problems] == ["E0100"]
    assert f"part {failing} fails" in str(raised.value.problems[0])
    # and the workers serve the next transform
    assert xslt.transform_beside(_stylesheet(tmp_path, '<xsl:template match="/">ok</xsl:template>', "ok.xsl"), _doc(),
                                 *PARTS) == ("ok", "ok")


def test_an_interruption_ends_the_part_beside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Ctrl-C while this process runs its part: the second worker, running the first part, is
    killed (it might go on writing pages into the folder being removed) and the interruption is
    raised, after its thread ended. Likewise while the second part's parameters are made."""
    _on_two_cpus(monkeypatch)
    endless = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:iterate select="1 to 2000000000">'
                                    '<xsl:if test=". = -1">x</xsl:if></xsl:iterate></xsl:template>')
    real = xslt_worker.Worker.transform
    began = threading.Event()

    def here_interrupted(self: xslt_worker.Worker, *args: object) -> str:
        if self is xslt_worker.worker(1):
            began.set()
            return real(self, *args)  # type: ignore[arg-type]
        began.wait(60)
        raise KeyboardInterrupt

    def interrupted_params() -> dict[str, object]:
        began.wait(60)
        raise KeyboardInterrupt

    monkeypatch.setattr(xslt_worker.Worker, "transform", here_interrupted)
    before = threading.active_count()
    for second in (PARTS[1], interrupted_params):
        began.clear()
        with pytest.raises(KeyboardInterrupt):
            xslt.transform_beside(endless, _doc(), PARTS[0], second, then=THEN)
        assert xslt_worker.worker(1)._process is None  # killed, not left running the endless part
        assert threading.active_count() == before


def test_an_interruption_before_the_part_beside_began_starts_no_worker_for_it(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch):
    """The thread of the part beside reaches its worker only after the interruption stopped it:
    a first version started the worker again there and ran the part to its end."""
    _on_two_cpus(monkeypatch)
    name = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:value-of select="$part"/></xsl:template>')
    real, real_cancel = xslt_worker.Worker.transform, xslt_worker.Worker.cancel
    stopped = threading.Event()
    reached: list[bool] = []

    def late(self: xslt_worker.Worker, *args: object) -> str:
        if self is xslt_worker.worker(1):
            reached.append(stopped.wait(10))
            return real(self, *args)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    def cancel(self: xslt_worker.Worker) -> None:
        real_cancel(self)
        stopped.set()

    monkeypatch.setattr(xslt_worker.Worker, "transform", late)
    monkeypatch.setattr(xslt_worker.Worker, "cancel", cancel)
    with pytest.raises(KeyboardInterrupt):
        xslt.transform_beside(name, _doc(), *PARTS)
    assert reached == [True] and xslt_worker.worker(1)._process is None
    monkeypatch.setattr(xslt_worker.Worker, "transform", real)
    assert xslt.transform_beside(name, _doc(), *PARTS) == ("a", "b")  # started again for the next


def test_a_watched_build_makes_its_pages_in_two_parts_the_same_files(minimal_tei: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    _on_two_cpus(monkeypatch)
    import tei_edition.outputs.html as html

    parts: list[tuple[str, str]] = []
    real = html.transform_beside

    def recorded(name: str, doc: xslt.Document, first: dict[str, object], second: Callable[[], dict[str, object]],
                 **kwargs: Any) -> tuple[str, str]:
        given = second()
        parts.append((str(first["pages"]), str(given["pages"]), str(kwargs["then"]["pages"])))
        return real(name, doc, first, given, **kwargs)

    monkeypatch.setattr(html, "transform_beside", recorded)
    build(minimal_tei, tmp_path / "plain", full=True)
    assert parts == []
    build(minimal_tei, tmp_path / "watched", full=True, on_stage=lambda _name, _ctx: None, awaited=True)
    assert parts == [("text", "apparatus", "entries")]
    manifests = [json.loads((tmp_path / f / "manifest.json").read_text()) for f in ("plain", "watched")]
    assert manifests[0] == manifests[1]
    site = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain" / "site").rglob("*") if p.is_file())
    assert len(site) > 10
    assert all((tmp_path / "plain" / f).read_bytes() == (tmp_path / "watched" / f).read_bytes() for f in site)



THEN = {"part": "c"}  # the third part: the second's parameters with these instead


def test_a_third_part_runs_beside_after_the_first_with_the_seconds_parameters(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch):
    """In the second worker, once the first part has ended and the second's parameters are made
    (`other` is made only there); its result follows the first's."""
    _on_two_cpus(monkeypatch)
    name = _stylesheet(tmp_path, '<xsl:param name="other" select="\'-\'"/>'
                                 '<xsl:template match="/"><xsl:value-of select="$part, $other"/>;</xsl:template>')
    used: list[tuple[xslt_worker.Worker, object]] = []
    real = xslt_worker.Worker.transform

    def recorded(self: xslt_worker.Worker, name: str, doc: xslt.Document, params: dict[str, object], *rest: Any) -> str:
        used.append((self, params["part"]))
        return real(self, name, doc, params, *rest)

    monkeypatch.setattr(xslt_worker.Worker, "transform", recorded)
    assert xslt.transform_beside(name, _doc(), PARTS[0], lambda: {**PARTS[1], "other": "o"}, then=THEN) == \
        ("a -;c o;", "b o;")
    beside = [part for worker, part in used if worker is xslt_worker.worker(1)]
    assert beside == ["a", "c"] and sorted(part for _, part in used) == ["a", "b", "c"]


def test_on_one_cpu_the_third_part_runs_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(xslt.os, "sched_getaffinity", lambda _pid: {0})
    name = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:value-of select="$part"/></xsl:template>')
    assert xslt.transform_beside(name, _doc(), PARTS[0], lambda: PARTS[1], then=THEN) == ("ac", "b")


def test_when_the_second_parts_parameters_fail_the_third_never_begins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _on_two_cpus(monkeypatch)
    name = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:value-of select="$part"/></xsl:template>')
    used: list[object] = []
    real = xslt_worker.Worker.transform

    def recorded(self: xslt_worker.Worker, name: str, doc: xslt.Document, params: dict[str, object], *rest: Any) -> str:
        used.append(params["part"])
        return real(self, name, doc, params, *rest)

    def failing() -> dict[str, object]:
        raise ValueError("no parameters")

    monkeypatch.setattr(xslt_worker.Worker, "transform", recorded)
    before = threading.active_count()
    with pytest.raises(ValueError, match="no parameters"):
        xslt.transform_beside(name, _doc(), PARTS[0], failing, then=THEN)
    assert used == ["a"] and threading.active_count() == before
