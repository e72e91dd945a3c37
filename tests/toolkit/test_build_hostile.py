"""A previous build tampered with by whoever can write the output folder: the next build takes
nothing from outside it and writes nothing outside its own (core/previous_build.py); a previous
build that cannot be removed does not make a finished build fail (core/output_folder.swap_in);
paths and a working directory that lead nowhere are one coded line; what validates, builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import as_a_user
from support.editing import copy_master
from support.incremental import manifest

from tei_edition.build import build
from tei_edition.core.incremental import STATE_NAME


@pytest.fixture()
def master(tmp_path: Path) -> Path:
    return copy_master(tmp_path)


def _state(out: Path) -> dict[str, object]:
    return json.loads((out / STATE_NAME).read_text(encoding="utf-8"))


def _claim(out: Path, rel: str, file: Path) -> None:
    """Plant in the state of the build `out` a record of `rel` that `file` matches."""
    state = _state(out)
    st = file.stat()
    files = state["files"]
    assert isinstance(files, dict)
    files[rel] = [st.st_size, "0" * 64, st.st_ino, st.st_mtime_ns]
    (out / STATE_NAME).write_text(json.dumps(state), encoding="utf-8")


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret" / "a" / "b" / "c"
    secret.mkdir(parents=True)
    (tmp_path / "secret" / "s.txt").write_text("not the build's\n", encoding="utf-8")
    return tmp_path / "secret" / "s.txt"


def test_a_state_path_with_dot_dot_writes_nothing_outside_the_build(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    secret = _outside(tmp_path)
    # through a link in the previous build, `..` climbs elsewhere than in the new one
    (out / "exports" / "up").symlink_to(tmp_path / "secret" / "a" / "b" / "c")
    _claim(out, "exports/up/../../../s.txt", secret)
    ctx = build(master, out)
    assert not (tmp_path / "s.txt").exists()
    assert [p.code for p in ctx.warnings] == ["W0140"]
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


def test_a_file_through_a_linked_folder_is_not_taken(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    secret = _outside(tmp_path)
    (out / "exports" / "evil").symlink_to(secret.parent)
    _claim(out, "exports/evil/s.txt", secret)
    ctx = build(master, out)
    assert ctx.reuse is not None and "exports" not in ctx.reuse.taken
    assert not (out / "exports" / "evil").exists()
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


def test_a_folder_moved_out_and_linked_back_is_made_again(master: Path, tmp_path: Path):
    """Its files keep their inodes, as the state recorded them: only the link tells."""
    out = tmp_path / "build"
    build(master, out)
    (out / "dts").rename(tmp_path / "dts-elsewhere")
    (out / "dts").symlink_to(tmp_path / "dts-elsewhere")
    elsewhere = {p.stat().st_ino for p in (tmp_path / "dts-elsewhere").rglob("*") if p.is_file()}
    ctx = build(master, out)
    assert ctx.reuse is not None and "dts" not in ctx.reuse.taken
    assert not (out / "dts").is_symlink()
    assert not elsewhere & {p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


def test_a_state_that_is_a_link_is_not_read(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    elsewhere = tmp_path / "state.json"
    (out / STATE_NAME).rename(elsewhere)
    (out / STATE_NAME).symlink_to(elsewhere)
    ctx = build(master, out)
    assert [p.code for p in ctx.warnings] == ["W0140"]
    assert ctx.reuse is not None and ctx.reuse.taken == set()


WARNING = {"path": "x.xml", "line": 1, "col": 1, "code": "W0201", "message": "m"}


@pytest.mark.parametrize("warnings", [[{**WARNING, "code": "Z9999"}], [{**WARNING, "code": "E0002"}], ["a string"],
                                      [{}], 5, [{**WARNING, "line": -1}], [{**WARNING, "path": 7}]],
                         ids=["unknown code", "an error", "a string", "empty", "not a list", "line -1", "path 7"])
def test_a_state_whose_warnings_a_build_never_gave_is_a_full_build(master: Path, tmp_path: Path, warnings: object):
    """They were given again as the stage's: an internal error (E0199) for most, an error line in a
    build that succeeded for an E code."""
    out = tmp_path / "build"
    build(master, out)
    state = _state(out)
    stages = state["stages"]
    assert isinstance(stages, dict)
    stages["tei"]["warnings"] = warnings
    (out / STATE_NAME).write_text(json.dumps(state), encoding="utf-8")
    ctx = build(master, out)
    assert [p.code for p in ctx.warnings] == ["W0140"]
    assert ctx.reuse is not None and ctx.reuse.taken == set()
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


def test_a_file_swapped_between_the_check_and_the_link_stops_the_build(master: Path, tmp_path: Path,
                                                                       monkeypatch):
    from tei_edition.core import incremental
    from tei_edition.core.problems import EditionError

    out = tmp_path / "build"
    build(master, out)
    before = manifest(out)
    trusted = incremental.Previous.trusted

    def swapped(self: incremental.Previous, rel: str) -> incremental.Record | None:
        record = trusted(self, rel)
        if record is not None and rel.startswith("exports/"):  # replaced right after the check
            path = out / rel
            copy = path.with_name(path.name + ".copy")  # made before the old one goes: another inode
            copy.write_bytes(path.read_bytes())
            copy.replace(path)
        return record

    monkeypatch.setattr(incremental.Previous, "trusted", swapped)
    with pytest.raises(EditionError) as failure:
        build(master, out)
    assert [p.code for p in failure.value.problems] == ["E0116"]
    assert manifest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


# --- a previous build that cannot be removed ---------------------------------------------------

def test_a_read_only_previous_build_is_replaced_and_removed(master: Path, tmp_path: Path):
    """Its folders are the toolkit's own (or an editor protected them): made writable, then
    removed. The swap had been done when the removal failed: the build said E0102 (exit 1) with
    the new build in place, and left the old one beside it for good."""
    out = tmp_path / "build"
    build(master, out)
    (out / "site").chmod(0o555)
    out.chmod(0o555)
    done = subprocess.run([*as_a_user(), sys.executable, "-m", "tei_edition.cli", "build", "--master", str(master),
                           "--out", str(out), "--full"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert out.stat().st_mode & 0o200 and (out / "site").stat().st_mode & 0o200  # the new build
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build.")] == []


def test_a_previous_build_that_cannot_be_removed_is_left_for_the_next(master: Path, tmp_path: Path, runner,
                                                                     monkeypatch):
    from tei_edition.cli import main
    from tei_edition.core import files, output_folder

    out = tmp_path / "build"
    build(master, out)
    real = files.remove_tree

    def refused(root: Path | str, ignore_errors: bool = False) -> None:
        if not ignore_errors:
            raise PermissionError(13, "Permission denied", os.fspath(root))

    monkeypatch.setattr(files, "remove_tree", refused)
    monkeypatch.setattr(output_folder, "remove_tree", refused)
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(out), "--full"])
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".build.tmp-")]
    assert result.exit_code == 0 and len(left) == 1, result.output
    # said, not silent: a whole build (366 MB at k = 64) stays beside the output
    lines = result.output.splitlines()
    assert lines[0] == f"{left[0]}:0:0: [W0111] the previous build could not be removed entirely (a file of " \
                       "another user, or a read-only disk?) and is left here; the next build into the folder " \
                       "tries again, or remove it by hand", result.output
    assert lines[1].startswith("built ") and lines[1].endswith("(1 warnings)"), result.output
    monkeypatch.setattr(files, "remove_tree", real)
    monkeypatch.setattr(output_folder, "remove_tree", real)
    assert runner.invoke(main, ["build", "--master", str(master), "--out", str(out)]).exit_code == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build.")] == []


@pytest.mark.parametrize("instead", ["a folder", "a link", "a file"])
def test_a_folder_put_in_the_builds_place_while_it_runs_is_never_replaced(instead: str, master: Path,
                                                                          tmp_path: Path, monkeypatch):
    """Checked at the start only, the place was swapped whatever held it by then: a folder an
    editor moved there during a long build was taken, and removed as the old build."""
    import tei_edition.build as b
    from tei_edition.core.problems import EditionError

    out = tmp_path / "build"
    build(master, out)
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious\n", encoding="utf-8")

    def meanwhile(ctx: b.BuildContext) -> None:
        out.rename(tmp_path / "build.moved")
        {"a folder": lambda: mine.rename(out), "a link": lambda: out.symlink_to(mine),
         "a file": lambda: out.write_text("notes\n", encoding="utf-8")}[instead]()

    monkeypatch.setattr(b, "STAGES", [(n, meanwhile if n == "epub" else s) for n, s in b.STAGES])
    with pytest.raises(EditionError) as failure:
        build(master, out, full=True, jobs=1)
    assert [p.code for p in failure.value.problems] == ["E0110"]
    assert (out / "chapter1.tex").read_text(encoding="utf-8") == "precious\n" if instead != "a file" else \
        out.read_text(encoding="utf-8") == "notes\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build.")] == []


# --- paths that lead nowhere -------------------------------------------------------------------

@pytest.mark.parametrize("which, code", [("--out", "E0110"), ("--master", "E0001")])
def test_a_loop_of_symbolic_links_is_one_coded_line(which, code, master: Path, tmp_path: Path, runner):
    """It was an internal error (E0199: Python's RuntimeError of a symbolic-link loop)."""
    from tei_edition.cli import main

    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(tmp_path / "one")
    args = {"--out": str(tmp_path / "out"), "--master": str(master)}
    args[which] = str(tmp_path / "one")
    result = runner.invoke(main, ["build", "--master", args["--master"], "--out", args["--out"]])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"{tmp_path / 'one'}:0:0: [{code}] "), result.output


