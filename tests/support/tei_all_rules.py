"""The Schematron rules that tei_all.rng embeds, run on a document as far as XPath 1.0 (lxml)
can read them: the published TEI must keep the constraints of TEI P5 that its RELAX NG alone
does not say (a gloss list of label/item pairs, …). Rules written in XPath 2.0 are counted as
not read."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from tei_edition.schema.schematron_walks import top_level_split

SCH = "http://purl.oclc.org/dsdl/schematron"


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)  # "pattern id: message (at line)"
    read: int = 0  # rules evaluated on the document
    unread: int = 0  # rules in XPath that lxml cannot evaluate


def run(rules: etree._Element, tree: etree._ElementTree) -> Outcome:
    """Each rule of each pattern of `rules` (tei_all.rng's root) on `tree`; a node fires the
    first rule of a pattern whose context it matches, as Schematron says."""
    outcome = Outcome()
    for pattern in rules.iter(f"{{{SCH}}}pattern"):
        fired: set[etree._Element] = set()
        for rule in pattern.iter(f"{{{SCH}}}rule"):
            ns = {k: v for k, v in rule.nsmap.items() if k}
            try:
                nodes = _context(tree, rule.get("context", ""), ns)
                for node in nodes:
                    if node in fired:
                        continue
                    fired.add(node)
                    outcome.problems.extend(f"{pattern.get('id')}: {message} (line {node.sourceline})"
                                            for message in _failures(rule, node, ns))
            except etree.XPathError:
                outcome.unread += 1
                continue
            outcome.read += 1
    return outcome


def _context(tree: etree._ElementTree, context: str, ns: dict[str, str]) -> list[etree._Element]:
    alternatives = top_level_split(context, "|")
    if alternatives is None:
        raise etree.XPathSyntaxError(context)
    found: list[etree._Element] = []
    for alternative in (a.strip() for a in alternatives):
        hits = tree.xpath(alternative if alternative.startswith("/") else "//" + alternative, namespaces=ns)
        found.extend(h for h in hits if isinstance(h, etree._Element))  # type: ignore[union-attr]
    return found


def _failures(rule: etree._Element, node: etree._Element, ns: dict[str, str]) -> list[str]:
    variables: dict[str, object] = {}
    for let in rule.iterfind(f"{{{SCH}}}let"):
        variables[let.get("name", "")] = node.xpath(let.get("value", ""), namespaces=ns, **variables)
    failed = []
    for check in rule.iter(f"{{{SCH}}}assert", f"{{{SCH}}}report"):
        holds = bool(node.xpath(f"boolean({check.get('test')})", namespaces=ns, **variables))
        if holds == (check.tag == f"{{{SCH}}}report"):
            failed.append(" ".join("".join(check.itertext()).split()))
    return failed
