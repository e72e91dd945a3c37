"""The toolkit installed from its wheel works outside the checkout.

The wheel is built from a copy of the package's sources (offline: no index, no build
isolation), installed without dependencies into a fresh virtual environment outside the
checkout, which borrows the dependencies already installed in this one (a path file); then
`tei-edition` of that environment builds a copy of the edition from folders that know nothing
of the checkout, and its outputs are those of the checkout's build, byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tei_edition.core import paths
from support import CHECKOUT

pytestmark = pytest.mark.install

CHECKOUT = CHECKOUT
MASTER_NAME = f"{paths.BASENAME}.xml"


def run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("install")


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def project(place: Path) -> Path:
    """A copy of the edition (master, anchor lock, source) in a folder of its own."""
    copy = place / "project"
    shutil.copytree(CHECKOUT / "edition", copy / "edition")
    return copy


@pytest.fixture(scope="module")
def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TEI_EDITION_ROOT", "VIRTUAL_ENV")}


def manifest(out: Path) -> dict[str, str]:
    return {f["path"]: f["sha256"] for f in json.loads((out / "manifest.json").read_text())["files"]}


def test_the_installed_package_is_the_wheel_with_its_data(tei_edition: Path, place: Path, clean_env):
    python = tei_edition.parent / "python"
    code = ("import tei_edition.core.paths as p; print(p.__file__); "
            "print(all((p.XSLT_DIR / f).is_file() for f in ('html/site.xsl', 'pdf/typst.xsl', 'pdf/edition.typ', "
            "'common/units.xsl'))); print((p.SCHEMA_DIR / 'tei-edition.rng').is_file())")
    where, xslt, schema = run([python, "-c", code], cwd=place, env=clean_env).split()
    assert Path(where).is_relative_to(place / "env") and not Path(where).is_relative_to(CHECKOUT)
    assert (xslt, schema) == ("True", "True")


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
