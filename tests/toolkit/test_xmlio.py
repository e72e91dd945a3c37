from pathlib import Path

import pytest

from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import parse_bytes, read_tei

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0">&lol3;</TEI>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>&xxe;</text></TEI>"""


def codes(exc: EditionError) -> list[str]:
    return [p.code for p in exc.problems]


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["entity-bomb", "external-entity"])
def test_dtd_and_entities_are_refused(data):
    with pytest.raises(EditionError) as info:
        parse_bytes(data, "evil.xml")
    assert codes(info.value) == ["E0004"]
    assert "passwd" not in str(info.value) or "root:" not in str(info.value)


def test_not_well_formed_reports_line_and_column(tmp_path: Path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text>\n</TEI>\n')
    with pytest.raises(EditionError) as info:
        read_tei(bad)
    problem = info.value.problems[0]
    assert problem.code == "E0002"
    assert problem.line == 3
    assert str(problem).startswith(f"{bad}:3:")


def test_wrong_root_is_not_tei(tmp_path: Path):
    other = tmp_path / "other.xml"
    other.write_text("<html><body/></html>")
    with pytest.raises(EditionError) as info:
        read_tei(other)
    assert codes(info.value) == ["E0003"]
    assert "expected <TEI>" in str(info.value)


def test_missing_file(tmp_path: Path):
    with pytest.raises(EditionError) as info:
        read_tei(tmp_path / "nope.xml")
    assert codes(info.value) == ["E0001"]
