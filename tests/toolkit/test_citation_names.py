"""How a name is read (README, "One citation record"): particles, compound surnames, and which
plain-text names the bibliography export and the works consulted read as persons.

The other tests of the record's names are in test_citation_record.py."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.citation import cite, record
from tei_edition.core.xmlio import TEI_NS, parse_tei
from tei_edition.outputs.exports import _person_name


def author(written: str) -> etree._Element:
    return etree.fromstring(f'<author xmlns="{TEI_NS}">{written}</author>')


VAN_DER_LINDEN = {"family": "Linden", "given": "Marcel", "non-dropping-particle": "van der"}


@pytest.mark.parametrize("written, name", [
    ("Linden, Marcel van der", VAN_DER_LINDEN),
    ("Linden,  Marcel  van  der", VAN_DER_LINDEN),
    ("Witt, Jan Maria de", {"family": "Witt", "given": "Jan Maria", "non-dropping-particle": "de"}),
    ("Cruz, Juana Inés de la", {"family": "Cruz", "given": "Juana Inés", "non-dropping-particle": "de la"}),
    ("Linden, Marcel van der, Jr.", {**VAN_DER_LINDEN, "suffix": "Jr."}),
    ("<surname>Linden</surname>, <forename>Marcel van der</forename>", {"family": "Linden", "given": "Marcel van der"}),
])
def test_a_particle_after_the_given_names_is_the_family_names(written, name, minimal_tei):
    """"Linden, Marcel van der" (family first, as Chicago files it) was given "Marcel van der":
    APA "Linden, M. v. d.", BibTeX's first names "Marcel van der"; it is the record of "van der
    Linden, Marcel" and "Marcel van der Linden". Encoded parts are read as encoded."""
    el = author(written)
    assert record.csl_name(el) == name and _person_name(el) == name
    if "<" in written:
        return
    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Tommy Lawson</author>", f"<author>{written}</author>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    particle = name["non-dropping-particle"]
    assert cite.citation(tree, None, "apa").startswith(f"{particle} {name['family']}, ")
    assert f"author = {{{particle} {name['family']}, " in cite.citation(tree, None, "bibtex")


@pytest.mark.parametrize("written, name", [
    ("José Ortega y Gasset", {"family": "Ortega y Gasset", "given": "José"}),
    ("<persName>Santiago Ramón y Cajal</persName>", {"family": "Ramón y Cajal", "given": "Santiago"}),
    ("José Ortega y Gasset Jr.", {"family": "Ortega y Gasset", "given": "José", "suffix": "Jr."}),
    ("Ortega y Gasset, José", {"family": "Ortega y Gasset", "given": "José"}),
])
def test_a_spanish_family_name_joined_by_y_is_one(written, name, minimal_tei):
    """"José Ortega y Gasset" was family "Gasset", given "José Ortega y" (APA "Gasset, J. O. y.");
    the bibliography export kept it a literal. A lower-case "y" between two capitalised words at
    the end, after a given name, joins the two family names, as written family first."""
    el = author(written)
    assert record.csl_name(el) == name and _person_name(el) == name
    text = minimal_tei.read_text(encoding="utf-8").replace("<author>Tommy Lawson</author>", f"<author>{written}</author>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    assert cite.citation(tree, None, "apa").startswith(f"{name['family']}, {name['given'][0]}.")


@pytest.mark.parametrize("written, name", [
    ("Marx y Engels", {"family": "Engels", "given": "Marx y"}),  # no given name: not read as one family name
    ("José Ortega y gasset", {"family": "gasset", "given": "José Ortega y"}),
])
def test_y_joins_family_names_only_as_the_rule_says(written, name):
    assert record.csl_name(author(written)) == name


@pytest.mark.parametrize("written, name", [
    ("W. E. B. Du Bois", {"family": "Du Bois", "given": "W. E. B."}),
    ("W. E. B. Smith", {"family": "Smith", "given": "W. E. B."}),
    ("J. R. R. Tolkien", {"family": "Tolkien", "given": "J. R. R."}),
    ("Anna M. L. van der Linden", {"family": "Linden", "given": "Anna M. L.", "non-dropping-particle": "van der"}),
])
def test_the_bibliography_export_does_not_count_initials_among_a_name_s_words(written, name):
    """A work's author of more than three words was a literal in the bibliography export, where
    the edition's record reads a person: its initials counted as words ("W. E. B. Du Bois")."""
    el = author(written)
    assert _person_name(el) == record.csl_name(el) == name


@pytest.mark.parametrize("written", [
    "Presidential Library named after B. N. Yeltsin",  # lower-case words: no name
    "John P. McKay et al.",
    "A. Smith; B. Jones",  # two names in one author
    "Natalia Tregubova; Valentin Starikov",
    "Marxist-Leninist Party (USA)",
    "Museum Of Modern Art Of New York",  # more than three words, none an initial
])
def test_the_bibliography_export_keeps_a_literal_where_the_reading_is_not_sure(written):
    assert _person_name(author(written)) == {"literal": written}


@pytest.mark.parametrize("written, name", [
    ("V. I. Lenin", {"family": "Lenin", "given": "V. I."}),
    ("Barbara C. Allen", {"family": "Allen", "given": "Barbara C."}),
    ("Linden, Marcel van der", VAN_DER_LINDEN),
    ("<persName>Orlando Figes</persName>", {"family": "Figes", "given": "Orlando"}),
    ("<persName>W. E. B. Du Bois Jr.</persName>", {"family": "Du Bois", "given": "W. E. B.", "suffix": "Jr."}),
    ("<orgName>Cambridge University Library</orgName>", {"literal": "Cambridge University Library"}),
    # plain text that does not say a person: two or three capitalised words are bodies too
    ("Cambridge University Library", {"literal": "Cambridge University Library"}),
    ("Redazione De Agostini", {"literal": "Redazione De Agostini"}),
    ("Orlando Figes", {"literal": "Orlando Figes"}),
    ("F. G.", {"literal": "F. G."}),  # the family name an initial
    ("Presidential Library named after B. N. Yeltsin", {"literal": "Presidential Library named after B. N. Yeltsin"}),
    ("John P. McKay et al.", {"literal": "John P. McKay et al."}),
    ("A. Smith; B. Jones", {"literal": "A. Smith; B. Jones"}),
])
def test_a_work_consulted_s_author_is_read_as_the_edition_s_record_reads_it(written, name):
    """Every author of the works consulted (sources.json) was a literal, "V. I. Lenin" and a
    persName too; a person the TEI or the text says (an initial, written family first) is now
    read as the edition's record reads it, a body or plain text that does not say stays one."""
    from tei_edition.outputs.exports_apparatus import _csl_name

    assert _csl_name(author(written)) == name


def test_a_work_consulted_s_author_by_ref_is_what_the_register_says():
    from tei_edition.outputs.exports_apparatus import _csl_name

    root = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><person xml:id="lenin"/><org xml:id="icpp"/>'
                            '<author ref="#lenin">Vladimir Lenin</author><author ref="#icpp">Workers Group</author></TEI>')
    assert [_csl_name(a) for a in root.iterfind(f"{{{TEI_NS}}}author")] == [
        {"family": "Lenin", "given": "Vladimir"}, {"literal": "Workers Group"}]


