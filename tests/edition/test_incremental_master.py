"""Incremental builds (core/incremental.py): a rebuild takes what did not change from the
previous build, and the result is the full build's, byte for byte.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_incremental.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.editing import copy_master, edit

from tei_edition.build import build
from tei_edition.core import paths
from support.incremental import inodes, manifest, rewritten

RESOURCE = paths.BASENAME


@pytest.fixture()
def master(tmp_path: Path) -> Path:
    return copy_master(tmp_path)


def test_an_edit_in_p42_rewrites_what_shows_p42_and_keeps_the_other_units_files(tmp_path: Path):
    """The real edition: a word of ¶42 (its anchor change accepted, as an editor must) rewrites
    ¶42's DTS documents, the documents that contain it, the pages that show it, the exports that
    hold its text and the PDF, EPUB and TEI, and no other unit's file."""
    from tei_edition.citation.anchors import accept

    master = copy_master(tmp_path, paths.MASTER)
    out = tmp_path / "build"
    build(master, out)
    before = inodes(out)
    edit(master, "commission rejected the appeal", "commission refused the appeal")
    accept(master, "p42", "A word of the reading text changed.", "2026-12-05", "#editors")
    build(master, out)
    after = inodes(out)
    changed = rewritten(before, after)
    dts = {rel for rel in changed if rel.startswith("dts/")}
    units = {m.group(1) for rel in dts for m in [re.search(r"/(?:s\d+\.)?(p\d+)\.(?:xml|json)$", rel)] if m}
    assert units == {"p42"}, sorted(dts)
    assert not any(rel.startswith("dts/navigation/") for rel in dts)  # the navigation holds no text
    assert {f"pdf/{RESOURCE}.pdf", "site/index.html", f"exports/{RESOURCE}.txt", f"tei/{RESOURCE}.xml"} <= changed
    for n in (1, 41, 43, 94):
        for rel in (f"dts/document/{RESOURCE}/p{n}.xml", f"dts/navigation/{RESOURCE}/p{n}.json"):
            assert rel in after and rel not in changed, rel
    assert len(changed) < 40 and len(after) > 1000
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)
