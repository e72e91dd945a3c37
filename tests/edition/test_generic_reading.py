"""The published TEI says what generic TEI tools need without this project's conventions:
block quotations say so, registers are titled, the source description has one normalised date
and no pointer a converter cannot resolve, and the encoding manual says how to read it."""

from __future__ import annotations

from lxml import etree

from tei_edition.core.xmlio import TEI_NS

NS = {"tei": TEI_NS}
LIBCOM = "https://libcom.org/history/most-intransigent-bolsheviks-gavril-miasnikov-workers-group-degeneration-russian-revolut"
ANARCHIST_LIBRARY = "http://theanarchistlibrary.org/library/tommy-lawson-the-most-intransigent-of-bolsheviks"


def published(built_edition):
    return etree.parse(str(built_edition / "tei" / "lawson-2021-most-intransigent.xml"))


def test_block_quotations_say_so(built_edition):
    cits = published(built_edition).findall(".//tei:body//tei:div/tei:cit", NS)
    assert len(cits) == 12 and {c.get("rend") for c in cits} == {"block"}


def test_registers_are_titled(built_edition):
    heads = [el.findtext("tei:head", namespaces=NS) for el in published(built_edition).find("tei:standOff", NS).iterchildren(etree.Element)]
    assert heads == ["Persons", "Places", "Organisations", "Events", "Glossary", "Works consulted by the editors"]


def test_source_description_names_both_publications_and_the_witness(built_edition):
    source = published(built_edition).find(".//tei:sourceDesc", NS)
    first, reprint = source.findall("tei:bibl", NS)
    assert first.find("tei:date", NS).get("when") == "2021-09-12"
    assert first.find("tei:ref", NS).get("target") == LIBCOM and "libcom.org" in first.findtext("tei:publisher", namespaces=NS)
    assert reprint.find("tei:ref", NS).get("target") == ANARCHIST_LIBRARY
    assert reprint.find("tei:relatedItem[@type='original']", NS).get("target") == LIBCOM
    text = " ".join("".join(reprint.itertext()).split())
    assert "Retrieved on 4th November 2021 from libcom.org" in text and "Anti-Copyright" in text
    witness = " ".join("".join(reprint.find("tei:note[@type='witness']", NS).itertext()).split())
    for implied in ("plain-text extraction", "decided by sense", "straight", "page numbers are not kept"):
        assert implied in witness


def test_source_description_suits_generic_converters(built_edition):
    """One normalised date (converters take each as the date of original publication) and no
    pointer to an element id (converters print it as a link to an anchor they do not make)."""
    source = published(built_edition).find(".//tei:sourceDesc", NS)
    assert len(source.findall(".//tei:date[@when]", NS)) == 1
    assert not [v for v in source.xpath(".//@target | .//@ref") if v.startswith("#")]


def test_encoding_manual_says_how_to_read_it(built_edition):
    about = (built_edition / "site" / "about.html").read_text(encoding="utf-8")
    assert 'id="generic-tools"' in about and "Reading the published TEI with generic tools" in about
    for needle in ("<code>@rend</code>=<code>\"block\"</code>", "<code>&lt;citeStructure&gt;</code>",
                   "<code>&lt;standOff&gt;</code>", "<code>\"witness\"</code>"):
        assert needle in about, needle


def test_the_quotation_marks_kept_in_the_text_are_declared(built_edition):
    """The author's marks are text (quote, soCalled): quotation/@marks says so to any TEI
    processor (the TEI Stylesheets add no marks of their own around a quote where it is "all")."""
    quotation = published(built_edition).find(".//tei:encodingDesc/tei:editorialDecl/tei:quotation", NS)
    assert quotation is not None and quotation.get("marks") == "all"
