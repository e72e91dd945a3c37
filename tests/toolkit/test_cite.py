"""Citations in seven styles from one CSL-JSON item; the fast all-units path equals citeproc unit by unit.

The tests on the real master are in tests/edition/test_cite_master.py."""

import json
import re

import pytest

from tei_edition.citation import cite
from tei_edition.cli import main
from tei_edition.core.xmlio import read_tei

BASE = "https://tei-edition.example.org/lawson-2021-most-intransigent/"


@pytest.fixture(scope="module")
def tree(minimal_tei):
    return read_tei(minimal_tei)


def test_csl_json_is_the_source(tree):
    item = cite.csl_item(tree, cite.find_unit(tree, "m", "p2"))
    assert item["author"] == [{"family": "Lawson", "given": "Tommy"}]
    assert item["URL"] == BASE + "#p2"
    assert item["issued"] == {"date-parts": [[2026, 11, 27]]}
    assert item["original-date"] == {"date-parts": [[2021, 9, 12]]}
    # the locator belongs to the citation, not to the item
    assert "locator" not in item and "label" not in item
    assert cite.locator_of(cite.find_unit(tree, "m", "p2")) == ("paragraph", "2")


def test_all_styles_for_a_unit(tree):
    styles = cite.all_styles(tree, "p2")
    assert set(styles) == {"chicago", "mla", "apa", "bibtex", "biblatex", "ris", "csl-json"}
    for text in styles.values():
        assert BASE + "#p2" in text
    assert styles["chicago"].startswith("Lawson, Tommy. The Most Intransigent of Bolsheviks")
    assert styles["mla"].startswith("Lawson, Tommy. The Most Intransigent")
    assert styles["apa"].startswith("Lawson, T. (2026). The Most Intransigent")
    assert "(Original work published 2021)" in styles["apa"]
    assert styles["bibtex"].startswith("@misc{lawson-2021-most-intransigent-p2,")
    assert styles["biblatex"].startswith("@book{lawson-2021-most-intransigent-p2,")
    assert "author = {Lawson, Tommy}" in styles["bibtex"] and "Paragraph 2}" in styles["bibtex"]
    assert styles["ris"].splitlines()[0] == "TY  - BOOK" and styles["ris"].splitlines()[-1] == "ER  - "
    assert json.loads(styles["csl-json"])[0]["id"] == "lawson-2021-most-intransigent-p2"


def test_in_text_forms_carry_the_locator(tree):
    assert "para. 2" in cite.citation(tree, "p2", "chicago", in_text=True)
    assert cite.citation(tree, "p2", "apa", in_text=True).strip() == "(Lawson, 2021/2026, para. 2)"
    assert "par. 2" in cite.citation(tree, "p2", "mla", in_text=True)


def test_whole_edition_has_the_base_url(tree):
    text = cite.citation(tree, None, "chicago")
    assert text.rstrip().endswith(BASE + ".") and "#p" not in text


def test_base_url_override_and_unknown_unit(tree):
    assert "https://other.example/#p1" in cite.citation(tree, "p1", "mla", base="https://other.example/")
    with pytest.raises(cite.EditionError) as exc:
        cite.citation(tree, "p999", "apa")
    assert exc.value.problems[0].code == "E0330"


def test_fast_all_units_equals_citeproc_unit_by_unit(tree):
    fast = cite.all_units(tree)
    assert set(fast["units"]) == {"s1", "p1", "s2", "p2", "p3", "p4"}
    for anchor in ("p1", "p3", "s2"):
        for style in cite.STYLES:
            assert fast["units"][anchor][style] == cite.citation(tree, anchor, style).rstrip("\n"), (anchor, style)
        for style in ("chicago", "mla", "apa"):
            assert fast["units"][anchor]["in-text"][style] == cite.citation(tree, anchor, style, in_text=True).rstrip("\n")


@pytest.mark.parametrize("title", ["Bolsheviks 987654321", "Bolsheviks 9876543210",
                                   "Bolsheviks https://placeholder.invalid/TEI-EDITION-UNIT"])
