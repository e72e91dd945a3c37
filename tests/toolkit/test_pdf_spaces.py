"""The print edition keeps the space before what an empty element prints at the end of its
block: a note or paragraph ending "see <ptr/>" printed "seehttps://…" (the space was taken for
the block's trailing space, as the last text of the block), and "torn <gap/>" "torn[…]"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from support.editing import copy_master, edit
from tei_edition.outputs.pdf import write_part


@pytest.mark.parametrize("old, new, printed", [
    ("An editorial note.</note>", 'An editorial note, see <ptr target="https://example.org/a"/></note>',
     "editorial note, see https://example.org/a"),
    ("wrote to him in <date when=\"1921-08-01\">1921</date>.</p>",
     'wrote to him in <date when="1921-08-01">1921</date>, see <ptr target="https://example.org/b"/></p>',
     "in 1921, see https://example.org/b"),
    ("wrote to him in <date when=\"1921-08-01\">1921</date>.</p>",
     'wrote to him in <date when="1921-08-01">1921</date> <gap reason="illegible"/></p>', "in 1921 […]"),
], ids=["note-ptr", "paragraph-ptr", "paragraph-gap"])
def test_the_space_before_a_closing_empty_element_is_kept(tmp_path: Path, old: str, new: str, printed: str):
    master = copy_master(tmp_path)
    edit(master, old, new)
    pdf = write_part(master, tmp_path / "m.pdf")
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    assert printed in text
