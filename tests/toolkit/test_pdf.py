"""The print edition (PDF): units and their numbers, index, metadata, paper, escaping, parts."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from support.pdfcheck import check_index, check_units, links, margin_numbers, norm, read_pages
from tei_edition.cli import main
from tei_edition.outputs.pdf import Selection, parse_paragraphs, write_part
from tei_edition.core.problems import EditionError
from support import FIXTURES

SPECIALS = FIXTURES / "pdf" / "specials.xml"

WORDS = ("the workers of the factory committees argued that the soviets and the party had to answer "
         "to the class itself rather than to the apparatus of the state which was growing in power "
         "while the revolution in Europe stalled and the peasants refused grain to the towns").split()
NAMES = [("miasnikov", "person", "Gavril Miasnikov"), ("lenin", "person", "Vladimir Lenin"),
         ("perm", "place", "Perm"), ("motovilikha", "place", "Motovilikha"),
         ("workers-group", "org", "Workers Group")]


def long_tei(units: int = 70) -> str:
    """A TEI document long enough for many pages, with names spread over them."""
    body, n = [], 0
    for s in range(1, 4):
        head = "" if s == 1 else f"<head>Section number {s}</head>"
        paras = []
        for _ in range(units // 3):
            n += 1
            words = [WORDS[(n * 7 + i) % len(WORDS)] for i in range(40 + (n * 13) % 90)]
            words[0] = f"Unit{n}"
            words[1] = "opens"
            if n % 4 == 0:
                key, kind, name = NAMES[n % len(NAMES)]
                tag = {"person": "persName", "place": "placeName", "org": "orgName"}[kind]
                words.insert(12, f'<{tag} ref="#{key}">{name}</{tag}>')
            text = " ".join(words) + "."
            if n % 9 == 0:
                paras.append(f'<cit n="{n}" xml:id="p{n}" rend="block"><quote>"{text}"</quote>'
                             f'<bibl>(<ref target="#b1">Avrich</ref>)</bibl></cit>')
            else:
                paras.append(f'<p n="{n}" xml:id="p{n}">{text}</p>')
        body.append(f'<div type="section" xml:id="s{s}" n="{s}">{head}{"".join(paras)}</div>')
    registers = {"person": [], "place": [], "org": []}
    for key, kind, name in NAMES:
        tag = {"person": "persName", "place": "placeName", "org": "orgName"}[kind]
        registers[kind].append(f'<{kind} xml:id="{key}"><{tag}>{name}</{tag}></{kind}>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title type="main">A Long Test</title><title type="sub">Many pages</title><author>Tommy Lawson</author>
<editor xml:id="editors">The editors</editor></titleStmt>
<publicationStmt><publisher>tei-edition</publisher><date when="2026-11-27">2026</date>
<idno type="URI">https://example.org/long/</idno></publicationStmt>
<sourceDesc><bibl>Made up.</bibl></sourceDesc></fileDesc>
<encodingDesc><refsDecl><citeStructure unit="paragraph" match="/TEI/text/body/div/*[self::p or self::cit]" use="@xml:id"/></refsDecl>
<refsDecl n="section"><citeStructure unit="section" match="/TEI/text/body/div" use="@xml:id"/></refsDecl></encodingDesc></teiHeader>
<standOff><listPerson>{"".join(registers["person"])}</listPerson><listPlace>{"".join(registers["place"])}</listPlace>
<listOrg>{"".join(registers["org"])}</listOrg></standOff>
<text><body>{"".join(body)}</body><back><div type="bibliography"><listBibl><head>Books</head>
<bibl xml:id="b1"><author>Paul Avrich</author>, <title level="m">Kronstadt 1921</title></bibl></listBibl></div></back></text></TEI>
"""


