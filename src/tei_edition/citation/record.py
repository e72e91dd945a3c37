"""The edition's one bibliographic record, made once from the teiHeader.

What is cited is the edition: a digital scholarly edition, edited by the editors of
`titleStmt/editor` and published by `publicationStmt/publisher` on `publicationStmt/date`, of an
essay first published elsewhere (`sourceDesc/bibl[@type='source']`: its publisher and date). Its
type is decided here, once, and mapped to every vocabulary the outputs speak (`TYPES`):

* a standalone, edited work (the CSL spec's `book`: "a book or similar work"), not an article in
  a container: the edition has its own publisher, date and editors;
* the essay's first publication is the *original* (CSL `original-publisher`/`original-date`,
  biblatex `origpublisher`/`origdate`, schema.org `isBasedOn`, DataCite `IsDerivedFrom`);
* the editors are editors everywhere (CSL `editor`, RIS `ED`, BibTeX `editor`, Highwire
  `citation_editor`, schema.org `editor`, DataCite contributorType `Editor`);
* `titleStmt/title[@type='desc']` ("A digital scholarly edition") is its genre.

The CSL-JSON item (`edition_item`) is the record; the other formats are written from it
(`citation.formats`, `citation.webmeta`, `outputs.deposit`).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from tei_edition.citation.filing import filed_name, register_sort_key
from tei_edition.core import paths
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.text import EDITED_READING, reading
from tei_edition.core.xmlio import NS, XML_NS

CslItem = dict[str, Any]

# The edition's type in each vocabulary (one decision, see the module docstring).
TYPES = {
    "csl": "book",
    "ris": "BOOK",  # editors as ED (A2 on BOOK is the series editor)
    "bibtex": "misc",  # classic BibTeX: @book cannot hold both author and editor
    "biblatex": "book",
    "schema.org": "Book",
    "og": "book",  # OpenGraph type: what Zotero's web import reads before Dublin Core
    "dcmi": "Text",
    "datacite": "Book",
}

_HEADER = "tei:teiHeader/tei:fileDesc"


def text_of(el: etree._Element | None) -> str:
    """The edited reading of `el`, its spaces collapsed: a choice's corr/reg/expan, no note, as the
    stylesheets' c:reading-text (all its text gave "LawsnLawson" for a sic and its corr)."""
    return " ".join(reading(el, EDITED_READING).split()) if el is not None else ""


def name_kind(el: etree._Element) -> str | None:
    """"person" or "org" as the TEI says it: a persName (or its surname, forename) or an orgName
    in the name, or @ref to a person or an org of the registers; None for plain text (an author
    or editor may be a person or a body: TEI does not say which)."""
    if el.find(".//tei:orgName", NS) is not None:
        return "org"
    if any(el.find(f".//tei:{part}", NS) is not None for part in ("persName", "surname", "forename")):
        return "person"
    ref = el.get("ref", "")
    target = el.getroottree().getroot().xpath("//*[@xml:id = $id]", id=ref[1:]) if ref.startswith("#") else []
    kind = etree.QName(target[0]).localname if target else ""
    return kind if kind in ("person", "org") else None


def csl_name(el: etree._Element) -> dict[str, str]:
    """A CSL name: surname/forename/genName (Jr.) if encoded; a body (`name_kind`) as a literal; a
    person as the register files them (`filing`: "Linh Van Nguyen", "nguyen-linh-van"); a person
    known by one name (Plato) as a family name alone; else the last word as the family name — and
    in plain text, which does not say, one word or "The …" as a literal."""
    surname, forename = el.find(".//tei:surname", NS), el.find(".//tei:forename", NS)
    if surname is not None:
        family, given = text_of(surname), text_of(forename)
        if not family:  # known by the forename alone: as a person of one name (Plato)
            family, given = given, ""
        # an empty part is no part: `given: ""` printed "Lawson, . (2026)" in APA
        return {"family": family} | {key: value for key, value in (
            ("given", given), ("suffix", text_of(el.find(".//tei:genName", NS)))) if value}
    text, kind = text_of(el), name_kind(el)
    parts = text.split()
    inverted = inverted_name(text)
    if kind != "org" and inverted:
        return inverted
    filed = filed_name(parts, register_sort_key(el), SUFFIXES) if kind == "person" else None
    if filed:  # the TEI says which words are the family name: no particle or prefix rule guesses
        family, given, suffix = filed
        return _family_first(family, given, suffix) if given else _person(family, suffix=suffix)
    if kind == "person" and len(parts) == 1:  # a literal would make them a body (schema.org Organization)
        return {"family": text}
    if kind != "org" and len(parts) >= 2 and (kind == "person" or not text.lower().startswith("the ")):
        return given_first(parts)
    return {"literal": text}


