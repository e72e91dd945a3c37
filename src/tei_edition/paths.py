"""Where the project's files are. Override the root with TEI_EDITION_ROOT."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("TEI_EDITION_ROOT", Path(__file__).resolve().parents[2]))
EDITION_DIR = ROOT / "edition"
MASTER = EDITION_DIR / "lawson-2021-most-intransigent.xml"
SOURCE_DIR = EDITION_DIR / "source"
XSLT_DIR = ROOT / "xslt"
SCHEMA_DIR = ROOT / "schemas"
BUILD_DIR = ROOT / "build"
BASENAME = "lawson-2021-most-intransigent"
