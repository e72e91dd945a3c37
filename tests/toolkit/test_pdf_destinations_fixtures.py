"""`file.pdf#p42` opens at ¶42: the PDF's named destinations, resolved by PDF.js itself.

PDF.js (pdfjs-dist from npm, .ci/webtools) opens each PDF under node and resolves every name
as its viewer does for a URL fragment; each unit `p{n}` must open on the page whose margin shows
n, just above that number (the unit's first line), in every paper size. Sections `s{n}` open at
their heading (the untitled opening at its first unit), notes `n{k}` at the footnote itself.

The tests on the real master are in tests/edition/test_pdf_destinations.py."""

from __future__ import annotations

from pathlib import Path

import pypdf

from support import FIXTURES
from support.pdf_destinations import expectations, problems

SPECIALS = FIXTURES / "pdf" / "specials.xml"


def test_fixture_untitled_opening_is_in_contents_outline_and_destinations(tmp_path: Path):
    from tei_edition.outputs.pdf import write_part

    pdf = write_part(SPECIALS, tmp_path / "specials.pdf")
    expected = expectations(SPECIALS)
    assert {"s1", "s2", "n1"} <= set(expected)
    assert problems(pdf, expected) == []
    reader = pypdf.PdfReader(pdf)
    titles = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert titles[0] == "[Opening]"
    contents = next(p.extract_text() for p in reader.pages if "Contents" in p.extract_text())
    assert "[Opening]" in contents
    # nothing printed for it in the text, and the running head does not name it
    assert not any("[Opening]" in p.extract_text() for p in reader.pages if "Contents" not in p.extract_text())
