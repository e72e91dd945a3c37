"""core/xslt.py `transform_beside`: under `serve --watch` the site's pages are made by two
transforms at once, the text's page in the command's worker and every other page in a second
(issue 14, the live preview at k = 16). The two make the same files as one transform; a failure
or an interruption of either ends both, reported once."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.build import build
from tei_edition.core import xslt, xslt_worker
from tei_edition.core.problems import EditionError

XSL = ('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
       '<xsl:output method="text"/><xsl:param name="part" select="\'\'"/>{}</xsl:stylesheet>')
PARTS = ({"part": "a"}, {"part": "b"})


def _stylesheet(folder: Path, body: str, name: str = "parts.xsl") -> str:
    path = folder / name  # each a name of its own: a worker keeps what it compiled by path
    path.write_text(XSL.format(body), encoding="utf-8")
    return str(path)


def _doc() -> xslt.Document:
    return xslt.to_xdm(etree.fromstring("<r><i/><i/></r>"))


def _on_two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xslt.os, "sched_getaffinity", lambda _pid: {0, 1})


def test_the_two_parts_run_at_once_each_in_a_worker_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The first part waits (in its worker's exchange) until the second has begun in the other
    worker: run in turn, it would wait in vain."""
    _on_two_cpus(monkeypatch)
    name = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:value-of select="$part, count(//i)"/></xsl:template>')
    second_began, first_saw_it = threading.Event(), []
    real = xslt_worker.Worker.transform

    def watched(self: xslt_worker.Worker, *args: object) -> str:
        if self is xslt_worker.worker(1):
            second_began.set()
        else:
            first_saw_it.append(second_began.wait(60))
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(xslt_worker.Worker, "transform", watched)
    assert xslt.transform_beside(name, _doc(), PARTS) == ("a 2", "b 2")
    assert first_saw_it == [True]
    assert xslt_worker.worker(0)._process is not xslt_worker.worker(1)._process


def test_on_one_cpu_the_parts_run_in_turn_in_the_one_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(xslt.os, "sched_getaffinity", lambda _pid: {0})
    name = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:value-of select="$part"/></xsl:template>')
    used: list[xslt_worker.Worker] = []
    real = xslt_worker.Worker.transform
    monkeypatch.setattr(xslt_worker.Worker, "transform", lambda self, *a: used.append(self) or real(self, *a))
    assert xslt.transform_beside(name, _doc(), PARTS) == ("a", "b")
    assert used == [xslt_worker.worker(0)] * 2


FAILING = ('<xsl:template match="/"><xsl:if test="$part = \'{}\'">'
           '<xsl:sequence select="error((), \'part {} fails\')"/></xsl:if><xsl:value-of select="$part"/>'
           '</xsl:template>')


@pytest.mark.parametrize("failing", ["a", "b"])
def test_a_failing_part_is_one_coded_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str):
    _on_two_cpus(monkeypatch)
    name = _stylesheet(tmp_path, FAILING.format(failing, failing))
    with pytest.raises(EditionError) as raised:
        xslt.transform_beside(name, _doc(), PARTS, source_path="master.xml")
    assert [p.code for p in raised.value.problems] == ["E0100"]
    assert f"part {failing} fails" in str(raised.value.problems[0])
    # and the workers serve the next transform
    assert xslt.transform_beside(_stylesheet(tmp_path, '<xsl:template match="/">ok</xsl:template>', "ok.xsl"), _doc(),
                                 PARTS) == ("ok", "ok")


def test_an_interruption_of_the_first_part_ends_the_second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Ctrl-C while the first part runs: the second worker is killed (it might go on writing
    pages into the folder being removed) and the interruption is raised, after its thread ended."""
    _on_two_cpus(monkeypatch)
    endless = _stylesheet(tmp_path, '<xsl:template match="/"><xsl:iterate select="1 to 2000000000">'
                                    '<xsl:if test=". = -1">x</xsl:if></xsl:iterate></xsl:template>')
    second = xslt_worker.worker(1)
    second.start()
    real = xslt_worker.Worker.transform
    began = threading.Event()

    def first_interrupted(self: xslt_worker.Worker, *args: object) -> str:
        if self is second:
            began.set()
            return real(self, *args)  # type: ignore[arg-type]
        began.wait(60)
        raise KeyboardInterrupt

    monkeypatch.setattr(xslt_worker.Worker, "transform", first_interrupted)
    before = threading.active_count()
    with pytest.raises(KeyboardInterrupt):
        xslt.transform_beside(endless, _doc(), PARTS)
    assert second._process is None  # killed, not left running the endless part
    assert threading.active_count() == before


def test_a_watched_build_makes_its_pages_in_two_parts_the_same_files(minimal_tei: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    _on_two_cpus(monkeypatch)
    import tei_edition.outputs.html as html

    parts: list[tuple[str, str]] = []
    real = html.transform_beside

    def recorded(name: str, doc: xslt.Document, given: tuple[dict[str, object], dict[str, object]],
                 **kwargs: object) -> tuple[str, str]:
        parts.append((str(given[0]["pages"]), str(given[1]["pages"])))
        return real(name, doc, given, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(html, "transform_beside", recorded)
    build(minimal_tei, tmp_path / "plain", full=True)
    assert parts == []
    build(minimal_tei, tmp_path / "watched", full=True, on_stage=lambda _name, _ctx: None)
    assert parts == [("text", "others")]
    manifests = [json.loads((tmp_path / f / "manifest.json").read_text()) for f in ("plain", "watched")]
    assert manifests[0] == manifests[1]
    site = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain" / "site").rglob("*") if p.is_file())
    assert len(site) > 10
    assert all((tmp_path / "plain" / f).read_bytes() == (tmp_path / "watched" / f).read_bytes() for f in site)
