"""A section's short heading (`head type="short"`, for the print's running heads) added to the
real master: the section's anchor, its fingerprint and its title for DTS stay those of its
heading. Other outputs leaving the short forms out: test_html, test_exports, test_pdf_running_heads."""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition.citation import anchors
from tei_edition.citation.anchor_lock import lock_path
from tei_edition.citation.scheme import read_trees
from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei

HEAD = "<head>A life that touched many revolutionary threads</head>"
TITLE = "http://purl.org/dc/terms/title"


def _with_short_head(tmp_path: Path) -> Path:
    text = paths.MASTER.read_text(encoding="utf-8")
    assert text.count(HEAD) == 1
    master = tmp_path / paths.MASTER.name
    master.write_text(text.replace(HEAD, HEAD + '<head type="short">A life</head>'), encoding="utf-8")
    shutil.copyfile(lock_path(paths.MASTER), lock_path(master))
    return master


def test_a_short_heading_leaves_the_anchor_lock_as_it_was(tmp_path: Path):
    """The fingerprint of s2 is its heading's: with the short heading in its text, the build stopped
    (E0312, "threadsA life")."""
    master = _with_short_head(tmp_path)
    assert anchors.check_master(master) == []


def test_the_section_title_for_dts_is_its_heading_only(tmp_path: Path):
    """The master's citeData takes a section's first head: `head` gave DTS both titles."""
    master = _with_short_head(tmp_path)
    sections = next(t for t in read_trees(read_tei(master), str(master)) if t.units[0].ref == "s1")
    units = {u.ref: u for u in sections.units}
    assert units["s2"].metadata[TITLE] == ["A life that touched many revolutionary threads"]
