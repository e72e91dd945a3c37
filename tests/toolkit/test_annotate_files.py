"""The annotator on a file (`annotate_file`, `tei-edition annotate`): the registers bootstrapped
into a document, then taken from its own standOff, never replaced unless asked; the bytes of a
hand-written header kept; the overrides file, which must be there and well-formed."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from support.annotating import STANDOFF, T, marks, tei
from tei_edition.curation import annotate as A
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import TEI_NS, parse_bytes, read_xml


def test_bootstrap_then_idempotent_from_the_own_standoff(tmp_path):
    src = tmp_path / "doc.xml"
    src.write_bytes(A.serialize(tei("<p>Miasnikov in Perm, March 1921.</p>")))
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    ov = tmp_path / "ov.txt"
    ov.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no registers"):
        A.annotate_file(src, None, ov)                  # nothing to read the registers from
    A.annotate_file(src, reg, ov)                       # bootstrap: inserts the standOff
    once = src.read_bytes()
    reg.unlink()                                        # from now on the document is the truth
    A.annotate_file(src, None, ov)
    assert src.read_bytes() == once
    assert once.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = parse_bytes(once, "doc.xml").getroot()
    assert [etree.QName(c).localname for c in root if isinstance(c.tag, str)] == ["teiHeader", "standOff", "text"]
    assert len(root.findall(f"{T}standOff")) == 1
    assert marks(parse_bytes(once, "doc.xml")) == [("persName #miasnikov", "Miasnikov"), ("placeName #perm", "Perm"),
                                                   ("date when=1921-03", "March 1921")]


def test_existing_standoff_is_never_replaced_unless_asked(tmp_path):
    src = tmp_path / "doc.xml"
    src.write_bytes(A.serialize(tei("<p>Miasnikov in Perm.</p>")))
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    A.annotate_file(src, reg, None)
    # an editor corrects the registers in the document: Perm is no longer a register entry
    data = src.read_bytes()
    data = re.sub(rb'<place xml:id="perm">.*?</place>\s*', b"", data, flags=re.S)
    src.write_bytes(data)
    with pytest.raises(ValueError, match="already has registers"):
        A.annotate_file(src, reg, None)
    assert src.read_bytes() == data
    A.annotate_file(src, None, None)                    # the document's own (corrected) registers
    assert [m[1] for m in marks(read_xml(src))] == ["Miasnikov"]
    A.annotate_file(src, reg, None, replace_standoff=True)
    assert [m[1] for m in marks(read_xml(src))] == ["Miasnikov", "Perm"]
    assert len(read_xml(src).getroot().findall(f"{T}standOff")) == 1


HAND_HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment before the root -->
<TEI xmlns='{TEI_NS}' xml:lang="en">
  <teiHeader>
    <fileDesc><titleStmt><title type='main'>Lenin &amp; Miasnikov &#x2014; 1921</title><title/>
      <respStmt><resp>x</resp><name   ref="#e" >Perm</name></respStmt></titleStmt></fileDesc>
  </teiHeader>
  <text>
    <body>
      <div><p>Miasnikov in Perm, March 1921.</p></div>
    </body>
  </text>
</TEI>
"""


@pytest.mark.parametrize("bootstrap", [True, False], ids=["standOff-inserted", "own-standOff"])
def test_header_bytes_are_kept(tmp_path, bootstrap):
    """A hand-written header keeps its bytes (quotes, character references, empty tags), and
    nothing in it is marked."""
    src = tmp_path / "doc.xml"
    data = HAND_HEADER.encode()
    if not bootstrap:
        so = STANDOFF.replace(f' xmlns="{TEI_NS}"', "")
        data = data.replace(b"  </teiHeader>\n", b"  </teiHeader>\n  " + so.encode() + b"\n")
    src.write_bytes(data)
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    A.annotate_file(src, reg if bootstrap else None, None)
    out = src.read_bytes()

    def header(b: bytes) -> bytes:
        return b[: b.index(b"</teiHeader>") + len(b"</teiHeader>")]
    assert header(out) == header(data)
    if not bootstrap:
        assert out[: out.index(b"<text>")] == data[: data.index(b"<text>")]
    assert [m[1] for m in marks(read_xml(src))] == ["Miasnikov", "Perm", "March 1921"]
    A.annotate_file(src, None, None)
    assert src.read_bytes() == out


