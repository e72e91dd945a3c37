"""What the tests of citation text share, on fixtures and on the master."""

from __future__ import annotations

from pathlib import Path
from lxml import html


def flat(text: str) -> str:
    return " ".join(text.split())


def citations_of(page: Path) -> list[str]:
    return [flat(p.text_content()) for p in html.fromstring(page.read_bytes()).xpath("//p[@class='citation']")]
