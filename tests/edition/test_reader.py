"""The web edition as a reader meets it, in Chromium at phone (360 px) and desktop (1280 px) width:
the type (Libertinus Serif from the site, the measure), quiet names and the highlight control,
the map's keyboard use, WCAG 2.2 AA (axe with target-size) and the favicon."""

from __future__ import annotations

import functools
import statistics
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tei_edition.core import paths
from tei_edition.core.xmlio import NS, read_tei
from support.browser import WCAG22_AA, WIDTHS, open_page, webtools
from support.html_site import PAGES


def used_fonts(pg, selector: str) -> list[str]:
    """The fonts Chromium actually drew the node's text with (DevTools protocol)."""
    cdp = pg.context.new_cdp_session(pg)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    cdp.send("CSS.enable")
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in sorted(fonts, key=lambda f: -f["glyphCount"])]


@pytest.mark.parametrize("width", WIDTHS)
def test_reading_text_is_libertinus_from_the_site(browser, server, width):  # noqa: F811
    fetched: list[str] = []
    ctx, pg, errors = open_page(browser, server + "index.html#p42", width)
    try:
        pg.on("request", lambda r: fetched.append(r.url))
        pg.reload()
        pg.evaluate("document.fonts.ready.then(() => true)")
        assert used_fonts(pg, "#p42 > p")[0] == "Libertinus Serif"
        assert used_fonts(pg, "h1")[0] == "Libertinus Serif"
        assert pg.evaluate("document.fonts.check('1em \"Libertinus Serif\"')")
        faces = pg.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.style)")
        assert '"Libertinus Serif" normal' in faces or "Libertinus Serif normal" in faces
        assert any(u.startswith(server) and u.endswith("assets/libertinus-serif-regular.woff2") for u in fetched)
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        ctx.close()
    assert errors == []


def lines_of_paragraphs(pg) -> list[tuple[int, int]]:
    return pg.evaluate("""() => [...document.querySelectorAll('.reading-text .unit > p')].map(p => {
        const r = document.createRange(); r.selectNodeContents(p);
        const lines = new Set([...r.getClientRects()].map(x => Math.round(x.bottom))).size;
        return [p.textContent.replace(/\\s+/g, ' ').trim().length, lines];
    })""")


@pytest.mark.parametrize("width, low, high", [(1280, 60, 75), (360, 32, 50)])
def test_measure(browser, server, width, low, high):  # noqa: F811
    ctx, pg, _ = open_page(browser, server + "index.html", width)
    try:
        per_line = [chars / (lines - 0.5) for chars, lines in lines_of_paragraphs(pg) if lines >= 3]
        assert low <= statistics.median(per_line) <= high
    finally:
        ctx.close()


def test_names_are_quiet_until_hovered_or_focused(page, server):  # noqa: F811
    page.goto(server + "index.html#p42")
    name = page.locator("#p42 a.name").first
    style = "el => [getComputedStyle(el).textDecorationLine, getComputedStyle(el).color]"
    quiet, colour = name.evaluate(style)
    text_colour = page.locator("#p42 > p").evaluate("el => getComputedStyle(el).color")
    assert quiet == "none" and colour != text_colour
    name.focus()
    assert name.evaluate(style)[0] == "underline"


def test_highlight_control_by_keyboard_announced_and_remembered(page, server):  # noqa: F811
    page.goto(server + "index.html")
    group = page.get_by_role("group", name="Highlight names:")
    kinds = page.evaluate("[...document.querySelectorAll('.highlight input')].map(i => i.value)")
    in_text = page.evaluate("""[...new Set([...document.querySelectorAll('.reading-text a.name')]
        .flatMap(a => [...a.classList].filter(c => c.startsWith('name-')).map(c => c.slice(5))))]""")
    assert sorted(kinds) == sorted(in_text) and {"person", "place", "organisation"} <= set(kinds)
    places = group.get_by_role("checkbox", name="places")
    assert not places.is_checked()
    place_name = page.locator(".reading-text a.name-place").first
    background = "el => getComputedStyle(el).backgroundColor"
    assert place_name.evaluate(background) == "rgba(0, 0, 0, 0)"
    places.focus()
    page.keyboard.press("Space")
    assert places.is_checked()
    assert page.evaluate("document.documentElement.classList.contains('hl-place')")
    assert place_name.evaluate(background) != "rgba(0, 0, 0, 0)"
    assert page.locator(".reading-text a.name-person").first.evaluate(background) == "rgba(0, 0, 0, 0)"
    assert group.get_by_role("status").text_content() == "Highlighted: places."
    page.reload()
    places = page.get_by_role("checkbox", name="places")
    assert places.is_checked() and page.evaluate("document.documentElement.classList.contains('hl-place')")
    places.focus()
    page.keyboard.press("Space")
    page.reload()
    assert not page.get_by_role("checkbox", name="places").is_checked()
    assert not page.evaluate("document.documentElement.classList.contains('hl-place')")