# A generational suffix, as a name ends with it ("Paul Avrich Jr.", "Paul Avrich, Jr.")
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "Jnr.", "Jnr", "Snr.", "Snr", "II", "III", "IV"})

# Lower-case particles before the family name ("Marcel van der Linden", "van der Linden, Marcel"):
# CSL's non-dropping-particle, so each style decides where it goes (Chicago files under "Linden").
PARTICLES = ("van der", "van den", "van de", "von der", "von dem", "de la", "de las", "de los", "van", "von", "vom",
             "zu", "zum", "zur", "de", "del", "della", "dei", "degli", "delle", "di", "da", "das", "do", "dos", "du",
             "des", "le", "la", "ten", "ter", "te")
# Capitalised, these begin the family name ("W. E. B. Du Bois", "Ursula K. Le Guin"), but only after a
# given name ("Van Morrison" is one) and only these: Do, Des … capitalised are as often given names.
FAMILY_PREFIXES = ("Van Der", "Van Den", "Von Der", "De La", "Da", "De", "Del", "Della", "Di", "Du", "La", "Le",
                   "Van", "Von")


def _person(family: str, given: str = "", particle: str = "", suffix: str = "") -> dict[str, str]:
    """A CSL name with only the parts it has, in one key order."""
    name = {"family": family}
    for key, value in (("given", given), ("non-dropping-particle", particle), ("suffix", suffix)):
        if value:
            name[key] = value
    return name


def _particle(words: list[str], phrases: tuple[str, ...], *, at_end: bool) -> int:
    """How many of `words`, at their end or their start, are the longest of `phrases` (0: none)."""
    for n in range(min(2, len(words)), 0, -1):  # the phrases are one or two words
        if " ".join(words[-n:] if at_end else words[:n]) in phrases:
            return n
    return 0


def given_first(words: list[str]) -> dict[str, str]:
    """A name written given names first: the last word is the family name, unless it is a suffix
    ("Paul Avrich Jr.": family "Avrich", suffix "Jr.", where the suffix was taken for the family);
    a particle before it is the family name's ("Marcel van der Linden", "W. E. B. Du Bois": the
    particle went into the given names); a Spanish family name of two joined by a lower-case "y"
    between two capitalised words at the end, after a given name, is one ("José Ortega y Gasset":
    family "Ortega y Gasset")."""
    if len(words) >= 3 and words[-1] in SUFFIXES:
        return {**given_first(words[:-1]), "suffix": words[-1]}
    if len(words) >= 4 and words[-2] == "y" and words[-3][:1].isupper() and words[-1][:1].isupper():
        return _person(" ".join(words[-3:]), " ".join(words[:-3]))  # "José Ortega y Gasset"
    family, before = words[-1], words[:-1]
    if n := _particle(before, PARTICLES, at_end=True):
        return _person(family, " ".join(before[:-n]), " ".join(before[-n:]))
    if (n := _particle(before, FAMILY_PREFIXES, at_end=True)) and n < len(before):
        return _person(" ".join(before[-n:] + [family]), " ".join(before[:-n]))
    return _person(family, " ".join(before))


def initial(word: str) -> bool:
    """"W.", "G.P", "J.-P.", "Yu.": a given name's initial (or initials)."""
    return word[:1].isupper() and re.fullmatch(r"(?:[^\W\d_][^\W\d_]?\.-?)+[^\W\d_]?", word) is not None


def name_word(word: str) -> bool:
    """A capitalised word of a name: letters, and apostrophes, hyphens and full stops ("O'Brien",
    "Jean-Paul", "W."); not "Tregubova;", "(USA)", "al."."""
    return word[:1].isupper() and re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’.-])*", word) is not None


def said_person(name: dict[str, str]) -> bool:
    """Whether plain text read given names first (`given_first`) surely names a person: an
    initial among its given names ("V. I. Lenin", "W. E. B. Du Bois"), every given name and word of
    the family name capitalised (particles aside), and a family name that is no initial ("F. G."
    does not say it)."""
    given, family = name.get("given", "").split(), name["family"].split()
    return (any(initial(w) for w in given) and all(name_word(w) for w in given + family)
            and not any(initial(w) for w in family))


def _family_first(family: str, given: str, suffix: str = "") -> dict[str, str]:
    """"van der Linden", "Marcel": a lower-case particle before the family name is its particle;
    so is one after the given names ("Linden, Marcel van der", as Chicago files it), where the
    family name has none."""
    words, names = family.split(), given.split()
    if n := _particle(words[:-1], PARTICLES, at_end=False):
        return _person(" ".join(words[n:]), given, " ".join(words[:n]), suffix)
    n = _particle(names[1:], PARTICLES, at_end=True)
    return _person(family, " ".join(names[:len(names) - n]), " ".join(names[len(names) - n:]), suffix)


