"""The anchor lock's decisions over an edition's life: what the history records stays valid, and
the lock keeps what it locked. (Each accept's own writes: tests/toolkit/test_anchors.py.)"""

import shutil
from pathlib import Path

import pytest

from tei_edition.build import build
from tei_edition.citation import anchors
from tei_edition.core.problems import EditionError
from tei_edition.schema.validate import validate_file


@pytest.fixture()
def locked(minimal_tei, tmp_path) -> Path:
    master = tmp_path / "edition.xml"
    shutil.copy(minimal_tei, master)
    anchors.lock(master)
    return master


def edit(master: Path, old: str, new: str) -> None:
    text = master.read_text()
    assert text.count(old) == 1, old
    master.write_text(text.replace(old, new))


P4 = '\n        <p n="4" xml:id="p4"><persName ref="#lenin">Lenin</persName> wrote to them in <date when="1921-08-01">1921</date>.</p>'


def test_removing_a_unit_whose_change_was_accepted_leaves_a_valid_edition(locked, tmp_path):
    """The <change target="#p4"> of an accepted text change pointed to nothing once p4 was removed
    and its removal accepted: validate failed (E0211) and the build too (E0320), and no command
    could make the edition whole again but rewriting the history by hand."""
    edit(locked, "wrote to him in", "wrote to them in")
    anchors.accept(locked, "p4", "Corrected", "2026-12-01")
    edit(locked, P4, "")
    anchors.accept(locked, "p4", "Dropped", "2026-12-02")
    assert [p for p in validate_file(locked) if p.severity == "error"] == []
    build(locked, tmp_path / "out")
    published = next((tmp_path / "out" / "tei").glob("*.xml")).read_text()
    assert '<change when="2026-12-01" who="#editors" target="#p4">Text of #p4 changed: Corrected</change>' in published


def test_a_change_pointing_to_a_unit_not_recorded_as_removed_is_still_an_error(locked, tmp_path):
    edit(locked, "wrote to him in", "wrote to them in")
    anchors.accept(locked, "p4", "Corrected", "2026-12-01")
    edit(locked, P4, "")  # removed, the removal not accepted
    assert [p.code for p in validate_file(locked) if p.severity == "error"] == ["E0211"]
    edit(locked, "Text of #p4 changed: Corrected", "Anchor #p3 removed: Corrected")  # another anchor's removal
    assert [p.code for p in validate_file(locked) if p.severity == "error"] == ["E0211"]
    with pytest.raises(EditionError):
        build(locked, tmp_path / "out")
