"""One citation record: the same type, editors and original publication in CSL-JSON, RIS,
BibTeX, biblatex, the pages' Highwire/Dublin Core tags and their schema.org JSON-LD; every CSL
item valid against the CSL data schema; RIS and BibTeX read back by other tools; the citeproc-py
patches fail loudly when upstream changes what they patch.

The tests on the real master are in tests/edition/test_citation_record_master.py."""

from __future__ import annotations

import re

import bibtexparser
import pytest
import rispy

from tei_edition.citation import cite, formats, record
from tei_edition.core.xmlio import read_tei
from support.csl import csl_errors

BASE = "https://tei-edition.example.org/lawson-2021-most-intransigent/"


@pytest.fixture(scope="module")
def tree(minimal_tei):
    return read_tei(minimal_tei)


def test_the_schema_rejects_a_citation_s_label_in_an_item(tree, csl_validator):
    item = cite.csl_item(tree, cite.find_unit(tree, "m", "p2"))
    assert csl_errors(csl_validator, [item]) == []
    assert csl_errors(csl_validator, [dict(item, label="paragraph")])  # belongs to the citation
    assert csl_errors(csl_validator, [dict(item, type="online")])  # not a CSL type


def test_one_type_and_editors_as_editors_in_every_format(tree):
    unit = cite.find_unit(tree, "m", "p2")
    item = cite.csl_item(tree, unit)
    assert item["type"] == record.TYPES["csl"] == "book"
    assert item["editor"] == [{"literal": "The tei-edition editors"}]
    assert item["original-date"] == {"date-parts": [[2021, 9, 12]]}

    # ED (editor) is a RIS tag rispy's table leaves out: read it as a list like AU
    ris = rispy.loads(cite.citation(tree, "p2", "ris"), mapping={**rispy.TAG_KEY_MAPPING, "ED": "editors"},
                      list_tags=[*rispy.LIST_TYPE_TAGS, "ED"])[0]
    assert ris["type_of_reference"] == "BOOK"
    assert ris["authors"] == ["Lawson, Tommy"] and ris["editors"] == ["The tei-edition editors"]
    assert "secondary_authors" not in ris  # A2 would be the series editor of a book
    assert ris["urls"] == [BASE + "#p2"] and ris["notes"] == ["Paragraph 2"]

    bib = bibtexparser.parse_string(cite.citation(tree, "p2", "bibtex"))
    assert not bib.failed_blocks
    entry = bib.entries[0]
    fields = {f.key: f.value for f in entry.fields}
    # classic BibTeX: @book takes author or editor, not both; the standard fields only
    assert entry.entry_type == "misc"
    assert fields["author"] == "Lawson, Tommy" and fields["editor"] == "{The tei-edition editors}"
    assert "edited by the tei-edition editors" in fields["howpublished"]  # inside a sentence (CMOS 8.68)
    assert set(fields) <= {"author", "editor", "title", "howpublished", "year", "month", "note", "url"}

    biblatex = bibtexparser.parse_string(cite.citation(tree, "p2", "biblatex")).entries[0]
    fields = {f.key: f.value for f in biblatex.fields}
    assert biblatex.entry_type == "book"
    assert fields["editor"] == "{The tei-edition editors}" and fields["origdate"] == "2021-09-12"
    assert fields["date"] == "2026-11-27"


def test_bibtex_without_both_author_and_editor_stays_a_book():
    item = {"id": "x", "type": "book", "title": "T", "author": [{"family": "A", "given": "B"}],
            "publisher": "P", "issued": {"date-parts": [[1984]]}}
    assert formats.to_bibtex(item).startswith("@book{x,")
    assert formats.to_bibtex(dict(item, editor=[{"literal": "E"}])).startswith("@misc{x,")


def test_citeproc_patches_match_the_pinned_upstream_source():
    """cite.py patches private methods of citeproc-py; an upgrade that changes one fails here
    (then re-check the patch against the new source and record the new hash)."""
    assert cite.upstream_sources() == cite.UPSTREAM_SOURCES