@pytest.fixture(scope="module")
def long_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "long.xml"
    path.write_text(long_tei(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_pdf(long_master: Path, tmp_path_factory) -> Path:
    return write_part(long_master, tmp_path_factory.mktemp("pdf-out") / "long.pdf")


@pytest.fixture(scope="module")
def specials_pdf(tmp_path_factory) -> Path:
    return write_part(SPECIALS, tmp_path_factory.mktemp("pdf-sp") / "specials.pdf")


def test_units_in_order_with_their_opening_words(long_pdf: Path, long_master: Path):
    assert len(pypdf.PdfReader(long_pdf).pages) >= 6
    check_units(long_pdf, long_master)


def test_units_of_minimal(minimal_tei: Path, tmp_path: Path):
    check_units(write_part(minimal_tei, tmp_path / "minimal.pdf"), minimal_tei)


def test_index_pages_are_links_to_pages_naming_the_entry(long_pdf: Path, long_master: Path):
    assert check_index(long_pdf, long_master) > len(NAMES)


def test_every_mention_page_is_in_the_index(long_pdf: Path, long_master: Path):
    """Pages whose units mention a name are exactly the pages the index gives for it."""
    pages = read_pages(long_pdf)
    text = long_master.read_text()
    index_page = next(p for p in pages if re.search(r"^Index$", p.text, re.M))
    # the index line of Miasnikov: "Miasnikov, Gavril 4, 7, …"
    line = next(l for l in index_page.text.splitlines() if l.startswith("Miasnikov"))
    listed = [int(x) for x in re.findall(r"\d+", line)]
    body_pages = [p for p in pages[: index_page.index] if "Gavril Miasnikov" in p.text.replace("\n", " ")
                  or "GavrilMiasnikov" in norm(p.text)]
    assert listed == sorted({p.index + 1 for p in body_pages})
    assert text.count('ref="#miasnikov"') >= len(listed)


def test_metadata_language_outline_and_standard(specials_pdf: Path):
    reader = pypdf.PdfReader(specials_pdf)
    meta = reader.metadata
    assert meta.title == 'Specials #1: "$x$" \\ [y] <z>: A test of *escaping* _everywhere_ ") #panic("no")'
    assert meta.author == "Ann O'Test #author"
    assert meta.subject and "made-up source" in meta.subject
    assert meta["/Keywords"] == 'Typst, escaping "quotes", back\\slash'
    assert meta.creation_date.isoformat().startswith("2026-11-27")
    root = reader.trailer["/Root"]
    assert root["/Lang"].startswith("en")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    titles = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert 'Head with # and [brackets] and "quotes"' in [norm(t) and t.replace("“", '"').replace("”", '"') for t in titles]
    assert {"References", "Index", "Colophon"} <= set(titles)
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert b"<pdfaid:part>2</pdfaid:part>" in xmp and b"<pdfaid:conformance>A</pdfaid:conformance>" in xmp


def test_fonts_are_embedded(specials_pdf: Path):
    reader = pypdf.PdfReader(specials_pdf)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = (font.get("/DescendantFonts") or [font])[0].get_object()["/FontDescriptor"]
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), desc


@pytest.mark.parametrize("paper,size", [("a4", (595.28, 841.89)), ("a5", (419.53, 595.28)),
                                        ("letter", (612.0, 792.0))])
def test_paper_sizes(paper: str, size, minimal_tei: Path, tmp_path: Path):
    out = write_part(minimal_tei, tmp_path / f"{paper}.pdf", paper=paper)
    for page in pypdf.PdfReader(out).pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == size


def test_every_special_character_comes_out_literally(specials_pdf: Path):
    text = " ".join(read_pages(specials_pdf)[2].text.split())
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    for literal in [
        "Hash # dollar $ star * under _ at @ lt < gt > tick ` open [ close ] tilde ~ back \\ slash / end.",
        "= not a heading", "- not a list", "+ not an enum",
        "Line one = still text - also text + and this 1. and this / term: and this",
        "Comments // not a comment and /* not a block */ and */ here.",
        'Injections: #set page(width: 2cm) and #panic("boom") and ]#panic("x")[ and "; #panic("y"); " '
        'and \\"; #panic("z") and \\u{41} and $a^2$ and <p1> and @p1 and #{1+1}.',
        "Quotes \"double\" and 'single', the workers' party, don't; dashes -- and --- and ... and a spaced",
        "Hash #set Person met the Bracket ] Org [ in *Title* #x and `Article`.",
        '"Quoted # text ] with \\ specials" (Source #1 ])',
        "A corr #y [",
    ]:
        assert literal in text, literal
    notes = " ".join(read_pages(specials_pdf)[2].text.split())
    assert "A note with # and ] and \\ inside." in notes
    emendations = " ".join(next(p.text for p in read_pages(specials_pdf)
                                if re.search("^Emendations$", p.text, re.M)).split())
    assert "¶ 11 A sic #x ] reading A corr #y [ reading Misspelt word" in emendations
    page_sizes = {tuple(p.mediabox) for p in pypdf.PdfReader(specials_pdf).pages}
    assert len(page_sizes) == 1  # "#set page(width: 2cm)" did nothing


def test_quotes_become_typographic(specials_pdf: Path):
    text = " ".join(read_pages(specials_pdf)[2].text.split())
    assert "“double” and ‘single’, the workers’ party, don’t" in text
    # the author's spaced hyphen stays a hyphen, as in the web edition (no silent change)
    assert "a spaced - hyphen, after - an element - twice." in text


def test_rebuild_is_byte_identical(tmp_path: Path):
    a = write_part(SPECIALS, tmp_path / "a.pdf").read_bytes()
    b = write_part(SPECIALS, tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_partial_by_paragraphs_keeps_numbers_and_cites_them(long_master: Path, tmp_path: Path):
    out = write_part(long_master, tmp_path / "part.pdf", selection=Selection(first=10, last=20), paper="a5")
    check_units(out, long_master, list(range(10, 21)))
    assert "Extract: ¶¶ 10–20" in pypdf.PdfReader(out).pages[0].extract_text()
    # the document's title says so too (as a volume's names the volume): it was the whole edition's
    assert pypdf.PdfReader(out).metadata.title == "A Long Test: Many pages, Extract: ¶¶ 10–20"
    text = " ".join(pypdf.PdfReader(out).pages[-1].extract_text().split())
    assert "¶¶ 10–20" in text and "https://example.org/long/#p10" in text.replace("- ", "").replace("/ ", "/")


def test_partial_by_section(long_master: Path, tmp_path: Path):
    out = write_part(long_master, tmp_path / "s2.pdf", selection=Selection(section="s2"))
    numbers = [n for _, n, _ in margin_numbers(read_pages(out))]
    assert numbers == list(range(24, 47))
    assert "Extract: Section number 2, ¶¶ 24–46" in pypdf.PdfReader(out).pages[0].extract_text()
    assert pypdf.PdfReader(out).metadata.title.endswith(", Extract: Section number 2, ¶¶ 24–46")
    check_units(out, long_master, numbers)


def test_partial_index_lists_only_printed_mentions(long_master: Path, tmp_path: Path):
    out = write_part(long_master, tmp_path / "p.pdf", selection=Selection(first=4, last=4))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    # unit 4 mentions NAMES[4 % 5] only
    assert "Workers Group" in text and "Miasnikov, Gavril" not in text


def test_empty_selection_is_an_error(long_master: Path, tmp_path: Path):
    with pytest.raises(EditionError) as err:
        write_part(long_master, tmp_path / "x.pdf", selection=Selection(first=500, last=600))
    assert err.value.problems[0].code == "E0103"
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("args, where", [
    (["--section", "s99"], "--section"),
    (["--paragraphs", "500-600"], "--paragraphs"),
    (["--section", "s1", "--paragraphs", "3-4"], "--paragraphs"),  # the range narrows the section (¶ 1)
])
def test_a_part_the_master_lacks_is_refused_at_its_option(runner, minimal_tei: Path, tmp_path: Path, args, where):
    """The value given is at fault, not the master (which was the place: master:0:0), as for any
    option (`--jobs:1:1`); still E0103, exit 1. (The command validates first: a valid master.)"""
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), *args, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert result.output.startswith(f"{where}:1:1: [E0103] ") and result.output.count("\n") == 1, result.output
    assert not (tmp_path / "x.pdf").exists()


def test_parse_paragraphs():
    assert parse_paragraphs("10-20") == (10, 20)
    assert parse_paragraphs("7") == (7, 7)
    for bad in ("", "a-b", "20-10", "0", "1-2-3", "\u0663", "1-\u0663", "\uff17"):  # digits of other scripts are no unit numbers
        with pytest.raises(ValueError):
            parse_paragraphs(bad)


def test_cli_pdf_part(runner, minimal_tei: Path, tmp_path: Path):
    out = tmp_path / "cli.pdf"
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), "--paragraphs", "2-3",
                                  "--paper", "letter", "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert [n for _, n, _ in margin_numbers(read_pages(out))] == [2, 3]


