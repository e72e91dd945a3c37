"""Incremental builds (core/incremental.py): a rebuild takes what did not change from the
previous build, and the result is the full build's, byte for byte.

The tests on the real master are in tests/edition/test_incremental_master.py."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from support.editing import copy_master, edit

from tei_edition.build import _REUSABLE, build
from tei_edition.core import paths
from tei_edition.core.incremental import STATE_NAME
from tei_edition.core.problems import EditionError
from support.incremental import inodes, manifest, rewritten

RESOURCE = paths.BASENAME


def contents(root: Path) -> dict[int, bytes]:
    return {p.stat().st_ino: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture()
def master(tmp_path: Path) -> Path:
    return copy_master(tmp_path)


# Edits an editor makes, in turn, each built on the build of the one before.
EDITS: list[tuple[str, str, str]] = [
    ("a word in a paragraph", "and worked in", "and lived in"),
    ("a register entry", "<note>Bolshevik leader.</note>", "<note>Bolshevik leader and theorist.</note>"),
    ("a note", "An editorial note.", "An editorial note on the appeal."),
    ("a section heading", "A life that touched many revolutionary threads", "A life across many revolutionary threads"),
    ("nothing but a comment", "</body>", "<!-- to do --></body>"),
]


def test_after_every_kind_of_edit_the_incremental_build_is_the_full_build(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    for n, (what, old, new) in enumerate(EDITS):
        before, was = inodes(out), contents(out)
        edit(master, old, new)
        ctx = build(master, out)
        full = build(master, tmp_path / f"full-{n}", full=True)
        assert manifest(out) == manifest(full.out), what
        # no file of the previous build was written into: a file it shares holds the same bytes
        assert all(data == was[ino] for ino, data in contents(out).items() if ino in was), what
        assert ctx.reuse is not None and ctx.reuse.kept > 0, what  # it did take files from the previous build
        assert rewritten(before, inodes(out)), what  # and made what changed


def test_an_unchanged_rebuild_takes_every_stage_and_writes_no_output(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    before = inodes(out)
    ctx = build(master, out)
    assert ctx.reuse is not None and ctx.reuse.taken == set(_REUSABLE)
    assert rewritten(before, inodes(out)) == set()
    assert ctx.reuse.written == 0


def test_another_paper_makes_only_the_pdf_again(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    before = inodes(out)
    ctx = build(master, out, paper="a5")
    assert ctx.reuse is not None and ctx.reuse.taken == set(_REUSABLE) - {"pdf"}
    assert rewritten(before, inodes(out)) == {f"pdf/{RESOURCE}.pdf", f"site/downloads/{RESOURCE}.pdf"}
    assert manifest(out) == manifest(build(master, tmp_path / "full", paper="a5").out)


def test_another_volume_size_makes_the_pdf_and_the_pages_that_list_it_again(master: Path, tmp_path: Path):
    from tei_edition.outputs.volumes import VOLUME_UNITS

    out = tmp_path / "build"
    build(master, out)
    ctx = build(master, out, volume_units=VOLUME_UNITS)  # the default, named: nothing changes
    assert ctx.reuse is not None and ctx.reuse.taken == set(_REUSABLE)
    ctx = build(master, out, volume_units=2)
    assert ctx.reuse is not None and ctx.reuse.taken == set(_REUSABLE) - {"pdf", "html", "search"}
    assert f"{RESOURCE}-vol02.pdf" in {p.name for p in (out / "pdf").iterdir()}
    assert manifest(out) == manifest(build(master, tmp_path / "full", volume_units=2).out)


@pytest.fixture()
def compiled(monkeypatch) -> list[str]:
    """The books Typst compiles ("" for the one book, "Volume 2 of 3" …), in order."""
    from tei_edition.outputs import pdf

    books: list[str] = []
    compile_pdf = pdf.compile_pdf

    def counted(source, master, timestamp, paper="a4", typesetter=None, book=""):
        books.append(book)
        return compile_pdf(source, master, timestamp, paper, typesetter, book)

    monkeypatch.setattr(pdf, "compile_pdf", counted)
    return books


def test_an_edit_in_one_volume_compiles_that_volume_only(master: Path, tmp_path: Path, compiled: list[str]):
    """Volumes of at most 2 units: ¶ 1, ¶¶ 2–3, ¶ 4. An edit in ¶ 4 changes the third volume's
    Typst source only; the first two are the previous build's files, and the build is the full one."""
    out = tmp_path / "build"
    build(master, out, volume_units=2)
    assert compiled == ["Volume 1 of 3", "Volume 2 of 3", "Volume 3 of 3"]
    before = inodes(out)
    edit(master, "wrote to him in", "wrote to Miasnikov in")
    compiled.clear()
    ctx = build(master, out, volume_units=2)
    assert compiled == ["Volume 3 of 3"]
    assert ctx.reuse is not None and "pdf" not in ctx.reuse.taken  # the stage ran: its inputs changed
    volumes = {f"pdf/{RESOURCE}-vol0{i}.pdf" for i in (1, 2, 3)}
    assert rewritten(before, inodes(out)) & volumes == {f"pdf/{RESOURCE}-vol03.pdf"}
    assert manifest(out) == manifest(build(master, tmp_path / "full", volume_units=2, full=True).out)


def test_an_edit_the_print_edition_does_not_show_compiles_nothing(master: Path, tmp_path: Path, compiled: list[str]):
    out = tmp_path / "build"
    build(master, out)
    assert compiled == [""]
    edit(master, "</body>", "<!-- to do --></body>")
    compiled.clear()
    ctx = build(master, out)
    assert compiled == [] and ctx.reuse is not None and "pdf" not in ctx.reuse.taken
    state = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
    assert list(state["stages"]["pdf"]["parts"]) == [f"pdf/{RESOURCE}.pdf"]  # kept for the next build


