"""The TEI's short forms for the print edition's running heads, added to a fixture: the
header's `<title type="short">` and a section's `<head type="short">` after its heading."""

from __future__ import annotations

TITLE = "<title type=\"main\">The Most Intransigent of Bolsheviks</title>"
HEAD = "<head>A life that touched many revolutionary threads</head>"


def with_short_forms(text: str) -> str:
    """`text` (a fixture holding TITLE and HEAD once each) with a short form after each."""
    for full, short in ((TITLE, '<title type="short">Bolsheviks</title>'), (HEAD, '<head type="short">A life</head>')):
        assert text.count(full) == 1, full
        text = text.replace(full, full + short)
    return text
