"""The edition speaks of the text and its sources, never of how the editors worked (issue #10):
no "stored", "copy", "mirror", "round", no internal flag, commit id, SpocWiki or web archive in
the master outside the essay's own words, nor in any file of a build.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_banned_words_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.core.text import SOURCE_READING, reading
from tei_edition.core.xmlio import read_tei
from support.banned_words import BANNED, offending, word_list

# Licences' own legal texts, shipped verbatim (they speak of copies of the software, not of the edition),
# and the source text as extracted, published beside the TEI (its words are The Anarchist Library's:
# "The Anarchist Library (Mirror)" on its title page).
LEGAL_TEXTS = {"OFL.txt", "CC-BY-4.0.txt", "lawson-2021-most-intransigent-of-bolsheviks.txt"}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".jsonld", ".txt", ".csv", ".bib", ".ris", ".js", ".css", ".svg"}
T = "{http://www.tei-c.org/ns/1.0}"


def essay_windows(root: etree._Element) -> tuple[set[tuple[str, ...]], set[str]]:
    """The essay's own uses of a banned word: (word before, word, word after) windows, and the words."""
    text = " ".join(reading(el, SOURCE_READING) for el in root.iterfind(f"{T}text/{T}body//{T}div/*"))
    text += " " + " ".join("".join(b.itertext()) for b in root.iterfind(f"{T}text/{T}back//{T}bibl"))
    words = word_list(text)
    windows, used = set(), set()
    for i, w in enumerate(words):
        if BANNED.fullmatch(w):
            windows.add(tuple(words[max(0, i - 1): i + 2]))
            used.add(w)
    return windows, used


@pytest.fixture(scope="module")
def essay():
    return essay_windows(read_tei(paths.MASTER).getroot())


def test_the_essay_itself_uses_some_of_the_words(essay):
    windows, used = essay
    assert ("stop", "copies", "of") in windows and ("carbon", "copies", "of") in windows and used == {"copies"}


def test_the_master_outside_the_essay_has_none(essay):
    assert offending(paths.MASTER.read_text(encoding="utf-8"), *essay) == []


def test_no_file_of_the_build_has_any(built_edition: Path, essay):
    problems = []
    for path in sorted(built_edition.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES and path.name not in LEGAL_TEXTS:
            text = path.read_text(encoding="utf-8", errors="replace")
            problems += [f"{path.relative_to(built_edition)}: …{hit}…"
                         for hit in offending(text, *essay, index=path.name == "search-index.js")]
    pdf = next(built_edition.glob("pdf/*.pdf"))
    from pypdf import PdfReader

    pdf_text = " ".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    problems += [f"{pdf.name}: …{hit}…" for hit in offending(pdf_text, *essay)]
    assert problems == []
