"""The test cache's copy of dapytains, the DTS reference implementation that
tests/edition/test_dts_reference.py compares our static DTS export with: a missing or altered
copy fails, naming `make`."""

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