def test_a_volume_changed_by_hand_is_compiled_again(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out, volume_units=2)
    good = (out / "pdf" / f"{RESOURCE}-vol01.pdf").read_bytes()
    (out / "pdf" / f"{RESOURCE}-vol01.pdf").write_bytes(b"%PDF-1.7 not the build's")
    edit(master, "wrote to him in", "wrote to Miasnikov in")
    build(master, out, volume_units=2)
    assert (out / "pdf" / f"{RESOURCE}-vol01.pdf").read_bytes() == good


def test_another_base_url_makes_every_output_again(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    ctx = build(master, out, base_url="https://example.com/other/")
    assert ctx.reuse is not None and ctx.reuse.taken == set()
    assert manifest(out) == manifest(build(master, tmp_path / "full", base_url="https://example.com/other/").out)


def test_a_failed_incremental_build_leaves_the_previous_build_as_it_was(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    files = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    before = inodes(out)
    edit(master, 'ref="#lenin"', 'ref="#nobody"')
    with pytest.raises(EditionError) as failure:
        build(master, out)
    assert "E0211" in {p.code for p in failure.value.problems}
    assert inodes(out) == before and {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == files
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []
    edit(master, 'ref="#nobody"', 'ref="#lenin"')
    build(master, out)
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


@pytest.mark.parametrize("failure", [EditionError, KeyboardInterrupt])
def test_a_build_that_fails_after_linking_leaves_the_previous_build_whole(master: Path, tmp_path: Path,
                                                                         monkeypatch, failure):
    """The stages before the failure linked and wrote files into the temporary folder; removing
    it must not touch the previous build, whose files those links share."""
    import tei_edition.build as b
    from tei_edition.core.problems import Problem

    out = tmp_path / "build"
    build(master, out)
    files = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    before = inodes(out)

    def fail(ctx: b.BuildContext) -> None:
        assert ctx.reuse is not None and ctx.reuse.placed  # files were linked before this stage
        if failure is KeyboardInterrupt:
            raise KeyboardInterrupt
        raise EditionError([Problem(str(master), 1, 1, "E0104", "planted")])

    monkeypatch.setattr(b, "STAGES", [(n, fail if n == "epub" else s) for n, s in b.STAGES])
    edit(master, "An editorial note.", "An editorial note on the appeal.")
    with pytest.raises(failure):
        build(master, out)
    assert inodes(out) == before and {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == files
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_a_file_changed_by_hand_in_the_build_is_made_again(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    index = out / "site" / "index.html"
    expected = index.read_bytes()
    index.write_bytes(expected.replace(b"Miasnikov", b"Someone else"))
    ctx = build(master, out)
    assert ctx.reuse is not None and "html" not in ctx.reuse.taken
    assert index.read_bytes() == expected
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


def test_an_unreadable_state_is_a_warning_and_a_full_build(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    (out / STATE_NAME).write_text('{"format": 1, "files": {"site/index.html": [1, 2]}, "stages": {}}')
    ctx = build(master, out)
    assert [p.code for p in ctx.warnings] == ["W0140"]
    assert ctx.reuse is not None and ctx.reuse.taken == set() and ctx.reuse.kept == 0
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


def test_where_links_fail_the_files_are_copied(master: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "build"
    build(master, out)
    real_link: Callable[..., None] = os.link

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "link", no_links)
    edit(master, "An editorial note.", "An editorial note on the appeal.")
    ctx = build(master, out)
    monkeypatch.setattr(os, "link", real_link)
    assert ctx.reuse is not None and ctx.reuse.kept == 0
    assert manifest(out) == manifest(build(master, tmp_path / "full").out)


def test_the_state_is_not_in_the_manifest_and_names_every_file(master: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(master, out)
    listed = {e["path"] for e in json.loads(manifest(out))["files"]}
    state = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
    assert STATE_NAME not in listed
    assert set(state["files"]) == listed
    assert set(state["stages"]) == set(_REUSABLE)


def modes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mode & 0o7777 for p in root.rglob("*")}


def test_a_previous_file_whose_permissions_are_not_this_builds_is_made_again(master: Path, tmp_path: Path):
    """A build under umask 077 (a cron job), then one under 022: the links kept the first build's
    0600 files, so the site's folders were readable by a web server and its files were not. A file
    chmod-ed by hand (its inode, size and modification time unchanged) is made again too."""
    out = tmp_path / "build"
    old = os.umask(0o077)
    try:
        build(master, out)
        os.umask(0o022)
        build(master, out)
        full = build(master, tmp_path / "full", full=True)
        assert modes(out) == modes(full.out) and manifest(out) == manifest(full.out)
        (out / "site" / "index.html").chmod(0o600)
        build(master, out)
        assert modes(out) == modes(full.out)
    finally:
        os.umask(old)


def test_a_taken_stages_warnings_name_the_master_as_this_build_does(master: Path, tmp_path: Path, monkeypatch):
    """The key holds the master's real path, not the name a build is given, so a build run from
    another folder takes the stages; their warnings named the master as the first build had
    (here its absolute path, where the full build says `minimal.xml`)."""
    edit(master, "<placeName>Perm</placeName>", "<placeName>Perm</placeName><location "
         'source="#src-wp-gavril-myasnikov"><geo>-40.0 170.0</geo></location>')  # W0120: off the map
    out = tmp_path / "build"
    build(master, out)
    monkeypatch.chdir(master.parent)
    ctx = build(Path(master.name), out)
    assert ctx.reuse is not None and ctx.reuse.taken == set(_REUSABLE)
    full = build(Path(master.name), tmp_path / "full")
    assert [p.code for p in ctx.warnings] == ["W0120"]
    assert ctx.warnings == full.warnings
