"""`build/tei/` is self-contained: the published TEI names its RELAX NG schema and Schematron
rules in xml-model processing instructions with relative hrefs, the build puts those files beside
it, and the file validates against them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lxml import etree, isoschematron

from tei_edition.schema import odd

TEI_NAME = "lawson-2021-most-intransigent.xml"
LANGUAGES = {odd.RNG_NS: "rng", odd.SCH_NS: "sch"}


def xml_models(tei: Path) -> dict[str, Path]:
    """Schema language -> the file its xml-model instruction names, resolved beside `tei`."""
    out = {}
    for pi in etree.parse(str(tei)).xpath("/processing-instruction('xml-model')"):
        href, language = pi.get("href"), pi.get("schematypens")
        assert href and not re.match(r"^[a-z][a-z0-9+.-]*:|^/", href, re.I), f"not a relative href: {href}"
        out[LANGUAGES[language]] = tei.parent / href
    return out


def problems_against_neighbours(tei: Path) -> list[str]:
    """Validate `tei` against the schema files its xml-model instructions name."""
    models = xml_models(tei)
    missing = [f"{lang}: {path.name} does not exist" for lang, path in models.items() if not path.is_file()]
    if missing or set(models) != {"rng", "sch"}:
        return missing or [f"xml-model instructions for {sorted(models)}, not rng and sch"]
    doc = etree.parse(str(tei))
    rng = etree.RelaxNG(etree.parse(str(models["rng"])))
    found = [] if rng.validate(doc) else [str(e) for e in rng.error_log]
    sch = etree.parse(str(models["sch"]))
    svrl = etree.XSLT(isoschematron.iso_svrl_for_xslt1(isoschematron.iso_abstract_expand(
        isoschematron.iso_dsdl_include(sch))))(doc)
    failed = svrl.getroot().iter("{http://purl.oclc.org/dsdl/svrl}failed-assert")
    return found + [f"[{f.get('role')}] {''.join(f.itertext()).strip()}" for f in failed if f.get("role", "").startswith("E")]


def test_published_tei_names_the_schemas_beside_it(built_edition):
    tei = built_edition / "tei" / TEI_NAME
    models = xml_models(tei)
    assert set(models) == {"rng", "sch"}
    assert models["rng"].read_bytes() == odd.RNG.read_bytes() and models["sch"].read_bytes() == odd.SCH.read_bytes()
    download = built_edition / "site" / "downloads" / TEI_NAME
    assert all(p.is_file() for p in xml_models(download).values())


def test_published_tei_validates_against_its_neighbours(built_edition):
    assert problems_against_neighbours(built_edition / "tei" / TEI_NAME) == []


def test_a_missing_schema_or_an_invalid_file_is_caught(built_edition, tmp_path):
    folder = tmp_path / "tei"
    shutil.copytree(built_edition / "tei", folder)
    tei = folder / TEI_NAME
    text = tei.read_text(encoding="utf-8")
    tei.write_text(text.replace('rend="block"', "", 1), encoding="utf-8")
    assert any("[E0243]" in p for p in problems_against_neighbours(tei))
    (folder / odd.RNG.name).unlink()
    assert problems_against_neighbours(tei) == [f"rng: {odd.RNG.name} does not exist"]


def test_the_master_carries_no_xml_model():
    """The instructions are added at publication only."""
    from tei_edition.core import paths

    assert not etree.parse(str(paths.MASTER)).xpath("/processing-instruction('xml-model')")


def test_the_dts_copy_names_no_schema_files_it_lacks(built_edition):
    """The DTS whole document is served without the schemas beside it: no relative xml-model."""
    document = (built_edition / "dts" / "document" / "lawson-2021-most-intransigent.xml").read_bytes()
    published = (built_edition / "tei" / "lawson-2021-most-intransigent.xml").read_bytes()
    assert b"<?xml-model" in published and b"<?xml-model" not in document
