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


@pytest.mark.parametrize("removed", [False, True], ids=["changed", "removed"])
def test_an_entry_of_a_decided_anchor_removed_from_the_lock_is_e0311(locked, runner, tmp_path, removed):
    """With the entry of p4 deleted by hand, p4 was a new anchor: `anchors lock` locked its
    current text (or, p4 recorded as removed, a new paragraph reusing its id) without a word."""
    import json
    import re

    from tei_edition.cli import main

    edit(locked, "wrote to him in", "wrote to them in")
    anchors.accept(locked, "p4", "Corrected", "2026-12-01")
    if removed:
        edit(locked, P4, "")
        anchors.accept(locked, "p4", "Dropped", "2026-12-02")
        edit(locked, "</cit>", '</cit>\n        <p n="4" xml:id="p4">Another text altogether.</p>')
    else:
        edit(locked, "wrote to them in", "never wrote to them in")
    lock_file = anchors.lock_path(locked)
    data = json.loads(lock_file.read_text())
    del data["anchors"]["p4"]
    lock_file.write_text(json.dumps(data, indent=1))
    before = locked.read_bytes(), lock_file.read_bytes()
    for args in (["check"], ["lock"], ["accept", "p4", "--reason", "r", "--date", "2026-12-03"]):
        result = runner.invoke(main, ["anchors", *args, "--master", str(locked)])
        assert result.exit_code == 1, result.output
        assert re.fullmatch(rf"{re.escape(str(lock_file))}:\d+:1: \[E0311\] not a tei-edition anchor lock: decision 1 "
                            rf"is of anchor 'p4', which has no entry in \"anchors\" .*\n", result.output), result.output
        assert (locked.read_bytes(), lock_file.read_bytes()) == before
    with pytest.raises(EditionError) as exc:
        build(locked, tmp_path / "out")
    assert "E0311" in [p.code for p in exc.value.problems]


@pytest.mark.parametrize("reason", ["\u200b", "\u00ad", "\u2060 \u200b", "\u3000\u200b"],
                         ids=["zero-width space", "soft hyphen", "word joiner", "ideographic space"])
def test_a_reason_that_shows_nothing_is_no_reason(locked, runner, reason):
    """A reason of zero-width characters or soft hyphens passed for one (only whitespace was
    refused): the history recorded "Text of #p4 changed: " and an invisible character."""
    from tei_edition.cli import main

    edit(locked, "wrote to him in", "wrote to them in")
    lock_file = anchors.lock_path(locked)
    before = locked.read_bytes(), lock_file.read_bytes()
    result = runner.invoke(main, ["anchors", "accept", "p4", "--reason", reason, "--date", "2026-12-01",
                                  "--master", str(locked)])
    assert result.exit_code == 1 and result.output == "--reason:1:1: [E0314] an accepted change needs a --reason\n"
    assert (locked.read_bytes(), lock_file.read_bytes()) == before
