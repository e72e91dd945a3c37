"""The EPUB 3 edition: the web edition's text, notes as EPUB footnotes, registers (and events
and a glossary when the TEI has them) as back matter linked both ways, navigation, metadata;
valid for Debian's epubcheck, clean for Ace by DAISY, reproducible.

The tests on the real master are in tests/edition/test_epub.py."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from support.epubtools import epubcheck, unpack
from support.epub import FIXTURE, OPF, XHTML, xml


@pytest.fixture(scope="module")
def fixture_epub(tmp_path_factory) -> Path:
    from tei_edition.outputs.epub import write_epub

    return write_epub(FIXTURE, tmp_path_factory.mktemp("epub") / "apparatus.epub")


def test_epubcheck_catches_a_broken_link(fixture_epub: Path, tmp_path: Path):
    broken = tmp_path / "broken.epub"
    unpack(fixture_epub, tmp_path / "broken", broken,
           lambda name, text: text.replace('href="persons.xhtml#lenin"', 'href="persons.xhtml#nobody"'))
    assert [m.split(":")[0] for m in epubcheck(broken)] == ["ERROR RSC-012"]  # fragment not defined


def test_rebuild_is_byte_identical(fixture_epub: Path, tmp_path: Path):
    from tei_edition.outputs.epub import write_epub

    assert write_epub(FIXTURE, tmp_path / "again.epub").read_bytes() == fixture_epub.read_bytes()


def test_cli_epub(runner, minimal_tei: Path, tmp_path: Path):
    from tei_edition.cli import main

    result = runner.invoke(main, ["epub", "--master", str(minimal_tei), "--out", str(tmp_path / "x.epub"),
                                  "--base-url", "https://example.org/ed"])
    assert result.exit_code == 0, result.output
    opf = xml(tmp_path / "x.epub", "EPUB/package.opf")
    assert opf.findtext(".//dc:identifier", namespaces=OPF) == "https://example.org/ed/"


@pytest.mark.parametrize("edit, code", [
    (lambda s: s.replace("<idno type=\"URI\">https://tei-edition.example.org/lawson-2021-most-intransigent/</idno>", ""), "E0105"),
    (lambda s: s.replace('<date when="2026-11-27">2026</date>', "<date>2026</date>"), "E0106"),
    (lambda s: s.replace('<date when="2026-11-27">2026</date>', '<date when="2026-13-45">2026</date>'), "E0106"),
    (lambda s: s.replace('<idno type="URI">https://tei-edition.example.org/lawson-2021-most-intransigent/</idno>',
                         '<idno type="URI">https://example.org/"a b</idno>'), "E0105"),
    # refused by `validate` and --base-url, but taken by `epub` before it used the same check
    (lambda s: s.replace('<idno type="URI">https://tei-edition.example.org/lawson-2021-most-intransigent/</idno>',
                         '<idno type="URI">https://example.org/{a}|b</idno>'), "E0105"),
    (lambda s: re.sub(r"<publicationStmt>.*</publicationStmt>", "",
                      s, flags=re.S), "E0105"),
])
def test_missing_identifier_or_date_is_one_clean_line(tmp_path: Path, edit, code: str):
    """What the EPUB needs of a master it is given (the command validates first, which refuses
    these masters; the API checks them itself)."""
    from tei_edition.core.problems import EditionError
    from tei_edition.outputs.epub import write_epub

    master = tmp_path / "m.xml"
    master.write_text(edit(FIXTURE.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "m.epub"
    with pytest.raises(EditionError) as exc:
        write_epub(master, out)
    assert not out.exists()
    lines = [str(p) for p in exc.value.problems]
    assert len(lines) == 1 and re.match(rf"^{re.escape(str(master))}:\d+:\d+: \[{code}\] ", lines[0]), lines


def test_unwritable_target_is_e0104(runner, minimal_tei: Path, tmp_path: Path):
    from tei_edition.cli import main

    (tmp_path / "file").write_text("")
    result = runner.invoke(main, ["epub", "--master", str(minimal_tei), "--out", str(tmp_path / "file" / "x.epub")])
    assert result.exit_code == 1 and "[E0104] cannot write EPUB" in result.output
    assert "Traceback" not in result.output


def test_names_in_the_epub_are_escaped_text(tmp_path: Path):
    """TEI text never becomes markup: a name with < & " stays text in the XHTML."""
    from tei_edition.outputs.epub import write_epub

    master = tmp_path / "m.xml"
    master.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        ">Lenin</persName> wrote", ">Lenin &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"co\"</persName> wrote"),
        encoding="utf-8")
    epub = write_epub(master, tmp_path / "m.epub")
    text = xml(epub, "EPUB/index.xhtml")
    assert text.find(f".//{XHTML}script") is None
    # the web templates set the straight quotes as typographic ones
    assert "Lenin <script>alert(1)</script> & \u201cco\u201d" in "".join(text.itertext())
    with zipfile.ZipFile(epub) as z:
        assert b"javascript:" not in b"".join(z.read(n) for n in z.namelist())


def test_a_write_failure_inside_the_transform_is_one_line_with_its_reason(minimal_tei: Path, tmp_path: Path):
    """Saxon printed a 14-line trace of its own on standard error before the coded line, and the
    line said the writer gave no reason: a file-size limit below the EPUB's first page."""
    import resource
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "tei_edition.cli", "epub", "--master", str(minimal_tei),
                           "--out", str(tmp_path / "x.epub")], capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)))
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and "[E0102]" in lines[0], proc.stderr
    assert "File too large" in lines[0] and not (tmp_path / "x.epub").exists()


def test_what_saxon_prints_is_passed_on_after_a_transform_and_held_after_a_failure(capfd):
    import os

    from tei_edition.core.xslt import _stderr_held

    with _stderr_held() as printed:
        os.write(2, b"a message of the stylesheet\n")
    assert printed == [] and capfd.readouterr().err == "a message of the stylesheet\n"
    with pytest.raises(RuntimeError):
        with _stderr_held() as printed:
            os.write(2, b"Error on line 64\n  java.io.IOException: File too large\n")
            raise RuntimeError("the transform failed")
    assert "".join(printed).startswith("Error on line 64") and capfd.readouterr().err == ""


def test_the_pages_are_in_normalization_form_c_as_the_web_edition_s(minimal_tei: Path, tmp_path: Path):
    from tei_edition.outputs.epub import write_epub

    master = tmp_path / "decomposed.xml"
    master.write_text(minimal_tei.read_text(encoding="utf-8").replace(
        "worked in <placeName", "worked (he\u0301las) in <placeName"), encoding="utf-8")
    with zipfile.ZipFile(write_epub(master, tmp_path / "d.epub")) as z:
        pages = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert "h\u00e9las" in pages and "e\u0301" not in pages