def test_the_upstream_check_notices_a_change(monkeypatch):
    import inspect

    from citeproc import model

    real = inspect.getsource(model)
    monkeypatch.setattr(inspect, "getsource", lambda obj: real.replace("return self.xpath(expression, namespaces=self.nsmap)",
                                                                     "return self.xpath(expression)"))
    assert cite.upstream_sources() != cite.UPSTREAM_SOURCES


@pytest.mark.parametrize("title", ["a { b", "a } b", "a \\ b", "x ~ y ^ z"])
def test_latex_specials_in_a_title_leave_every_entry_whole(title):
    """A brace alone unbalanced the entry, which swallowed the next one (BibTeX counts every
    brace, escaped or not); a backslash began a command; ~ and ^ are not text in LaTeX."""
    item = {"id": "x", "type": "book", "title": title, "author": [{"family": "A", "given": "B"}],
            "publisher": "P", "issued": {"date-parts": [[1984]]}}
    for write in (formats.to_bibtex, formats.to_biblatex):
        bib = write(item) + "\n" + write(dict(item, id="y", title="T")) + "\n"
        parsed = bibtexparser.parse_string(bib)
        assert not parsed.failed_blocks and [e.key for e in parsed.entries] == ["x", "y"], bib
        entry = write(item)
        assert entry.count("{") == entry.count("}"), entry  # as BibTeX counts them: every one
        value = {f.key: f.value for f in parsed.entries[0].fields}["title"]
        assert not any(c in re.sub(r"\\text[a-z]+\{\}", "", value) for c in "\\~^"), value


@pytest.mark.parametrize("written, name", [
    ("Lawson, Tommy", {"family": "Lawson", "given": "Tommy"}),
    ("Tommy Lawson", {"family": "Lawson", "given": "Tommy"}),
    ("de  Witt,  Jan Maria", {"family": "Witt", "given": "Jan Maria", "non-dropping-particle": "de"}),
    ("Avrich,  Paul,  Jr.", {"family": "Avrich", "given": "Paul", "suffix": "Jr."}),
    ("<surname>Avrich</surname>, <forename>Paul</forename>, <genName>Jr.</genName>",
     {"family": "Avrich", "given": "Paul", "suffix": "Jr."}),
])
def test_a_name_written_family_first_is_read_so(written, name):
    """"Lawson, Tommy" became family "Tommy", given "Lawson," (BibTeX `Tommy, Lawson,`)."""
    from lxml import etree

    from tei_edition.core.xmlio import TEI_NS
    from tei_edition.outputs.exports import _person_name

    el = etree.fromstring(f'<author xmlns="{TEI_NS}">{written}</author>')
    assert record.csl_name(el) == name and _person_name(el) == name


