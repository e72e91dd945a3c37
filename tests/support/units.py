"""What the tests of units share, on fixtures and on the master."""

from __future__ import annotations

from lxml import html


def html_units(index: html.HtmlElement) -> list[tuple[str, str, str]]:
    """(id, margin number, section id) of every unit of the rendered text."""
    return [(div.get("id"), div.xpath("string(a[@class='pn'])").replace("Paragraph ", ""),
             div.xpath("string(ancestor::*[contains(@class, 'section')][1]/@id)"))
            for div in index.xpath("//div[@class='unit']")]
