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
    # Schema (schemas/tei-edition.odd.xml): RELAX NG structure (E020x) and Schematron rules
    # (E021x-E023x, W02xx). The rules' codes are the @role of their assertions in the ODD.
    "E0201": "An element is not allowed here: unknown, misspelt, in the wrong parent or out of order.",
    "E0202": "A required element is missing.",
    "E0203": "An attribute is not allowed on this element.",
    "E0204": "An attribute value is not allowed: not in the value list or not of the required form.",
    "E0205": "A required attribute is missing.",
    "E0206": "Text is not allowed directly inside this element.",
    "E0210": "An xml:id is used more than once.",
    "E0211": "A pointer (@ref, @target, @resp, @who, @source = #id) names no element of the document.",
    "E0212": "A pointer names the wrong kind of element (persName→person, placeName→place, orgName→org, citation→bibliography bibl).",
    "E0213": "Citable units (body p and cit) are not numbered 1…N in reading order (missing n, gap or repeat).",
    "E0214": "A citable unit's xml:id is not p{n}.",
    "E0215": "A section of the body is not numbered n={k}, xml:id=s{k} in order.",
    "E0216": "A section's head is missing (or the untitled opening section has one).",
    "E0217": "A note of the body has no xml:id n{k}, or its k leaves a gap (K notes have ids n1…nK).",
    "E0218": "A date attribute is not a real ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD).",
    "E0219": "A date attribute lies outside 1800-2100.",
    "E0220": "A date span runs backwards (@from after @to, or @notBefore after @notAfter).",
    "E0221": "A choice does not hold both readings (sic+corr or orig+reg).",
    "E0222": "A name, title, quotation or scare-quoted term (soCalled) is empty.",
    "E0223": "A register entry has no name (person/persName, place/placeName, org/orgName).",
    "E0224": "geo coordinates are not 'latitude longitude' in range.",
    "E0230": "The header has no licence (publicationStmt/availability/licence).",
    "E0231": "The header does not name the editors (titleStmt/editor and respStmt).",
    "E0232": "The header has no citation structure (encodingDesc/refsDecl/citeStructure).",
    "E0233": "The header does not list the languages (profileDesc/langUsage/language).",
    "E0234": "The header has no revision history (revisionDesc/change).",
    "E0235": "publicationStmt lacks the edition's date/@when or its idno type=URI.",
    "W0201": "A register entry is never referenced.",
    # E0240-E0242: the ODD's modes (tei-edition odd; schema/modes.py), what the TEI's ODD processor would
    # read otherwise; E0243: a rule of the schema, as E021x-E023x
    "E0240": "An ODD spec has a mode the derivation does not implement (elementSpec: replace; classSpec: change or delete; macroSpec, dataSpec, constraintSpec: add).",
    "E0241": "An ODD construct the derivation does not read (a spec kind, a class membership, a content model element or occurrence).",
    "E0242": "An attDef's mode does not fit what the element inherits (a new attribute it already inherits; a change, replace or delete of one it does not), or a change does not restate usage and the value form.",
    "E0243": "A block quotation of the body (cit, a citable unit) lacks rend=\"block\".",
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
    # The deposit package (tei-edition package): build/dist/
    "E0350": "The build lacks an output the deposit package holds (run `tei-edition build` first).",
    "E0351": "A file of the build no longer matches build/manifest.json (changed after the build).",
    "E0352": "A file name in the package is outside the POSIX portable filename set [A-Za-z0-9._-].",
    "E0353": "The package would hold more than 100 files at its top level.",
    # The editor's audit (tei-edition audit): what is not yet marked
    "W0401": "A name's @ref does not point to a register entry of its kind.",
    "W0402": "A register entry is never mentioned in the body.",
    "W0403": "A name form of a register entry occurs in the body without being marked.",
    "W0404": "A year is left unmarked, or a date's normalised value is invalid.",
    "W0405": "A mark differs from what the annotator derives from the registers and overrides.",
    # The editor's tools (tei-edition ingest, annotate, quotations, odd)
    "E0501": "The draft could not be made from the raw source and the reading order (ingest).",
    "E0502": "The annotator cannot mark the document (no registers, or a bad line in the overrides).",
    "W0501": "The annotator left a name or date unmarked: a name shared by several entries, a date without a year.",
    "W0502": "An annotation override is never applied: its context matches nothing in the text.",
    "E0510": "An inline quotation cannot be marked: a span without a decision, a decision without a span, or a span that would split markup.",
    "E0511": "The master is not marked as the quotation decisions say (run `tei-edition quotations`).",
    "E0520": "A derived schema (RELAX NG, Schematron) is out of date with the ODD (run `tei-edition odd`).",
}
