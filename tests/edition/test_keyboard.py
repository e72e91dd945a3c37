"""The web edition without a mouse, in Chromium: what opens closes on Escape and gives the focus
back, what the keyboard reaches leads somewhere, and the place a link leads to is shown."""

from __future__ import annotations


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
