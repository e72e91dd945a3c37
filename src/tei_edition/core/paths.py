"""Where things are: the toolkit's own files inside the package, the edition's in the project.

The stylesheets, the Typst layout, the schemas and the web assets ship inside the package
(`tei_edition/data/`), so an installed wheel works outside a checkout. The edition (master,
anchor lock, raw source) belongs to a project folder: `TEI_EDITION_ROOT` if set, else the
nearest folder, from the working directory upwards, that holds `edition/<BASENAME>.xml`, else
the working directory itself. Commands also take `--master`.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

BASENAME = "lawson-2021-most-intransigent"

DATA_DIR = Path(str(files("tei_edition") / "data"))
XSLT_DIR = DATA_DIR / "xslt"
SCHEMA_DIR = DATA_DIR / "schemas"
ASSETS_DIR = DATA_DIR / "assets"


def project_root(start: Path | None = None) -> Path:
    """The project folder the edition commands work on (see the module's docstring)."""
    if os.environ.get("TEI_EDITION_ROOT"):
        return Path(os.environ["TEI_EDITION_ROOT"])
    try:
        here = (start or Path.cwd()).resolve()
    except FileNotFoundError:  # the working directory was removed: no project in it (the shell's name for it)
        return Path(os.environ.get("PWD") or os.sep)
    for folder in (here, *here.parents):
        if (folder / "edition" / f"{BASENAME}.xml").is_file():
            return folder
    return here


ROOT = project_root()
EDITION_DIR = ROOT / "edition"
MASTER = EDITION_DIR / f"{BASENAME}.xml"
SOURCE_DIR = EDITION_DIR / "source"
BUILD_DIR = ROOT / "build"
