"""The HTML sets the source's straight quotation marks as typographic ones, as the PDF does."""

from __future__ import annotations

from pathlib import Path

from lxml import html
from support import FIXTURES
from support.html_site import build_html


MINIMAL = FIXTURES / "minimal.xml"
PARAGRAPH = ('<p n="4" xml:id="p4">"<persName ref="#lenin">Lenin</persName>" wrote: \'the Party\'s '
             'line\' ("so-called" \'"workers"\') and "<title level="m">What Is to Be Done?</title>";'
             ' it\'s "done."</p>')


def test_straight_quotes_become_typographic_by_context(tmp_path: Path):
    master = tmp_path / "quotes.xml"
    text = MINIMAL.read_text(encoding="utf-8")
    start = text.index('<p n="4" xml:id="p4">')
    master.write_text(text[:start] + PARAGRAPH + text[text.index("</p>", start) + 4:], encoding="utf-8")
    doc = html.fromstring((build_html(master, tmp_path / "out") / "index.html").read_bytes())
    got = " ".join(doc.xpath("string(//div[@id='p4']/p)").split())
    assert got == ("“Lenin” wrote: ‘the Party’s line’ (“so-called” ‘“workers”’) and "
                   "“What Is to Be Done?”; it’s “done.”")