@pytest.mark.parametrize("args, code", [
    (["package", "--build", "{build}", "--out", "{loop}"], "E0110"),
    (["package", "--build", "{build}", "--out", "{loop}/x"], "E0110"),
    (["package", "--build", "{loop}"], "E0001"),
    (["anchors", "check", "--master", "{loop}"], "E0001"),
    (["anchors", "check", "--master", "{loop}/x.xml"], "E0001"),
    (["audit", "{loop}"], "E0001"),
    (["audit", "{loop}/x.xml"], "E0001"),
], ids=["package-out", "package-out-below", "package-build", "anchors-check", "anchors-check-below", "audit",
        "audit-below"])
def test_a_loop_of_symbolic_links_is_one_coded_line_in_every_command(args, code, tmp_path: Path, runner):
    """Each was an internal error (E0199): a Path.resolve outside the shared helper (files.resolved)."""
    from tei_edition.cli import main

    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(tmp_path / "one")
    given = [a.format(loop=tmp_path / "one", build=tmp_path / "build") for a in args]
    result = runner.invoke(main, given)
    assert result.exit_code in (1, 2) and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"{tmp_path / 'one'}") and f":0:0: [{code}] " in result.output, result.output


def test_a_project_folder_that_is_a_loop_holds_no_output(tmp_path: Path, monkeypatch):
    """TEI_EDITION_ROOT naming a loop: the check of --out resolved it and met Python's RuntimeError."""
    from tei_edition.core import output_folder, paths

    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(tmp_path / "one")
    monkeypatch.setattr(paths, "ROOT", tmp_path / "one")
    monkeypatch.setattr(paths, "EDITION_DIR", tmp_path / "one" / "edition")
    assert output_folder.check(tmp_path / "out", copy_master(tmp_path)) == (tmp_path / "out").resolve()


