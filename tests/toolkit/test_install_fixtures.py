"""The toolkit installed from its wheel works outside the checkout.

The wheel is built from a copy of the package's sources (offline: no index, no build
isolation), installed without dependencies into a fresh virtual environment outside the
checkout, which borrows the dependencies already installed in this one (a path file); then
`tei-edition` of that environment builds a copy of the edition from folders that know nothing
of the checkout, and its outputs are those of the checkout's build, byte for byte.

The tests on the real master are in tests/edition/test_install.py."""

from __future__ import annotations

import zipfile
from pathlib import Path

from support import CHECKOUT
from support.install import run


def test_the_wheel_ships_its_type_information(wheel: Path):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    assert "tei_edition/py.typed" in names  # PEP 561: installed, the package's annotations are used
    assert "tei_edition/core/context.py" in names


def test_the_installed_package_is_the_wheel_with_its_data(tei_edition: Path, place: Path, clean_env):
    python = tei_edition.parent / "python"
    code = ("import tei_edition.core.paths as p; print(p.__file__); "
            "print(all((p.XSLT_DIR / f).is_file() for f in ('html/site.xsl', 'pdf/typst.xsl', 'pdf/edition.typ', "
            "'common/units.xsl'))); print((p.SCHEMA_DIR / 'tei-edition.rng').is_file())")
    where, xslt, schema = run([python, "-c", code], cwd=place, env=clean_env).split()
    assert Path(where).is_relative_to(place / "env") and not Path(where).is_relative_to(CHECKOUT)
    assert (xslt, schema) == ("True", "True")
