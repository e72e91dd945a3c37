"""The anchor lock: fingerprints, build failure naming the unit, accept with a reason.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_anchors.py."""

from tei_edition.citation import anchors

from tei_edition.core import paths


def test_the_edition_lock_matches_the_master():
    """The committed lock covers every unit of the committed master."""
    lock = anchors.lock_path(paths.MASTER)
    assert lock.is_file(), "edition lock missing: run tei-edition anchors lock"
    problems = anchors.check_master(paths.MASTER)
    assert problems == [], "\n".join(map(str, problems))
