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
