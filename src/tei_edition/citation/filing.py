"""How the registers file a person's name: the @sortKey of the `person` a name points to.

The key is lowercase ASCII words joined by hyphens, the family name first ("nguyen-linh-van",
"garcia-marquez-gabriel"), a name with no family name as it is written ("nicholas-ii",
"daia-grigorevna": a patronymic is never a surname). Where the TEI says so, it says which words of a
name are its family name, and `citation.record.csl_name` reads them so rather than guessing."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from lxml import etree

from tei_edition.core.xmlio import NS

# Letters NFKD does not take apart, as ASCII spells them
_ASCII = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})


def register_sort_key(el: etree._Element) -> str:
    """The @sortKey of the register's `person` that `el`, or a persName in it, points to; "" if none."""
    refs = [el.get("ref", "")] + [p.get("ref", "") for p in el.iterfind(".//tei:persName", NS)]
    root = el.getroottree().getroot()
    for ref in refs:
        if ref.startswith("#"):
            found = root.xpath("//tei:person[@xml:id = $id]/@sortKey", namespaces=NS, id=ref[1:])
            if found:
                return str(found[0])
    return ""


def ascii_letters(words: list[str]) -> str:
    """`words` as a sort key spells them, without its hyphens: ["Đặng", "Thị"] -> "dangthi"."""
    text = unicodedata.normalize("NFKD", " ".join(words).lower()).translate(_ASCII)
    return "".join(c for c in text if c.isascii() and c.isalnum())


def filed_name(words: list[str], key: str, suffixes: Collection[str] = ()) -> tuple[str, str, str] | None:
    """(family, given, suffix) of the name `words` as `key` files it: the family name is the name's
    last words, which the key begins with, the given names the others, with which it goes on
    ("Linh Van Nguyen", "nguyen-linh-van": "Nguyen", "Linh Van"); a last word of `suffixes` is the
    suffix (the key may end with it). A key that spells the name as it is written files a name of
    one part ("Nicholas II", "nicholas-ii": family "Nicholas II"). None where the key spells another
    name (a variant, initials: "V. I. Lenin", "lenin-vladimir"): the TEI does not say."""
    keys, suffix = [k for k in key.split("-") if k], ""
    if len(words) >= 3 and words[-1] in suffixes:
        words, suffix = words[:-1], words[-1]
        keys = keys[:-1] if keys[-1:] == [ascii_letters([suffix])] else keys
    for n in range(1, len(words)):
        family, given = ascii_letters(words[-n:]), ascii_letters(words[:-n])
        if any("".join(keys[:k]) == family and "".join(keys[k:]) == given for k in range(1, len(keys))):
            return " ".join(words[-n:]), " ".join(words[:-n]), suffix
    if keys and ascii_letters(words) == "".join(keys):
        return " ".join(words), "", suffix
    return None
