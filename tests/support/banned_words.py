"""What the tests of banned words share, on fixtures and on the master."""

from __future__ import annotations

import re


BANNED = re.compile(
    r"\b(?:stored|cop(?:y|ies)|mirror(?:s|ed)?|rounds?|wayback|spocwiki)\b|web\.archive|\bhas_id_\w+"
    r"|(?<![/=.\w-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}(?![\w./-])", re.IGNORECASE)


# Words of the web edition's interface (the control that copies a citation), not of the apparatus.
INTERFACE = ("Copy citation", "cite-copy", 'execCommand("copy")', "copy it", "ready to copy",
             "gains a copy button", "Copied.")


def word_list(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def offending(text: str, windows: set[tuple[str, ...]], used: set[str], index: bool = False) -> list[str]:
    """The banned words of `text` that are not the essay's own (nor the interface's)."""
    plain = re.sub(r"<[^>]+>", " ", text)
    for phrase in INTERFACE:
        plain = plain.replace(phrase, " ")
    found = []
    for m in BANNED.finditer(plain):
        before = word_list(plain[max(0, m.start() - 60): m.start()])[-1:]
        after = word_list(plain[m.end(): m.end() + 60])[:1]
        window = tuple(before + word_list(m.group()) + after)
        if window in windows or (index and m.group().lower() in used):
            continue
        found.append(" ".join(plain[max(0, m.start() - 40): m.end() + 40].split()))
    return found
