import re
from pathlib import Path

import pytest

import tei_edition
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


# Every parse of XML in the package goes through core/xmlio.py's parser (no DTD, no entities, no
# network): a direct lxml parse elsewhere must hand it safe_parser().
_DIRECT_PARSE = re.compile(r"etree\.(parse|fromstring|XML)\((?![^\n]*safe_parser\(\))")


def _direct_parses(root: Path) -> list[str]:
    return [f"{path.relative_to(root)}:{no}" for path in sorted(root.rglob("*.py")) if path.name != "xmlio.py"
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if _DIRECT_PARSE.search(line)]


def test_the_package_parses_xml_only_through_xmlio():
    assert _direct_parses(Path(tei_edition.__file__).parent) == []


def test_the_parse_check_finds_a_direct_parse(tmp_path: Path):
    (tmp_path / "bad.py").write_text("tree = etree.parse(path)\ncopy = etree.fromstring(data, safe_parser())\n"
                                     "el = etree.fromstring(data)\n", encoding="utf-8")
    assert _direct_parses(tmp_path) == ["bad.py:1", "bad.py:3"]
