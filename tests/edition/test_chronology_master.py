"""chronology.html: the dates of the body in chronological order, with a static SVG timeline.

On a small fixture (order, ranges, the note flag, sentences and names, what is left out, a
hostile date text) and on the master (75 rows, links that resolve).

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_chronology.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.html_site import page


def rows(doc):
    return doc.xpath("//tr[contains(@class, 'chron-row')]")


@pytest.fixture(scope="module")
def master(built_edition: Path):
    return built_edition / "site"


def test_master_has_75_rows_from_1889_to_1946(master: Path):
    doc = page(master, "chronology.html")
    rs = rows(doc)
    assert len(rs) == 75
    assert rs[0].get("data-start") == "1889-02-25"
    assert " ".join(rs[0].xpath("string(th)").split()) == "25 February 1889"
    assert max(r.get("data-end") for r in rs).startswith("1946")
    keys = [(int(r.get("data-start")[:4]), r.get("data-start")[4:], int(r.get("id")[1:])) for r in rs]
    assert keys == sorted(keys)
    readable = {" ".join(r.xpath("string(th/node()[1])").split()) for r in rs}
    assert {"23–31 January 1918", "27 March – 2 April 1922", "17–25 April 1923", "March 1921"} <= readable
    svg = doc.xpath("//figure[@class='timeline']/*[local-name()='svg']")[0]
    assert "1889–1946" in svg.xpath("string(*[local-name()='title'])")
    assert len(svg.xpath(".//*[local-name()='a'][@class='mark']")) == 75  # and a mark-event for each dated event


def test_master_notes_flag_the_questioned_dates(master: Path):
    doc = page(master, "chronology.html")
    index = page(master, "index.html")
    noted = doc.xpath("//tr[contains(@class, 'has-note')]")
    assert len(noted) >= 6
    contexts = {" ".join(r.xpath("string(td[@class='context'])").split()): r for r in noted}
    assert any("12th of July" in c for c in contexts)  # the killing of Grand Duke Michael
    assert any("Eighth Congress" in c for c in contexts)
    for r in noted:
        target = r.xpath("string(th/a[@class='chron-note']/@href)").split("#")[1]
        assert index.xpath(f"//section[@class='notes']//li[@id='{target}']"), target


def test_master_every_link_resolves(master: Path):
    doc = page(master, "chronology.html")
    ids: dict[str, set[str]] = {}
    for r in rows(doc):
        links = r.xpath(".//a/@href")
        assert re.fullmatch(r"index\.html#p[0-9]+", r.xpath("string(td[@class='where']/a/@href)")), r.get("id")
        for href in links:
            name, frag = href.split("#")
            if name not in ids:
                ids[name] = set(page(master, name).xpath("//@id"))
            assert frag in ids[name], href
        for a in r.xpath("td[@class='named']//a"):
            assert a.get("href").split("#")[0] in ("persons.html", "places.html", "organisations.html")
            assert page(master, a.get("href").split("#")[0]).xpath(f"//article[@id='{a.get('data-card')}']")
