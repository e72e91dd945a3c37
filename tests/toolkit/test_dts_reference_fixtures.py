"""Our static DTS export checked against MyDapytains, the DTS team's reference implementation.

`dapytains` (PyPI 1.0.0rc4) reads the same `refsDecl/citeStructure` as `dts_scheme` and derives
its own citation trees and passages; `make` unpacks its wheel into the user's cache
(`tools/setup_cache.py`, never a dependency: it pins saxonche 12.9 and pulls in flask). For
the master (trees "paragraph", the default, and "section") and for the three-level fixture
`tests/fixtures/reuse/three-levels.xml` (part → chapter → para, `@n`, `position()`,
`citeData`), tree by tree:

* the trees: names (dapytains' `refsDecl/@n`; our default tree has no identifier, as the spec
  wants) and the `citeStructure` shape (`citeType` per level);
* the references: every unit of `Document.get_reffs(tree)` (identifier, level, parent,
  citeType, pre-order) against the members of our `navigation/…;down=-1.json`; each
  `…;down=n.json` against dapytains' own navigation (`dapytains.app.navigation.get_nav`, as
  its server answers `down=n` without `ref`); and every per-unit file (`/ref.json` with no
  `down`, `down=0`, `down=1…`, `down=-1`) against the answer the spec's table "Usage of down,
  ref, start and end" gives on dapytains' tree;
* `citeData`: the metadata dapytains reads for each unit (section titles) against our members'
  `dublinCore`/`extensions`;
* the passages: for every reference of every tree, `Document.get_passage(ref, tree)` against
  our `document/…/ref.xml`: the cited element (name, every attribute, so its xml:id), its
  language (the xml:lang in scope), the elements below it with their attributes, and the
  whitespace-normalised text, both of the element and of the whole answer (nothing of the text
  outside the unit leaks into either).

Found and fixed: our fragments lost the language. The unit inherits `xml:lang="en"` from the
master's `<TEI>`; dapytains' passage keeps it (it copies the ancestors with their attributes),
our `TEI/dts:wrapper/p` had no xml:lang in scope. DTS 1.0 only says the chunk SHOULD be in
`dts:wrapper` and that context MAY be added around it; by XML 1.0 (2.12) the language is
inherited, so the fragment's `<TEI>` now carries the unit's inherited xml:lang
(`dts.DtsExport.fragment`). Nothing else differed: same units, levels, parents, types, order,
titles and passages.

Each comparison is a function returning the list of differences; `test_comparisons_can_fail`
feeds them altered exports (a member dropped, a parent changed, a word of a passage changed, a
title changed) and expects each to report it. Missing cache: the tests fail (run `make`).

Where dapytains departs from DTS 1.0 (checked on this edition; we follow the spec, and these
are not compared):

* Navigation with a `ref` (`get_nav`): `down=0` gives the units from `ref` to the end of the
  document at its level, not its siblings (ref=p42 → p42…p94, 53 units, not the 94 siblings;
  ref=s2.p47 → s2.p47…s3.p94, crossing into s3); `down=1`/`down=-1` on a unit with nothing
  below gives every later unit of its level but the last (ref=p42 → p42…p93), where the spec
  wants only the unit ("an array containing only this CitableUnit"); and `down=1` on a unit
  that is not the last but one of its level runs on to the next but last (ref=s1 → s1, s1.p*,
  s2, s2.p*: 93 units, not s1 and its 3 paragraphs). Without `ref`, `get_nav` agrees with the
  spec and with us.
* `CitableUnit.json()` (what its server puts in `member`) keys `citeData` by the full property
  URI with bare strings (`{"http://purl.org/dc/terms/title": ["…"]}`) and calls the non-DC
  ones `extension`; the spec's MetadataObject uses the context's terms (`title`) with
  `[{"lang", "value"}]` for text, and the property is `extensions`. We compare values, not
  that shape. dapytains keeps the `use` result's whitespace as it is; we normalise it.
* `get_passage` answers the unit inside a copy of its ancestors (`TEI/text/body/div/p`) with no
  `dts:wrapper`, which the spec says a chunk SHOULD be in; we answer
  `TEI/dts:wrapper/p`. The comparison therefore takes dapytains' unit at the end of its
  ancestor path (the path `generate_xpath` resolves to).

The tests on the real master are in tests/edition/test_dts_reference.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from setup_cache import DAPYTAINS, DAPYTAINS_DIR, dapytains_ready
from support.dapytains import load_dapytains


@pytest.fixture(scope="module")
def dapytains() -> SimpleNamespace:
    return load_dapytains()


def test_missing_cache_fails_and_names_make(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="run `make`"):
        load_dapytains(tmp_path / "nothing-here")


def test_altered_cache_is_not_ready(tmp_path):
    import shutil

    assert dapytains_ready(DAPYTAINS_DIR), f"run `make`: {DAPYTAINS} is not in {DAPYTAINS_DIR}"
    copy_dir = tmp_path / "dapytains"
    shutil.copytree(DAPYTAINS_DIR, copy_dir)
    assert dapytains_ready(copy_dir)
    target = copy_dir / "dapytains" / "tei" / "citeStructure.py"
    target.write_text(target.read_text() + "\n# changed\n")
    assert not dapytains_ready(copy_dir)
