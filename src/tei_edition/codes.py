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
}


def describe(code: str) -> str:
    return CODES[code]