def test_an_xinclude_of_a_loop_of_symbolic_links_is_the_validators_to_report(master: Path, tmp_path: Path, runner):
    """The build hashes the included files before it validates: it was an internal error (E0199)."""
    from tei_edition.cli import main

    (master.parent / "one.xml").symlink_to(master.parent / "two.xml")
    (master.parent / "two.xml").symlink_to(master.parent / "one.xml")
    text = master.read_text(encoding="utf-8")
    assert text.count("</body>") == 1
    master.write_text(text.replace("</body>", '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                              'href="one.xml"/></body>'), encoding="utf-8")
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "[E0199]" not in result.output, result.output
    assert all(line.startswith(f"{master}:") and "[E0" in line for line in result.output.splitlines()), result.output
    assert not (tmp_path / "out").exists()


def test_a_removed_working_directory_is_one_coded_line(master: Path, tmp_path: Path):
    """It was a traceback at the import of the command line (the project folder is looked for
    from the working directory), and with that mended, Saxon's own failure as E0102."""
    gone = tmp_path / "gone"
    gone.mkdir()
    script = ("import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); sys.argv[1:] = sys.argv[2:]; "
              "import runpy; runpy.run_module('tei_edition.cli', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", script, str(gone), "build", "--master", str(master), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PWD": str(gone)})
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"{gone}:0:0: [E0118] "), done.stderr
    assert not (tmp_path / "out").exists()


def test_a_full_disk_while_copying_names_the_file_written(master: Path, tmp_path: Path, runner, monkeypatch):
    """Not the file read: it named the toolkit's own asset, as if that were what failed."""
    import shutil as shutil_module

    from tei_edition.cli import main

    def full(src: Path | str, dst: Path | str) -> None:
        raise OSError(28, "No space left on device", str(src), None, str(dst))

    monkeypatch.setattr(shutil_module, "copyfile", full)
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(str(tmp_path / ".out.tmp-")) and "/site/assets/" in result.output, result.output
    assert "[E0102] could not write the build: No space left on device" in result.output


# --- what validates, builds --------------------------------------------------------------------

@pytest.mark.parametrize("note", ["<q>" * 120 + "Bolshevik leader." + "</q>" * 120,
                                  "Bolshevik leader " + "&amp;" * 100_001 + "."], ids=["120 levels", "100,001 escapes"])
def test_a_valid_master_beyond_the_jdk_parsers_limits_builds(note: str, master: Path, tmp_path: Path, runner):
    """Saxon reads the master as lxml wrote it, through the JDK parser's limits: 100 levels deep,
    100,000 escaped characters. A master over them validated, then the build failed as an internal
    error (E0199) after lines of Saxon's own on stderr."""
    from tei_edition.cli import main

    text = master.read_text(encoding="utf-8")
    assert text.count("<note>Bolshevik leader.</note>") == 1
    master.write_text(text.replace("<note>Bolshevik leader.</note>", f"<note>{note}</note>"), encoding="utf-8")
    assert runner.invoke(main, ["validate", str(master)]).exit_code == 0
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "site" / "persons.html").is_file()


def test_a_master_turned_into_a_loop_of_links_during_the_build_fails_no_stage(master: Path, tmp_path: Path):
    """The stages resolved the master again (the key of each stage's inputs, the XSLT's base URI):
    Python's OSError of a loop (reported as E0102, 'could not write'), in a build whose master an
    editor replaced meanwhile (serve --watch rebuilds while the editor saves). The build now uses
    the path resolved when it read the master."""
    real = master.resolve()

    def loop_after_validation(name: str, _ctx: object) -> None:
        if name == "validate":
            master.unlink()
            master.symlink_to(tmp_path / "other.xml")
            (tmp_path / "other.xml").symlink_to(master)

    ctx = build(master, tmp_path / "out", on_stage=loop_after_validation, jobs=1)
    assert ctx.real_master == real and (tmp_path / "out" / "manifest.json").is_file()
    assert (tmp_path / "out" / "epub").is_dir() and (tmp_path / "out" / "site" / "index.html").is_file()