def test_all_units_keeps_a_title_that_holds_its_placeholders(minimal_tei, title):
    """The units' citations were rendered once with a placeholder URL and locator, replaced by each
    unit's: a title holding either had it replaced too ("Bolsheviks 3" in ¶ 3's note, the unit's link
    in every entry)."""
    from tei_edition.core.xmlio import parse_tei

    text = minimal_tei.read_text(encoding="utf-8").replace("Intransigent of Bolsheviks</title>",
                                                          f"Intransigent of {title}</title>", 1)
    tree = parse_tei(text.encode(), "m.xml")
    fast = cite.all_units(tree, path="m.xml")
    for anchor in ("p3", "s2"):
        for style in ("chicago", "mla", "apa"):
            assert fast["units"][anchor][style] == cite.citation(tree, anchor, style, path="m.xml").rstrip("\n")
            assert fast["units"][anchor]["in-text"][style] == cite.citation(
                tree, anchor, style, path="m.xml", in_text=True).rstrip("\n")
    assert fast["edition"]["chicago"] == cite.citation(tree, None, "chicago", path="m.xml").rstrip("\n")
    assert title.split()[1].casefold() in fast["units"]["p3"]["in-text"]["chicago"].casefold()


@pytest.mark.parametrize("style", ["chicago", "mla", "apa", "bibtex", "biblatex", "ris", "csl-json"])
def test_cli(runner, minimal_tei, style):
    result = runner.invoke(main, ["cite", "p3", "--style", style, "--master", str(minimal_tei)])
    assert result.exit_code == 0, result.output
    assert BASE + "#p3" in result.output


def test_cli_unknown_unit(runner, minimal_tei):
    result = runner.invoke(main, ["cite", "p77", "--master", str(minimal_tei)])
    assert result.exit_code == 1 and re.search(r"\[E0330\]", result.output)


def test_cli_unknown_unit_is_the_command_lines_fault(runner, minimal_tei):
    """A unit not in the master is a fault of the value given (UNIT, as --jobs:1:1 for an option),
    not of the master at its line 1; the line names the value and the units there are."""
    result = runner.invoke(main, ["cite", "p0", "--master", str(minimal_tei)])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert lines[0].startswith("UNIT:1:1: [E0330] no citable unit “p0” in minimal.xml"), lines[0]
    assert "p1 … p4 (paragraph)" in lines[0] and "s1 … s2 (section)" in lines[0], lines[0]
    assert str(minimal_tei) not in lines[0]


@pytest.mark.parametrize("written, invalid", [
    ('<date when="2026-11-27">', '<date when="2026-13-27">'),  # E0218; was E0199 (IndexError: BibTeX's month 13)
    ('<date when="2026-11-27">', '<date when="2026-00">'),  # E0218, E0235; BibTeX's month was "dec"
    ("https://tei-edition.example.org/lawson-2021-most-intransigent/</idno>", "javascript:alert(1)</idno>"),  # E0251
    ('<p n="1" xml:id="p1">', '<p n="x" xml:id="px">'),  # E0204, E0213; cited as paragraph x
    ("<author>Tommy Lawson</author>", "<author>\u00a0</author>"),  # E0222
    ("<head>A life that", '<head>A life<note type="editorial" resp="#editors" xml:id="n9" n="9">x</note> that'),  # E0201
])
@pytest.mark.parametrize("command", ["cite", "pdf", "epub"])
def test_a_command_refuses_an_invalid_master_with_what_validate_says(runner, minimal_tei, tmp_path, written, invalid,
                                                                     command):
    """`cite` did not validate: an invalid master ended in an internal error (E0199) or was cited as
    it was (a javascript: permanent link); `epub` made an EPUB of it, and `pdf` failed in Typst
    (E0101 "PDF artifacts may not contain links" for a note in a heading). Each now stops with
    validate's lines, as build does, and writes nothing."""
    master = tmp_path / "m.xml"
    master.write_text(minimal_tei.read_text(encoding="utf-8").replace(written, invalid, 1), encoding="utf-8")
    said = runner.invoke(main, ["validate", str(master)]).output.splitlines()[:-1]  # but its summary
    assert said and all(re.search(r":\d+:\d+: \[E0", line) for line in said), said
    out = tmp_path / f"out.{command}"
    args = {"cite": ["cite", "--style", "bibtex"], "pdf": ["pdf", "--out", str(out)], "epub": ["epub", "--out", str(out)]}
    result = runner.invoke(main, [*args[command], "--master", str(master)])
    assert result.exit_code == 1 and result.stdout == "" and result.stderr.splitlines() == said, result.output
    assert not out.exists()


