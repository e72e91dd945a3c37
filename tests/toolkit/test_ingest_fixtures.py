"""Reconstruction's text editing across markup, on a small tree. The reconstruction of the
real essay (source, reading order, the master's sentences) is tested in tests/edition/test_ingest.py."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.core.xmlio import TEI_NS
from support.ingest import edit_text


def test_edit_text_crosses_markup():
    p = etree.fromstring(f'<p xmlns="{TEI_NS}">Here <persName>Miasnikov</persName> was here. Next.</p>')
    edit_text(p, "Here Miasnikov was here. ", "")
    assert "".join(p.itertext()) == "Next."
    edit_text(p, "Next", "Last")
    assert "".join(p.itertext()) == "Last."
    with pytest.raises(AssertionError):
        edit_text(p, "absent", "x")
