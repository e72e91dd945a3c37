"""The print edition's volumes (outputs/volumes.py): how a long edition is divided, and that a
build printing volumes keeps to one process."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import build as build_module
from tei_edition.citation.units import CitableUnit
from tei_edition.core import paths
from tei_edition.core.xmlio import TEI_NS as TEI
from tei_edition.outputs import volumes as volumes_module
from tei_edition.outputs.volumes import Volume, split
from support import CHECKOUT


def units(*sections: int) -> list[CitableUnit]:
    """Citable units numbered from 1, in sections of the given lengths (s1, s2 …)."""
    made, n = [], 0
    for s, length in enumerate(sections, 1):
        for _ in range(length):
            n += 1
            made.append(CitableUnit(anchor=f"p{n}", n=str(n), element=etree.Element("p"), section=f"s{s}"))
    return made


def lengths(runs: list[list[CitableUnit]]) -> list[int]:
    return [len(run) for run in runs]


def test_an_edition_that_fits_is_one_run():
    assert lengths(split(units(30, 40, 5), cap=75)) == [75]


def test_runs_keep_sections_whole_and_even():
    # two runs are the fewest; each ends between sections, as near 60 units as they allow
    runs = split(units(30, 30, 30, 30), cap=70)
    assert lengths(runs) == [60, 60]
    assert [u.section for u in runs[0]] == ["s1"] * 30 + ["s2"] * 30


def test_a_run_never_passes_the_cap():
    for sections in [(10, 50, 10, 50, 10), (49, 2, 49, 2), (1,) * 101, (60, 1, 60)]:
        runs = split(units(*sections), cap=60)
        assert max(lengths(runs)) <= 60, sections
        assert [u.n for run in runs for u in run] == [str(n) for n in range(1, sum(sections) + 1)]


def test_a_volume_is_labelled_as_its_title_page_names_it():
    assert Volume(2, 8, 662, 1319).label == "Volume 2 of 8: ¶¶ 662–1319"
    assert Volume(3, 3, 5, 5).label == "Volume 3 of 3: ¶ 5"


def test_volume_files_sort_in_volume_order():
    """The number was padded to two digits whatever the count: from 100 volumes `…-vol100.pdf`
    sorted before `…-vol11.pdf` in every listing, the site's folder and the deposit."""
    for count in (2, 9, 99, 100, 120, 1000):
        books = [Volume(n, count, n, n) for n in range(1, count + 1)]
        assert sorted(book.file for book in books) == [book.file for book in books], count
    assert Volume(7, 99, 7, 7).file == f"{paths.BASENAME}-vol07.pdf"  # up to 99 volumes, the names kept
    assert Volume(7, 120, 7, 7).file == f"{paths.BASENAME}-vol007.pdf"
    assert Volume(1, 1, 1, 94).file == f"{paths.BASENAME}.pdf"


def test_a_section_longer_than_the_cap_is_divided_evenly():
    assert lengths(split(units(100), cap=40)) == [34, 33, 33]
    # the short sections beside a long one fill its first and last runs
    runs = split(units(3, 88, 3), cap=40)
    assert lengths(runs) == [32, 31, 31]


