"""The apparatus pages of the web edition in Chromium and in the Nu checker (issue #10): valid
HTML, WCAG 2.2 AA (axe) at 360 and 1280 px, cards of events and glossary terms by keyboard,
emendation sign → row → paragraph, short citations → works consulted, the chronology's events."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.browser import WCAG22_AA, WIDTHS, in_view, open_page, webtools
from support.html_site import APPARATUS, NEW_PAGES, build_html
from support.vnu import check



def test_vnu_accepts_the_new_pages_of_the_edition_and_the_fixture(built_edition: Path, tmp_path: Path):
    fixture = build_html(APPARATUS, tmp_path)
    pages = [built_edition / "site" / p for p in NEW_PAGES] + [fixture / p for p in [*NEW_PAGES, "index.html", "about.html"]]
    assert check(pages) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", NEW_PAGES)
def test_axe_wcag22_aa_finds_nothing_on_the_new_pages(browser, server, name, width):  # noqa: F811
    axe = webtools() / "axe-core" / "axe.min.js"
    ctx, pg, errors = open_page(browser, server + name, width)
    try:
        pg.add_script_tag(path=str(axe))
        result = pg.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG22_AA)
        assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        ctx.close()
    assert errors == []


@pytest.mark.parametrize("kind, label", [("event", "Event"), ("term", "Glossary")])
def test_event_and_term_cards_by_keyboard(page, server, kind, label):  # noqa: F811
    page.goto(server + "index.html")
    link = page.locator(f".reading-text a.name-{kind}").first
    ident = link.get_attribute("data-card")
    unit = link.evaluate("a => a.closest('.unit').id")
    page.focus(f"#{unit} a.pn")
    for _ in range(60):  # Tab from the paragraph number to the link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-card')") == ident:
            break
    else:
        pytest.fail(f"Tab never reached the {kind} {ident}")
    card = page.locator("#tei_card")
    assert card.is_visible()
    cards = page.evaluate("window.TEI_CARDS")
    assert cards[ident]["kind"] == kind
    assert label.upper() in card.inner_text().upper() and cards[ident]["name"] in card.inner_text()
    page.keyboard.press("Escape")
    assert not card.is_visible()
    page.focus(f"a[data-card='{ident}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{'events' if kind == 'event' else 'glossary'}.html#{ident}")
    assert in_view(page, f"article#{ident}")


def test_highlight_control_offers_events_and_terms(page, server):  # noqa: F811
    page.goto(server + "index.html")
    kinds = page.eval_on_selector_all("#highlight_box input", "inputs => inputs.map(i => i.value)")
    assert {"event", "term"} <= set(kinds)
    page.check("#highlight_box input[value='event']")
    assert page.evaluate("document.documentElement.classList.contains('hl-event')")


def test_emendation_sign_to_row_to_paragraph(page, server):  # noqa: F811
    page.goto(server + "index.html#p14")
    sign = page.locator("#p14 a.emend").first
    ident = sign.get_attribute("id").removeprefix("sign_")
    sign.focus()
    assert "source reads" in page.locator("#tei_card").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/emendations.html#{ident}")
    assert in_view(page, f"tr#{ident}")
    assert page.evaluate(f"getComputedStyle(document.getElementById('{ident}')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.locator(f"tr#{ident} th a").inner_text() == "¶ 14"
    page.click(f"tr#{ident} th a")
    page.wait_for_url(f"**/index.html#sign_{ident}")
    assert in_view(page, f"a#sign_{ident}")
    assert page.evaluate(f"document.getElementById('sign_{ident}').closest('.unit').id") == "p14"


def test_short_citations_lead_to_their_works_consulted(page, server):  # noqa: F811
    for name in ("persons.html", "events.html", "glossary.html", "index.html"):
        page.goto(server + name)
        hrefs = page.eval_on_selector_all("a.source-ref", "links => links.map(a => a.getAttribute('href'))")
        assert hrefs, name
        missing = page.evaluate("""async hrefs => {
            const doc = new DOMParser().parseFromString(await (await fetch('sources.html')).text(), 'text/html');
            return hrefs.filter(h => !doc.getElementById(h.split('#')[1]));
        }""", hrefs)
        assert missing == [], name
    page.goto(server + "persons.html#miasnikov")
    page.click("#miasnikov a.source-ref")
    page.wait_for_url("**/sources.html#src-wp-myasnikov")
    assert in_view(page, "li#src-wp-myasnikov")


def test_chronology_shows_the_events_beside_the_texts_dates(page, server):  # noqa: F811
    page.goto(server + "chronology.html")
    events = page.locator("tr.chron-event")
    assert events.count() == 32 and page.locator("tr.chron-row").count() == 75
    assert page.locator("tr.chron-event th .chron-kind").first.inner_text().upper() == "EVENT"
    page.select_option("#chron-kind", "event")
    assert page.locator("tr.chron-row:visible").count() == 0 and page.locator("tr.chron-event:visible").count() == 32
    assert "0 of 75 dates of the text and 32 of 32 events" in page.locator("#chron-status").inner_text()
    page.click("#chron-filter button[type='reset']")
    page.wait_for_function("document.querySelectorAll('tr.chron-event[hidden], tr.chron-row[hidden]').length === 0")
    # the timeline's event marks are squares and bars of their own, reached and followed by keyboard
    mark = page.locator(".timeline a.mark-event").first
    assert mark.locator("rect.event").count() == 1
    target = mark.get_attribute("href")
    mark.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == target
    page.keyboard.press("Enter")
    page.wait_for_url("**/chronology.html" + target)
    assert in_view(page, f"tr{target}")
    assert page.locator(f"tr{target} td.wording a.name-event").count() == 1
