"""The toolkit installed from its wheel works outside the checkout.

The wheel is built from a copy of the package's sources (offline: no index, no build
isolation), installed without dependencies into a fresh virtual environment outside the
checkout, which borrows the dependencies already installed in this one (a path file); then
`tei-edition` of that environment builds a copy of the edition from folders that know nothing
of the checkout, and its outputs are those of the checkout's build, byte for byte.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_install_fixtures.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tei_edition.core import paths
from support import CHECKOUT
from support.install import run


MASTER_NAME = f"{paths.BASENAME}.xml"


@pytest.fixture(scope="module")
def project(place: Path) -> Path:
    """A copy of the edition (master, anchor lock, source) in a folder of its own."""
    copy = place / "project"
    shutil.copytree(CHECKOUT / "edition", copy / "edition")
    return copy


def manifest(out: Path) -> dict[str, str]:
    return {f["path"]: f["sha256"] for f in json.loads((out / "manifest.json").read_text())["files"]}


def test_build_with_master_from_a_folder_outside_the_checkout(tei_edition: Path, project: Path, place: Path,
                                                              clean_env, built_edition: Path):
    elsewhere = place / "elsewhere"
    elsewhere.mkdir()
    out = place / "out"
    run([tei_edition, "build", "--master", project / "edition" / MASTER_NAME, "--out", out], cwd=elsewhere,
        env=clean_env)
    for output in ("site/index.html", f"pdf/{paths.BASENAME}.pdf", f"tei/{MASTER_NAME}", "dts/index.json"):
        assert (out / output).is_file(), output
    assert manifest(out) == manifest(built_edition)
    assert list(elsewhere.iterdir()) == []


def test_the_edition_is_found_from_the_working_directory_and_from_tei_edition_root(
        tei_edition: Path, project: Path, place: Path, clean_env):
    inside = project / "edition" / "source"
    run([tei_edition, "build"], cwd=inside, env=clean_env)  # the project folder above the working directory
    assert (project / "build" / "manifest.json").is_file()
    output = run([tei_edition, "cite", "p42"], cwd=place, env={**clean_env, "TEI_EDITION_ROOT": str(project)})
    assert output.strip().endswith("#p42.")