def test_typst_failure_is_one_clean_e0101_line(runner, minimal_tei: Path, tmp_path: Path, monkeypatch):
    import tei_edition.outputs.pdf as pdf

    monkeypatch.setattr(pdf, "typst_source", lambda *a, **k: '#import "edition.typ": *\n#undefined-thing(\n')
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "[E0101]" in lines[0] and "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_internal_links_reach_their_targets(specials_pdf: Path):
    pages = read_pages(specials_pdf)
    bibliography = next(p.index for p in pages if "Book ] with [ specials" in p.text)
    body_links = [l for l in links(specials_pdf) if l["page"] == 2]
    assert bibliography in {l["target"] for l in body_links}
    contents = [l for l in links(specials_pdf) if l["page"] == 1]
    assert {l["target"] for l in contents} >= {2, bibliography}


def test_random_text_of_special_characters_comes_out_literally(tmp_path: Path):
    """Fuzz: paragraphs of random Typst-significant characters survive as text, each on its own."""
    import random

    from lxml import etree

    rng = random.Random(20211204)
    alphabet = list("#$*_@<>`[]~\\/=+-\"'{}();:.,!?&%^|") + ["//", "/*", "*/", "\n= ", "\n- ", "\n+ ",
                                                            "\\u{41}", "#{", "\")", "];"] + list("abcxyz  ")
    tree = etree.parse(str(SPECIALS))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    div = tree.find(".//t:body/t:div", ns)
    for old in list(tree.find(".//t:body", ns)):
        old.getparent().remove(old)
    tree.find(".//t:body", ns).append(div)
    for child in list(div):
        div.remove(child)
    expected = []
    for n in range(1, 41):
        text = "w" + "".join(rng.choice(alphabet) for _ in range(25)) + "z"
        p = etree.SubElement(div, "{http://www.tei-c.org/ns/1.0}p", n=str(n))
        p.set("{http://www.w3.org/XML/1998/namespace}id", f"p{n}")
        p.text = text
        expected.append((n, text))
    master = tmp_path / "fuzz.xml"
    tree.write(str(master), encoding="utf-8", xml_declaration=True)
    out = write_part(master, tmp_path / "fuzz.pdf")
    check_units(out, master)
    body = norm("".join(p.text for p in read_pages(out)[2:]))
    position = 0
    for n, text in expected:
        found = body.find(norm(text), position)
        assert found >= 0, (n, text)
        position = found


