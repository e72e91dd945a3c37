"""The HTML stage on small fixtures: pages, links, registers, interventions, metadata, safety.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_html.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tei_edition.core import paths
from tei_edition.build import run_stages
from tei_edition.core.build_context import BuildContext
from tei_edition.core.xmlio import read_tei
from support.html_site import RICH, build_html, page
from support.html_pages import merged_graph


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_html(RICH, tmp_path_factory.mktemp("html-rich"))


def test_html_stage_reuses_the_exported_citations(tmp_path: Path, monkeypatch):
    """In a build the exports stage renders the citations once; the HTML stage must not again."""
    from tei_edition.citation import cite

    tree = read_tei(paths.MASTER)
    ctx = BuildContext(master=paths.MASTER, tree=tree, out=tmp_path / "out")
    run_stages(ctx, only={"exports"})

    def render_again(*_a, **_k):
        raise AssertionError("citations rendered a second time")

    monkeypatch.setattr(cite, "all_units", render_again)
    run_stages(ctx, only={"html"})
    assert (ctx.out / "site" / "citations.js").is_file()


def test_master_wikipedia_links_are_register_links_and_json_ld_sameas(built_edition: Path):
    tree = read_tei(paths.MASTER)
    ns = {"tei": "http://www.tei-c.org/ns/1.0"}
    links = {idno.getparent(): idno.text.strip()
             for idno in tree.getroot().iterfind(".//tei:standOff//tei:idno[@type='wikipedia']", ns)}
    assert len(links) >= 15
    site = built_edition / "site"
    pages = {"person": page(site, "persons.html"), "place": page(site, "places.html"),
             "org": page(site, "organisations.html")}
    raw = page(site, "index.html").xpath("string(//script[@type='application/ld+json'])")
    mentions = {m["@id"].rsplit("#", 1)[1]: m for m in merged_graph(json.loads(raw))["mentions"]}
    for entry, url in links.items():
        ident = entry.get("{http://www.w3.org/XML/1998/namespace}id")
        kind = entry.tag.rsplit("}", 1)[1]
        anchors = pages[kind].xpath(f"//article[@id='{ident}']//a[@class='authority'][@href=$u]", u=url)
        assert len(anchors) == 1, ident
        assert anchors[0].text_content() == f"Wikipedia {url}"
        assert url in mentions[ident]["sameAs"], ident


def test_every_link_written_with_the_sign_is_named_paragraph(built_edition: Path):
    """The editors' cross-references in the notes ("¶ 12": 7 on index.html) and the timeline's
    marks ("…, ¶ 9": 75 on chronology.html) were named with the sign, unlike every paragraph link
    the pages write themselves (tests/toolkit/test_html_link_names.py)."""
    found = 0
    for name in sorted((built_edition / "site").glob("*.html")):
        for a in page(built_edition / "site", name.name).xpath("//a[contains(., '¶')]"):
            found += 1
            label = a.get("aria-label") or ""
            assert "paragraph" in label and "¶" not in label, (name.name, a.text_content())
    assert found > 1000
