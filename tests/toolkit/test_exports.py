"""Exports and the self-contained published TEI.

The tests on the real master are in tests/edition/test_exports_master.py."""

import csv
import io
import json

import pytest

from tei_edition.core import paths
from tei_edition.outputs.exports import write_exports
from tei_edition.core.problems import EditionError
from tei_edition.outputs.tei import published_tree
from tei_edition.core.xmlio import NS, read_tei
from support import FIXTURES
from support.exports import XI, local_pointers_resolve
from support.short_forms import with_short_forms



def test_published_tei_resolves_xincludes_and_pointers():
    src = FIXTURES / "reuse" / "xinclude.xml"
    tree = read_tei(src)
    out = published_tree(tree, src).getroot()
    assert not list(out.iter(f"{XI}include"))
    assert out.xpath("tei:standOff/tei:listPerson/tei:person[@xml:id='miasnikov']", namespaces=NS)
    assert out.find(".//tei:persName[@ref='#miasnikov']", NS) is not None  # registers.xml#miasnikov rewritten
    assert local_pointers_resolve(out) == []
    assert out.getprevious() is None or "schemas" not in str(out.getprevious())  # local xml-model dropped


def test_published_tei_refuses_dangling_pointer(minimal_tei, tmp_path):
    f = tmp_path / "m.xml"
    f.write_text(minimal_tei.read_text().replace('ref="#perm"', 'ref="#nowhere"'))
    with pytest.raises(EditionError) as exc:
        published_tree(read_tei(f), f)
    assert exc.value.problems[0].code == "E0320" and "#nowhere" in exc.value.problems[0].message


@pytest.fixture(scope="module")
def exported(tmp_path_factory, minimal_tei):
    out = tmp_path_factory.mktemp("exports")
    write_exports(out, read_tei(minimal_tei), str(minimal_tei))
    return out / "exports"


def test_plain_text_numbers_units(exported):
    text = (exported / f"{paths.BASENAME}.txt").read_text()
    assert "[1] Gavril Miasnikov was born on the 25th of February 1889 and worked in Perm." in text
    assert "[2] He founded the Workers Group and was a signatory of the appeal" in text  # corr reading
    assert "An editorial note" not in text
    assert "A life that touched many revolutionary threads" in text
    assert text.index("[3]") < text.index("[4]")


def test_plain_text_leaves_out_the_short_forms_of_title_and_headings(minimal_tei, tmp_path):
    """The short title and a section's short heading are the print edition's running heads."""
    from tei_edition.core.xmlio import parse_tei

    text = minimal_tei.read_text(encoding="utf-8")
    text = with_short_forms(text)
    write_exports(tmp_path, parse_tei(text.encode(), "m.xml"), "m.xml")
    lines = (tmp_path / "exports" / f"{paths.BASENAME}.txt").read_text().splitlines()
    assert "A life that touched many revolutionary threads" in lines
    assert "Bolsheviks" not in lines and "A life" not in lines


def test_registers_csv_and_jsonld(exported):
    rows = list(csv.DictReader(io.StringIO((exported / "registers.csv").read_text())))
    assert [r["id"] for r in rows] == ["miasnikov", "lenin", "perm", "workers-group"]
    assert rows[0]["variants"] == "Miasnikov" and rows[0]["birth"] == "1889-02-25"
    doc = json.loads((exported / "registers.jsonld").read_text())
    assert doc["@context"] == "https://schema.org/"
    person = doc["@graph"][0]
    assert person["@type"] == "Person" and person["@id"].endswith("#miasnikov")


def test_authority_identifiers_become_sameas(tmp_path):
    src = FIXTURES / "reuse" / "xinclude.xml"
    write_exports(tmp_path, published_tree(read_tei(src), src), str(src))
    graph = json.loads((tmp_path / "exports" / "registers.jsonld").read_text())["@graph"]
    by_id = {n["identifier"]: n for n in graph}
    assert by_id["miasnikov"]["sameAs"] == ["https://www.wikidata.org/entity/Q4140340"]
    assert by_id["perm"]["sameAs"] == ["https://www.geonames.org/511196"]
    assert by_id["perm"]["geo"] == {"@type": "GeoCoordinates", "latitude": "58.0", "longitude": "56.25"}


