"""The print edition's links to its own labels, made links to named destinations after Typst.

Typst lays out again, on every pass until the layout stops changing, each paragraph that holds
anything asking the layout about itself; a link to a label asks where the label is, so nearly
every paragraph of the text (a sign °, a title linked to its entry) was set twice. edition.typ's
`ref-to` links instead to the address `tei-edition-link-to:` + the label, which asks nothing,
and `named` makes each such link a link to the PDF's named destination of that name (Typst
writes one for every labelled heading, and every label a link of the edition names is an anchor
heading or a heading). The PDF is changed in place, byte for byte: the link's action and its
description are rewritten and padded with spaces, so every object keeps its offset and the
cross-reference table stays true.

`named` gives None when the PDF is not as it expects (a label without a destination, a link it
cannot read, objects in compressed streams): the build then compiles again with Typst's own
checked links (edition.typ's input `links: "checked"`), which link where the label is there and
print the text only where it is not.
"""

from __future__ import annotations

import re

PREFIX = b"tei-edition-link-to:"
_NAME = rb"([A-Za-z0-9:._-]+)"  # a TEI id, or edition.typ's own label (`own`): nothing to escape
_ACTION = re.compile(rb"/A<</Type/Action/S/URI/URI\(" + re.escape(PREFIX) + _NAME + rb"\)>>")
_CONTENTS = re.compile(rb"/Contents\(" + re.escape(PREFIX) + _NAME + rb"\)")
_DESTS = re.compile(rb"/Dests<</Names\[(.*?)\]>>", re.S)
_DEST = re.compile(rb"\(" + _NAME + rb"\)(\d+) 0 R")
_ON_PAGE = re.compile(rb"\n(\d+) 0 obj\n\[(\d+) 0 R/XYZ ")
_PAGES = re.compile(rb"<</Type/Pages/Count \d+/Kids\[([0-9 R]*)\]")


def named(pdf: bytes) -> bytes | None:
    """`pdf` with each link to `PREFIX` + a name made a link to the named destination `name`,
    described by the page it opens ("Go to page 12"); None when one cannot be (see above)."""
    if PREFIX not in pdf:
        return pdf
    if b"/ObjStm" in pdf:  # objects compressed: links this cannot see
        return None
    dests, pages = _DESTS.findall(pdf), _PAGES.findall(pdf)
    if len(dests) > 1 or len(pages) != 1:  # a tree of names or of pages: not what Typst writes
        return None
    destination = {name: int(obj) for name, obj in _DEST.findall(dests[0])} if dests else {}
    page_of = {int(obj): i for i, obj in enumerate(re.findall(rb"(\d+) 0 R", pages[0]), start=1)}
    on_page = {int(obj): int(page) for obj, page in _ON_PAGE.findall(pdf)}  # a destination's page
    missing = False

    def page(name: bytes) -> int | None:
        return page_of.get(on_page.get(destination.get(name, -1), -1))

    def action(m: re.Match[bytes]) -> bytes:
        nonlocal missing
        if m.group(1) not in destination:
            missing = True
        return _padded(b"/Dest(" + m.group(1) + b")", m)

    def contents(m: re.Match[bytes]) -> bytes:
        nonlocal missing
        number = page(m.group(1))
        if number is None:
            missing = True
            return m.group(0)
        return _padded(b"/Contents(Go to page %d)" % number, m)

    out, actions = _ACTION.subn(action, pdf)
    out, described = _CONTENTS.subn(contents, out)
    # every mention of the prefix read, as a link's action and its description
    if missing or actions != described or pdf.count(PREFIX) != actions + described:
        return None
    return out


def _padded(text: bytes, m: re.Match[bytes]) -> bytes:
    room = len(m.group(0)) - len(text)
    if room < 0:  # cannot happen: the address is longer than what replaces it
        raise ValueError(f"no room for {text!r}")
    return text + b" " * room
