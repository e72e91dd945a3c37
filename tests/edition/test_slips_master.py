"""The correction policy leaves no slip of a declared kind undecided: every candidate the finder
reports is corrected in the master or listed, with its reason, in edition/source/slips.txt; and
the list does not go stale.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_slips.py."""

from __future__ import annotations

from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei
from tei_edition.curation import slips


def test_the_master_leaves_no_slip_undecided():
    root = read_tei(paths.MASTER).getroot()
    undecided, stale = slips.check(root, slips.load_exceptions())
    assert undecided == [], "add a correction or a line of edition/source/slips.txt for: " + \
        "; ".join(f"{c.unit} {c.kind} {c.text!r}" for c in undecided)
    assert stale == [], "lines of slips.txt that match nothing: " + "; ".join(f"{x.line}: {x.text!r}" for x in stale)


def test_the_master_corrects_the_slips_of_the_policy():
    found = [(c, h) for c, h in slips.candidates(read_tei(paths.MASTER).getroot())]
    handled = {(c.unit, c.kind) for c, h in found if h}
    assert ("p12", "possessive") in handled and ("p81", "doubled-word") in handled
    assert ("p94", "doubled-word") in handled and ("p72", "article") in handled and ("p80", "run-together") in handled
    assert sum(1 for c, h in found if h and c.kind == "possessive") >= 26
