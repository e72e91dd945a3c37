"""The source records the header names (`source/NAME`), published beside the TEI, in the site's
downloads and so in the deposit (outputs/tei_sources.py): before, the header named files of
`edition/source/` that no output held."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tei_edition.build import build
from tei_edition.outputs.tei_sources import named_sources

SOURCE_DESC = "<sourceDesc>\n        <bibl>"
NAMING = ('<sourceDesc>\n        <bibl><note>Transcribed from source/extract.txt, in the order of '
          'source/order-record.txt (edition/source/other.txt is a path of a project).</note>')


@pytest.fixture()
def master(tmp_path: Path, minimal_tei: Path) -> Path:
    folder = tmp_path / "edition"
    (folder / "source").mkdir(parents=True)
    text = minimal_tei.read_text(encoding="utf-8")
    assert SOURCE_DESC in text
    (folder / "m.xml").write_text(text.replace(SOURCE_DESC, NAMING, 1), encoding="utf-8")
    (folder / "source" / "extract.txt").write_text("The text as extracted.\n", encoding="utf-8")
    (folder / "source" / "order-record.txt").write_text("1 2 3\n", encoding="utf-8")
    (folder / "source" / "unnamed.txt").write_text("not named by the header\n", encoding="utf-8")
    return folder / "m.xml"


def _w0321(ctx) -> list[str]:
    return [p.message for p in ctx.warnings if p.code == "W0321"]


def test_the_files_the_header_names_are_published_beside_the_tei(master: Path, tmp_path: Path):
    ctx = build(master, tmp_path / "out")
    assert _w0321(ctx) == []
    for place in ("tei", "site/downloads"):
        folder = ctx.out / place / "source"
        assert sorted(p.name for p in folder.iterdir()) == ["extract.txt", "order-record.txt"], place
        assert (folder / "extract.txt").read_bytes() == (master.parent / "source" / "extract.txt").read_bytes()
    from tei_edition.core import paths
    from tei_edition.core.xmlio import read_tei

    published = read_tei(ctx.out / "tei" / f"{paths.BASENAME}.xml")
    assert sorted(named_sources(published)) == ["extract.txt", "order-record.txt"]

def test_a_named_file_that_is_not_there_is_left_out_with_a_warning(master: Path, tmp_path: Path):
    (master.parent / "source" / "order-record.txt").unlink()
    outside = tmp_path / "secret.txt"
    outside.write_text("not the edition's\n", encoding="utf-8")
    os.symlink(outside, master.parent / "source" / "extract.txt.tmp")
    (master.parent / "source" / "extract.txt").unlink()
    os.rename(master.parent / "source" / "extract.txt.tmp", master.parent / "source" / "extract.txt")  # a link out
    ctx = build(master, tmp_path / "out")
    messages = _w0321(ctx)
    assert len(messages) == 2 and all("source/" in m and "goes without it" in m for m in messages)
    line = next(p.line for p in ctx.warnings if p.code == "W0321")
    assert "<note>" in master.read_text(encoding="utf-8").splitlines()[line - 1]
    assert not (ctx.out / "tei" / "source").exists()
    assert not (ctx.out / "site" / "downloads" / "source").exists()


def test_a_changed_record_is_published_again(master: Path, tmp_path: Path):
    build(master, tmp_path / "out")
    (master.parent / "source" / "order-record.txt").write_text("3 2 1\n", encoding="utf-8")
    ctx = build(master, tmp_path / "out")  # the master unchanged: only the record
    assert (ctx.out / "tei" / "source" / "order-record.txt").read_text(encoding="utf-8") == "3 2 1\n"
    assert (ctx.out / "site" / "downloads" / "source" / "order-record.txt").read_text(encoding="utf-8") == "3 2 1\n"


def test_only_paths_of_the_source_folder_are_read_as_named():
    from lxml import etree

    tree = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><p>see source/a.txt, edition/source/b.txt,'
        ' x/source/c.txt, source/ and <hi>source/d.md</hi>; <ref>x</ref> then source/e-1.txt.</p></teiHeader>'
        '<text><p>source/f.txt</p></text></TEI>'))
    assert sorted(named_sources(tree)) == ["a.txt", "d.md", "e-1.txt"]


def test_the_deposit_holds_the_records_and_says_so(master: Path, tmp_path: Path, minimal_tei: Path):
    from tei_edition.outputs.package import package

    data = package(build(master, tmp_path / "out").out, tmp_path / "dist") / "data"
    assert sorted(p.name for p in (data / "tei" / "source").iterdir()) == ["extract.txt", "order-record.txt"]
    manifest = (data.parent / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert "data/tei/source/extract.txt" in manifest
    records = "in source/ the source text and the records of its reconstruction"
    assert records in (data / "README.md").read_text(encoding="utf-8")
    # a build whose header names no record says nothing of them
    plain = package(build(minimal_tei, tmp_path / "plain").out, tmp_path / "plain-dist") / "data"
    assert not (plain / "tei" / "source").exists()
    assert records not in (plain / "README.md").read_text(encoding="utf-8")


def test_a_loop_of_links_is_left_out_with_a_warning_not_a_traceback(master: Path, tmp_path: Path):
    record = master.parent / "source" / "extract.txt"
    record.unlink()
    os.symlink(master.parent / "source" / "loop", record)
    os.symlink(record, master.parent / "source" / "loop")
    ctx = build(master, tmp_path / "out")
    assert [m for m in _w0321(ctx) if "source/extract.txt" in m]
    assert sorted(p.name for p in (ctx.out / "tei" / "source").iterdir()) == ["order-record.txt"]
