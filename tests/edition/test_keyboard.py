"""The web edition without a mouse or without sight, in Chromium: what opens closes on Escape and
gives the focus back, what the keyboard reaches leads somewhere, the place a link leads to is
shown, and what the accessibility tree names."""

from __future__ import annotations

from support.browser import in_view


def focused(page) -> str:
    return page.evaluate("""(() => { const a = document.activeElement;
        return a.tagName.toLowerCase() + (a.closest('details') ? ' in ' + a.closest('.unit').id : ''); })()""")


def test_escape_closes_the_cite_panel_and_gives_the_focus_back(page, server):
    page.goto(server + "index.html#p42")
    details = page.locator("#p42 details.cite")
    page.focus("#p42 details.cite summary")
    for i, stop in enumerate(("a", "select", "button")):  # the permanent link, the style, the copy button
        page.keyboard.press("Enter")
        assert details.evaluate("d => d.open")
        for _ in range(i + 1):
            page.keyboard.press("Tab")
        assert focused(page) == f"{stop} in p42"
        page.keyboard.press("Escape")
        assert not details.evaluate("d => d.open")
        assert focused(page) == "summary in p42"
    page.keyboard.press("Enter")
    # Escape elsewhere leaves an open panel as it is
    page.focus("#p43 a.pn")
    page.keyboard.press("Escape")
    assert details.evaluate("d => d.open")


def test_marks_of_rows_the_filter_hides_leave_the_tab_order(page, server):
    page.goto(server + "chronology.html")
    marks = page.locator(".timeline a.mark")
    total = marks.count()
    page.select_option("#chron-decade", "1940")
    shown = page.evaluate("[...document.querySelectorAll('tr.chron-row, tr.chron-event')].filter(r => !r.hidden).map(r => r.id)")
    assert 0 < len(shown) < total
    page.focus("#chron-decade")
    reached = []
    for _ in range(total + 20):
        page.keyboard.press("Shift+Tab")  # the timeline is above the filter
        href = page.evaluate("document.activeElement.classList.contains('mark') ? document.activeElement.getAttribute('href') : null")
        if href:
            reached.append(href[1:])
        elif reached:
            break
    assert sorted(reached) == sorted(r for r in shown if marks.locator(f"xpath=self::*[@href='#{r}']").count())
    hidden = page.locator(".timeline a.mark.dim").first
    assert hidden.get_attribute("aria-hidden") == "true"
    page.select_option("#chron-decade", "")
    assert page.locator(".timeline a.mark[tabindex], .timeline a.mark[aria-hidden]").count() == 0


def test_back_from_a_note_its_reference_is_marked(page, server):
    page.goto(server + "index.html")
    back = page.locator("ol.notes-list a.backlink").first
    target = back.get_attribute("href")[1:]
    plain = page.eval_on_selector(f"#{target}", "a => getComputedStyle(a).backgroundColor")
    back.click()  # by mouse: no focus ring to show where the reading resumes
    assert in_view(page, f"#{target}")
    assert page.eval_on_selector(f"#{target}", "a => getComputedStyle(a).backgroundColor") != plain


def test_every_figure_has_a_name(page, server):
    """Chromium names a figure by aria-labelledby only, not by its figcaption: the timeline was an
    unnamed figure (the map's figure names its caption)."""
    cdp = page.context.new_cdp_session(page)
    for name in ("chronology.html", "places.html"):
        page.goto(server + name)
        figures = [n for n in cdp.send("Accessibility.getFullAXTree")["nodes"]
                   if n.get("role", {}).get("value") == "figure" and not n.get("ignored")]
        assert figures and all(f["name"]["value"].strip() for f in figures), name


def test_in_forced_colours_the_place_a_link_leads_to_is_still_marked(browser, server):
    """Windows high contrast drops the highlight's background and shadow: every kind of target
    (a paragraph, a note, its reference, a register entry, a work, an emendation, a date) lost
    its mark there."""
    ctx = browser.new_context(forced_colors="active")
    try:
        pg = ctx.new_page()
        for url, mark in [("index.html#p42", "#p42 > p"), ("index.html#n10", "#n10"), ("index.html#nr_n10", "#nr_n10"),
                          ("persons.html#miasnikov", "#miasnikov"), ("bibliography.html", ".bibl-entry"),
                          ("emendations.html", ".emendations-table tbody tr"), ("chronology.html", "tr.chron-row")]:
            pg.goto(server + url)
            if "#" not in url:  # the first of its kind
                pg.evaluate("sel => { location.hash = document.querySelector(sel).id; }", mark)
            assert pg.eval_on_selector(mark, "e => getComputedStyle(e).outlineStyle") != "none", url
    finally:
        ctx.close()