def test_cite_prints_the_masters_warnings_apart_from_the_citation(runner, minimal_tei, tmp_path):
    master = tmp_path / "m.xml"
    master.write_text(minimal_tei.read_text(encoding="utf-8").replace("<text>", "<?x y?><text>", 1), encoding="utf-8")
    result = runner.invoke(main, ["cite", "--style", "bibtex", "--master", str(master)])
    assert result.exit_code == 0 and "[W0250]" in result.stderr, result.output
    assert result.stdout == runner.invoke(main, ["cite", "--style", "bibtex", "--master", str(minimal_tei)]).stdout


def test_epub_prints_the_masters_warnings_and_writes_the_book(runner, minimal_tei, tmp_path):
    master = tmp_path / "m.xml"
    master.write_text(minimal_tei.read_text(encoding="utf-8").replace("<text>", "<?x y?><text>", 1), encoding="utf-8")
    result = runner.invoke(main, ["epub", "--master", str(master), "--out", str(tmp_path / "b.epub")])
    assert result.exit_code == 0 and "[W0250]" in result.stderr and (tmp_path / "b.epub").is_file(), result.output


def _titled(minimal_tei, tmp_path, main_end: str):
    text = minimal_tei.read_text(encoding="utf-8").replace("Intransigent of Bolsheviks</title>",
                                                         f"Intransigent of Bolsheviks{main_end}</title>", 1)
    (tmp_path / "m.xml").write_text(text, encoding="utf-8")
    return read_tei(tmp_path / "m.xml")


@pytest.mark.parametrize("end", ["?", "!", "."])
def test_a_main_title_that_ends_a_question_takes_no_colon_before_its_subtitle(minimal_tei, tmp_path, end):
    """"Who Was He?: Gavril …" in every style: a title ending in ? or ! takes no colon (Chicago 8.166),
    nor one ending in its own full stop ("Bolsheviks.: Gavril"): where two marks meet, the stronger."""
    tree = _titled(minimal_tei, tmp_path, end)
    for style in cite.STYLES:
        out = cite.citation(tree, "p2", style, None, "m.xml")
        assert f"Bolsheviks{end} Gavril" in out and f"{end}:" not in out, (style, out)


@pytest.mark.parametrize("end", [" Ltd.", " Inc.", " U.S.", "…", "..."])
def test_an_abbreviation_s_full_stop_or_an_ellipsis_keeps_the_colon(minimal_tei, tmp_path, end):
    """A full stop that ends an abbreviation is kept before the colon ("Co.: A History"), as an
    ellipsis is: neither ends the title."""
    tree = _titled(minimal_tei, tmp_path, end)
    for style in cite.STYLES:
        out = cite.citation(tree, "p2", style, None, "m.xml")
        assert f"Bolsheviks{end}: Gavril" in out, (style, out)



@pytest.mark.parametrize("old, new, title", [
    ("Bolsheviks</title>", "Bolsheviks?</title>", "The Most Intransigent of Bolsheviks? Gavril Miasnikov"),
    ("Bolsheviks</title>", "Bolsheviks.</title>", "The Most Intransigent of Bolsheviks. Gavril Miasnikov"),
    ("Bolsheviks</title>", "Bolsheviks Ltd.</title>", "The Most Intransigent of Bolsheviks Ltd.: Gavril Miasnikov"),
    (re.compile(r'<title type="sub">[^<]*</title>'), "", "The Most Intransigent of Bolsheviks")])
