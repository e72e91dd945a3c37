"""E0253: bidirectional formatting characters must be balanced within the element (attribute,
comment) whose text holds them, and overrides are refused: an opener left open in a name,
title or note reversed whatever an output printed after it ("Trojan Source")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_edition.build import build
from tei_edition.cli import main
from tei_edition.core import bidi
from tei_edition.core.xmlio import read_tei
from tei_edition.schema import output_checks
from tei_edition.schema.validate import validate_file
from support import FIXTURES

RLI, LRI, FSI, PDI = "\u2067", "\u2066", "\u2068", "\u2069"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
TEXT = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
PERM = '<placeName ref="#perm">Perm</placeName>.'


def variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = TEXT
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "m.xml"
    path.write_text(text, encoding="utf-8")
    return path


def place(path: Path, needle: str, char: str, nth: int = 0) -> tuple[int, int]:
    """Line and column of the `nth` `char` inside the first `needle` of the file."""
    text = path.read_text(encoding="utf-8")
    at = text.index(needle)
    for _ in range(nth + 1):
        at = text.index(char, at) + 1
    line = text.count("\n", 0, at - 1) + 1
    return line, at - text.rfind("\n", 0, at - 1) - 1


def found(path: Path) -> list[tuple[int, int, str]]:
    """(line, col, message) of every E0253 of the file, in order."""
    problems = output_checks.output_problems(read_tei(path), str(path))
    return sorted((p.line, p.col, p.message) for p in problems if p.code == "E0253")


@pytest.mark.parametrize("old, new, char, what, scope", [
    ("worked in", f"worked {RLI}in", RLI, "the text of <p>", "<p>"),
    ("<persName>Gavril Miasnikov</persName>", f"<persName>Gavril {RLE}Miasnikov</persName>", RLE,
     "the text of <persName>", "<persName>"),
    ('<title type="main">The Most Intransigent', f'<title type="main">The Most {FSI}Intransigent', FSI,
     "the text of <title>", "<title>"),
    ("An editorial note.", f"An editorial {LRI}note.", LRI, "the text of <note>", "<note>"),
    ("<head>A life", f"<head>A {LRE}life", LRE, "the text of <head>", "<head>"),
], ids=["paragraph", "register-name", "title", "note", "head"])
def test_an_opener_left_open_is_refused_by_validate_at_its_column(old, new, char, what, scope, tmp_path, runner):
    master = variant(tmp_path, (old, new))
    result = runner.invoke(main, ["validate", str(master)])
    assert result.exit_code == 1
    line, = result.output.splitlines()[:-1]
    line_col = place(master, new, char)
    assert line.startswith(f"{master}:{line_col[0]}:{line_col[1]}: [E0253] {bidi.named(char)} in {what} is not "
                           f"closed by {bidi.named(bidi.closer(char))} before the end of {scope}: "), line
    assert "close it there, or remove it" in line
    assert char not in result.output  # named, never printed


def test_the_message_names_the_character():
    assert bidi.named(RLO) == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert bidi.named(PDI) == "U+2069 POP DIRECTIONAL ISOLATE"


@pytest.mark.parametrize("old, new, char, scope", [
    ("worked in", f"worked{PDI} in", PDI, "<p>"),
    ("<persName>Vladimir Lenin</persName>", f"<persName>Vladimir{PDF} Lenin</persName>", PDF, "<persName>"),
    ("worked in", f"worked {RLI}in{PDF}{PDI}", PDF, "<p>"),  # U+202C never closes an isolate
], ids=["isolate", "embedding", "pdf-for-an-isolate"])
def test_a_closer_with_no_opener_is_refused(old, new, char, scope, tmp_path):
    master = variant(tmp_path, (old, new))
    (line, col, message), = found(master)
    assert (line, col) == place(master, new, char)
    assert message == (f"{bidi.named(char)} in the text of {scope} closes nothing opened before it in {scope}: "
                       f"remove it, or put it in the same element as its opener")


def test_a_pair_split_between_two_elements_is_two_faults(tmp_path):
    """Balanced in the paragraph, but the name printed on its own (a register, a card) would close
    what it never opened, and the paragraph would leave its opener open."""
    new = f'{RLI}<placeName ref="#perm">Perm{PDI}</placeName>.'
    master = variant(tmp_path, (PERM, new))
    (l1, c1, m1), (l2, c2, m2) = found(master)
    assert (l1, c1) == place(master, new, RLI) and m1.startswith(f"{bidi.named(RLI)} in the text of <p> is not closed")
    assert (l2, c2) == place(master, new, PDI) and m2.startswith(f"{bidi.named(PDI)} in the text of <placeName> "
                                                                 f"closes nothing opened before it in <placeName>")


def test_the_same_character_twice_on_a_line_is_each_at_its_column(tmp_path):
    new = f'worked {RLI}in <placeName ref="#perm">{RLI}Perm</placeName>.'
    master = variant(tmp_path, (f"worked in {PERM}", new))
    assert [(line, col) for line, col, _ in found(master)] == [place(master, new, RLI), place(master, new, RLI, 1)]
    assert [m.split(" is not")[0] for *_, m in found(master)] == [f"{bidi.named(RLI)} in the text of <p>",
                                                                 f"{bidi.named(RLI)} in the text of <placeName>"]


def test_an_embedding_left_open_inside_an_isolate(tmp_path):
    new = f"worked {RLI}{RLE}in{PDI}"
    master = variant(tmp_path, ("worked in", new))
    (line, col, message), = found(master)
    assert (line, col) == place(master, new, RLE)
    assert message.startswith(f"{bidi.named(RLE)} in the text of <p> is not closed by {bidi.named(PDF)} before the "
                              f"{bidi.named(PDI)} that closes the isolate around it: ")


@pytest.mark.parametrize("new, char", [(f"worked {RLO}evil{PDF} in", RLO), (f"worked {LRO}in", LRO),
                                       (f"worked {RLI}{RLO}evil{PDF}{PDI} in", RLO)],
                         ids=["balanced", "left-open", "inside-an-isolate"])
def test_an_override_is_refused_even_balanced(new, char, tmp_path):
    """It reorders the letters themselves: the text shown is not the text stored. One problem,
    whether or not it is closed."""
    master = variant(tmp_path, ("worked in", new))
    (line, col, message), = found(master)
    assert (line, col) == place(master, new, char)
    assert message.startswith(f"{bidi.named(char)} in the text of <p>: an override shows the characters after it "
                              f"in an order other than the one they are stored, searched, cited and copied in")
    assert "with an isolate, U+2067 RIGHT-TO-LEFT ISOLATE … U+2069 POP DIRECTIONAL ISOLATE" in message


@pytest.mark.parametrize("reference", ["&#x202E;", "&#8238;", "&#x0202e;"])
def test_a_character_reference_is_located_at_its_ampersand(reference, tmp_path):
    new = f"worked {reference}in"
    master = variant(tmp_path, ("worked in", new))
    (line, col, message), = found(master)
    assert (line, col) == place(master, new, "&")
    assert message.startswith("U+202E RIGHT-TO-LEFT OVERRIDE in the text of <p>: ")


def test_an_attribute_value_is_its_own_text(tmp_path):
    new = f'xml:id="n1" n="1{RLI}"'
    master = variant(tmp_path, ('xml:id="n1" n="1"', new))
    (line, col, message), = found(master)
    assert (line, col) == place(master, new, RLI)
    assert message.startswith(f"{bidi.named(RLI)} in @n of <note> is not closed by {bidi.named(PDI)} before the end "
                              f"of @n of <note>: ")
    # balanced within the value; an opener of the element's text is not closed by an attribute
    assert found(variant(tmp_path, ('xml:id="n1" n="1"', f'xml:id="n1" n="{LRI}1{PDI}"'))) == []
    new = f'corresp="#p2{PDI}">{LRI}An'
    master = variant(tmp_path, ('corresp="#p2">An', new))
    assert [(line, col) for line, col, _ in found(master)] == [place(master, new, PDI), place(master, new, LRI)]


def test_a_comment_is_checked_and_a_processing_instruction_is_not(tmp_path):
    """The published TEI keeps comments; every processing instruction is left out (W0250)."""
    master = variant(tmp_path, ("<text>", f"<text><!-- {RLI}x --><?note {RLO}?>"))
    problems = output_checks.output_problems(read_tei(master), str(master))
    assert sorted(p.code for p in problems) == ["E0253", "W0250"]
    e0253, = [p for p in problems if p.code == "E0253"]
    assert (e0253.line, e0253.col) == place(master, "<!--", RLI)
    assert "in a comment is not closed by U+2069 POP DIRECTIONAL ISOLATE before the end of the comment" in e0253.message


def test_a_comment_beside_the_root_is_checked_too(tmp_path, runner):
    """It was an internal error (E0199): the walk took only elements."""
    master = variant(tmp_path, ("<TEI ", f"<!-- {RLO} -->\n<?note {RLO}?>\n<TEI "))
    result = runner.invoke(main, ["validate", str(master)])
    assert result.exit_code == 1, result.output
    line, = [x for x in result.output.splitlines() if "[E0253]" in x]
    assert line.startswith(f"{master}:2:6: [E0253] U+202E RIGHT-TO-LEFT OVERRIDE in a comment: an override ")


def test_balanced_isolates_and_embeddings_validate_and_build(tmp_path):
    """An isolate around a right-to-left name (here around a name element, and inside a register's
    name), an embedding, one inside the other: valid, and every output is made."""
    master = variant(tmp_path, (PERM, f'{RLI}<placeName ref="#perm">Perm</placeName>{PDI}.'),
                     ("<persName>Vladimir Lenin</persName>", f"<persName>Vladimir {FSI}Lenin{PDI}</persName>"),
                     ("An editorial note.", f"An {RLE}editorial{PDF} {LRI}a {RLE}b{PDF}{PDI} note."))
    assert found(master) == []
    assert validate_file(master) == []
    built = build(master, tmp_path / "out")
    persons = (built.out / "site" / "persons.html").read_text(encoding="utf-8")
    assert f"Vladimir {FSI}Lenin{PDI}" in persons


def test_the_reason_a_command_writes_into_the_master_is_checked_too():
    """`anchors accept --reason` writes its text into a <change>: what validate would refuse there
    is refused before it is written."""
    problems = output_checks.text_problems(f"corrected {RLI}x", "--reason")
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [("--reason", 1, 11, "E0253")]
    assert "in the text of <change> is not closed" in problems[0].message
    assert [p.code for p in output_checks.text_problems(f"corrected {RLO}x{PDF}", "--reason")] == ["E0253"]
    assert output_checks.text_problems(f"corrected {RLI}x{PDI}", "--reason") == []



class _Counted(list):
    """A stack that counts the entries read (by index or in a loop)."""
    reads = 0

    def __getitem__(self, i):
        _Counted.reads += 1
        return super().__getitem__(i)

    def __iter__(self):
        for entry in super().__iter__():
            _Counted.reads += 1
            yield entry


def _closers(nesting: bidi.Nesting[int], n: int) -> None:
    """n embeddings left open in one text, then n closers of isolates, which close nothing."""
    for i in range(n):
        nesting.feed(RLE, None, i)
    for i in range(n):
        nesting.feed(PDI, None, n + i)
    nesting.end(None)


def _elements(nesting: bidi.Nesting[int], n: int) -> None:
    """n isolates left open in a paragraph, then n elements in it, each ending."""
    paragraph = object()
    for i in range(n):
        nesting.feed(RLI, paragraph, i)
    for i in range(n):
        element = object()
        nesting.feed(PDF, element, n + i)
        nesting.end(element)
    nesting.end(paragraph)


@pytest.mark.parametrize("run", [_closers, _elements], ids=["closers", "elements"])
def test_pairing_costs_what_the_text_is_long(run):
    """Twice the characters, at most twice the entries read: each closer looked through every
    opener, each element's end through every opener of its ancestors (n² reads)."""
    counts = []
    for n in (100, 200):
        nesting: bidi.Nesting[int] = bidi.Nesting(open=_Counted())
        _Counted.reads = 0
        run(nesting, n)
        assert len(nesting.faults) == 2 * n and type(nesting.open) is _Counted  # every read counted
        counts.append(_Counted.reads)
    assert counts[1] <= 2 * counts[0] + 10, counts


def test_a_text_with_many_faults_is_one_line_that_counts_the_rest(tmp_path):
    """The first fault of each text, with how many more it holds: 1,000 overrides left open in
    a paragraph were 1,000 lines (E0252 and E0250 already counted the rest of a text so)."""
    new = f"worked {RLO * 1000}in"
    master = variant(tmp_path, ("worked in", new), ("An editorial note.", f"An {PDI}editorial note."))
    (line, col, message), (_, _, in_note) = found(master)
    assert (line, col) == place(master, new, RLO)
    assert message.endswith("(999 more such characters in the text of <p>)")
    assert "in the text of <note>" in in_note and "more such" not in in_note