def test_bibliography_bibtex_and_csl_json(exported):
    items = json.loads((exported / "bibliography.json").read_text())
    assert items == [{"id": "avrich-bolshevik-opposition", "type": "article", "title": "Bolshevik Opposition To Lenin",
                      "author": [{"family": "Avrich", "given": "Paul"}]}]
    bib = (exported / "bibliography.bib").read_text()
    # classic BibTeX: an article without a journal title is @misc (@article requires journal)
    assert bib.startswith("@misc{avrich-bolshevik-opposition,") and "author = {Avrich, Paul}" in bib


def test_citations_json(exported):
    data = json.loads((exported / "citations.json").read_text())
    assert set(data["edition"]) == {"chicago", "mla", "apa", "bibtex", "biblatex", "ris", "csl-json"}
    assert "#p4" in data["units"]["p4"]["apa"]


def test_base_url_override_reaches_the_text_export_and_dts(minimal_tei, tmp_path):
    """`--base-url` is one setting: the plain text and the DTS metadata follow it like the citations."""
    import json

    from tei_edition.build import build

    ctx = build(minimal_tei, tmp_path / "b", base_url="https://override.example/ed/")
    text = (ctx.out / "exports" / "lawson-2021-most-intransigent.txt").read_text(encoding="utf-8")
    assert "https://override.example/ed/" in text
    assert "tei-edition.example.org" not in text
    collection = json.loads((ctx.out / "dts" / "collection" / "lawson-2021-most-intransigent.json").read_text())
    assert "https://override.example/ed/" in json.dumps(collection)


def test_an_empty_author_of_a_work_is_left_out_of_the_bibliography(minimal_tei, tmp_path):
    """A work's author of only a no-break space was `{"literal": ""}` in bibliography.json and
    `author = {{}}` in bibliography.bib; the work is now written as one without an author."""
    from tei_edition.core.xmlio import parse_tei

    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Paul Avrich</author>", "<author>\u00a0</author>")
    write_exports(tmp_path, parse_tei(text.encode(), "m.xml"), "m.xml")
    items = json.loads((tmp_path / "exports" / "bibliography.json").read_text())
    assert items == [{"id": "avrich-bolshevik-opposition", "type": "article", "title": "Bolshevik Opposition To Lenin"}]
    for name in ("bibliography.bib", "bibliography-biblatex.bib"):
        assert "author" not in (tmp_path / "exports" / name).read_text(), name


@pytest.mark.parametrize("include, message", [
    ('href="https://example.org/r.xml"', 'xi:include href="https://example.org/r.xml": only local XML files can be '
                                         'included'),
    ('href="r.xml" xpointer="nowhere"', "xi:include: no xml:id “nowhere” in r.xml"),
], ids=["remote", "no-such-id"])
def test_published_tei_refuses_an_xinclude_it_cannot_resolve(minimal_tei, tmp_path, include, message):
    (tmp_path / "r.xml").write_text('<r xmlns="http://www.tei-c.org/ns/1.0" xml:id="here"/>', encoding="utf-8")
    f = tmp_path / "m.xml"
    text = minimal_tei.read_text(encoding="utf-8")
    f.write_text(text.replace("</body>", f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" {include}/>\n'
                              "</body>"), encoding="utf-8")
    lines = f.read_text(encoding="utf-8").splitlines()
    line = next(n for n, x in enumerate(lines, 1) if "xi:include" in x)
    with pytest.raises(EditionError) as exc:
        published_tree(read_tei(f), f)
    col = lines[line - 1].index("<xi:include") + 1  # its tag's
    assert [(p.code, p.line, p.col, p.message) for p in exc.value.problems] == [("E0321", line, col, message)]
