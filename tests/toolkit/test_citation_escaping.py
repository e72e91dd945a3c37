"""What other tools read of the record's text: BibTeX's names (its " and ", its commas, "others")
and LaTeX's characters and ligatures, read back by bibtexparser; the deposit README's Markdown.
Checked beyond the suite with pybtex, pdflatex + bibtex (plain.bst) and CommonMark (markdown-it)."""

from __future__ import annotations

import re

import bibtexparser
import pytest

from tei_edition.citation import cite, formats, record

BASE = "https://tei-edition.example.org/lawson-2021-most-intransigent/"


@pytest.mark.parametrize("title, written", [
    ("a < b > c | d", r"a \textless{} b \textgreater{} c \textbar{} d"),  # OT1 printed "a ¡ b ¿ c — d"
    ("<!-- x -->", r"\textless{}!-{}- x -{}-\textgreater{}"),  # "--" printed an en dash
    ("1920---24", "1920-{}-{}-24"),
    ("``quoted'' ?` !` ,,x", "`{}`quoted'{}' ?{}` !{}` ,{},x"),
    ("a - b, c' `d'", "a - b, c' `d'"),  # no pair: as written
])
def test_what_latex_would_print_otherwise_is_written_so_it_prints_as_written(title, written):
    """The characters and pairs LaTeX prints as another: < > | in its default font encoding (¡ ¿ —),
    and the fonts' ligatures (-- –, --- —, `` “, '' ”, ?` ¿, !` ¡, ,, „)."""
    item = {"id": "x", "type": "book", "title": title, "publisher": title}
    for write in (formats.to_bibtex, formats.to_biblatex):
        fields = {f.key: f.value for f in bibtexparser.parse_string(write(item)).entries[0].fields}
        assert fields["title"] == "{" + written + "}" and fields["publisher"] == written, write(item)


def _markdown_reading(line: str) -> str:
    """What CommonMark reads of a line of text with no markup: a backslash before ASCII punctuation
    escapes it; anything else of _SPECIAL would be markup (a tag, emphasis, code, a link …)."""
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]<>&~|]", re.sub(r"https?://\S+", "", line)), line
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)


def test_the_deposit_readme_says_the_tei_s_text_in_markdown(minimal_tei):
    """The deposit's README.md printed the title, names and publisher as Markdown: `</script>` was
    a tag (it vanished), `<!--` hid the rest, `\\&` lost its backslash, `_x_` was emphasis, and a
    title's ``` closed the BibTeX block."""
    from tei_edition.core.xmlio import parse_tei
    from tei_edition.outputs import deposit

    title = "lowercase </script><!-- x --> \\& *a* _b_ [c](d) ``` ~e~ | f"
    text = minimal_tei.read_text(encoding="utf-8").replace(
        "The Most Intransigent of Bolsheviks</title>", f"{title.replace('&', '&amp;').replace('<', '&lt;')}</title>", 1)
    text = text.replace("<publisher>tei-edition</publisher>", "<publisher>A_B &amp; C*</publisher>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    item = record.edition_item(tree, BASE)
    readme = deposit.readme(item, tree, [])
    lines = readme.splitlines()
    assert _markdown_reading(lines[0]) == f"# {item['title']}"
    assert _markdown_reading(lines[2]).endswith("; published by A_B & C*, 2026-11-27.")
    cited = lines[lines.index("## How to cite") + 2]
    assert _markdown_reading(cited) == cite.citation(tree, None, "chicago", BASE).strip()
    fence = next(line for line in lines if line.endswith("bibtex"))[:-len("bibtex")]
    assert set(fence) == {"`"} and len(fence) >= 3
    block = readme.split(fence + "bibtex\n", 1)[1].split("\n" + fence + "\n", 1)[0]
    assert block == formats.to_bibtex(item).rstrip()


@pytest.mark.parametrize("name, parts", [
    ({"family": "Smith", "given": "Tom and Jerry"}, (["{Tom and Jerry}"], [], ["Smith"], [])),
    ({"family": "Tom AND Jerry", "given": "G"}, (["G"], [], ["{Tom AND Jerry}"], [])),
    ({"family": "Smith, X", "given": "G"}, (["G"], [], ["{Smith, X}"], [])),
    ({"family": "E", "given": "A, B, C D,"}, (["{A, B, C D,}"], [], ["E"], [])),
    ({"family": "Smith", "given": "G", "suffix": "Jr., III"}, (["G"], [], ["Smith"], ["{Jr., III}"])),
    ({"family": "Smith", "given": "and Jerry"}, (["{and Jerry}"], [], ["Smith"], [])),
    ({"family": "others"}, ([], [], ["{others}"], [])),
    ({"family": "Andersen", "given": "Hans Christian"}, (["Hans", "Christian"], [], ["Andersen"], [])),  # no brace
])
def test_a_name_part_with_and_or_a_comma_stays_one_part_of_one_name(name, parts):
    """BibTeX splits the names at every " and " (in any case) and a name at its commas: "Smith, Tom
    and Jerry" was two authors, "Smith, X, G" a suffix X, "E, A, B, C D," an error (pybtex: too many
    commas), and "others" alone "et al."."""
    from bibtexparser import middlewares

    item = {"id": "x", "type": "book", "title": "T", "author": [name, {"family": "Lawson", "given": "Tommy"}]}
    for write in (formats.to_bibtex, formats.to_biblatex):
        parsed = bibtexparser.parse_string(write(item), append_middleware=[
            middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
        first, second = parsed.entries[0]["author"]
        assert (first.first, first.von, first.last, first.jr) == parts, write(item)
        assert (second.first, second.last) == (["Tommy"], ["Lawson"])
