"""Shared fixtures. The master edition is built once per session into a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition.core import paths

FIXTURES = Path(__file__).parent / "fixtures"
# The developer tools (cache set-up, bench) live outside the package, in tools/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))


@pytest.fixture(scope="session")
def minimal_tei() -> Path:
    return FIXTURES / "minimal.xml"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def built_edition(tmp_path_factory) -> Path:
    """The real master, built once: tests read its outputs, never rebuild it."""
    from tei_edition.build import build

    out = tmp_path_factory.mktemp("edition") / "build"
    build(paths.MASTER, out)
    return out


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory) -> Path:
    from tei_edition.build import build

    out = tmp_path_factory.mktemp("minimal") / "build"
    build(FIXTURES / "minimal.xml", out)
    return out