def test_without_javascript_names_are_quiet_and_there_is_no_control(browser, server):  # noqa: F811
    ctx, pg, _ = open_page(browser, server + "index.html", 1280, java_script_enabled=False)
    try:
        assert pg.locator(".highlight").count() == 0
        assert pg.locator(".reading-text a.name").first.evaluate("el => getComputedStyle(el).textDecorationLine") == "none"
    finally:
        ctx.close()


def test_highlight_works_from_the_file_system(browser, built_edition: Path):  # noqa: F811
    url = (built_edition / "site" / "index.html").resolve().as_uri()
    ctx, pg, errors = open_page(browser, url, 1280)
    try:
        pg.get_by_role("checkbox", name="persons").check()
        assert pg.evaluate("document.documentElement.classList.contains('hl-person')")
        assert used_fonts(pg, ".reading-text .unit > p")[0] == "Libertinus Serif"
    finally:
        ctx.close()
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_map_markers_are_links_reached_and_shown_by_keyboard(browser, server, width):  # noqa: F811
    tree = read_tei(paths.MASTER)
    located = tree.xpath("//tei:listPlace//tei:place[normalize-space(tei:location/tei:geo)]/@xml:id", namespaces=NS)
    ctx, pg, errors = open_page(browser, server + "places.html", width)
    try:
        marks = pg.locator("figure.map a.place-mark")
        assert marks.count() == len(located)
        assert sorted(marks.evaluate_all("as => as.map(a => a.getAttribute('href').slice(1))")) == sorted(located)
        pg.keyboard.press("Tab")  # from the top of the page, as a keyboard user starts
        for _ in range(40):
            if pg.evaluate("document.activeElement.classList.contains('place-mark')"):
                break
            pg.keyboard.press("Tab")
        first = pg.evaluate("document.activeElement.getAttribute('href')")
        assert first == marks.first.get_attribute("href")
        ring = pg.evaluate("getComputedStyle(document.activeElement.querySelector('.hit')).stroke")
        assert ring == "rgb(26, 79, 139)"  # the focus ring
        box = pg.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return [r.left, r.right, r.width, r.height]; })()")
        assert box[0] >= 0 and box[1] <= width and box[2] >= 24 and box[3] >= 24
        name = pg.evaluate("document.activeElement.querySelector('title').textContent")
        pg.keyboard.press("Enter")
        pg.wait_for_url("**/places.html" + first)
        assert pg.locator(f"article{first} h2").inner_text() == name.split(" (")[0]
    finally:
        ctx.close()
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_wcag22_aa_finds_nothing(browser, server, name, width):  # noqa: F811
    axe = webtools() / "axe-core" / "axe.min.js"
    ctx, pg, _ = open_page(browser, server + name + ("?q=Miasnikov" if name == "search.html" else ""), width)
    try:
        pg.add_script_tag(path=str(axe))
        result = pg.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG22_AA)
        ran = {r["id"] for kind in ("passes", "violations", "incomplete", "inapplicable") for r in result[kind]}
        assert "target-size" in ran
        assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
    finally:
        ctx.close()


class _Logging(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]


@pytest.fixture()
def logged_server(built_edition: Path, tmp_path: Path):
    root = tmp_path / "root"
    (root).mkdir()
    (root / "site").symlink_to((built_edition / "site").resolve())
    # A control page without the icon link: the browser must then ask for /favicon.ico.
    index = (built_edition / "site" / "index.html").read_text(encoding="utf-8")
    (root / "bare").mkdir()
    (root / "bare" / "index.html").write_text(
        index.replace('<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">', ""), encoding="utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Logging, directory=str(root)))
    httpd.paths = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", httpd.paths  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


def test_every_page_links_the_favicon_and_none_asks_for_favicon_ico(browser, logged_server):  # noqa: F811
    base, requested = logged_server
    ctx = browser.new_context()
    try:
        pg = ctx.new_page()
        for name in PAGES:
            pg.goto(base + "site/" + name)
            pg.wait_for_load_state("load")
            assert pg.locator("link[rel='icon'][type='image/svg+xml']").get_attribute("href") == "assets/favicon.svg"
        pg.wait_for_timeout(300)
        assert "/site/assets/favicon.svg" in requested
        assert not [p for p in requested if p.endswith("/favicon.ico")]
        pg.goto(base + "bare/index.html")
        pg.wait_for_timeout(300)
        assert "/favicon.ico" in requested  # without the link the test above would have failed
    finally:
        ctx.close()


def test_print_shows_no_control_and_the_whole_map(page, server):  # noqa: F811
    page.goto(server + "index.html")
    page.emulate_media(media="print")
    assert not page.locator(".highlight").is_visible()
    page.goto(server + "places.html")
    page.emulate_media(media="print")
    width = page.evaluate("document.querySelector('.map svg').getBoundingClientRect().width")
    frame = page.evaluate("document.querySelector('.map-scroll').getBoundingClientRect().width")
    assert width <= frame + 1