def inverted_name(text: str) -> dict[str, str] | None:
    """"Lawson, Tommy" as a bibliography writes a name: family first, a comma, then the given
    names (whose last word was taken for the family name: "Tommy, Lawson,"); a one-word suffix
    after a second comma, "Avrich, Paul, Jr." (the suffix was taken for the family name). A suffix
    after the only comma, "Paul Avrich, Jr.", ends a name written given names first (it was read
    as family "Paul Avrich", given "Jr.")."""
    parts = [" ".join(p.split()) for p in text.split(",")]
    if len(parts) == 2 and parts[1] in SUFFIXES and len(parts[0].split()) >= 2:  # "Paul Avrich, Jr.": not family first
        return {**given_first(parts[0].split()), "suffix": parts[1]}
    if len(parts) in (2, 3) and all(parts) and (len(parts) == 2 or len(parts[2].split()) == 1):
        return _family_first(parts[0], parts[1], parts[2] if len(parts) == 3 else "")
    return None


def date_parts(when: str | None) -> dict[str, list[list[int]]] | None:
    if not when:
        return None
    m = re.match(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", when)
    if not m:
        return None
    return {"date-parts": [[int(x) for x in m.groups() if x]]}


def iso_date(dp: dict[str, list[list[int]]] | None) -> str:
    if not dp:
        return ""
    parts = dp["date-parts"][0]
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])


def base_url(tree: etree._ElementTree, override: str | None = None) -> str:
    if override:
        return override
    uri = text_of(tree.getroot().find(f"{_HEADER}/tei:publicationStmt/tei:idno[@type='URI']", NS))
    if not uri:
        raise EditionError([Problem("teiHeader", 1, 1, "E0331",
                                    "no publicationStmt/idno[@type='URI'] (the edition's base URL); "
                                    "give one with --base-url")])
    return uri


def permalink(base: str, anchor: str | None) -> str:
    """The permanent link of a unit: the base URL (without a fragment) + `#` + its anchor; the
    base URL itself for the edition (anchor None). Every output prints this one."""
    if not anchor:
        return base
    return base.split("#", 1)[0] + "#" + anchor


def source_bibl(tree: etree._ElementTree) -> etree._Element | None:
    """The description of the essay's first publication (sourceDesc/bibl[@type='source'], else
    the first bibl of sourceDesc)."""
    fd = tree.getroot().find(_HEADER, NS)
    if fd is None:
        return None
    found = fd.find("tei:sourceDesc/tei:bibl[@type='source']", NS)
    return found if found is not None else fd.find("tei:sourceDesc/tei:bibl", NS)


def genre_phrase(fd: etree._Element | None) -> str:
    """What the edition is, as titleStmt/title[@type='desc'] writes it, without its article
    ("digital scholarly edition"): as a sentence says it."""
    desc = text_of(fd.find("tei:titleStmt/tei:title[@type='desc']", NS) if fd is not None else None)
    return re.sub(r"^(a|an|the)\s+", "", desc, flags=re.I)


def _genre(fd: etree._Element) -> str:
    """The record's genre, capitalised: the formats print it alone or first in a field."""
    desc = genre_phrase(fd)
    return desc[:1].upper() + desc[1:]


# Words whose full stop is an abbreviation's, which a colon follows ("Smith & Co.: A History")
ABBREVIATIONS = frozenset({"Ltd", "Inc", "Co", "Corp", "Bros", "etc", "St", "Jr", "Sr", "Dr", "Mr", "Mrs", "Ms", "Prof"})


def ends_sentence(title: str) -> bool:
    """Whether `title` ends with its own stop: ? or !, or a full stop that is neither an
    abbreviation's ("Ltd.", "U.S.") nor part of an ellipsis ("..."; "…" is no stop)."""
    if title.endswith(("?", "!")):
        return True
    if not title.endswith(".") or title.endswith(".."):
        return False
    word = title.split()[-1][:-1]
    return word not in ABBREVIATIONS and not re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", word)


def full_title(main: str, sub: str) -> str:
    """Title and subtitle: a title that ends in its own stop takes no colon ("Who Was He? A Life",
    "Stop. A Life": where two marks meet only the stronger is kept); an abbreviation's full stop or
    an ellipsis keeps it ("Smith & Co.: A History")."""
    if not (main and sub):
        return main
    return f"{main} {sub}" if ends_sentence(main) else f"{main}: {sub}"


def edition_title(tree: etree._ElementTree) -> str:
    """The edition's title and subtitle joined as `full_title` joins them: the one form every
    output names the edition by (citations, the PDF, the site, the EPUB)."""
    fd = tree.getroot().find(_HEADER, NS)
    return full_title(*titles(fd)) if fd is not None else ""


