"""`package --out`: the deposit package replaces its folder whole, so it never takes a folder it
did not make (E0110, nothing touched): not an existing folder that is not a previous package, not
the build, a folder inside it (but BUILD/dist) or above it, not the project, `edition/` or a folder
holding the master, not a file. A second run into its own package replaces it (byte-identical),
a failed run leaves it as it was, and one run at a time writes a folder (E0111).

The package itself is tested in test_package_fixtures.py (here) and tests/edition/test_package.py."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
from pathlib import Path

import pytest

from tei_edition.cli import main
from tei_edition.core import output_folder, paths
from tei_edition.core.problems import EditionError
from tei_edition.outputs.package import package
from support import FIXTURES

CODED = re.compile(r"^[^\n]*:\d+:\d+: \[[EW]\d{4}\] [^\n]+$")


def tree(folder: Path) -> dict[str, str]:
    """Every entry below `folder`: a file's SHA-256, or what else it is."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = f"link to {os.readlink(path)}"
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "folder" if path.is_dir() else "special"
    return found


def refused(runner, build: Path, out: Path | str, code: str = "E0110") -> str:
    result = runner.invoke(main, ["package", "--build", str(build), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and CODED.match(lines[0]) and f"[{code}]" in lines[0], result.output
    return lines[0]


@pytest.fixture()
def build(built_minimal: Path, tmp_path: Path) -> Path:
    """A finished build with a sibling, in a folder of its own."""
    copy = tmp_path / "work" / "build"
    shutil.copytree(built_minimal, copy)
    (tmp_path / "work" / "notes.txt").write_text("beside the build\n")
    return copy


# --- never destroy what it did not make ----------------------------------------------------

def test_an_existing_folder_that_is_not_a_package_is_refused(build: Path, tmp_path: Path, runner):
    mine = tmp_path / "u"
    mine.mkdir()
    (mine / "t.txt").write_text("thesis\n")
    before = tree(tmp_path)
    line = refused(runner, build, mine)
    assert "not a previous deposit package" in line
    assert tree(tmp_path) == before


@pytest.mark.parametrize("out", ["{build}", "{build}/..", "{build}/../..", "{build}/site", "{build}/tei",
                                 "{build}/site/new", "{build}/new", "{link}"],
                         ids=["the build", "its parent", "above it", "its site", "its TEI", "new in its site",
                              "new in it", "a link to it"])
def test_the_build_what_is_in_it_and_what_holds_it_are_refused(out, build: Path, tmp_path: Path, runner):
    (tmp_path / "link").symlink_to(build)
    before = tree(tmp_path)
    line = refused(runner, build, out.format(build=build, link=tmp_path / "link"))
    assert "the build" in line
    assert tree(tmp_path) == before


def test_a_file_or_a_special_file_is_refused(build: Path, tmp_path: Path, runner):
    (tmp_path / "file").write_text("a file\n")
    os.mkfifo(tmp_path / "fifo")
    before = tree(tmp_path)
    with pytest.raises(EditionError) as exc:  # the command line's own check refuses a file first (E0113)
        package(build, tmp_path / "file")
    assert [p.code for p in exc.value.problems] == ["E0110"]
    assert "a file" in refused(runner, build, tmp_path / "fifo")
    assert tree(tmp_path) == before


@pytest.mark.parametrize("command", ["package", "build"])
@pytest.mark.parametrize("through", ["", "/sub"], ids=["the link", "a folder under it"])
def test_a_link_to_nothing_is_refused_and_its_target_not_made(command, through, build: Path, tmp_path: Path, runner):
    """The package (and the build) was written at the link's target, made anew with the folders
    above it: where a link planted in a shared folder, or one to an unmounted disk, points."""
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere" / "target")
    before = tree(tmp_path)
    given = ["--build", str(build)] if command == "package" else ["--master", str(FIXTURES / "minimal.xml")]
    result = runner.invoke(main, [command, *given, "--out", f"{tmp_path / 'link'}{through}"])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.output
    named = "it" if not through else str(tmp_path / "link")
    assert lines[0] == (f"{tmp_path / 'link'}{through}:0:0: [E0110] refused as output folder: {named} is a symbolic "
                        f"link to {tmp_path / 'elsewhere' / 'target'}, which does not exist; make that folder, or "
                        "remove the link")
    assert tree(tmp_path) == before and not (tmp_path / "elsewhere").exists()


@pytest.fixture()
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project folder (edition/ with the master) as the working directory and the toolkit's project."""
    root = tmp_path / "project"
    (root / "edition" / "source").mkdir(parents=True)
    shutil.copy(FIXTURES / "minimal.xml", root / "edition" / f"{paths.BASENAME}.xml")
    (root / "edition" / "source" / "notes.txt").write_text("the editors' notes\n", encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "EDITION_DIR", root / "edition")
    monkeypatch.setattr(paths, "MASTER", root / "edition" / f"{paths.BASENAME}.xml")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("out", [".", "edition", "edition/source", "{root}", "{root}/edition"])
def test_the_project_and_what_holds_the_master_are_refused(out, project: Path, build: Path, tmp_path: Path, runner):
    before = tree(tmp_path)
    refused(runner, build, out.format(root=project))
    assert tree(tmp_path) == before


def test_a_package_changed_by_hand_or_another_tool_s_bag_is_refused(build: Path, tmp_path: Path, runner):
    out = tmp_path / "out"
    package(build, out)
    (out / "data" / "mine.txt").write_text("added by hand\n")
    before = tree(tmp_path)
    refused(runner, build, out)
    assert tree(tmp_path) == before
    (out / "data" / "mine.txt").unlink()
    info = out / "bag-info.txt"
    info.write_text(info.read_text().replace("Bag-Software-Agent: tei-edition", "Bag-Software-Agent: other"))
    refused(runner, build, out)
    assert "Bag-Software-Agent: other" in info.read_text()


# --- what it may name, as before --------------------------------------------------------------

def _leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def test_its_own_package_is_replaced_byte_for_byte(build: Path, tmp_path: Path, runner):
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (None, build / "dist", empty, tmp_path / "new" / "deeper"):
        args = ["package", "--build", str(build)] + ([] if out is None else ["--out", str(out)])
        first = runner.invoke(main, args)
        assert first.exit_code == 0, first.output
        where = out or build / "dist"
        made = tree(where)
        inode = where.stat().st_ino
        again = runner.invoke(main, args)
        assert again.exit_code == 0, again.output
        assert tree(where) == made and where.stat().st_ino != inode  # a new bag, the same bytes
        assert _leftovers(where.parent, where.name) == []
    assert tree(empty) == tree(build / "dist")


def test_a_failed_run_leaves_the_package_as_it_was(build: Path, tmp_path: Path, runner):
    out = tmp_path / "out"
    package(build, out)
    before = tree(out)
    (build / "exports" / "registers.csv").write_text("changed\n")
    refused(runner, build, out, "E0351")
    assert tree(out) == before and _leftovers(tmp_path, "out") == []


def test_one_run_at_a_time_writes_a_folder(build: Path, tmp_path: Path, runner):
    out = tmp_path / "out"
    package(build, out)
    before = tree(out)
    with output_folder.locked(out.resolve()):  # as another run holds it
        line = refused(runner, build, out, "E0111")
    assert str(os.getpid()) in line
    assert tree(out) == before


@pytest.mark.parametrize("instead", ["a folder", "a link", "a file"])
def test_what_takes_the_packages_place_while_it_is_written_is_never_replaced(instead: str, build: Path,
                                                                           tmp_path: Path, monkeypatch):
    """Checked at the start only, the place was swapped whatever held it by then: a folder an
    editor moved there while the bag was written was taken, and removed as the old package."""
    import bagit

    out = tmp_path / "out"
    package(build, out)
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious\n", encoding="utf-8")
    make_bag = bagit.make_bag

    def meanwhile(*args, **kwargs):
        out.rename(tmp_path / "out.moved")
        {"a folder": lambda: mine.rename(out), "a link": lambda: out.symlink_to(mine),
         "a file": lambda: out.write_text("notes\n", encoding="utf-8")}[instead]()
        return make_bag(*args, **kwargs)

    monkeypatch.setattr(bagit, "make_bag", meanwhile)
    with pytest.raises(EditionError) as failure:
        package(build, out)
    assert [p.code for p in failure.value.problems] == ["E0110"]
    assert "while the package was written" in failure.value.problems[0].message
    if instead == "a file":
        assert out.read_text(encoding="utf-8") == "notes\n"
    else:
        assert (out / "chapter1.tex").read_text(encoding="utf-8") == "precious\n"
    assert _leftovers(tmp_path, "out") == []


def test_a_failed_package_into_new_folders_leaves_none_of_them(build: Path, tmp_path: Path, monkeypatch):
    import bagit

    def fails(*args, **kwargs):
        raise EditionError([])

    monkeypatch.setattr(bagit, "make_bag", fails)
    with pytest.raises(EditionError):
        package(build, tmp_path / "new" / "deeper" / "out")
    assert not (tmp_path / "new").exists()


def test_a_build_that_is_not_there_is_one_line(tmp_path: Path, runner):
    """`--build` naming no folder gave one E0350 for each file a build holds (six lines, each
    "… is missing"); a file named there is the command line's fault (E0113), and the API says
    it is not a folder."""
    given = tmp_path / "nothing"
    result = runner.invoke(main, ["package", "--build", str(given), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1 and result.output.splitlines() == [
        f"{given}:1:1: [E0350] there is no build here (no such folder): "
        "run `tei-edition build` first, or name the build with --build"], result.output
    given.write_text("not a build")
    with pytest.raises(EditionError) as exc:
        package(given, tmp_path / "dist")
    assert [(p.code, p.message.split(":")[0]) for p in exc.value.problems] == [
        ("E0350", "there is no build here (not a folder)")]
    assert not (tmp_path / "dist").exists()


def test_a_second_interruption_while_an_interrupted_package_is_removed_leaves_no_temporary_folder(
        build: Path, tmp_path: Path, monkeypatch):
    """As the build's (tests/toolkit/test_watch_interrupts.py): a second Ctrl-C, its handler run
    at a step inside the removal of the half-made bag, left `.out.tmp-*` beside the package."""
    import bagit

    from tei_edition.cli.guard import _interrupt
    from tei_edition.core import interrupts
    from tei_edition.outputs import package_folder

    real = package_folder.remove_tree

    def removal_interrupted(root, ignore_errors=False):
        _interrupt(signal.SIGINT, None)  # the second Ctrl-C
        real(root, ignore_errors)

    def first(*args, **kwargs):
        raise KeyboardInterrupt("SIGINT")

    monkeypatch.setattr(bagit, "make_bag", first)
    monkeypatch.setattr(package_folder, "remove_tree", removal_interrupted)
    interrupts.clear()
    try:
        with pytest.raises(KeyboardInterrupt):
            package(build, tmp_path / "out")
    finally:
        interrupts.clear()
    assert _leftovers(tmp_path, "out") == [] and not (tmp_path / "out").exists()