@pytest.mark.parametrize("written, name", [
    ("Paul Avrich, Jr.", {"family": "Avrich", "given": "Paul", "suffix": "Jr."}),
    ("Paul Avrich Jr.", {"family": "Avrich", "given": "Paul", "suffix": "Jr."}),
    ("<persName>Martin Luther King, Jr.</persName>", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
    ("<persName>Paul Avrich III</persName>", {"family": "Avrich", "given": "Paul", "suffix": "III"}),
    ("Paul Avrich Sr", {"family": "Avrich", "given": "Paul", "suffix": "Sr"}),
])
def test_a_suffix_after_a_name_written_given_names_first_is_read_so(written, name, minimal_tei):
    """"Paul Avrich, Jr." was read family first: family "Paul Avrich", given "Jr." (APA "Paul
    Avrich, J.", Chicago's note "Jr. Paul Avrich", BibTeX's last name "Paul Avrich"); "Paul Avrich
    Jr." had the family name "Jr." (APA "Jr., P. A.", MLA's in-text "(Jr., …)")."""
    from lxml import etree

    from tei_edition.core.xmlio import TEI_NS, parse_tei
    from tei_edition.outputs.exports import _person_name

    el = etree.fromstring(f'<author xmlns="{TEI_NS}">{written}</author>')
    assert record.csl_name(el) == name and _person_name(el) == name
    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Tommy Lawson</author>", f"<author>{written}</author>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    given, family, suffix = name["given"], name["family"], name["suffix"]
    initials = " ".join(w[0] + "." for w in given.split())
    assert cite.citation(tree, None, "apa").startswith(f"{family}, {initials}, {suffix}")
    assert cite.citation(tree, "p1", "chicago", in_text=True).startswith(f"{given} {family} {suffix}, ")
    assert f"author = {{{family}, {suffix}, {given}}}" in cite.citation(tree, None, "bibtex")


def test_a_suffix_after_a_second_comma_reaches_every_format(minimal_tei, csl_validator):
    """"Avrich, Paul, Jr." became family "Jr.", given "Avrich, Paul," (BibTeX `Jr., Avrich, Paul,`);
    BibTeX writes the suffix between family and given names: `Avrich, Jr., Paul`."""
    import json

    from bibtexparser import middlewares

    from tei_edition.citation import webmeta
    from tei_edition.core.xmlio import parse_tei
    from tei_edition.outputs import deposit

    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Tommy Lawson</author>",
                                                          "<author>Avrich, Paul, Jr.</author>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    suffixed = {"family": "Avrich", "given": "Paul", "suffix": "Jr."}
    item = cite.csl_item(tree, None)
    assert item["author"] == [suffixed] and csl_errors(csl_validator, [item]) == []
    assert json.loads(cite.citation(tree, None, "csl-json"))[0]["author"] == [suffixed]
    for style in ("bibtex", "biblatex"):
        parsed = bibtexparser.parse_string(cite.citation(tree, None, style), append_middleware=[
            middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
        [name] = parsed.entries[0]["author"]
        assert (name.last, name.first, name.jr) == (["Avrich"], ["Paul"], ["Jr."]), (style, name)
    assert rispy.loads(cite.citation(tree, None, "ris"))[0]["authors"] == ["Avrich, Paul, Jr."]
    assert cite.citation(tree, None, "chicago").startswith("Avrich, Paul, Jr. The Most Intransigent")
    assert '  - family-names: "Avrich"\n    given-names: "Paul"\n    name-suffix: "Jr."\n' in deposit.citation_cff(item, tree)
    assert deposit.datacite(item, tree)["creators"][0]["name"] == "Avrich, Paul, Jr."
    person = webmeta.schema_org(item, tree)["author"][0]
    assert person == {"@type": "Person", "name": "Paul Avrich Jr.", "familyName": "Avrich", "givenName": "Paul",
                      "honorificSuffix": "Jr."}


@pytest.mark.parametrize("author, csl, kind", [
    ("<persName>Plato</persName>", {"family": "Plato"}, "Person"),
    ('<author ref="#lenin">Lenin</author>', {"family": "Lenin"}, "Person"),
    ('<author ref="#workers-group">Workers Group</author>', {"literal": "Workers Group"}, "Organization"),
    ("<orgName>Workers Group</orgName>", {"literal": "Workers Group"}, "Organization"),
])
def test_person_or_body_is_what_the_tei_says_not_the_word_count(minimal_tei, csl_validator, author, csl, kind):
    """A one-word person (persName, or @ref to a person of the register) was a CSL literal, so an
    Organization in the pages' JSON-LD; a body named in two words by @ref to an org was a Person."""
    from tei_edition.citation import webmeta
    from tei_edition.core.xmlio import parse_tei

    element = author if author.startswith("<author") else f"<author>{author}</author>"
    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Tommy Lawson</author>", element, 1)
    tree = parse_tei(text.encode(), "m.xml")
    item = cite.csl_item(tree, None)
    assert item["author"] == [csl] and csl_errors(csl_validator, [item]) == []
    node = webmeta.schema_org(item, tree)
    assert [a["@type"] for a in node["author"]] == [kind] == [a["@type"] for a in node["isBasedOn"]["author"]]
    assert node["author"][0]["name"] == csl.get("literal", csl.get("family"))


@pytest.mark.parametrize("author, name", [
    ("<persName>Plato</persName>", {"family": "Plato"}),
    ("<orgName>Cambridge University Library</orgName>", {"literal": "Cambridge University Library"}),
])
def test_a_works_author_is_a_person_or_a_body_as_the_tei_says(author, name):
    """A work's author in the bibliography export: "Plato" was a literal (a body), the library
    a person whose family name was "Library" (three capitalised words)."""
    from lxml import etree

    from tei_edition.core.xmlio import TEI_NS
    from tei_edition.outputs.exports import _person_name

    assert _person_name(etree.fromstring(f'<author xmlns="{TEI_NS}">{author}</author>')) == name


@pytest.mark.parametrize("author", ["The Editors", "The Hoover Institution"])
def test_a_works_author_named_the_something_is_a_body_as_in_the_editions_record(author, minimal_tei):
    """README: in plain text "The …" is a body. The edition's record read it so, the bibliography
    export as a person: family "Editors", given "The" (BibTeX `Editors, The`)."""
    from lxml import etree

    from tei_edition.core.xmlio import TEI_NS
    from tei_edition.outputs.exports import _person_name

    el = etree.fromstring(f'<author xmlns="{TEI_NS}">{author}</author>')
    assert _person_name(el) == record.csl_name(el) == {"literal": author}


VAN_DER_LINDEN = {"family": "Linden", "given": "Marcel", "non-dropping-particle": "van der"}


@pytest.mark.parametrize("written, name", [
    ("Marcel van der Linden", VAN_DER_LINDEN),
    ("van der Linden, Marcel", VAN_DER_LINDEN),
    ("<persName>Marcel van  der Linden</persName>", VAN_DER_LINDEN),
    ("Charles de Gaulle", {"family": "Gaulle", "given": "Charles", "non-dropping-particle": "de"}),
    ("Ludwig von Mises", {"family": "Mises", "given": "Ludwig", "non-dropping-particle": "von"}),
    ("Leonardo da Vinci", {"family": "Vinci", "given": "Leonardo", "non-dropping-particle": "da"}),
    ("Juana Inés de la Cruz", {"family": "Cruz", "given": "Juana Inés", "non-dropping-particle": "de la"}),
    ("Marcel van der Linden Jr.", {**VAN_DER_LINDEN, "suffix": "Jr."}),
    ("W. E. B. Du Bois", {"family": "Du Bois", "given": "W. E. B."}),
    ("Du Bois, W. E. B.", {"family": "Du Bois", "given": "W. E. B."}),
    ("Dick Van Dyke", {"family": "Van Dyke", "given": "Dick"}),
    ("Ursula K. Le Guin", {"family": "Le Guin", "given": "Ursula K."}),
    ("Van Morrison", {"family": "Morrison", "given": "Van"}),  # a capitalised particle first is a given name
])
def test_a_particle_before_the_family_name_is_the_family_names(written, name):
    """"Marcel van der Linden" was family "Linden", given "Marcel van der" (filed under L as
    "Linden, Marcel van der" in APA and MLA, BibTeX's first names "Marcel van der"); "W. E. B. Du
    Bois" family "Bois"; "van der Linden, Marcel" kept the particle in the family name."""
    from lxml import etree

    from tei_edition.core.xmlio import TEI_NS
    from tei_edition.outputs.exports import _person_name

    el = etree.fromstring(f'<author xmlns="{TEI_NS}">{written}</author>')
    assert record.csl_name(el) == name
    # a work's author in the bibliography export: a literal before ("W. E. B. Du Bois" until its
    # initials no longer counted among its words: test_citation_names.py)
    assert _person_name(el) == name


def test_a_particle_reaches_every_format_and_style(minimal_tei, csl_validator):
    """APA and MLA print and sort the particle first (their `demote-non-dropping-particle="never"`),
    Chicago after the given name ("Linden, Marcel van der", CSL's default, as CMOS indexes Dutch and
    German names); BibTeX reads it as the von part, RIS, DataCite and schema.org in the family name,
    CFF as its name-particle."""
    import json

    from bibtexparser import middlewares

    from tei_edition.citation import webmeta
    from tei_edition.core.xmlio import parse_tei
    from tei_edition.outputs import deposit

    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Tommy Lawson</author>",
                                                          "<author>Marcel van der Linden</author>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    item = cite.csl_item(tree, None)
    assert item["author"] == [VAN_DER_LINDEN] and csl_errors(csl_validator, [item]) == []
    assert json.loads(cite.citation(tree, None, "csl-json"))[0]["author"] == [VAN_DER_LINDEN]
    assert cite.citation(tree, None, "apa").startswith("van der Linden, M. (2026).")
    assert cite.citation(tree, "p1", "apa", in_text=True).startswith("(van der Linden, 2021/2026")
    assert cite.citation(tree, None, "mla").startswith("van der Linden, Marcel. The Most")
    assert cite.citation(tree, None, "chicago").startswith("Linden, Marcel van der. The Most")
    assert cite.citation(tree, "p1", "chicago", in_text=True).startswith("Marcel van der Linden, The Most")
    for style in ("bibtex", "biblatex"):
        written = cite.citation(tree, None, style)
        assert "author = {van der Linden, Marcel}" in written
        parsed = bibtexparser.parse_string(written, append_middleware=[
            middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
        [name] = parsed.entries[0]["author"]
        assert (name.first, name.von, name.last) == (["Marcel"], ["van", "der"], ["Linden"]), (style, name)
    assert rispy.loads(cite.citation(tree, None, "ris"))[0]["authors"] == ["van der Linden, Marcel"]
    assert ('  - family-names: "Linden"\n    given-names: "Marcel"\n    name-particle: "van der"\n'
            in deposit.citation_cff(item, tree))
    creator = deposit.datacite(item, tree)["creators"][0]
    assert (creator["name"], creator["familyName"]) == ("van der Linden, Marcel", "van der Linden")
    person = webmeta.schema_org(item, tree)["author"][0]
    assert person == {"@type": "Person", "name": "Marcel van der Linden", "familyName": "van der Linden",
                      "givenName": "Marcel"}
    assert ["citation_author", "Marcel van der Linden"] in json.loads(webmeta.page_metadata(tree, BASE))["meta"]


def test_an_empty_author_in_the_master_is_no_author_of_the_pages(minimal_tei):
    import json

    from tei_edition.citation import webmeta
    from tei_edition.core.xmlio import parse_tei

    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Tommy Lawson</author>",
                                                          "<author>\u00a0</author><author>Tommy Lawson</author>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    meta = json.loads(webmeta.page_metadata(tree, BASE))
    assert [v for k, v in meta["meta"] if k in ("citation_author", "DC.creator")] == ["Tommy Lawson"] * 2
    assert json.loads(meta["jsonld"])["author"] == [{"@type": "Person", "name": "Tommy Lawson", "familyName": "Lawson",
                                                     "givenName": "Tommy"}]
    assert [line for line in cite.citation(tree, None, "ris").splitlines() if line.startswith("AU")] == ["AU  - Lawson, Tommy"]


@pytest.mark.parametrize("month", [0, 13])
def test_a_month_out_of_range_gives_no_month_field(month: int):
    """BibTeX's month was dec for month 0 (the list read from its end) and an IndexError for 13."""
    item = {"id": "x", "type": "book", "title": "T", "issued": {"date-parts": [[2021, month]]}}
    entry = bibtexparser.parse_string(formats.to_bibtex(item)).entries[0]
    assert entry["year"] == "2021" and "month" not in entry.fields_dict
