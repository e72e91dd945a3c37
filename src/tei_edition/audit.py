"""The editor's audit: what is not yet marked or not yet verified in an edition file.

Problems (W0401–W0405) come from the annotation audit (names and dates); the summary counts
what the registers still lack (life dates, coordinates, authority identifiers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .annotate_audit import audit_findings, reannotation_lines
from .annotate_registers import OVERRIDES, load_overrides
from .problems import Problem
from .xmlio import NS, read_tei

CHECK_CODES = {"a": "W0401", "b": "W0402", "c": "W0403", "d": "W0404", "e": "W0405"}


@dataclass
class AuditReport:
    problems: list[Problem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def _overrides_for(path: Path):
    # The overrides file belongs to the master; other files are audited without exceptions.
    if path.resolve() == paths.MASTER.resolve() and OVERRIDES.exists():
        return load_overrides(OVERRIDES)
    return []


def _count(root, xpath: str) -> int:
    return int(root.xpath(f"count({xpath})", namespaces=NS))


def register_summary(root) -> list[str]:
    persons, places, orgs = "//tei:standOff//tei:person", "//tei:standOff//tei:place", "//tei:standOff//tei:org"
    with_id = "[tei:idno[@type='wikidata' or @type='viaf' or @type='geonames']]"
    with_wp = "[tei:idno[@type='wikipedia']]"

    def links(xpath: str) -> str:
        return (f"with an authority identifier {_count(root, xpath + with_id)}, "
                f"with a Wikipedia link {_count(root, xpath + with_wp)}")

    return [
        f"persons: {_count(root, persons)}, with life dates {_count(root, persons + '[tei:birth or tei:death]')}, "
        + links(persons),
        f"places: {_count(root, places)}, with coordinates {_count(root, places + '[.//tei:geo]')}, " + links(places),
        f"organisations: {_count(root, orgs)}, " + links(orgs),
        f"marked in the body: {_count(root, '//tei:body//tei:persName')} persons, "
        f"{_count(root, '//tei:body//tei:placeName')} places, {_count(root, '//tei:body//tei:orgName')} "
        f"organisations, {_count(root, '//tei:body//tei:date')} dates, "
        f"{_count(root, '//tei:body//tei:bibl[tei:ref]')} citations",
    ]


def audit_file(path: Path | str) -> AuditReport:
    """Audit one TEI file; unreadable input raises EditionError like every reader."""
    path = Path(path)
    tree = read_tei(path)
    overrides = _overrides_for(path)
    report = AuditReport()
    for letter, line, text in audit_findings(tree, overrides):
        report.problems.append(Problem(str(path), line or 1, 1, CHECK_CODES[letter], text))
    for line, text in reannotation_lines(tree, overrides):
        report.problems.append(Problem(str(path), line or 1, 1, "W0405", text))
    report.problems.sort()
    report.summary = register_summary(tree.getroot())
    return report
