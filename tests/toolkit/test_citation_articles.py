"""A body's name that begins with "The" in the rendered styles: Chicago lowercases the article where
the name does not begin a sentence (CMOS 8.68), MLA in a contributor's name too and leaves it out of
a publisher's; APA and the record keep the name as the TEI writes it."""

from __future__ import annotations

import json

import pytest

from tei_edition.citation import cite
from tei_edition.core.xmlio import parse_tei


@pytest.fixture(scope="module")
def tree(minimal_tei):
    text = minimal_tei.read_text(encoding="utf-8")
    for old, new in (
            ('<editor xml:id="editors">The tei-edition editors</editor>',
             '<editor xml:id="editors"><orgName>The tei-edition editorial team</orgName></editor>'),
            ("<publisher>tei-edition</publisher>", "<publisher>The tei-edition project</publisher>"),
            ("libcom.org, <date", "<publisher>The Anarchist Library</publisher>, <date")):
        assert old in text
        text = text.replace(old, new, 1)
    return parse_tei(text.encode(), "m.xml")


def test_chicago_lowercases_the_article_but_where_a_sentence_begins(tree):
    entry = cite.citation(tree, None, "chicago")
    assert ("Edited by the tei-edition editorial team. The Anarchist Library, 2021. "
            "Reprint, the tei-edition project, 2026.") in entry, entry
    note = cite.citation(tree, "p2", "chicago", in_text=True)
    assert "ed. the tei-edition editorial team (the Anarchist Library, 2021; repr., the tei-edition project, 2026)" in note


def test_mla_lowercases_it_in_a_contributor_and_leaves_it_out_of_a_publisher(tree):
    entry = cite.citation(tree, None, "mla")
    assert "Edited by the tei-edition editorial team, tei-edition project, 2026," in entry, entry
    assert entry.rstrip().endswith("Originally published by Anarchist Library, 2021."), entry


def test_apa_and_the_record_keep_the_name_as_written(tree):
    apa = cite.citation(tree, None, "apa")
    assert "(The tei-edition editorial team, Ed.)" in apa and ". The tei-edition project. " in apa, apa
    item = json.loads(cite.citation(tree, None, "csl-json"))[0]
    assert item["editor"] == [{"literal": "The tei-edition editorial team"}]
    assert item["publisher"] == "The tei-edition project" and item["original-publisher"] == "The Anarchist Library"
    assert "ED  - The tei-edition editorial team" in cite.citation(tree, None, "ris")


def test_every_unit_s_citation_says_it_as_the_edition_s_does(tree):
    data = cite.all_units(tree, path="m.xml")
    assert "Edited by the tei-edition editorial team." in data["edition"]["chicago"]
    assert data["units"]["p2"]["chicago"] == cite.citation(tree, "p2", "chicago", path="m.xml").rstrip("\n")
    assert data["units"]["p2"]["in-text"]["chicago"] == cite.citation(tree, "p2", "chicago", path="m.xml",
                                                                     in_text=True).rstrip("\n")


def test_a_body_that_begins_the_entry_or_the_note_keeps_its_capital(minimal_tei):
    text = minimal_tei.read_text(encoding="utf-8").replace(
        "<author>Tommy Lawson</author>", "<author><orgName>The Workers Group</orgName></author>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    assert cite.citation(tree, None, "chicago").startswith("The Workers Group. The Most Intransigent")
    assert cite.citation(tree, "p2", "chicago", in_text=True).startswith("The Workers Group, The Most Intransigent")
    assert cite.citation(tree, None, "mla").startswith("The Workers Group. The Most Intransigent")


def test_bibtex_and_the_deposit_say_it_inside_their_sentences(tree):
    from tei_edition.citation.record import edition_item
    from tei_edition.outputs.deposit import readme

    bibtex = cite.citation(tree, None, "bibtex")
    assert "edited by the tei-edition editorial team, the tei-edition project" in bibtex, bibtex
    assert "editor = {{The tei-edition editorial team}}" in bibtex  # a name field, not a sentence
    about = readme(edition_item(tree, "https://tei-edition.example.org/"), tree, [])
    assert ", edited by the tei-edition editorial team; published by the tei-edition project, " in about, about


@pytest.fixture(scope="module")
def master(tree, tmp_path_factory):
    from lxml import etree

    path = tmp_path_factory.mktemp("articles") / "m.xml"
    text = etree.tostring(tree, encoding="unicode").replace(
        "</titleStmt>", "</titleStmt><editionStmt><edition>First digital edition</edition></editionStmt>", 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_outputs_say_it_inside_their_sentences_and_keep_it_where_a_line_begins(master, tmp_path):
    """The title pages' "Edited by", the web footer's "Edition published by", the colophon's
    edition line after a semicolon; the publisher on a line of its own keeps its capital."""
    import zipfile

    from lxml import html

    from support.html_site import build_html, page
    from tei_edition.core.xmlio import read_tei
    from tei_edition.core.xslt import to_xdm
    from tei_edition.outputs import pdf
    from tei_edition.outputs.epub import write_epub

    index = page(build_html(master, tmp_path / "web"), "index.html")
    assert index.xpath("string(//p[@class='editors'])") == "Edited by the tei-edition editorial team"
    assert "Edition published by the tei-edition project, " in index.xpath("string(//footer)")
    with zipfile.ZipFile(write_epub(master, tmp_path / "m.epub")) as z:
        title_page = next(n for n in z.namelist() if "title" in n and n.endswith(".xhtml"))
        epub_page = html.fromstring(z.read(title_page))
    assert epub_page.xpath("string(//p[@class='editors'])") == "Edited by the tei-edition editorial team"
    tree = read_tei(master)
    typst = pdf.typst_source(tree, to_xdm(tree, master.resolve().as_uri()), str(master))
    assert 'editors: "the tei-edition editorial team"' in typst  # the title page's "Edited by"
    assert 'publisher: "The tei-edition project"' in typst  # its own line on the title page
    assert "First digital edition; the tei-edition project; 27 November 2026." in typst  # the colophon
    assert "Editors: The tei-edition editorial team." in typst  # after a colon, as a list's label


def test_only_a_leading_the_is_an_article():
    from tei_edition.citation.record import in_sentence

    assert in_sentence("The tei-edition project") == "the tei-edition project"
    assert in_sentence("Theodore Shanin") == "Theodore Shanin"
    assert in_sentence("Cambridge University Library") == "Cambridge University Library"
    assert in_sentence("Project The") == "Project The"