@pytest.mark.parametrize("replace", [False, True], ids=["standOff-inserted", "standOff-replaced"])
def test_start_tags_over_several_lines_are_found(tmp_path, replace):
    """The text's and the header's start tags may span lines (lxml gives their last line): the
    bytes before them are kept all the same (the annotator stopped on an assertion)."""
    src = tmp_path / "doc.xml"
    data = (HAND_HEADER.replace("  <teiHeader>", '  <teiHeader\n      xml:lang="en">')
            .replace("  <text>", '  <text\n      xml:lang="en">').encode())
    if replace:
        so = STANDOFF.replace(f' xmlns="{TEI_NS}"', "")
        data = data.replace(b"  </teiHeader>\n", b"  </teiHeader>\n  " + so.encode() + b"\n")
    src.write_bytes(data)
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    A.annotate_file(src, reg, None, replace_standoff=replace)
    out = src.read_bytes()
    end = b"</teiHeader>"
    assert out[: out.index(end) + len(end)] == data[: data.index(end) + len(end)]
    assert b'<text\n      xml:lang="en">' in out
    assert [m[1] for m in marks(read_xml(src))] == ["Miasnikov", "Perm", "March 1921"]


# --- the overrides file: well-formed, and, named or by default, there -------------------------

def test_override_file_syntax_errors_are_reported():
    for n, text in enumerate(("#x no bar here", "#x | context without brackets", "date when=sometime | [[1921]]")):
        with pytest.raises(EditionError) as exc:
            A.load_overrides(text="% a comment\n" * n + text)
        assert [(p.line, p.code) for p in exc.value.problems] == [(n + 1, "E0502")]


def _document_to_annotate(tmp_path):
    """A document with its registers, one name left to mark and one occurrence an override keeps unmarked."""
    src = tmp_path / "doc.xml"
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    src.write_bytes(A.serialize(tei("<p>Lenin wrote to Trotsky.</p>")))
    A.annotate_file(src, reg, None)
    data = re.sub(rb'<persName ref="#lenin">Lenin</persName>', b"Lenin", src.read_bytes())
    src.write_bytes(data)
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("- | to [[Trotsky]]\n", encoding="utf-8")
    return src, overrides


def test_overrides_named_but_missing_are_an_error_and_nothing_is_written(tmp_path, runner):
    from tei_edition.cli import main

    src, _ = _document_to_annotate(tmp_path)
    before = src.read_bytes()
    result = runner.invoke(main, ["annotate", str(src), "--overrides", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.output == f"{tmp_path / 'missing.txt'}:0:0: [E0001] file not found\n"
    assert src.read_bytes() == before
    with pytest.raises(Exception) as exc:  # the API too: a missing file is not "no overrides"
        A.load_overrides(tmp_path / "missing.txt")
    assert "E0001" in str(exc.value)


def test_default_overrides_missing_are_an_error_not_none(tmp_path, runner, monkeypatch):
    from tei_edition.cli import main
    from tei_edition.curation import registers

    src, overrides = _document_to_annotate(tmp_path)
    before = src.read_bytes()
    monkeypatch.setattr(registers, "OVERRIDES", tmp_path / "source" / "annotation-overrides.txt")
    result = runner.invoke(main, ["annotate", str(src)])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"{tmp_path / 'source' / 'annotation-overrides.txt'}:0:0: [E0001] "
                                    f"the annotation overrides are not there")
    assert "give --overrides FILE (an empty file for none)" in result.output
    assert src.read_bytes() == before
    # where the default is there, it is used: the override keeps Trotsky unmarked
    monkeypatch.setattr(registers, "OVERRIDES", overrides)
    result = runner.invoke(main, ["annotate", str(src)])
    assert "[E0" not in result.output and "W0502" not in result.output, result.output  # (W0402: entries unmentioned)
    marked = src.read_text(encoding="utf-8")
    assert '<persName ref="#lenin">Lenin</persName>' in marked and "to Trotsky." in marked