@pytest.mark.parametrize("sections, cap, runs", [
    ((3, 88, 3), 30, [24, 24, 23, 23]),  # was [3, 30, 30, 28, 3]: five volumes, two of 3 units
    ((3, 88, 3), 45, [32, 31, 31]),  # was [3, 44, 44, 3]
    ((20, 1500), 750, [507, 507, 506]),  # was [20, 750, 750]: a first volume of 20 units
    ((3, 1500, 3), 750, [502, 502, 502]),  # was [3, 750, 750, 3]
    ((88,), 3, [3] * 28 + [2, 2]),  # was 29 volumes of 3 and one of 1
])
def test_a_long_section_is_divided_where_the_even_share_falls(sections, cap, runs):
    """A section longer than a volume was divided into even parts of its own before the runs
    were made, so the short sections beside it, which no full part could take, were volumes of
    their own: more volumes than the units need, some of a few pages."""
    made = split(units(*sections), cap=cap)
    assert lengths(made) == runs
    assert len(made) == -(-sum(sections) // cap)  # the fewest volumes


def section(kinds: str) -> list[CitableUnit]:
    """One section's units as the master holds them, a `p` for each "p" of `kinds` and a block
    quotation (`cit`) for each "c", numbered from 1."""
    div = etree.Element(f"{{{TEI}}}div")
    made = []
    for n, kind in enumerate(kinds, 1):
        if n == 2:
            div.append(etree.Comment(" a comment is no element "))
        element = etree.SubElement(div, f"{{{TEI}}}{'cit' if kind == 'c' else 'p'}")
        made.append(CitableUnit(anchor=f"p{n}", n=str(n), element=element, section="s1"))
    return made


def test_a_volume_never_ends_between_a_paragraph_and_the_quotation_it_leads_into():
    """The print edition keeps a paragraph that leads into a block quotation on the quotation's
    page; a volume boundary inside a long section kept them apart (¶ 3 ending a volume, its
    quotation ¶ 4 opening the next: the master at --volume-units 7 ended a volume with ¶ 24)."""
    runs = split(section("pppcpp"), cap=3)
    together = [run for run in runs if {"3", "4"} <= {u.n for u in run}]
    assert len(together) == 1 and max(lengths(runs)) <= 3, [[u.n for u in run] for run in runs]
    # a paragraph before a paragraph, or a quotation after another, ends a volume as any unit does
    assert lengths(split(section("ppppcc"), cap=3)) == [3, 3]
    assert lengths(split(section("ccpppp"), cap=3)) == [3, 3]
    # a volume of one unit: they cannot stay together
    assert lengths(split(section("pc"), cap=1)) == [1, 1]


@pytest.mark.parametrize("cap, forks", [(volumes_module.VOLUME_UNITS, True), (2, False)])
def test_a_build_printing_volumes_runs_in_one_process(cap: int, forks: bool, minimal_tei: Path, tmp_path: Path,
                                                      monkeypatch):
    """Typst compiles through most of such a build: the second process would only add its memory."""
    asked: list[str] = []

    def aside(ctx, stages, by_stage):
        asked.extend(name for name, _ in stages)
        return None  # as if nothing were left to run aside: the test needs only the decision

    monkeypatch.setattr(volumes_module, "VOLUME_UNITS", cap)
    monkeypatch.setattr("tei_edition.core.forked.can_fork", lambda: True)
    monkeypatch.setattr(build_module, "_stages_aside", aside)
    ctx = build_module.build(minimal_tei, tmp_path / "out", jobs=2)
    pdfs = sorted(p.name for p in (ctx.out / "pdf").iterdir())
    if forks:
        assert asked == list(build_module.ASIDE) and pdfs == [f"{paths.BASENAME}.pdf"]
    else:
        assert asked == [] and len(pdfs) > 1
        assert (ctx.out / "site" / "index.html").is_file()  # the stages aside ran here


def test_a_volume_typst_refuses_is_named_and_the_previous_build_stays(runner, minimal_tei: Path, tmp_path: Path,
                                                                        monkeypatch):
    from tei_edition.cli import main
    from tei_edition.outputs import pdf

    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(minimal_tei), "--out", str(out)]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    good = pdf.prepare_volumes

    def second_broken(tree, xdm, master, books, base_url=None):
        sources = good(tree, xdm, master, books, base_url)
        return ['#import "edition.typ": *\n#undefined-thing(\n' if book.number == 2 else source
                for book, source in zip(books, sources)]

    monkeypatch.setattr(pdf, "prepare_volumes", second_broken)
    result = runner.invoke(main, ["build", "--master", str(minimal_tei), "--out", str(out), "--full",
                                  "--volume-units", "2"])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert re.match(rf"{re.escape(str(minimal_tei))}:0:0: \[E0101\] typst \(Volume 2 of 3\): ", lines[0]), lines[0]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_volume_size_that_is_no_positive_number_is_refused(runner, minimal_tei: Path, tmp_path: Path, value: str):
    from tei_edition.cli import main

    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--master", str(minimal_tei), "--out", str(out), "--volume-units", value])
    assert result.exit_code == 2 and "--volume-units" in result.output and not out.exists()


