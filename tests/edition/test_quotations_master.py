"""Inline quotations (tei_edition.curation.quotations): finding the quoted spans, the decision file, the
marking (nesting, idempotence, failures), and the committed master against edition/source/quotations.txt.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_quotations.py."""

from __future__ import annotations

import shutil

from tei_edition.curation import annotate as A
from tei_edition.curation import quotations as Q
from tei_edition.core.paths import MASTER


# ------------------------------------------------------------------------------ the master
def test_master_is_marked_as_the_decision_file_says(tmp_path):
    """Every quoted span of the master has a reviewed decision, every decision still matches,
    and the committed master is exactly the module's output on itself (so is the annotator's:
    tests/edition/test_annotate_master.py); the text does not change."""
    work = tmp_path / "master.xml"
    shutil.copy(MASTER, work)
    old = work.read_bytes()
    new, report = Q.mark_bytes(old, str(work), Q.load_decisions(), str(Q.DECISIONS))
    assert new == old, "run tei-edition quotations on the master"
    assert report.counts["quote"] > 0 and report.counts["soCalled"] > 0
    work.write_bytes(new)
    A.annotate_file(work)
    assert work.read_bytes() == old
