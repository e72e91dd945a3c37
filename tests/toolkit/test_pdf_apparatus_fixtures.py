"""The print edition's apparatus (issue #10): notes labelled by the TEI's own @n and marked by
kind, corrections as signs with a list of emendations (not footnotes), the index in the order
of the sort keys with events and glossary terms, the glossary, the events, the works consulted
cited from the notes, and no quotation marks added to titles.

The tests on the real master are in tests/edition/test_pdf_apparatus.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.pdfapparatus import emendation_rows, expected_index, index_ids, index_sections
from support.pdfcheck import read_pages
from tei_edition.outputs.pdf import write_part
from support.pdf_apparatus_checks import FIXTURE, check_emendations, check_notes, tei_notes


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory) -> Path:
    return write_part(FIXTURE, tmp_path_factory.mktemp("apparatus") / "apparatus.pdf")


def test_fixture_notes_keep_labels_that_differ_from_their_ids(fixture_pdf: Path):
    # n2 is labelled 1 and n1 labelled 2: the PDF prints the labels, not a count of its own
    assert check_notes(fixture_pdf, FIXTURE) == 2
    assert tei_notes(FIXTURE) == [("1", "Editorial note"), ("2", "Commentary")]


def test_the_note_check_fails_on_a_wrong_label(fixture_pdf: Path, tmp_path: Path):
    wrong = tmp_path / "wrong.xml"
    wrong.write_text(FIXTURE.read_text(encoding="utf-8").replace('xml:id="n1" n="2"', 'xml:id="n1" n="7"'),
                     encoding="utf-8")
    with pytest.raises(AssertionError):
        check_notes(fixture_pdf, wrong)  # the PDF says 2 where this TEI says 7
    check_notes(write_part(wrong, tmp_path / "wrong.pdf"), wrong)  # the PDF of that TEI prints 7


def test_fixture_emendations_give_the_words_around_and_brackets(fixture_pdf: Path):
    assert check_emendations(fixture_pdf, FIXTURE) == 5
    rows = emendation_rows(read_pages(fixture_pdf))
    assert " ".join(rows[0].split()) == "¶ 1 Miasnikovs men Miasnikov’s men Possessive without apostrophe"
    assert "had had left. had left. Doubled word, removed" in rows[2]
    assert "to comrade to [a] comrade Missing word, supplied" in " ".join(rows[3].split())
    text = " ".join(p.text for p in read_pages(fixture_pdf)[2:3])
    assert "he had° left." in text and "to [a] comrade" in text  # the sign after the word before


def test_fixture_index_files_entries_as_their_keys_say(fixture_pdf: Path):
    sections = dict(index_sections(read_pages(fixture_pdf)))
    names = {title: [re.sub(r"\s+\d+(, \d+)*$", "", e) for e in entries] for title, entries in sections.items()}
    assert names["Persons"] == ["Daia Grigor’evna", "Miasnikov, Gavril", "Michael Alexandrovich, Grand Duke",
                                "Zinoviev, Grigory"]
    assert names["Organisations"] == ["Bolshevik Party – Russian Communist Party (Bolsheviks)",
                                      "Voice of Labour, The"]
    assert names["Events"] == ["Exile", "Killing of Grand Duke Michael"] and names["Glossary"] == ["soviet"]
    assert index_ids(FIXTURE, list(sections.items())) == expected_index(FIXTURE)


def test_index_order_changes_with_the_sort_keys_only(tmp_path: Path):
    swapped = tmp_path / "swapped.xml"
    swapped.write_text(FIXTURE.read_text(encoding="utf-8")
                       .replace('sortKey="daia-grigorevna"', 'sortKey="zz-daia-grigorevna"'), encoding="utf-8")
    printed = index_ids(swapped, index_sections(read_pages(write_part(swapped, tmp_path / "s.pdf"))))
    assert printed["Persons"] == ["miasnikov", "michael", "zinoviev", "daia"] == expected_index(swapped)["Persons"]
