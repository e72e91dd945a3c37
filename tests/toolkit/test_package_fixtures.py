"""The deposit package (`tei-edition package` → build/dist/): a valid BagIt bag holding every
output, its licences and metadata valid against their schemas, portable names, at most 100
entries at the top, byte-identical when made twice, and never half-written. Here also: the
build's manifest and record are read safely (a FIFO cannot hang the command) and anything but a
build's is one coded problem. What `--out` may name: test_package_out.py.

The tests on the real master are in tests/edition/test_package.py."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tei_edition.cli import main
from tei_edition.core.problems import EditionError
from tei_edition.outputs import deposit
from tei_edition.outputs.package import package, zip_folder
from support import CHECKOUT

CODED = re.compile(r"^[^\n]*:\d+:\d+: \[[EW]\d{4}\] [^\n]+$")


def test_the_cc_by_text_is_the_spdx_licence_list_s():
    """The legal code shipped in the package data is the SPDX list's text of CC-BY-4.0, unchanged."""
    out = subprocess.run([str(CHECKOUT / ".ci" / "webtools")], check=True, capture_output=True, text=True)
    spdx = Path(out.stdout.strip()) / "node_modules" / "spdx-license-list"
    assert json.loads((spdx / "package.json").read_text())["version"] == "6.12.0"
    licence = json.loads((spdx / "licenses" / "CC-BY-4.0.json").read_text(encoding="utf-8"))
    shipped = deposit.CC_BY_TEXT.read_text(encoding="utf-8")
    assert shipped.rstrip("\n") == licence["licenseText"].rstrip("\n")
    assert shipped.startswith("Creative Commons Attribution 4.0 International") and len(shipped) > 15000


def test_zip_is_reproducible_whatever_the_file_times(tmp_path: Path):
    folder = tmp_path / "f"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "x;y=1.json").write_text("{}")
    (folder / "a.json").write_text("[]")
    zip_folder(folder, tmp_path / "one.zip", "dts", (2026, 11, 27))
    import os

    os.utime(folder / "a.json", (0, 0))
    zip_folder(folder, tmp_path / "two.zip", "dts", (2026, 11, 27))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert zipfile.ZipFile(tmp_path / "one.zip").namelist() == ["dts/a.json", "dts/b/x;y=1.json"]


# --- the build's manifest and record: read safely, and only a build's ---------------------------

@pytest.fixture()
def build_copy(built_minimal: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "build"
    shutil.copytree(built_minimal, copy)
    return copy


def _one_problem(build: Path, out: Path) -> tuple[str, str]:
    """(code, path) of the one problem `package` raises; nothing was written."""
    with pytest.raises(EditionError) as exc:
        package(build, out)
    assert len(exc.value.problems) == 1, [str(p) for p in exc.value.problems]
    assert not out.exists() and [p.name for p in out.parent.iterdir() if p.name.startswith(".out.")] == []
    return exc.value.problems[0].code, exc.value.problems[0].path


def _rewrite(build: Path, rel: str, data: bytes) -> None:
    """Change a file of the build and its line in the manifest, as if the build had made it."""
    (build / rel).write_bytes(data)
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["path"] == rel:
            entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    (build / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


SHA = "0" * 64
NOT_A_MANIFEST = {
    "not JSON": b"not json\n",
    "Latin-1": '{"files": [{"path": "caf\u00e9", "sha256": "%s"}]}' % SHA,
    "an empty object": b"{}",
    "a list": b"[]",
    "files not a list": b'{"files": {"a": 1}}',
    "an entry not an object": b'{"files": ["tei"]}',
    "an entry without path": ('{"files": [{"sha256": "%s"}]}' % SHA).encode(),
    "a path out of the build": ('{"files": [{"path": "../../etc/passwd", "sha256": "%s"}]}' % SHA).encode(),
    "an absolute path": ('{"files": [{"path": "/etc/passwd", "sha256": "%s"}]}' % SHA).encode(),
    "a sha256 not in hex": b'{"files": [{"path": "tei", "sha256": 7}]}',
    "no output listed": b'{"files": []}',
    "nested deeper than json reads": b"[" * 100_000 + b"]" * 100_000,  # was [E0199]: RecursionError
}


@pytest.mark.parametrize("body", NOT_A_MANIFEST.values(), ids=NOT_A_MANIFEST.keys())
def test_a_manifest_that_is_not_a_build_s_is_one_coded_problem(body, build_copy: Path, tmp_path: Path, runner):
    manifest = build_copy / "manifest.json"
    manifest.write_bytes(body.encode("latin-1") if isinstance(body, str) else body)
    assert _one_problem(build_copy, tmp_path / "out") == ("E0354", str(manifest))
    result = runner.invoke(main, ["package", "--build", str(build_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and CODED.match(lines[0]) and "[E0354]" in lines[0], result.output
    assert "not a build's manifest" in lines[0]


@pytest.mark.parametrize("rel", ["site/extra.html", "pdf/extra.pdf", "dts/extra.json", "tei/extra.xml", "notes.txt"])
def test_a_file_added_to_the_build_is_refused_by_name(rel: str, build_copy: Path, tmp_path: Path, runner):
    """It was deposited (in data/ and manifest-sha256.txt) though build/manifest.json does not list it."""
    (build_copy / rel).write_text("added by hand\n", encoding="utf-8")
    assert _one_problem(build_copy, tmp_path / "out") == ("E0351", str(build_copy / rel))
    result = runner.invoke(main, ["package", "--build", str(build_copy)])
    assert result.exit_code == 1 and result.output == \
        f"{build_copy / rel}:1:1: [E0351] {rel} is not in build/manifest.json (added after the build)\n"
    assert not (build_copy / "dist").exists()


def test_a_link_to_a_folder_added_to_the_build_is_refused_by_name(build_copy: Path, tmp_path: Path):
    """It was deposited as an empty folder (os.walk lists a link to a folder among the folders)."""
    outside = tmp_path / "elsewhere"
    (outside / "inner").mkdir(parents=True)
    (build_copy / "site" / "linked").symlink_to(outside, target_is_directory=True)
    assert _one_problem(build_copy, tmp_path / "out") == ("E0351", str(build_copy / "site" / "linked"))


def test_what_the_build_and_the_package_write_unlisted_is_no_addition(build_copy: Path, runner):
    # manifest.json and the state file (the build's), dist/ and a killed run's leftover beside it (the package's)
    assert {"manifest.json", ".tei-edition-state.json"} <= {p.name for p in build_copy.iterdir()}
    package(build_copy)
    (build_copy / ".dist.tmp-killed" / "bag").mkdir(parents=True)
    result = runner.invoke(main, ["package", "--build", str(build_copy)])
    assert result.exit_code == 0, result.output


def test_a_manifest_that_is_a_fifo_is_refused_without_waiting(build_copy: Path, tmp_path: Path):
    """In a child process: the command used to wait for a writer that never came."""
    (build_copy / "manifest.json").unlink()
    os.mkfifo(build_copy / "manifest.json")
    done = subprocess.run([sys.executable, "-m", "tei_edition.cli", "package", "--build", str(build_copy),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and "manifest.json:0:0: [E0006]" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("body", [b"{}", b"[]", b"[{}]", b"\xff"], ids=["object", "empty", "no URL", "not UTF-8"])
def test_an_edition_record_that_is_not_a_build_s_is_one_coded_problem(body, build_copy: Path, tmp_path: Path):
    _rewrite(build_copy, "exports/edition.json", body)
    assert _one_problem(build_copy, tmp_path / "out") == ("E0354", str(build_copy / "exports" / "edition.json"))