def _registered(minimal_tei, written: str, key: str):
    """The minimal master whose author points to a person of the register filed under `key`."""
    text = minimal_tei.read_text(encoding="utf-8").replace(
        "<author>Tommy Lawson</author>", f'<author ref="#author">{written}</author>', 1).replace(
        "<listPerson>", f'<listPerson><person xml:id="author" sortKey="{key}"><persName>{written}</persName></person>', 1)
    return parse_tei(text.encode(), "m.xml")


@pytest.mark.parametrize("written, key, name, apa", [
    ("Linh Van Nguyen", "nguyen-linh-van", {"family": "Nguyen", "given": "Linh Van"}, "Nguyen, L. V. (2026)"),
    ("Gabriel García Márquez", "garcia-marquez-gabriel", {"family": "García Márquez", "given": "Gabriel"},
     "García Márquez, G. (2026)"),
    ("Đặng Thị Ngọc Lan", "dang-thi-ngoc-lan", {"family": "Đặng Thị Ngọc Lan"}, "Đặng Thị Ngọc Lan. (2026)"),
    ("Nicholas II", "nicholas-ii", {"family": "Nicholas II"}, "Nicholas II. (2026)"),
    ("Daia Grigor'evna", "daia-grigorevna", {"family": "Daia Grigor'evna"}, "Daia Grigor'evna. (2026)"),
    ("Martin Luther King Jr.", "king-martin-luther-jr", {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
     "King, M. L., Jr. (2026)"),
    ("Marcel van der Linden", "linden-marcel-van-der", VAN_DER_LINDEN, "van der Linden, M. (2026)"),
])
def test_a_person_of_the_register_is_split_as_the_register_files_them(minimal_tei, written, key, name, apa):
    """"Linh Van Nguyen" was family "Van Nguyen" (a capitalised Van read as a prefix), "Gabriel García
    Márquez" family "Márquez", "Nicholas II" family "II", "Daia Grigor'evna" (a patronymic) family
    "Grigor'evna", though the author points to the register, whose @sortKey files the name: family
    name first, or as written where the name has none."""
    tree = _registered(minimal_tei, written, key)
    author = tree.getroot().find(f".//{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}author")
    assert record.csl_name(author) == _person_name(author) == name
    assert cite.csl_item(tree)["author"] == [name]
    assert cite.citation(tree, None, "apa").startswith(apa)


def test_a_persname_pointing_to_the_register_is_filed_so_in_every_list():
    """A work's author (the bibliography export, the works consulted) by persName/@ref too."""
    from tei_edition.outputs.exports_apparatus import _csl_name

    root = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><person xml:id="n" sortKey="nguyen-linh-van"/>'
                            '<author><persName ref="#n">Linh Van Nguyen</persName></author></TEI>')
    author = root[1]
    assert record.csl_name(author) == _person_name(author) == _csl_name(author) == {"family": "Nguyen", "given": "Linh Van"}


@pytest.mark.parametrize("written, key", [
    ("V. I. Lenin", "lenin-vladimir"),  # the key spells another form of the name
    ("Orlando Figes", ""),
])
def test_where_the_key_does_not_spell_the_name_it_is_read_as_before(written, key):
    root = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><person xml:id="x" sortKey="{key}"/>'
                            f'<author ref="#x">{written}</author></TEI>')
    family, given = written.rsplit(" ", 1)[1], written.rsplit(" ", 1)[0]
    assert record.csl_name(root[1]) == {"family": family, "given": given}
