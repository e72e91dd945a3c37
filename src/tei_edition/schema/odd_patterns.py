"""A dataRef's @restriction read alike by the two readers of the derived schema, or refused.

The TEI reads @restriction as an XML Schema pattern (teidata.pattern), and so does libxml2 when
`validate` checks a value against the derived RELAX NG; `explain.py` reads the same pattern with
Python's `re` to say why a value was refused. Python's syntax and XSD's overlap but do not agree,
and libxml2 compiles a pattern only when a value is checked: one it cannot compile refuses every
value without a word. So a pattern is derived only when both compile it and read it alike.

Measured (libxml2 2.14, Python 3.11): libxml2 does not compile (?:…), (?=…), (?!…), (?<=…), (?>…),
(?P<n>…), (?i), \\1, lazy and possessive quantifiers, \\b \\B \\A \\Z \\x \\N \\0 \\a \\f \\v, {,n}, an
unescaped ] or [[]; it compiles ^ and $ as ordinary characters (Python: anchors), \\w and \\W as
XSD's (with $ and +, without _), \\d with Unicode 4.0's digits (Python: 410 more), and [a-[b]] as
a subtraction (Python: a class, then a literal ]). Left as they are, since they differ only on
characters an attribute rarely holds and the edition's ODD uses them: \\s and \\S (U+0085, U+00A0,
U+2000…: XSD's are four characters) and . (XSD's excludes &#13;).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

# escapes XSD has (those Python reads otherwise, or not at all, are refused by _ESCAPES first)
XSD_SINGLE_ESCAPES = set("nrt\\|.?*+(){}-[]^")
XSD_CLASS_ESCAPES = set("sSiIcCdDwW")
_QUANTIFIER = re.compile(r"\{[0-9]*(,[0-9]*)?\}")
_GROUPS = [  # what follows "(?" in Python, what XSD has instead
    (":", "XSD patterns have no (?: … ); write ( … )"),
    ("=", "XSD patterns have no lookahead (?= … ); write the value's form without it"),
    ("!", "XSD patterns have no lookahead (?! … ); write the value's form without it"),
    ("<=", "XSD patterns have no lookbehind (?<= … ); write the value's form without it"),
    ("<!", "XSD patterns have no lookbehind (?<! … ); write the value's form without it"),
    ("P=", "XSD patterns have no backreferences (?P=name); write the group again"),
    ("P<", "XSD patterns have no named groups (?P<name> … ); write ( … )"),
    ("<", "XSD patterns have no named groups (?<name> … ); write ( … )"),
    (">", "XSD patterns have no atomic groups (?> … ); write ( … )"),
    ("#", "XSD patterns have no comments (?# … ); leave it out"),
    ("(", "XSD patterns have no conditionals (?( … ); write the alternatives with |"),
    ("", "XSD patterns have no inline flags (?i) (?s) …; write the characters out, e.g. [Aa]"),
]
_ESCAPES = {
    "d": "\\d is not Python's in XSD (libxml2 knows Unicode 4.0's digits only); write [0-9]",
    "D": "\\D is not Python's in XSD (libxml2 knows Unicode 4.0's digits only); write [^0-9]",
    "w": "\\w is not Python's in XSD (it takes $ and +, not _); write the class out, e.g. [A-Za-z0-9_]",
    "W": "\\W is not Python's in XSD (it takes _, not $ or +); write the class out, e.g. [^A-Za-z0-9_]",
    "i": "\\i is XSD's alone (explain.py reads the pattern with Python); write the class out",
    "I": "\\I is XSD's alone (explain.py reads the pattern with Python); write the class out",
    "c": "\\c is XSD's alone (explain.py reads the pattern with Python); write the class out",
    "C": "\\C is XSD's alone (explain.py reads the pattern with Python); write the class out",
    "p": "\\p{…} is XSD's alone (explain.py reads the pattern with Python); write the class out",
    "P": "\\P{…} is XSD's alone (explain.py reads the pattern with Python); write the class out",
    "b": "XSD patterns have no \\b; they match the whole value: leave it out",
    "B": "XSD patterns have no \\B; write the value's form without it",
    "A": "XSD patterns have no \\A; they match the whole value: leave it out",
    "Z": "XSD patterns have no \\Z; they match the whole value: leave it out",
    "z": "XSD patterns have no \\z; they match the whole value: leave it out",
}
XS_NS = "http://www.w3.org/2001/XMLSchema"


@dataclass
class Token:
    text: str
    in_class: bool
    kind: str  # "escape", "open" ([ or [^), "subtract" (-[), "close", "quantifier" ({m,n}), "char"


def tokens(pattern: str) -> Iterator[Token]:
    """The pattern's pieces as XSD reads them (escape-aware, classes and subtractions nested)."""
    i, depth = 0, 0
    while i < len(pattern):
        c, rest = pattern[i], pattern[i:]
        if c == "\\":
            end = i + 2
            if pattern[i + 1:i + 3] in ("p{", "P{"):
                end = pattern.find("}", i) + 1 or len(pattern)
            token = Token(pattern[i:end], depth > 0, "escape")
        elif c == "[" and (depth == 0 or pattern[i - 1:i] == "-"):
            token = Token("[^" if rest.startswith("[^") else "[", depth > 0, "subtract" if depth else "open")
            depth += 1
        elif c == "]" and depth:
            depth -= 1
            token = Token(c, True, "close")
        elif depth == 0 and (quantity := _QUANTIFIER.match(rest)):
            token = Token(quantity.group(), False, "quantifier")
        else:
            token = Token(c, depth > 0, "char")
        yield token
        i += len(token.text)


