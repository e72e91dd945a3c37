"""The edition speaks of the text and its sources, never of how the editors worked (issue #10):
no "stored", "copy", "mirror", "round", no internal flag, commit id, SpocWiki or web archive in
the master outside the essay's own words, nor in any file of a build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.core.text import SOURCE_READING, reading
from tei_edition.core.xmlio import read_tei

BANNED = re.compile(
    r"\b(?:stored|cop(?:y|ies)|mirror(?:s|ed)?|rounds?|wayback|spocwiki)\b|web\.archive|\bhas_id_\w+"
    r"|(?<![/=.\w-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}(?![\w./-])", re.IGNORECASE)
# Words of the web edition's interface (the control that copies a citation), not of the apparatus.
INTERFACE = ("Copy citation", "cite-copy", 'execCommand("copy")', "copy it", "ready to copy",
             "gains a copy button", "Copied.")
# Licences' own legal texts, shipped verbatim (they speak of copies of the software, not of the edition).
LEGAL_TEXTS = {"OFL.txt", "CC-BY-4.0.txt"}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".jsonld", ".txt", ".csv", ".bib", ".ris", ".js", ".css", ".svg"}
T = "{http://www.tei-c.org/ns/1.0}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def essay_windows(root: etree._Element) -> tuple[set[tuple[str, ...]], set[str]]:
    """The essay's own uses of a banned word: (word before, word, word after) windows, and the words."""
    text = " ".join(reading(el, SOURCE_READING) for el in root.iterfind(f"{T}text/{T}body//{T}div/*"))
    text += " " + " ".join("".join(b.itertext()) for b in root.iterfind(f"{T}text/{T}back//{T}bibl"))
    words = _words(text)
    windows, used = set(), set()
    for i, w in enumerate(words):
        if BANNED.fullmatch(w):
            windows.add(tuple(words[max(0, i - 1): i + 2]))
            used.add(w)
    return windows, used


def offending(text: str, windows: set[tuple[str, ...]], used: set[str], index: bool = False) -> list[str]:
    """The banned words of `text` that are not the essay's own (nor the interface's)."""
    plain = re.sub(r"<[^>]+>", " ", text)
    for phrase in INTERFACE:
        plain = plain.replace(phrase, " ")
    found = []
    for m in BANNED.finditer(plain):
        before = _words(plain[max(0, m.start() - 60): m.start()])[-1:]
        after = _words(plain[m.end(): m.end() + 60])[:1]
        window = tuple(before + _words(m.group()) + after)
        if window in windows or (index and m.group().lower() in used):
            continue
        found.append(" ".join(plain[max(0, m.start() - 40): m.end() + 40].split()))
    return found


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


@pytest.mark.parametrize("prose", [
    "Life dates from the stored English Wikipedia article.",
    "read in a mirror of the page", "found in this round", "a Kiwix copy of the article",
    "has_id_wikidata Q40787", "commit 08a9234", "SpocWiki/_Standards", "web.archive.org/web/2017",
])
def test_each_banned_form_is_caught(prose):
    assert offending(prose, set(), set()) != []


def test_the_essay_words_and_urls_are_not_caught():
    windows = {("stop", "copies", "of")}
    assert offending("the party could not stop copies of the manifesto", windows, {"copies"}) == []
    assert offending('<ptr target="http://aeiou.at/aeiou.encyclop.f/f437238.htm"/>', set(), set()) == []
    assert offending("revision 1166312679 of the article", set(), set()) == []
