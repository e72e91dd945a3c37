"""The same edition built in another environment (locale, stream encoding) gives the same files
and the same coded lines: an archive or a second editor rebuilds it elsewhere."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tei_edition.core.problems import EditionError
from tei_edition.outputs import pdf

CYRILLIC = "Кириллица"
# Python decodes names in the locale's encoding: here ASCII (a C locale Python may not coerce to
# C.UTF-8, as where that locale is missing), so a name's UTF-8 bytes came out as surrogates
ASCII_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


def _program(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tei_edition.cli", *args], capture_output=True,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL, timeout=120)


def _lines(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    return (done.stdout + done.stderr).decode("utf-8", "replace").splitlines()


def test_a_name_the_stream_cannot_encode_is_escaped_not_an_internal_error(minimal_tei: Path, tmp_path: Path):
    """PYTHONIOENCODING=latin-1 and a folder named in Cyrillic: the build had succeeded, then its
    `built …` line was E0199 (UnicodeEncodeError) and exit 1; validate's E0001 was E0199 too."""
    folder = tmp_path / CYRILLIC
    folder.mkdir()
    escaped = str(folder).encode("latin-1", "backslashreplace").decode("latin-1")
    latin = {"PYTHONIOENCODING": "latin-1"}
    missing = _program("validate", str(folder / "missing.xml"), env=latin)
    assert missing.returncode == 2 and _lines(missing)[0] == f"{escaped}/missing.xml:0:0: [E0001] file not found"
    built = _program("build", "--master", str(minimal_tei), "--out", str(folder / "out"), env=latin)
    assert built.returncode == 0, _lines(built)
    assert _lines(built)[0].startswith(f"built {escaped}/out in ")


def test_a_locale_that_is_not_utf8_builds_what_a_utf8_one_builds(minimal_tei: Path, tmp_path: Path):
    """Under an ASCII locale a master in a folder named `é` was E0007 ('the file's name is not
    UTF-8', exit 1, a missing file exit 1 instead of 2); under Latin-1 the stylesheets of a toolkit
    in such a folder did not compile (E0100). The command runs in Python's UTF-8 mode instead."""
    folder = tmp_path / "é"
    folder.mkdir()
    master = folder / "master.xml"
    shutil.copyfile(minimal_tei, master)
    reference = _program("build", "--master", str(master), "--out", str(tmp_path / "reference"))
    assert reference.returncode == 0, _lines(reference)
    built = _program("build", "--master", str(master), "--out", str(folder / "out"), env=ASCII_LOCALE)
    assert built.returncode == 0, _lines(built)
    assert (folder / "out" / "manifest.json").read_bytes() == (tmp_path / "reference" / "manifest.json").read_bytes()
    missing = _program("validate", str(folder / "missing.xml"), env=ASCII_LOCALE)
    assert missing.returncode == 2 and _lines(missing)[0] == f"{folder}/missing.xml:0:0: [E0001] file not found"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_typst_message_is_the_same_whatever_the_stream_encoding(monkeypatch: pytest.MonkeyPatch, encoding: str):
    """Typst's child wrote its message in its stream's encoding and the parent read UTF-8: a
    name `café-Ж` came out as `caf\\xe9-\\u0416` (ASCII) or `caf\ufffd-\\u0416` (Latin-1)."""
    monkeypatch.setenv("PYTHONIOENCODING", encoding)
    with pytest.raises(EditionError) as caught:
        pdf.compile_pdf("#café-Ж", "master.xml", dt.datetime(2021, 9, 12, tzinfo=dt.timezone.utc))
    assert str(caught.value.problems[0]) == "master.xml:0:0: [E0101] typst: unknown variable: café-Ж"


def test_a_build_elsewhere_is_the_same_build(minimal_tei: Path, tmp_path: Path):
    """Another folder (a space, `%20`, `#`, `?`, `é`: what a file URI must escape), the master
    given relative from another working directory, another time zone, hash seed and
    SOURCE_DATE_EPOCH: the same files (the manifest lists every file's SHA-256)."""
    reference = _program("build", "--master", str(minimal_tei), "--out", str(tmp_path / "reference"))
    assert reference.returncode == 0, _lines(reference)
    folder = tmp_path / "a b%20#?é"
    (folder / "cwd").mkdir(parents=True)
    shutil.copyfile(minimal_tei, folder / "minimal.xml")
    elsewhere = {"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "1", "SOURCE_DATE_EPOCH": "0", "LC_ALL": "C.UTF-8"}
    built = subprocess.run([sys.executable, "-m", "tei_edition.cli", "build", "--master", "../minimal.xml",
                            "--out", "../out"], cwd=folder / "cwd", env={**os.environ, **elsewhere},
                           capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    assert built.returncode == 0 and _lines(built)[0].startswith("built ../out in "), _lines(built)
    assert (folder / "out" / "manifest.json").read_bytes() == (tmp_path / "reference" / "manifest.json").read_bytes()
