"""Static types: the package is checked by mypy, strict (`make typecheck`, part of `make test`),
and the places typing made explicit (an ODD or register without an id, an ingest list out of
order, a document without body) give their coded or named errors instead of a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tei_edition.core.problems import EditionError
from tei_edition.curation import quotations
from tei_edition.core.xmlio import TEI_NS, parse_bytes
from tei_edition.curation.registers import load_registers
from tei_edition.reconstruct.ingest import IngestError, build_back
from tei_edition.reconstruct.order import Piece, Unit
from tei_edition.schema import odd

from support import CHECKOUT


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    """mypy with the project's settings (pyproject.toml) on a module of `source` instead of the package."""
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(CHECKOUT / "pyproject.toml"),
                           "--no-incremental", str(module)], cwd=CHECKOUT, capture_output=True, text=True,
                          timeout=300)


def test_the_settings_are_strict(tmp_path):
    result = _mypy(tmp_path, "def untyped(x):\n    return x\n\n\n"
                             "def wrong() -> int:\n    return 'text'\n\n\n"
                             "def silenced() -> int:\n    return 'text'  # type: ignore\n")
    assert result.returncode == 1, result.stdout
    assert "[no-untyped-def]" in result.stdout
    assert "[return-value]" in result.stdout
    assert "[ignore-without-code]" in result.stdout


def test_the_settings_pass_typed_code(tmp_path):
    result = _mypy(tmp_path, "from lxml import etree\n\n\n"
                             "def anchor(el: etree._Element) -> str:\n"
                             "    value = el.get('id')\n    return value if value is not None else ''\n")
    assert result.returncode == 0, result.stdout


def test_an_odd_object_without_its_ident_is_e0241(tmp_path):
    text = odd.ODD.read_text(encoding="utf-8")
    old = '<macroSpec ident="edition.nameContent" mode="add">'
    assert text.count(old) == 1
    variant = tmp_path / "variant.odd.xml"
    variant.write_text(text.replace(old, '<macroSpec mode="add">'), encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        odd.derived(variant)
    (problem,) = caught.value.problems
    assert problem.code == "E0241" and "<macroSpec> without @ident" in problem.message
    assert problem.line == text[:text.index(old)].count("\n") + 1


def test_a_register_entry_without_xml_id_is_named():
    standoff = parse_bytes(f'<standOff xmlns="{TEI_NS}"><listPerson><person><persName>Gavril Miasnikov'
                           '</persName></person></listPerson></standOff>'.encode(), "registers").getroot()
    with pytest.raises(ValueError, match="a register person without xml:id"):
        load_registers(standoff)


def test_a_bibliography_item_before_any_list_is_an_ingest_error():
    item = Unit("ITEM", None, "avrich-1984", [Piece(1, 0, 5, "Avrich")])
    with pytest.raises(IngestError, match="'avrich-1984' comes before any LIST"):
        build_back([item], plain=True)


def test_listing_a_document_without_body_is_a_quotation_error():
    tei = parse_bytes(f'<TEI xmlns="{TEI_NS}"><teiHeader/></TEI>'.encode(), "document")
    with pytest.raises(quotations.QuotationError, match="no text/body"):
        quotations.listing(tei)