@pytest.mark.parametrize("option, value", [("--section", "\x1b[31m"), ("--section", "s 1"), ("--section", "x" * 101),
                                           ("--paragraphs", ""), ("--paragraphs", "9" * 5000),
                                           ("--paragraphs", "5-3"), ("--paragraphs", "p1")])
def test_a_malformed_part_is_one_line_at_its_option(runner, minimal_tei: Path, tmp_path: Path, option: str, value: str):
    """Before: control characters in --section ended as an internal error, an empty --paragraphs
    printed the whole edition, a 5,000-digit one leaked Python's integer limit, and the errors of
    --paragraphs were not at the option."""
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), option, value, "--out", str(tmp_path / "x.pdf")])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith(f"{option}:1:1: [E0113] "), result.output
    assert "int_max_str_digits" not in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def _variant(tmp_path: Path, master: Path, old: str, new: str) -> Path:
    """`master` with `old` written `new`, which the schema and the rules accept."""
    from tei_edition.schema.validate import validate_file

    text = master.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert [p for p in validate_file(path) if p.severity == "error"] == []
    return path


@pytest.mark.parametrize("master, new", [
    *((FIXTURES / "minimal.xml", i) for i in ("bibliography", "index", "colophon", "emendations", "consulted",
                                              "e1", "mention")),
    *((FIXTURES.parent / "schema_cases" / "valid" / "full.xml", i) for i in ("glossary", "events", "map"))])
