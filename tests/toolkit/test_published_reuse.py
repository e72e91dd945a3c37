"""The published TEI (`build/tei/`) reused as a master elsewhere, as an archive or a later editor
takes it: it validates, and a build from it gives the outputs of the build that published it."""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition.build import run_stages
from tei_edition.core import paths
from tei_edition.core.build_context import BuildContext
from tei_edition.core.xmlio import NS, read_tei

NAME = f"{paths.BASENAME}.xml"


def _stages(master: Path, out: Path, only: set[str], base_url: str | None = None) -> Path:
    run_stages(BuildContext(master=master, tree=read_tei(master), out=out, base_url=base_url), only=only)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _published_copy(built: Path, where: Path) -> Path:
    where.mkdir()
    for file in (built / "tei").iterdir():
        shutil.copy(file, where / file.name)
    return where / NAME


def test_the_published_tei_of_a_base_url_build_names_that_address(minimal_tei: Path, tmp_path: Path):
    """The TEI named the header's address while the site, DTS and citations of its build named
    `--base-url`'s: a rebuild from it (the archive's copy) cited another address."""
    url = "https://archive.example.net/ed/"
    first = _stages(minimal_tei, tmp_path / "first", {"tei", "dts", "exports"}, base_url=url)
    tei = read_tei(first / "tei" / NAME).getroot()
    assert tei.findtext("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='URI']",
                        namespaces=NS) == url
    again = _published_copy(first, tmp_path / "archive")
    second = _stages(again, tmp_path / "second", {"tei", "dts", "exports"})
    for part in ("tei", "dts", "exports"):
        before, after = _files(first / part), _files(second / part)
        assert [f for f in before if before[f] != after.get(f)] == [], part


def test_the_published_tei_validates_without_a_warning(minimal_tei: Path, tmp_path: Path):
    """Its own xml-model instructions were W0250 (twice at every validate and build of a
    master made from it), though the build writes them again as they are; any other is."""
    from tei_edition.schema.validate import validate_file

    first = _stages(minimal_tei, tmp_path / "first", {"tei"})
    again = _published_copy(first, tmp_path / "archive")
    assert validate_file(again) == []
    text = again.read_text(encoding="utf-8")
    stylesheet = '<?xml-stylesheet href="tei.xsl" type="text/xsl"?>'
    edited = text.replace("?><TEI", f"?>{stylesheet}<TEI", 1).replace('"tei-edition.sch"', '"../tei-edition.sch"')
    assert stylesheet in edited
    again.write_text(edited, encoding="utf-8")
    assert [p.code for p in validate_file(again)] == ["W0250", "W0250"]


EXSLT = {"http://exslt.org/strings", "http://exslt.org/dynamic", "http://exslt.org/common",
         "http://exslt.org/math", "http://exslt.org/sets", "http://exslt.org/dates-and-times",
         "http://exslt.org/regular-expressions"}


def test_the_published_schematron_names_the_query_language_its_rules_use():
    """The rules call EXSLT functions: the schema must say "exslt" (ISO Schematron's name for
    XSLT 1.0 with EXSLT), not "xslt", which a processor without EXSLT (Saxon-HE) ran and then
    failed in (XTDE1425: no str:tokenize)."""
    import re

    from lxml import etree

    from tei_edition.schema import odd

    sch = etree.parse(str(odd.SCH)).getroot()
    prefixes = {ns.get("prefix"): ns.get("uri") for ns in sch.iterfind(f"{{{odd.SCH_NS}}}ns")}
    expressions = " ".join(v for el in sch.iter() if isinstance(el.tag, str)
                           for k, v in el.attrib.items() if k in ("test", "context", "value", "select", "use"))
    called = {prefixes[p] for p in re.findall(r"\b([a-z]+):[a-z-]+\(", expressions) if p in prefixes}
    assert called & EXSLT  # what makes the question worth asking
    assert sch.get("queryBinding") == "exslt"


def test_the_published_tei_keeps_its_anchor_lock(minimal_tei: Path, tmp_path: Path):
    """A master made from the published TEI had no lock: its anchors went unchecked (an edit of
    a unit built without a word, where the edition's build stops at E0312), and the lock's
    removals and decisions were lost. The lock is published beside it, named for it."""
    import json
    import re

    from tei_edition.citation import anchors

    master = tmp_path / "edition.xml"
    shutil.copy(minimal_tei, master)
    anchors.lock(master)
    master.write_text(re.sub(r'\s*<p n="4" xml:id="p4">.*?</p>', "", master.read_text(), flags=re.S))
    anchors.accept(master, "p4", "Duplicate paragraph removed", "2026-11-27")
    built = _stages(master, tmp_path / "first", {"tei"})
    again = _published_copy(built, tmp_path / "archive")
    published = json.loads(anchors.lock_path(again).read_text(encoding="utf-8"))
    original = json.loads(anchors.lock_path(master).read_text(encoding="utf-8"))
    assert published == {**original, "document": NAME}
    assert published["anchors"]["p4"]["status"] == "removed" and published["decisions"]
    assert anchors.check_master(again) == []
    text = again.read_text(encoding="utf-8")
    again.write_text(text.replace("worked in", "lived in", 1), encoding="utf-8")
    assert [p.code for p in anchors.check_master(again)] == ["E0312"]


def test_a_master_without_a_lock_publishes_none(minimal_tei: Path, tmp_path: Path):
    built = _stages(minimal_tei, tmp_path / "first", {"tei"})
    assert sorted(p.name for p in (built / "tei").iterdir()) == [NAME, "tei-edition.rng", "tei-edition.sch"]
