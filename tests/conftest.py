"""Fixtures for both folders of tests: the small fixtures (`minimal_tei`, `built_minimal`), the
CLI runner, the schemas the checks compare against (`csl_validator`, `tei_all`) and the wheel the
install tests build once (`wheel`, `tei_edition`). The master's fixtures are in edition/conftest.py,
out of reach of the toolkit's tests."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import venv
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree

import setup_cache
from support import CHECKOUT, FIXTURES, csl
from support.install import run



@pytest.fixture(scope="session")
def minimal_tei() -> Path:
    return FIXTURES / "minimal.xml"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory) -> Path:
    from tei_edition.build import build

    out = tmp_path_factory.mktemp("minimal") / "build"
    build(FIXTURES / "minimal.xml", out)
    return out


@pytest.fixture(scope="module")
def csl_validator() -> jsonschema.protocols.Validator:
    return csl.csl_validator()


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """The official tei_all, compiled once per session (several seconds)."""
    path = setup_cache.TEI_ALL
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make` (or .venv/bin/python tools/setup_cache.py)")
    return etree.RelaxNG(etree.parse(str(path)))


# The wheel, built and installed once for the install tests (toolkit and edition).
@pytest.fixture(scope="session")
def place(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("install")


@pytest.fixture(scope="session")
def wheel(place: Path) -> Path:
    sources = place / "sources"
    shutil.copytree(CHECKOUT / "src", sources / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(CHECKOUT / name, sources / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--quiet",
         "--wheel-dir", place / "dist", sources], cwd=place)
    (built,) = (place / "dist").glob("tei_edition-*.whl")
    return built


@pytest.fixture(scope="session")
def tei_edition(place: Path, wheel: Path) -> Path:
    """The `tei-edition` script of a fresh environment holding the wheel."""
    env_dir = place / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel],
        cwd=place)
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=place).strip())
    # The dependencies (lxml, saxonche, typst, …) from this environment; its own copy of
    # tei_edition is an editable finder, which a plain path entry does not activate.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env_dir / "bin" / "tei-edition"


@pytest.fixture(scope="session")
def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TEI_EDITION_ROOT", "VIRTUAL_ENV")}
