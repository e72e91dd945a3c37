"""core/memo.py: the citation trees, citable units and emendations are computed once a build,
and afresh outside one (an editor tool that changes a tree never reads a stale result)."""

from __future__ import annotations

from tei_edition.build import build
from tei_edition.citation.scheme import read_trees
from tei_edition.citation.units import citable_units
from tei_edition.core import memo
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.emendations import emendations
from support import FIXTURES

MINIMAL = FIXTURES / "minimal.xml"
SHARED = ("read_trees", "anchored_units", "citable_units", "emendations", "text_params", "all_units")


def test_a_build_computes_each_once(tmp_path):
    with memo.per_build() as shared:
        build(MINIMAL, tmp_path / "out", full=True)
    assert {name: shared.computed[name] for name in SHARED} == dict.fromkeys(SHARED, 1)


def test_outside_a_build_every_call_computes_afresh():
    tree = read_tei(MINIMAL)
    first, second = citable_units(tree, "m"), citable_units(tree, "m")
    assert first == second and first is not second


def test_inside_a_build_the_same_tree_shares_and_another_tree_does_not():
    tree, other = read_tei(MINIMAL), read_tei(MINIMAL)
    with memo.per_build() as shared:
        units = citable_units(tree, "m")
        assert citable_units(tree, "m") is units
        assert citable_units(other, "m") is not units
        assert read_trees(tree, "m") is read_trees(tree, "m")
        rows = emendations(tree, units)
        assert emendations(tree, list(units)) is rows  # keyed by the units' anchors, not the list
        assert emendations(tree, units[:1]) is not rows
    assert shared.computed["citable_units"] == 2


def test_a_changed_tree_is_computed_again_after_forget():
    tree = read_tei(MINIMAL)
    with memo.per_build():
        before = citable_units(tree, "m")
        first = tree.find(".//{*}body//{*}p[@n]")
        first.getparent().remove(first)
        assert citable_units(tree, "m") is before  # stale until told
        memo.forget()
        after = citable_units(tree, "m")
    assert len(after) == len(before) - 1