def problem(restriction: str) -> str | None:
    """Why XSD (libxml2) and Python would read `restriction` apart, and what to write instead;
    None when they read it alike."""
    if restriction == "":
        return ('restriction="" is empty: as a pattern it allows only an empty value; leave restriction out '
                'to allow any value of the datatype, or write the pattern the values have')
    pieces = list(tokens(restriction))
    if found := _python_only(pieces):
        return f"restriction {restriction[:200]!r}: {found}"
    try:
        with warnings.catch_warnings():  # "possible nested set": Python reads [&&] as XSD does, today
            warnings.simplefilter("ignore", FutureWarning)
            re.compile(restriction)
    except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}; 1,000 nested groups
        return f"restriction {restriction[:200]!r} is not a regular expression: {exc or type(exc).__name__}"
    if not _xsd_compiles(restriction):
        return (f"restriction {restriction[:200]!r} is not an XML Schema pattern: libxml2 does not compile it, "
                "and refuses every value (escape [ ] { } as \\[ \\] \\{ \\} where they are characters)")
    if any(t.kind == "subtract" for t in pieces):  # last: in a pattern neither compiles, -[ is a typo
        return (f"restriction {restriction[:200]!r}: XSD reads -[ … ] in a class as a subtraction, "
                "Python as characters: list the class out")
    return None


def _python_only(pieces: list[Token]) -> str | None:
    """The first construct of the pieces that Python reads otherwise than XSD does."""
    for at, (before, token, after) in enumerate(zip([None, *pieces], pieces, [*pieces[1:], None])):
        if token.kind == "escape":
            letter = token.text[1:2]
            if not letter:  # a \ that ends the pattern: re.compile says so
                continue
            if letter in _ESCAPES:
                return _ESCAPES[letter]
            if letter.isdigit():
                return f"XSD patterns have no backreferences ({token.text}): write the group again"
            if letter.isalnum() and letter not in XSD_CLASS_ESCAPES:
                return (f"{token.text} is Python's escape, not XSD's: write the character itself, "
                        "or its character reference (&#x…;)")
            if letter not in XSD_SINGLE_ESCAPES and letter not in XSD_CLASS_ESCAPES:
                return f"{token.text} is not an XSD escape (libxml2 reads some, other processors none): write [{letter}]"
        elif token.kind == "quantifier" and token.text.startswith("{,"):
            return f"XSD quantifiers need their lower bound: write {{0,{token.text[2:]}"
        elif token.in_class or token.kind != "char":
            continue
        elif token.text in "^$":
            return ("XSD patterns match the whole value and read ^ and $ as ordinary characters: leave them out "
                    "(write \\^ or [$] for the character itself)")
        elif token.text == "(" and after is not None and after.text == "?":
            return _group(pieces, at + 2)
        elif token.text in "?+" and before is not None and (before.kind == "quantifier" or
                                                             (before.kind == "char" and before.text in "*+?")):
            return "XSD patterns have no lazy or possessive quantifiers (*? +? ?? {m,n}? *+ …): write *, +, ? or {m,n}"
    return None


def _group(pieces: list[Token], start: int) -> str:
    rest = "".join(t.text for t in pieces[start:start + 2])
    return next(advice for prefix, advice in _GROUPS if rest.startswith(prefix))


def _xsd_compiles(restriction: str) -> bool:
    """libxml2 compiles restriction as an XSD pattern (its RELAX NG does so only at a value)."""
    schema = etree.Element(f"{{{XS_NS}}}schema", nsmap={"xs": XS_NS})
    simple = etree.SubElement(schema, f"{{{XS_NS}}}simpleType", name="t")
    base = etree.SubElement(simple, f"{{{XS_NS}}}restriction", base="xs:string")
    etree.SubElement(base, f"{{{XS_NS}}}pattern", value=restriction)
    try:
        etree.XMLSchema(schema)
    except etree.XMLSchemaParseError:
        return False
    return True
