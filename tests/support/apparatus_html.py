"""What the tests of apparatus html share, on fixtures and on the master."""

from __future__ import annotations

from lxml import html


def text_of(el) -> str:
    """What a reader sees of an element: the text without what only assistive technology gets."""
    el = html.fromstring(html.tostring(el))
    for hidden in el.xpath(".//*[contains(concat(' ', @class, ' '), ' visually-hidden ')]"):
        hidden.drop_tree()
    return " ".join(el.text_content().split())


MARKS = "\"'“”‘’"


def marks(text: str) -> int:
    return sum(text.count(m) for m in MARKS)
