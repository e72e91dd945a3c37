"""dapytains, the DTS reference implementation, loaded from the test cache (tools/setup_cache.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from setup_cache import DAPYTAINS, DAPYTAINS_DIR, dapytains_ready


def load_dapytains(folder: Path = DAPYTAINS_DIR) -> SimpleNamespace:
    """dapytains' TEI and navigation modules from the cache; fail (never skip) without it."""
    if not dapytains_ready(folder):
        pytest.fail(f"the DTS reference implementation {DAPYTAINS} is missing or altered in {folder}: "
                    f"run `make` (on a fresh checkout; where .venv is already made: "
                f"`.venv/bin/python tools/setup_cache.py`, what `make` runs to unpack it)",
                    pytrace=False)
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    from dapytains.app import navigation
    from dapytains.tei import document

    assert Path(document.__file__).resolve().is_relative_to(folder.resolve()), \
        f"dapytains imported from {document.__file__}, not from the checked cache {folder}"
    return SimpleNamespace(document=document, navigation=navigation)


def reference_units(doc, tree: str) -> list:
    """dapytains' citable units of `tree`, flattened in pre-order (document order)."""
    out = []

    def walk(units):
        for u in units:
            out.append(u)
            walk(u.children)

    walk(doc.get_reffs(tree))
    return out