def test_a_reference_to_a_section_of_another_volume_names_that_volume(minimal_tei: Path, tmp_path: Path,
                                                                     monkeypatch):
    """A reference to a section cannot link into another volume's file either: it named no
    volume ("As said in the opening, …"), so a reader of the fourth volume could not find s1.
    A section is printed, with its heading, in every volume that holds one of its units: a
    reference to one that the volume holds links there and names none. (What the volume does
    not print is not linked to at all: each volume is compiled once, `pdf_links`.)"""
    import pypdf

    from tei_edition.outputs import typeset

    made = []
    run = typeset.Typesetter.run
    monkeypatch.setattr(typeset.Typesetter, "run", lambda self, *a, **k: made.append(k.get("links")) or run(self, *a, **k))

    master = tmp_path / "m.xml"
    master.write_text(minimal_tei.read_text(encoding="utf-8").replace(
        '<p n="4" xml:id="p4"><persName ref="#lenin">Lenin</persName> wrote',
        '<p n="4" xml:id="p4">As said in <ref target="#s1">the opening</ref>, in <ref target="#s2">this section</ref>'
        ' and in <ref target="#p1">¶ 1</ref>, <persName ref="#lenin">Lenin</persName> wrote'), encoding="utf-8")
    ctx = build_module.build(master, tmp_path / "out", volume_units=1)  # ¶ 1 (s1) alone in the first of four
    last = pypdf.PdfReader(ctx.out / "pdf" / f"{paths.BASENAME}-vol04.pdf")
    text = " ".join(" ".join(page.extract_text() for page in last.pages).split())
    assert "As said in the opening (vol. 1), in this section and in ¶ 1 (vol. 1), Lenin" in text
    assert made == [None] * 4  # one compile a volume, its links made named destinations
    dests = re.findall(rb"/Dest\(([^)]*)\)", (ctx.out / "pdf" / f"{paths.BASENAME}-vol04.pdf").read_bytes())
    assert b"s2" in dests and b"s1" not in dests and b"p1" not in dests


def test_the_deposit_says_which_volume_each_file_is(minimal_tei: Path, tmp_path: Path):
    """The deposit's README described every volume alike, "the print edition (PDF/A-2a,
    PDF/UA-1)": which was which, and how many there are, it did not say; then which volume, but
    not which paragraphs it prints, which only the site's pages or the PDF's title page told."""
    from tei_edition.outputs.package import package

    ctx = build_module.build(minimal_tei, tmp_path / "out", volume_units=2)  # ¶ 1, ¶¶ 2–3, ¶ 4
    readme = (package(ctx.out, tmp_path / "dist") / "data" / "README.md").read_text(encoding="utf-8")
    for i, units in ((1, "¶ 1"), (2, "¶¶ 2–3"), (3, "¶ 4")):
        assert f"| `pdf/{paths.BASENAME}-vol0{i}.pdf` | volume {i} of 3 of the print edition (PDF/A-2a, PDF/UA-1): " \
               f"{units} |" in readme


def test_however_many_volumes_the_deposit_s_top_stays_short(minimal_tei: Path, tmp_path: Path, monkeypatch):
    """Each volume was an entry at the top of the deposit's data/: from 91 volumes (the essay at
    --volume-units 1 has 94) a valid build made more than 100 and `package` refused it (E0353).
    The volumes are in data/pdf/: the top holds what it holds for the one book, `pdf/` in the
    book's place, and the README names each volume by its path. Here a cap of the one book's
    count stands for the 100, and four volumes of one unit for the 94."""
    from tei_edition.outputs import package as package_module

    one = package_module.package(build_module.build(minimal_tei, tmp_path / "one").out, tmp_path / "one-dist")
    top = sorted(p.name for p in (one / "data").iterdir())
    assert f"{paths.BASENAME}.pdf" in top
    monkeypatch.setattr(package_module, "MAX_TOP_LEVEL", len(top))
    ctx = build_module.build(minimal_tei, tmp_path / "out", volume_units=1)
    data = package_module.package(ctx.out, tmp_path / "dist") / "data"
    assert sorted(p.name for p in data.iterdir()) == sorted(["pdf" if n.endswith(".pdf") else n for n in top])
    files = [f"{paths.BASENAME}-vol0{i}.pdf" for i in (1, 2, 3, 4)]
    assert sorted(p.name for p in (data / "pdf").iterdir()) == files
    for name in files:
        assert (data / "pdf" / name).read_bytes() == (ctx.out / "pdf" / name).read_bytes()
    readme = (data / "README.md").read_text(encoding="utf-8")
    assert "| `pdf/` | the print edition (PDF/A-2a, PDF/UA-1) in 4 volumes |" in readme
    rows = [line for line in readme.splitlines() if line.startswith("| `pdf/")]
    assert [row.split("`")[1] for row in rows] == ["pdf/", *(f"pdf/{name}" for name in files)]
    import bagit

    bagit.Bag(str(data.parent)).validate()


