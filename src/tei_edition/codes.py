"""The one registry of problem codes. E… are errors (the build stops), W… warnings.

Codes are stable: never reuse or renumber one; retire it instead.
"""

CODES: dict[str, str] = {
    # Input files
    "E0001": "The file does not exist or cannot be read.",
    "E0002": "The file is not well-formed XML.",
    "E0003": "The file is not a TEI P5 document (root must be tei:TEI).",
    "E0004": "The file declares a DTD or entities; they are refused for safety.",
    "E0005": "The file is too large or too deeply nested to be an edition file.",
    # Build
    "E0100": "A transformation (XSLT) failed.",
    "E0101": "The PDF compiler (Typst) failed.",
    "E0102": "An output could not be written.",
    "E0103": "The requested part or option of the print edition does not exist (section, paragraph range, paper).",
    # Reuse: citation scheme, anchor lock, published TEI, DTS, citations, exports (E03xx/W03xx)
    "E0301": "No citation scheme: teiHeader/encodingDesc has no refsDecl with a citeStructure.",
    "E0302": "A refsDecl/citeStructure declaration is unusable (missing or non-XPath @match/@use, missing @delim or @n).",
    "E0303": "A citable unit has no reference, or two units share one.",
    "E0310": "The anchor lock of the edition is missing (create it with `tei-edition anchors lock`).",
    "E0311": "The anchor lock cannot be read or is not an anchor lock.",
    "E0312": "The text of a locked anchor changed (accept it with `tei-edition anchors accept ID --reason …`).",
    "E0313": "A locked anchor disappeared (accept it with `tei-edition anchors accept ID --reason …`).",
    "E0314": "Nothing to accept: the anchor is not in the lock or has not changed.",
    "E0315": "The master's revisionDesc could not be updated.",
    "W0310": "A citable unit is not yet in the anchor lock (record it with `tei-edition anchors lock`).",
    "E0320": "The published TEI has a reference that does not resolve inside the file.",
    "W0320": "The published TEI links to a file outside it with a relative path.",
    "E0321": "An XInclude of the master could not be resolved.",
    "E0330": "No citable unit has this reference.",
    "E0331": "The edition's base URL (publicationStmt/idno[@type='URI']) is missing.",
}


def describe(code: str) -> str:
    return CODES[code]
