"""Validation of edition files: well-formedness, the RELAX NG schema, the Schematron rules.

Both schemas are derived from schemas/tei-edition.odd.xml (see odd.py) and compiled once per
process. Every problem of the schemas is reported at the line and column of the `<` of the
offending element's start tag (its first line, where a tag spans several), read from the file
once for all the problems (`source.Source`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from lxml import etree

from tei_edition.core import interrupts
from tei_edition.core.codes import CODES
from tei_edition.schema.odd import ODD, RNG
from tei_edition.schema.schematron import SVRL, report as schematron_report
from tei_edition.schema.output_checks import link_url_problems, unlinked_problems
from tei_edition.schema.date_checks import date_text_problems, read_after_the_edition
from tei_edition.core.source import Source
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import read_tei, read_xml



@lru_cache(maxsize=1)
def relaxng() -> etree.RelaxNG:
    return etree.RelaxNG(read_xml(RNG))


def _locate(tree: etree._ElementTree, location: str | None, located: dict[str, etree._Element]) -> etree._Element:
    """The element a Schematron problem is on: its path's, as the rules wrote it (`located`), or,
    for a problem on an attribute, its element's; failing both (a path of another form), the
    first element the path selects."""
    if location in located:
        return located[location]
    if location and "/@" in location and (owner := location.rsplit("/@", 1)[0]) in located:
        return located[owner]
    try:
        hits = tree.xpath(location) if location else []
    except etree.XPathError:
        hits = []
    hit = hits[0] if hits else tree.getroot()
    return hit if isinstance(hit, etree._Element) else hit.getparent()


def _schema_findings(tree: etree._ElementTree) -> list[tuple[etree._Element, str, str]]:
    findings = []
    rng = relaxng()
    if not rng.validate(tree):
        from tei_edition.schema.explain import explain  # only needed when something is wrong

        findings += explain(tree, list(rng.error_log))
    try:
        report, located = schematron_report(tree)
    except etree.XSLTApplyError as exc:  # libxslt looks a function, prefix or variable up only when it runs
        why = str(exc).splitlines()[0] if str(exc) else "the rules stopped"
        raise EditionError([Problem(str(ODD), 1, 1, "E0521", f"a rule of the schema cannot be run ({why}): an "
                                    "unknown function, namespace prefix or variable in one of its tests; correct "
                                    "the rule in the ODD and run `tei-edition odd`")]) from None
    for node in report.getroot().iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
        code = node.get("role", "")
        text = node.find(f"{SVRL}text")
        assert text is not None  # SVRL: every failed-assert and successful-report has its svrl:text
        message = " ".join("".join(text.itertext()).split())
        if code not in CODES:  # a rule without a registered code is a bug in the ODD
            raise ValueError(f"Schematron rule {node.get('test')!r} has unregistered code {code!r}")
        findings.append((_locate(tree, node.get("location"), located), code, message))
    return findings


# a later stage's checks: the tree, its path, and the file as validate located its problems in it
Check = Callable[[etree._ElementTree, str, Source], list[Problem]]


def validate_tree(tree: etree._ElementTree, path: str, also: Check | None = None) -> list[Problem]:
    """All problems of an already parsed TEI tree (errors and warnings); `also`, the checks of a
    later stage (the citation scheme as the build reads it), once the schema finds no error."""
    source = Source(path, tree.getroot())  # the file is read only if some problem is located
    checked: dict[str, list[Problem]] = {}

    def own_checks() -> None:  # need nothing the schema finds: made while lxml validates
        # what the outputs need (fonts, characters, the base URL), the dates' texts and values
        checked["outputs"] = unlinked_problems(tree, source)
        checked["dates"] = date_text_problems(tree, path, source) + read_after_the_edition(tree, path, source)

    # lxml releases Python's lock while it validates: a Ctrl-C need not wait for it, and this
    # thread's checks run on the other core
    findings = interrupts.waiting_for(lambda: _schema_findings(tree), own_checks)
    problems = {Problem(path, *source.tag(el), code, message) for el, code, message in findings}
    # an element the schema refused an attribute of (E0204) is explained already, its URLs'
    # faults too: the link check passes it by
    explained = {el for el, code, _ in findings if code == "E0204"}
    problems.update(checked["outputs"], link_url_problems(tree.getroot(), source, explained), checked["dates"])
    if also is not None and not any(p.code.startswith("E") for p in problems):
        problems.update(also(tree, path, source))
    return sorted(problems)


def validate_file(path: Path | str, also: Check | None = None) -> list[Problem]:
    try:
        tree = read_tei(path)
    except EditionError as exc:
        return exc.problems
    return validate_tree(tree, str(path), also)


def validate_files(files: Sequence[Path | str], also: Check | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for f in files:
        problems.extend(validate_file(f, also))
    return sorted(problems)
