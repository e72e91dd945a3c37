"""The HTML edition in a real browser (Debian's Chromium driven by Playwright), on the real master.

The built `build/` folder is served on 127.0.0.1 from a thread; every request that would leave
the site is routed to fail and counted. axe-core comes from the npm registry (.ci/webtools).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.browser import in_view, webtools
from support.html_site import PAGES


def test_name_to_register_entry_and_back(page, server):
    page.goto(server + "index.html")
    link = page.locator("#p1 a.name-person").first
    target = link.get_attribute("href")
    entry_id = target.split("#")[1]
    link.click()
    page.wait_for_url("**/" + target)
    assert in_view(page, f"#{entry_id}")
    entry = page.locator(f"article#{entry_id}")
    assert entry.locator("h2").inner_text().strip()
    back = entry.locator("ul.mentions a[href='index.html#p1']")
    assert back.count() == 1
    back.click()
    page.wait_for_url("**/index.html#p1")
    assert in_view(page, "#p1")


def test_paragraph_42_is_in_view(page, server):
    page.goto(server + "index.html#p42")
    assert page.locator("#p42").count() == 1
    assert in_view(page, "#p42")
    assert page.locator("#p42 a.pn").get_attribute("href") == "#p42"
    assert page.locator("#p42 a.pn").inner_text().strip().endswith("42")


def test_cite_control_shows_and_copies_every_style(page, context, server):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.split("/site/")[0])
    page.goto(server + "index.html#p42")
    page.locator("#p42 details.cite summary").click()
    citation = page.locator("#p42 .citation")
    assert citation.is_visible()
    text = citation.inner_text()
    assert "Lawson" in text and "42" in text and "#p42" in text
    page.locator("#p42 .cite-copy").click()
    page.wait_for_function("document.querySelector('#p42 .cite-status').textContent === 'Copied.'")
    assert page.evaluate("navigator.clipboard.readText()") == citation.inner_text().rstrip()
    select = page.locator("#p42 select")
    styles = select.locator("option").all_inner_texts()
    assert {"Chicago (note)", "MLA (works cited)", "APA (reference)", "BibTeX", "RIS", "CSL-JSON"} <= set(styles)
    select.select_option(label="BibTeX")
    assert citation.inner_text().startswith("@misc{")  # classic BibTeX (see citation.formats)
    select.select_option(label="biblatex")
    assert citation.inner_text().startswith("@book{")
    assert "#p42" in citation.inner_text()
    select.select_option(label="CSL-JSON")
    item = json.loads(citation.inner_text())[0]
    assert "locator" not in item and item["URL"].endswith("#p42")  # the locator belongs to the citation


def test_search_finds_paragraphs_and_links_to_them(page, server):
    page.goto(server + "index.html")
    page.fill("#q_top", "Motovilikha soviet")
    page.press("#q_top", "Enter")
    page.wait_for_url("**/search.html?q=*")
    results = page.locator("#search-results li")
    assert results.count() >= 1
    assert "contain" in page.locator("#search-status").inner_text()
    first = results.first
    assert first.locator("mark").count() >= 1
    href = first.locator("a").get_attribute("href")
    assert href.startswith("index.html#p")
    page.fill("#q", "zzzzqqqq")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 0")
    assert "No paragraph" in page.locator("#search-status").inner_text()
    page.fill("#q", "Miasn")  # a word's beginning
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 5")
    first = page.locator("#search-results li a").first
    first.click()
    page.wait_for_url("**/index.html#p*")
    anchor = page.url.split("#")[1]
    assert in_view(page, f"#{anchor}")


def test_person_card_on_keyboard_focus_and_escape(page, server):
    page.goto(server + "index.html#p42")
    page.focus("#p42 a.pn")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-card')")
    assert focused, "Tab from the paragraph number should reach the first name"
    card = page.locator("#tei_card")
    assert card.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "tei_card"
    cards = page.evaluate("window.TEI_CARDS")
    assert cards[focused]["name"] in card.inner_text()
    page.keyboard.press("Escape")
    assert not card.is_visible()
    # Hover shows a person's card too.
    person = page.locator("a.name-person").first
    person.hover()
    assert card.is_visible()
    assert cards[person.get_attribute("data-card")]["name"] in card.inner_text()


def test_correction_card_gives_the_source_reading(page, server):
    page.goto(server + "index.html")
    corr = page.locator("span.corr:has(a.emend)").first
    corr.locator("a.emend").focus()  # the sign ° is the focusable part of a correction
    card = page.locator("#tei_card")
    assert card.is_visible()
    assert "source reads" in card.inner_text()
    assert corr.get_attribute("data-sic") in card.inner_text()


def test_chronology_mark_to_row_to_paragraph(page, server):
    page.goto(server + "chronology.html")
    assert page.locator("tr.chron-row").count() == 75
    mark = page.locator(".timeline a.mark[href='#d8']")  # 12 July 1918, questioned by a note
    assert "12 July 1918" in mark.locator("title").text_content()
    mark.click()
    page.wait_for_url("**/chronology.html#d8")
    assert in_view(page, "#d8")
    row = page.locator("tr#d8")
    assert "12th of July" in row.locator("td.wording").inner_text()
    assert row.locator("a.chron-note").count() == 1
    link = row.locator("td.where a")
    target = link.get_attribute("href")
    assert target == "index.html#p8"
    link.click()
    page.wait_for_url("**/" + target)
    assert in_view(page, "#p8")


def test_chronology_filter_by_decade_and_name(page, server):
    page.goto(server + "chronology.html")
    assert page.locator("#chron-filter").is_visible()
    page.select_option("#chron-decade", "1940")
    visible = page.locator("tr.chron-row:visible")
    assert visible.count() == 4
    assert "4 of 75" in page.locator("#chron-status").inner_text()
    assert not page.locator("section#y1921").is_visible()
    page.select_option("#chron-decade", "")
    page.select_option("#chron-entity", "grand-duke-michael")
    assert page.locator("tr.chron-row:visible").count() >= 1
    assert page.locator("tr#d8").is_visible()
    page.click("#chron-filter button[type='reset']")
    page.wait_for_function("document.querySelectorAll('tr.chron-row[hidden]').length === 0")


def test_chronology_is_complete_without_javascript(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(server + "chronology.html")
        assert not pg.locator("#chron-filter").is_visible()
        assert pg.locator("tr.chron-row:visible").count() == 75
        decade = pg.locator(".chron-decades a", has_text="1940s")
        assert decade.get_attribute("href") == "#y1941"  # the decade's first year with a date
        decade.click()
        assert in_view(pg, "#y1941")
    finally:
        ctx.close()


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_nothing_serious(page, server, name):
    axe = webtools() / "axe-core" / "axe.min.js"
    page.goto(server + name + ("?q=Miasnikov" if name == "search.html" else ""))
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


def test_narrow_screen_has_no_horizontal_scroll(browser, server):
    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        pg = ctx.new_page()
        for name in PAGES:
            pg.goto(server + name)
            assert pg.evaluate("document.documentElement.scrollWidth") <= 360, name
    finally:
        ctx.close()


def test_readable_without_javascript(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(server + "index.html#p42")
        assert in_view(pg, "#p42")
        pg.locator("#p42 details.cite summary").click()
        assert "#p42" in pg.locator("#p42 .citation").inner_text()
        assert pg.locator("span.corr[title^='source reads']").count() >= 1
    finally:
        ctx.close()


def test_no_request_leaves_the_site(context, server):
    pg = context.new_page()
    for name in PAGES:
        pg.goto(server + name)
        pg.wait_for_load_state("load")
    pg.goto(server + "index.html")
    pg.locator("a.name-place").first.hover()
    pg.goto(server + "search.html?q=Perm")
    pg.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    # The Outside router saw every request; the context fixture asserts none left.
    assert context.outside.blocked == []


def test_works_from_the_file_system(browser, built_edition: Path):
    ctx = browser.new_context()
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    try:
        pg = ctx.new_page()
        site = (built_edition / "site").resolve()
        pg.goto((site / "search.html").as_uri() + "?q=Perm")
        pg.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        pg.goto((site / "index.html").as_uri() + "#p42")
        pg.locator("a.name-person").first.focus()
        assert pg.locator("#tei_card").is_visible()
    finally:
        ctx.close()
    assert [u for u in requests if not u.startswith("file://")] == []


def test_print_stylesheet_keeps_text_and_numbers_only(page, server):
    page.goto(server + "index.html")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("#p42 details.cite").is_visible()
    assert page.locator("#p42 a.pn").is_visible()
    assert page.locator("#p42 > p").is_visible()


def test_chronology_prints_the_table_without_controls(page, server):
    page.goto(server + "chronology.html")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("#chron-filter").is_visible()
    assert not page.locator(".chron-decades").is_visible()
    assert page.locator(".timeline svg").is_visible()
    assert page.locator("tr#d1").is_visible()
