"""What the tests of scale share, on fixtures and on the master."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from support import CHECKOUT


SCALE = CHECKOUT / "tools" / "scale.py"


UNITS = "//tei:body/tei:div/*[self::tei:p or self::tei:cit]"


def scaled_master(master: Path, k: int, out: Path) -> Path:
    subprocess.run([sys.executable, str(SCALE), str(k), str(out), "--master", str(master)], check=True)
    return out