def test_every_volume_prints_the_whole_bibliography_as_the_readme_says(minimal_tei: Path, tmp_path: Path):
    """The README said a volume's bibliography was "what its paragraphs need", but every volume
    prints the whole reference list (and the works consulted), as a part does: ¶ 1 and ¶ 4 cite
    nothing, yet their volumes list Avrich. The README now says what the output does."""
    import pypdf

    ctx = build_module.build(minimal_tei, tmp_path / "out", volume_units=1)  # ¶ 1 … ¶ 4, a volume each
    for n in (1, 2, 3, 4):
        pdf = pypdf.PdfReader(ctx.out / "pdf" / f"{paths.BASENAME}-vol0{n}.pdf")
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
        assert "Bibliography Articles Bolshevik Opposition To Lenin, Paul Avrich" in text, n
    readme = " ".join((CHECKOUT / "README.md").read_text(encoding="utf-8").split())
    said = readme[readme.index("- **Volumes**"):readme.index("- **Standards**")]
    assert "the whole bibliography" in said and "what its paragraphs need" not in said


# --- which paragraphs each volume prints: the build's manifest records it, `package` says it ---

@pytest.fixture(scope="module")
def built_in_volumes(minimal_tei: Path, tmp_path_factory) -> Path:
    """The minimal edition built with volumes of at most 2 units (the default cap made small, as
    a long edition meets the real one): ¶ 1, ¶¶ 2–3, ¶ 4."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(volumes_module, "VOLUME_UNITS", 2)
        return build_module.build(minimal_tei, tmp_path_factory.mktemp("volumes") / "build").out


def _lines(build: Path) -> dict[str, dict]:
    return {entry["path"]: entry for entry in json.loads((build / "manifest.json").read_text(encoding="utf-8"))["files"]}


def test_the_manifest_records_which_paragraphs_each_volume_prints(built_in_volumes: Path, built_minimal: Path,
                                                                   tmp_path: Path):
    """An archive given one volume's file could learn which paragraphs it holds only from the
    site's pages or the PDF's title page; `package` could not say it at all. Each volume's line
    of build/manifest.json now says it; the one book's line, and every other, is as it was."""
    from tei_edition.outputs.package import package

    lines = _lines(built_in_volumes)
    recorded = {path: line["volume"] for path, line in lines.items() if "volume" in line}
    assert recorded == {f"pdf/{paths.BASENAME}-vol01.pdf": {"number": 1, "of": 3, "first": 1, "last": 1},
                        f"pdf/{paths.BASENAME}-vol02.pdf": {"number": 2, "of": 3, "first": 2, "last": 3},
                        f"pdf/{paths.BASENAME}-vol03.pdf": {"number": 3, "of": 3, "first": 4, "last": 4}}
    assert list(lines[f"pdf/{paths.BASENAME}-vol02.pdf"]) == ["path", "size", "sha256", "volume"]
    one = _lines(built_minimal)
    assert all(list(line) == ["path", "size", "sha256"] for line in one.values())
    readme = (package(built_in_volumes, tmp_path / "dist") / "data" / "README.md").read_text(encoding="utf-8")
    assert f"| `pdf/{paths.BASENAME}-vol02.pdf` | volume 2 of 3 of the print edition (PDF/A-2a, PDF/UA-1): " \
           "¶¶ 2–3 |" in readme
    readme = (package(built_minimal, tmp_path / "one") / "data" / "README.md").read_text(encoding="utf-8")
    assert f"| `{paths.BASENAME}.pdf` | the print edition (PDF/A-2a, PDF/UA-1) |" in readme


V = f"pdf/{paths.BASENAME}-vol0"
ONE = f"pdf/{paths.BASENAME}.pdf"
WRONG_RECORDS = {  # path → its "volume" (None: the line has none)
    "a volume without its record": {f"{V}2.pdf": None},
    "a gap": {f"{V}2.pdf": {"number": 2, "of": 3, "first": 3, "last": 3}},
    "an overlap": {f"{V}3.pdf": {"number": 3, "of": 3, "first": 3, "last": 4}},
    "backwards": {f"{V}2.pdf": {"number": 2, "of": 3, "first": 3, "last": 2}},
    "not from ¶ 1": {f"{V}1.pdf": {"number": 1, "of": 3, "first": 2, "last": 1}},
    "two volumes 2": {f"{V}3.pdf": {"number": 2, "of": 3, "first": 4, "last": 4}},
    "of another count": {f"{V}1.pdf": {"number": 1, "of": 4, "first": 1, "last": 1}},
    "two swapped": {f"{V}1.pdf": {"number": 3, "of": 3, "first": 4, "last": 4},
                    f"{V}3.pdf": {"number": 1, "of": 3, "first": 1, "last": 1}},
    "a number not whole": {f"{V}2.pdf": {"number": 2, "of": 3, "first": "2", "last": 3}},
    "a number 0": {f"{V}1.pdf": {"number": 1, "of": 3, "first": 0, "last": 1}},
    "true for 1": {f"{V}1.pdf": {"number": True, "of": 3, "first": 1, "last": 1}},
    "a number missing": {f"{V}1.pdf": {"number": 1, "of": 3, "first": 1}},
    "not an object": {f"{V}1.pdf": "¶ 1"},
    "a record on another file": {"site/index.html": {"number": 1, "of": 3, "first": 1, "last": 1}},
}


