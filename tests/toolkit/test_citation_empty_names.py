"""No CSL item holds an empty name (no literal, family or given name but spaces): each
constructor of an item drops such names, and a role left with none, where it makes the item
(`record.edition_item`, so `cite.csl_item`; the bibliography's `exports.bibl_items`; the works
consulted, `exports_apparatus.works_consulted`; the record a deposit reads back,
`package.edition_record`). The writers take the items as they are; the second half checks that
every output of a master with empty names is the output of the master without them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tei_edition.citation import cite, record, webmeta
from tei_edition.core.xmlio import parse_tei
from tei_edition.outputs import deposit, package
from tei_edition.outputs.exports import bibl_items, write_exports
from tei_edition.outputs.exports_apparatus import works_consulted

BASE = "https://tei-edition.example.org/lawson-2021-most-intransigent/"

# An author or editor that names no one, as a master may write it.
EMPTY = {"no-break space": "\u00a0", "spaces": "  ", "persName": "<persName/>", "orgName": "<orgName/>",
         "forename and surname": "<persName><forename/><surname> </surname></persName>"}
# The minimal fixture's names, and each with empty names beside them (the edition's one editor
# replaced by an empty one: the role is then left out).
NAMES = (("<author>Tommy Lawson</author>", "<author>{e}</author><author>Tommy Lawson</author><author>{e}</author>"),
         ('<editor xml:id="editors">The tei-edition editors</editor>', '<editor xml:id="editors">{e}</editor>'),
         ("<author>Paul Avrich</author>", "<author>{e}</author><author>Paul Avrich</author>"),
         ("<edition>English</edition>", "<author>{e}</author><edition>English</edition>"))


def masters(minimal_tei: Path, empty: str):
    """(the master with empty names, the master without them: no editor at all)"""
    text = minimal_tei.read_text(encoding="utf-8")
    broken = text
    for clean, with_empty in NAMES:
        assert broken.count(clean) == 1, clean
        broken = broken.replace(clean, with_empty.format(e=empty))
    clean = text.replace(NAMES[1][0], "")
    return parse_tei(broken.encode(), "m.xml"), parse_tei(clean.encode(), "m.xml")


def empty_names(item: record.CslItem) -> list[object]:
    """The names of `item` that say nothing, and its roles that hold no name."""
    found: list[object] = [role for role in record.NAME_ROLES if role in item and not item[role]]
    for role in record.NAME_ROLES:
        found += [n for n in item.get(role, []) if not any(str(n.get(k, "")).strip() for k in ("literal", "family", "given"))]
    return found


@pytest.mark.parametrize("empty", EMPTY.values(), ids=EMPTY.keys())
def test_no_constructor_makes_an_item_with_an_empty_name(minimal_tei, tmp_path, empty):
    tree, _ = masters(minimal_tei, empty)
    items = {"edition_item": [record.edition_item(tree, BASE)],
             "csl_item": [cite.csl_item(tree, None), cite.csl_item(tree, cite.find_unit(tree, "m", "p2"))],
             "bibl_items": bibl_items(tree), "works_consulted": works_consulted(tree)}
    for made, found in items.items():
        assert found and all(empty_names(i) == [] for i in found), (made, found)
    assert [n["family"] for n in items["edition_item"][0]["author"]] == ["Lawson"]
    assert "editor" not in items["edition_item"][0]
    assert [n["family"] for n in items["bibl_items"][0]["author"]] == ["Avrich"]
    assert "author" not in items["works_consulted"][0]


@pytest.mark.parametrize("empty", [{"literal": ""}, {"literal": "\u00a0"}, {"family": ""}, {"family": " ", "given": ""}, {}])
def test_the_record_a_deposit_reads_back_has_no_empty_name(tmp_path, empty):
    """exports/edition.json is the one item a writer gets from a file, not from a constructor (a
    build of another version of the toolkit, say): it is cleaned where it is read."""
    item = {"id": "x", "type": "book", "title": "T", "language": "en", "URL": BASE,
            "author": [empty, {"family": "Lawson", "given": "Tommy"}, empty], "editor": [empty]}
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "edition.json").write_text(json.dumps([item]), encoding="utf-8")
    read = package.edition_record(tmp_path)
    assert read == {k: v for k, v in item.items() if k != "editor"} | {"author": [{"family": "Lawson", "given": "Tommy"}]}


@pytest.mark.parametrize("author, name", [
    ("<forename/><surname>Lawson</surname>", {"family": "Lawson"}),
    ("<forename> </forename><surname>Lawson</surname><genName/>", {"family": "Lawson"}),
    ("<forename>Tommy</forename><surname/>", {"family": "Tommy"}),  # one name, as Plato
    ("<forename>Paul</forename><surname>Avrich</surname><genName>Jr.</genName>",
     {"family": "Avrich", "given": "Paul", "suffix": "Jr."}),
])
def test_a_name_with_an_empty_part_is_kept_without_it(minimal_tei, author, name):
    """A surname without its forename still names someone; the empty part is no part: `given:
    ""` printed "Lawson, . (2026)" in APA."""
    text = minimal_tei.read_text(encoding="utf-8").replace(
        "<author>Tommy Lawson</author>", f"<author><persName>{author}</persName></author>")
    tree = parse_tei(text.encode(), "m.xml")
    assert record.edition_item(tree, BASE)["author"] == [name]
    apa = cite.citation(tree, None, "apa", BASE)
    assert apa.startswith(name["family"]) and ", ." not in apa and ", , " not in apa, apa


def test_the_record_read_back_keeps_no_empty_part_of_a_name(tmp_path):
    item = {"id": "x", "type": "book", "title": "T", "language": "en", "URL": BASE,
            "author": [{"family": "Lawson", "given": "", "suffix": " "}]}
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "edition.json").write_text(json.dumps([item]), encoding="utf-8")
    assert package.edition_record(tmp_path)["author"] == [{"family": "Lawson"}]


def test_the_reading_texts_header_has_no_empty_author(minimal_tei, tmp_path):
    """Its header (titles, authors, the base URL) ends at the first blank line: an empty author
    was one, and the base URL fell into the text."""
    broken, clean = masters(minimal_tei, "<persName/>")
    for name, tree in (("broken", broken), ("clean", clean)):
        write_exports(tmp_path / name, tree, "m.xml", BASE)
    texts = [next((tmp_path / name / "exports").glob("*.txt")).read_text(encoding="utf-8") for name in ("broken", "clean")]
    assert texts[0] == texts[1]
    assert texts[0].split("\n\n")[0].splitlines()[-1] == BASE


# --- every output, end to end ---------------------------------------------------------------

@pytest.mark.parametrize("empty", EMPTY.values(), ids=EMPTY.keys())
def test_every_output_of_a_master_with_empty_names_is_that_of_the_master_without(minimal_tei, tmp_path, empty):
    """BibTeX, biblatex, RIS, CSL-JSON, Chicago/MLA/APA (entry and in-text), the pages' meta tags
    and JSON-LD, the exports (bibliography, works consulted, citations of every unit) and the
    deposit's CITATION.cff, datacite.json and README: an empty name printed `AU  - `,
    `{} and Lawson, Tommy`, ", and Tommy Lawson … Edited by None", `name: ""`."""
    broken, clean = masters(minimal_tei, empty)
    for style in cite.STYLES:
        for ref in (None, "p2"):
            for in_text in (False, True):
                assert (cite.citation(broken, ref, style, BASE, in_text=in_text)
                        == cite.citation(clean, ref, style, BASE, in_text=in_text)), (style, ref, in_text)
    assert webmeta.page_metadata(broken, BASE) == webmeta.page_metadata(clean, BASE)
    folders = {}
    for name, tree in (("broken", broken), ("clean", clean)):
        write_exports(tmp_path / name, tree, "m.xml", BASE)
        folders[name] = tmp_path / name
    exports = sorted(p.name for p in (folders["clean"] / "exports").iterdir())
    for name in exports:
        assert (folders["broken"] / "exports" / name).read_bytes() == (folders["clean"] / "exports" / name).read_bytes(), name
    written = {}
    for name, tree in (("broken", broken), ("clean", clean)):
        item = package.edition_record(folders[name])
        written[name] = (deposit.citation_cff(item, tree), deposit.datacite(item, tree), deposit.readme(item, tree, []))
    assert written["broken"] == written["clean"]