def test_the_pdf_names_the_edition_by_the_same_title(minimal_tei, tmp_path, old, new, title):
    """The PDF's title was "…Bolsheviks?: Gavril …", and "…Bolsheviks: " without a subtitle."""
    import pypdf

    from tei_edition.outputs.pdf import write_part

    text = minimal_tei.read_text(encoding="utf-8")
    text = old.sub(new, text, 1) if isinstance(old, re.Pattern) else text.replace(old, new, 1)
    (tmp_path / "m.xml").write_text(text, encoding="utf-8")
    got = pypdf.PdfReader(write_part(tmp_path / "m.xml", tmp_path / "m.pdf")).metadata.title
    assert got.startswith(title) and not got.endswith(": "), got


@pytest.mark.parametrize("end", ["?", "."])
def test_the_pdf_colophon_sets_the_cited_title_in_italics(minimal_tei, tmp_path, end):
    """The colophon looked for "Bolsheviks?: Gavril …" in the citation, which says "Bolsheviks? Gavril
    …": the title was left in roman."""
    from tei_edition.core.xslt import to_xdm
    from tei_edition.outputs import pdf

    tree = _titled(minimal_tei, tmp_path, end)
    source = pdf.typst_source(tree, to_xdm(tree), "m.xml", citation=pdf.citations(tree, master="m.xml"))
    colophon = source[source.index("#colophon("):]
    assert f'#emph[#"The Most Intransigent of Bolsheviks{end} Gavril Miasnikov' in colophon, colophon[:600]


@pytest.mark.parametrize("desc, note, entry", [
    ("A digital scholarly edition", ", digital scholarly edition, ed. ", ". Digital scholarly edition. "),
    ("A Marxist edition", ", Marxist edition, ed. ", ". Marxist edition. "),
])
def test_the_genre_is_capitalised_only_where_a_sentence_begins(minimal_tei, desc, note, entry):
    """Chicago's note said "…Revolution, Digital scholarly edition, ed. …": the record's genre is
    capitalised (the formats print it first in a field); the styles get it as the TEI writes it."""
    from tei_edition.core.xmlio import parse_tei

    text = minimal_tei.read_text(encoding="utf-8").replace(
        "<author>", f'<title type="desc">{desc}</title><author>', 1)
    tree = parse_tei(text.encode(), "m.xml")
    assert note in cite.citation(tree, "p2", "chicago", path="m.xml", in_text=True)
    assert note in cite.all_units(tree, path="m.xml")["units"]["p2"]["in-text"]["chicago"]
    assert entry in cite.citation(tree, None, "chicago")
    assert f"[{entry[2:-2]}]" in cite.citation(tree, None, "apa")
    assert json.loads(cite.citation(tree, None, "csl-json"))[0]["genre"] == entry[2:-2]


def test_apa_names_the_editors_role_as_apa_does(tree):
    """APA 7: "Title (E. E. Editor, Ed.)". citeproc-py ignored the style's text-case="title" on the
    label, which it applies to English items only and gave a label no language: "(…, ed.)"."""
    assert "(The tei-edition editors, Ed.)." in cite.citation(tree, None, "apa")
    item = {**cite.csl_item(tree), "author": []}  # the editors in the author's place: "(Ed.)"
    assert cite._render("apa", item)[0].startswith("The tei-edition editors (Ed.). (2026).")


@pytest.mark.parametrize("fixture", ["minimal.xml", "html/rich.xml"])
def test_the_pages_chicago_forms_are_all_units_own(fixture: str):
    """The site's text page is handed `chicago_forms` (rendered without the other styles, so it
    can start sooner); they must be the Chicago forms `all_units` gives the exports and the cite
    control, entry and every unit's note, sections included."""
    from support import FIXTURES

    tree = read_tei(FIXTURES / fixture)
    base = "https://example.org/ed/"
    entry, notes = cite.chicago_forms(tree, base, fixture)
    data = cite.all_units(tree, base, fixture)
    assert entry == data["edition"]["chicago"]
    assert notes == {a: u["in-text"]["chicago"] for a, u in data["units"].items() if "chicago" in u["in-text"]}
    assert len(notes) >= 4