@pytest.mark.parametrize("change", WRONG_RECORDS.values(), ids=WRONG_RECORDS.keys())
def test_a_record_of_the_volumes_missing_or_wrong_is_one_coded_line(change: dict, built_in_volumes: Path,
                                                                    tmp_path: Path, runner):
    """The README would name paragraphs the volume does not print (or none): one line, E0354,
    at the manifest, and nothing written."""
    from tei_edition.cli import main

    build = tmp_path / "build"
    shutil.copytree(built_in_volumes, build)
    body = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    for line in body["files"]:
        if line["path"] in change:
            line.pop("volume", None)
            if change[line["path"]] is not None:
                line["volume"] = change[line["path"]]
    (build / "manifest.json").write_text(json.dumps(body), encoding="utf-8")
    result = runner.invoke(main, ["package", "--build", str(build), "--out", str(tmp_path / "dist")])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert lines[0].startswith(f"{build / 'manifest.json'}:1:1: [E0354] not a build's manifest"), lines[0]
    assert not (tmp_path / "dist").exists()


def test_the_one_book_recorded_as_a_volume_is_one_coded_line(built_minimal: Path, tmp_path: Path, runner):
    from tei_edition.cli import main

    build = tmp_path / "build"
    shutil.copytree(built_minimal, build)
    body = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    for line in body["files"]:
        if line["path"] == ONE:
            line["volume"] = {"number": 1, "of": 1, "first": 1, "last": 4}
    (build / "manifest.json").write_text(json.dumps(body), encoding="utf-8")
    result = runner.invoke(main, ["package", "--build", str(build), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1, result.output
    assert "[E0354]" in result.output and ONE in result.output


def test_a_volume_s_pdf_title_names_its_paragraphs_as_its_title_page_does(built_in_volumes: Path):
    """A volume's PDF title ended "…, Volume 2 of 3" while its title page says "Volume 2 of 3:
    ¶¶ 2–3" (a part's title already ends "…, Extract: ¶¶ 10–20"): the title names the range too."""
    import pypdf

    for n, units in ((1, "¶ 1"), (2, "¶¶ 2–3"), (3, "¶ 4")):
        pdf = pypdf.PdfReader(built_in_volumes / "pdf" / f"{paths.BASENAME}-vol0{n}.pdf")
        label = f"Volume {n} of 3: {units}"
        assert label in " ".join(pdf.pages[0].extract_text().split()), n
        assert pdf.metadata.title.endswith(f", {label}"), pdf.metadata.title



def test_a_section_continued_from_the_previous_volume_says_so(built_in_volumes: Path):
    """s2 (¶¶ 2–4) begins in volume 2 and goes on in volume 3, whose heading of it was printed
    as if the section began there. The repeated heading says "(continued)"; the section keeps
    its anchor (`…-vol03.pdf#s2`), its bookmark and its entry in the contents, which link there."""
    import pypdf

    head = "A life that touched many revolutionary threads"

    def read(n: int) -> tuple[pypdf.PdfReader, list[str]]:
        pdf = pypdf.PdfReader(built_in_volumes / "pdf" / f"{paths.BASENAME}-vol0{n}.pdf")
        return pdf, [" ".join(page.extract_text().split()) for page in pdf.pages]

    second, pages2 = read(2)
    third, pages3 = read(3)
    assert head in " ".join(pages2) and f"{head} (continued)" not in " ".join(pages2)
    at = [i for i, text in enumerate(pages3) if f"{head} (continued)" in text]
    assert len(at) == 1
    assert third.get_destination_page_number(third.named_destinations["s2"]) == at[0]
    titles = [o["/Title"] for o in third.outline if not isinstance(o, list)]
    assert head in titles and f"{head} (continued)" not in titles
    contents = next(text for text in pages3 if text.startswith("Contents") or " Contents " in f" {text} ")
    assert head in contents and "(continued)" not in contents