def test_a_tei_id_that_names_a_heading_of_the_back_matter_builds(tmp_path: Path, master: Path, new: str):
    """Before: a bibliography entry whose id was a label the print edition made itself (a heading
    of the back matter, a row of the emendations, the index markers) stopped Typst (a label twice;
    `<mention>` on the entry's anchor broke the index). The entry still gets its destination and links."""
    variant = _variant(tmp_path, master, "avrich-bolshevik-opposition", new)
    out = write_part(variant, tmp_path / "variant.pdf")
    reader = pypdf.PdfReader(out)
    entry = reader.get_destination_page_number(reader.named_destinations[new])
    assert "Avrich" in reader.pages[entry].extract_text()
    assert entry in {l["target"] for l in links(out) if l["page"] == 2}
    assert "Index" in [o["/Title"] for o in reader.outline if not isinstance(o, list)]


def _link_counts(pdf: Path) -> list[int]:
    """The number of links (into the PDF or out of it) on each page."""
    return [sum(1 for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link")
            for page in pypdf.PdfReader(pdf).pages]


@pytest.mark.parametrize("markup", [
    '<ptr target="https://x.org/a/b"/>', '<ref target="#p1">¶1</ref>', '<ref target="https://x.org/">ext</ref>',
    '<title level="m" ref="#avrich-bolshevik-opposition">Opp</title>',
    '<choice><sic>mnay</sic><corr resp="#editors" type="misspelling">many</corr></choice>',
    '<supplied resp="#editors" reason="omitted">many</supplied>'])
def test_a_link_in_a_section_heading_stays_in_the_heading_only(minimal_tei: Path, tmp_path: Path, markup: str):
    """Before: a heading holding a link (a reference, an address, a title with its entry, the sign
    of a correction) stopped Typst: the running head repeats the heading, and an artifact may hold
    no link (PDF/UA-1). The heading keeps its link; the running head and the contents have its text."""
    head = "<head>A life that touched many revolutionary threads</head>"
    variant = _variant(tmp_path, minimal_tei, head, f"<head>A life {markup} touched threads</head>")
    out = write_part(variant, tmp_path / "variant.pdf")
    plain = write_part(minimal_tei, tmp_path / "plain.pdf")
    pages, plain_pages = read_pages(out), read_pages(plain)
    heading = next(p.index for p in pages if p.index > 1 and "A life" in p.text)
    expected = _link_counts(plain)
    expected[heading] += 1  # the heading's own
    if "resp=" in markup:  # and the row of the emendation, which links back to the heading
        expected[next(p.index for p in pages if re.search("^Emendations$", p.text, re.M))] += 1
    assert _link_counts(out) == expected
    assert len(pages) == len(plain_pages)
    running = [p for p in pages if p.index % 2 == 0 and p.index > 0]  # recto pages after the title
    assert any(p.text.startswith("A life") and "touched threads" in p.text.splitlines()[0] for p in running)


SUPPLIED = '<supplied resp="#editors" reason="omitted">the</supplied>'
CORRECTED = '<choice><sic>Artcles</sic><corr resp="#editors" type="misspelling">Articles</corr></choice>'


@pytest.mark.parametrize("old, new, printed", [
    ("<head>Articles</head>", f"<head>Articles {SUPPLIED}</head>", "Articles [the]"),
    ("<head>Articles</head>", f"<head>{CORRECTED}</head>", "Articles°"),
    ("<listBibl>", f"<head>References {SUPPLIED}</head><listBibl>", "References [the]"),
    ("<listBibl>", f"<head>The {CORRECTED}</head><listBibl>", "The Articles°")])
def test_an_emendation_in_a_heading_of_the_references_builds(minimal_tei: Path, tmp_path: Path, old: str, new: str,
                                                              printed: str):
    """Before: a correction or a supplied word in a heading of the references (the bibliography's or
    a list's) stopped the XSLT (E0100, f:str of the row's section, which it has none of). Its row
    says References and links there, and the heading shows its sign."""
    out = write_part(_variant(tmp_path, minimal_tei, old, new), tmp_path / "variant.pdf")
    pages = read_pages(out)
    references = next(p.index for p in pages if p.index > 2 and printed in p.text)
    emendations = next(p for p in pages if re.search("^Emendations$", p.text, re.M))
    row = emendations.text.split("Kind")[-1]
    assert "References" in row and ("[the]" in row or "Artcles" in row)
    assert references in {l["target"] for l in links(out) if l["page"] == emendations.index}
