"""The reconstructed reading order and the draft/master text against the raw source.

(a) every non-excluded run of the source is in the draft once, in reading order;
(b) every sentence of the essay is in the master once, in order;
(c) the master's body holds nothing that is not the source's essay text, except
    marked editorial matter (corr, supplied, note[@type='editorial' or 'commentary']; sic is read).
The checks are plain functions returning problems, so the corruption tests can show
that each one fails when the text is damaged.

The tests on the real master are in tests/edition/test_ingest.py."""

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