def titles(fd: etree._Element) -> tuple[str, str]:
    """The main title and the subtitle ("" if none) of `fd`, the header's fileDesc."""
    main = text_of(fd.find("tei:titleStmt/tei:title[@type='main']", NS)) or text_of(fd.find("tei:titleStmt/tei:title", NS))
    return main, text_of(fd.find("tei:titleStmt/tei:title[@type='sub']", NS))


def edition_item(tree: etree._ElementTree, url: str, item_id: str = paths.BASENAME) -> CslItem:
    """The CSL-JSON item of the edition (the record), with `url` as its URL. Every value comes
    from the header; what the header does not say is left out."""
    root = tree.getroot()
    fd = root.find(_HEADER, NS)
    if fd is None:
        raise EditionError([Problem("teiHeader", 1, 1, "E0331", "no teiHeader/fileDesc")])
    main, sub = titles(fd)
    item: CslItem = {"id": item_id, "type": TYPES["csl"], "title": full_title(main, sub)}
    if sub:
        item["title-short"] = main
    authors = [csl_name(a) for a in fd.findall("tei:titleStmt/tei:author", NS)]
    if authors:
        item["author"] = authors
    editors = [csl_name(e) for e in fd.findall("tei:titleStmt/tei:editor", NS)]
    if editors:
        item["editor"] = editors
    genre = _genre(fd)
    if genre:
        item["genre"] = genre
    publisher, issued = _publication(fd.find("tei:publicationStmt", NS), "tei:publisher", "tei:date")
    if publisher:
        item["publisher"] = publisher
    if issued:
        item["issued"] = issued
    original_publisher, original = _publication(source_bibl(tree), ".//tei:publisher", ".//tei:date[@when]")
    if original_publisher:
        item["original-publisher"] = original_publisher
    if original:
        item["original-date"] = original
    item["language"] = root.get(f"{{{XML_NS}}}lang") or "en"
    item["URL"] = url
    return without_empty_names(item)


def _publication(where: etree._Element | None, publisher_path: str,
                 date_path: str) -> tuple[str, dict[str, list[list[int]]] | None]:
    """The publisher and the CSL date of `where` (the edition's publication statement, or the
    first publication's bibl); empty where it has none."""
    if where is None:
        return "", None
    date = where.find(date_path, NS)
    return text_of(where.find(publisher_path, NS)), date_parts(date.get("when") if date is not None else None)


def licence(tree: etree._ElementTree) -> tuple[str, str]:
    """(URL, statement) of the edition's licence (publicationStmt/availability/licence)."""
    el = tree.getroot().find(f"{_HEADER}/tei:publicationStmt/tei:availability/tei:licence", NS)
    return ((el.get("target") or "") if el is not None else "", text_of(el))


def abstract(tree: etree._ElementTree) -> str:
    return text_of(tree.getroot().find("tei:teiHeader/tei:profileDesc/tei:abstract", NS))


def keywords(tree: etree._ElementTree) -> list[str]:
    terms = tree.getroot().findall("tei:teiHeader/tei:profileDesc/tei:textClass/tei:keywords//tei:term", NS)
    return [t for t in (text_of(term) for term in terms) if t]


NAME_ROLES = ("author", "editor")


def without_empty_names(item: CslItem) -> CslItem:
    """`item` without the names that say nothing (no literal, family or given name but spaces) and
    the empty parts of the others; a role left with no name is left out. Every constructor of an item ends with it (`edition_item`,
    `exports.bibl_items`, `exports_apparatus.works_consulted`, `package.edition_record`), so no
    item holds an empty name and no writer checks again (it printed "AU  - ", BibTeX `{}`, "Edited
    by None", or failed)."""
    def said(name: dict[str, str]) -> bool:
        return any(str(name.get(part, "")).strip() for part in ("literal", "family", "given"))

    kept = {role: [{part: value for part, value in n.items() if str(value).strip()} for n in item.get(role, []) if said(n)]
            for role in NAME_ROLES if role in item}  # and no name keeps an empty part ("given": "")
    return {key: kept.get(key, value) for key, value in item.items() if kept.get(key, True)}


def family_name(name: dict[str, str]) -> str:
    """The family name with its particle, as written: "van der Linden" (where a format has no
    field for the particle: BibTeX's von part, RIS, DataCite, schema.org)."""
    return " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)


def name_text(name: dict[str, str]) -> str:
    """A CSL name as it is read: "Given Family Suffix" or the literal."""
    return name.get("literal") or " ".join(p for p in (name.get("given"), family_name(name), name.get("suffix")) if p)


def in_sentence(name: str) -> str:
    """A name as it stands inside a sentence ("edited by the tei-edition editorial team"): the
    article it begins with in lowercase, as Chicago writes it and the stylesheets do (c:in-sentence)."""
    return "the" + name[3:] if name.startswith("The ") else name
