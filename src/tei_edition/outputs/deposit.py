"""The deposit's descriptive files, written from the edition's one record (the CSL item of
`citation.record`, as the build exported it) and the published TEI's header:

    CITATION.cff      Citation File Format 1.2.0 (the deposit; its preferred citation is the record)
    datacite.json     DataCite Metadata Schema 4.5 in DataCite's JSON form (what a repository
                      registering a DOI reads; no DOI is given: the repository assigns it)
    LICENSE.txt       which terms cover what: the encoding CC BY 4.0, the essay's own terms
    CC-BY-4.0.txt     the legal code of CC BY 4.0, as the SPDX licence list publishes it
    README.md         what each file is, how to cite, the licences

Nothing here is invented: what the header does not say is left out.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from tei_edition.citation.formats import to_bibtex
from tei_edition.citation.record import (TYPES, CslItem, abstract, family_name, in_sentence, iso_date, keywords, licence,
                                         name_text, text_of)
from tei_edition.core import paths
from tei_edition.core.xmlio import NS

# The legal code shipped in data/licences/: the licenseText of CC-BY-4.0 in the npm package
# spdx-license-list 6.12.0 (CC0), compared with that package by the tests.
CC_BY_TEXT = paths.DATA_DIR / "licences" / "CC-BY-4.0.txt"
CC_BY_SOURCE = "spdx-license-list 6.12.0 (npm), licenses/CC-BY-4.0.json"
CC_BY_SPDX = "CC-BY-4.0"


def _yaml_scalar(value: Any) -> str:
    # JSON strings are YAML double-quoted scalars: no YAML type guessing, every character kept.
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _yaml(value: Any, indent: int = 0) -> list[str]:
    """Block-style YAML of dicts, lists and scalars (what CITATION.cff needs), key order kept."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, val in value.items():
            if isinstance(val, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines += _yaml(val, indent + 2)
            else:
                lines.append(f"{pad}{key}: {_yaml_scalar(val)}")
    else:
        for member in value:
            sub = _yaml(member, indent + 2) if isinstance(member, (dict, list)) else [f"{pad}  {_yaml_scalar(member)}"]
            lines.append(f"{pad}- {sub[0].strip()}")
            lines += sub[1:]
    return lines


def _cff_person(name: dict[str, str]) -> dict[str, str]:
    if "literal" in name:
        return {"name": name["literal"]}
    person = {"family-names": name["family"]} if name.get("family") else {}
    if name.get("given"):
        person["given-names"] = name["given"]
    if name.get("non-dropping-particle"):
        person["name-particle"] = name["non-dropping-particle"]
    if name.get("suffix"):
        person["name-suffix"] = name["suffix"]
    return person


def citation_cff(item: CslItem, tree: etree._ElementTree) -> str:
    date = iso_date(item.get("issued"))
    summary, terms = abstract(tree), keywords(tree)
    cited: dict[str, Any] = {"type": TYPES["csl"], "title": item["title"],
                             "authors": [_cff_person(n) for n in item.get("author", [])]}
    if item.get("editor"):
        cited["editors"] = [_cff_person(n) for n in item["editor"]]
    if item.get("publisher"):
        cited["publisher"] = {"name": item["publisher"]}
    if date:
        cited["date-published"] = date
        cited["year"] = int(date[:4])
    cited["url"] = item["URL"]
    if item.get("genre"):
        cited["medium"] = item["genre"]
    original = ", ".join(p for p in (item.get("original-publisher", ""), iso_date(item.get("original-date"))) if p)
    if original:
        cited["notes"] = f"First published: {original}"
    cited["languages"] = [item["language"]]
    cff: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": "If you use this edition, please cite it as below (the encoding is licensed CC BY 4.0; "
                   "see LICENSE.txt for the essay's own terms).",
        "type": "dataset",
        "title": item["title"],
        "authors": [_cff_person(n) for n in item.get("author", [])],
    }
    if date:
        cff["date-released"] = date
    cff["url"] = item["URL"]
    cff["license"] = CC_BY_SPDX
    if summary:
        cff["abstract"] = summary
    if terms:
        cff["keywords"] = terms
    cff["preferred-citation"] = cited
    return "\n".join(_yaml(cff)) + "\n"


def _datacite_name(name: dict[str, str]) -> dict[str, str]:
    if "literal" in name:
        return {"name": name["literal"], "nameType": "Organizational"}
    # DataCite has no field for a suffix: it stays in the full name, "Avrich, Paul, Jr."
    out = {"name": ", ".join(p for p in (family_name(name), name.get("given"), name.get("suffix")) if p),
           "nameType": "Personal"}
    if family_name(name):
        out["familyName"] = family_name(name)
    if name.get("given"):
        out["givenName"] = name["given"]
    return out


def datacite(item: CslItem, tree: etree._ElementTree) -> dict[str, Any]:
    date = iso_date(item.get("issued"))
    record: dict[str, Any] = {
        "url": item["URL"],
        "types": {"resourceTypeGeneral": TYPES["datacite"], "resourceType": item.get("genre") or TYPES["datacite"]},
        "creators": [_datacite_name(n) for n in item.get("author", [])],
        "titles": [{"title": item["title"], "lang": item["language"]}],
        "publisher": {"name": item.get("publisher", "")},
        "publicationYear": date[:4],
    }
    if item.get("editor"):
        record["contributors"] = [dict(_datacite_name(n), contributorType="Editor") for n in item["editor"]]
    if date:
        record["dates"] = [{"date": date, "dateType": "Issued"}]
    record["language"] = item["language"]
    terms = keywords(tree)
    if terms:
        record["subjects"] = [{"subject": t} for t in terms]
    url, statement = licence(tree)
    rights = {"rights": statement or "Creative Commons Attribution 4.0 International"}
    if url:
        rights["rightsUri"] = url
    record["rightsList"] = [dict(rights, rightsIdentifier=CC_BY_SPDX.lower(), rightsIdentifierScheme="SPDX")]
    summary = abstract(tree)
    if summary:
        record["descriptions"] = [{"description": summary, "descriptionType": "Abstract"}]
    if item.get("original-publisher") or item.get("original-date"):
        original: dict[str, Any] = {"relationType": "IsDerivedFrom", "relatedItemType": "Text",
                                    "titles": [{"title": item["title"]}],
                                    "creators": [_datacite_name(n) for n in item.get("author", [])]}
        if item.get("original-date"):
            original["publicationYear"] = iso_date(item["original-date"])[:4]
        if item.get("original-publisher"):
            original["publisher"] = item["original-publisher"]
        record["relatedItems"] = [original]
    record["schemaVersion"] = "http://datacite.org/schema/kernel-4"
    return record


def licence_text(tree: etree._ElementTree) -> str:
    """Which terms cover what, in the header's own words."""
    url, statement = licence(tree)
    availability = tree.getroot().find("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability", NS)
    others = [text_of(p) for p in availability.findall("tei:p", NS)] if availability is not None else []
    lines = ["Terms of this deposit", "=====================", "", "The edition (encoding, registers, notes, apparatus):",
             "", statement, ""]
    if url:
        lines += [f"Licence: {url}", f"The legal code is in CC-BY-4.0.txt ({CC_BY_SOURCE}).", ""]
    if others:
        lines += ["The text of the essay:", "", *others, ""]
    return "\n".join(lines)


# What Markdown reads in text as its own: a tag or comment (`</script>` vanished, `<!--` hid the
# rest), an escape (`\&` lost its backslash), emphasis, code, a link, a table cell, a strikethrough.
_MARKDOWN = re.compile(r"[\\`*_\[\]<>&~|]")
_URL = re.compile(r"(https?://\S+)")


def markdown_text(text: str) -> str:
    """`text` as Markdown that reads as `text`: its special characters escaped, but in an http(s)
    URL (a permalink in a citation: a reader's Markdown links it as it is)."""
    return "".join(part if i % 2 else _MARKDOWN.sub(lambda m: "\\" + m.group(), part)
                   for i, part in enumerate(_URL.split(text)))


def _fenced(code: str, language: str) -> list[str]:
    """A code block whose fence is longer than any run of backticks in `code` (which closed it)."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
    return [fence + language, code, fence]


def readme(item: CslItem, tree: etree._ElementTree, payload: list[tuple[str, str]]) -> str:
    """README.md of the deposit: what each file is, how to cite, the licences."""
    from tei_edition.citation.cite import citation

    chicago = markdown_text(citation(tree, None, "chicago", item["URL"], "deposit").strip())
    lines = [f"# {markdown_text(item['title'])}", ""]
    authors = ", ".join(name_text(n) for n in item.get("author", []))
    editors = ", ".join(in_sentence(name_text(n)) for n in item.get("editor", []))
    lines += [markdown_text(f"{item.get('genre') or 'Edition'} of the essay by {authors}"
              + (f", edited by {editors}" if editors else "")
              + (f"; published by {in_sentence(item['publisher'])}" if item.get("publisher") else "")
              + (f", {iso_date(item['issued'])}" if item.get("issued") else "") + "."), ""]
    lines += [f"Permanent address: <{item['URL']}>", "", "## Files", "", "| file | what |", "|---|---|"]
    lines += [f"| `{name}` | {what} |" for name, what in payload]
    lines += ["", "## How to cite", "", chicago, "",
              "The same record as BibTeX, biblatex, RIS and CSL-JSON: `exports/edition.bib`, "
              "`exports/edition-biblatex.bib`, `exports/edition.ris`, `exports/edition.json`; "
              "for one paragraph, `exports/citations.json` (paragraph n is `#p{n}` on the web, "
              "`xml:id=\"p{n}\"` in the TEI, the margin number in the PDF).", "",
              *_fenced(to_bibtex(item).rstrip(), "bibtex"), "",
              "## Licences", "", "See `LICENSE.txt` (which terms cover what) and `CC-BY-4.0.txt` (the legal code).", ""]
    return "\n".join(lines)
