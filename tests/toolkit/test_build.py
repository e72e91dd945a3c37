import hashlib
import json
from pathlib import Path

import pytest

from tei_edition.build import STAGES, build, run_stages
from tei_edition.core.problems import EditionError


def test_minimal_build_has_every_output(built_minimal: Path):
    for rel in ["site/index.html", "pdf/lawson-2021-most-intransigent.pdf",
                "tei/lawson-2021-most-intransigent.xml", "manifest.json"]:
        assert (built_minimal / rel).is_file(), rel


def test_manifest_lists_every_file_with_size_and_hash(built_minimal: Path):
    manifest = json.loads((built_minimal / "manifest.json").read_text())
    listed = {e["path"]: e for e in manifest["files"]}
    on_disk = {p.relative_to(built_minimal).as_posix() for p in built_minimal.rglob("*")
               if p.is_file() and p.name not in ("manifest.json", ".tei-edition-state.json")}
    assert set(listed) == on_disk
    for rel, entry in listed.items():
        data = (built_minimal / rel).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_rebuild_is_byte_identical(minimal_tei: Path, tmp_path: Path):
    first = build(minimal_tei, tmp_path / "a")
    second = build(minimal_tei, tmp_path / "b")
    m1 = (first.out / "manifest.json").read_text()
    m2 = (second.out / "manifest.json").read_text()
    assert m1 == m2


def test_failed_build_leaves_previous_output_untouched(minimal_tei: Path, tmp_path: Path):
    out = tmp_path / "build"
    build(minimal_tei, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = tmp_path / "broken.xml"
    broken.write_text(minimal_tei.read_text().replace("</body>", "", 1))
    with pytest.raises(EditionError):
        build(broken, out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_stage_failure_midway_cleans_up(minimal_tei: Path, tmp_path: Path, monkeypatch):
    import tei_edition.build as b

    def boom(ctx):
        raise EditionError([b.Problem(str(ctx.master), 1, 1, "E0100", "planted failure")])

    monkeypatch.setattr(b, "STAGES", b.STAGES[:3] + [("boom", boom)])
    out = tmp_path / "build"
    with pytest.raises(EditionError):
        build(minimal_tei, out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_stages_are_importable_and_run_alone(minimal_tei: Path, tmp_path: Path):
    from tei_edition.core.build_context import BuildContext
    from tei_edition.core.xmlio import read_tei

    ctx = BuildContext(master=minimal_tei, tree=read_tei(minimal_tei), out=tmp_path)
    run_stages(ctx, only={"tei"})
    assert (tmp_path / "tei").is_dir()
    assert not (tmp_path / "site").exists()
    assert [name for name, _ in STAGES][:2] == ["validate", "anchors"]


def test_failure_in_the_background_pdf_compile_fails_the_build(minimal_tei: Path, tmp_path: Path, monkeypatch):
    """Typst compiles in a worker thread: its error must still stop the build, cleanly."""
    import tei_edition.outputs.pdf as pdf

    def broken(*_args, **_kwargs):
        raise EditionError([pdf.Problem(str(minimal_tei), 0, 0, "E0101", "typst: planted failure")])

    out = tmp_path / "build"
    build(minimal_tei, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    monkeypatch.setattr(pdf, "compile_pdf", broken)
    with pytest.raises(EditionError) as info:
        build(minimal_tei, out, paper="a5")  # another paper: the PDF is made again, not taken
    assert [p.code for p in info.value.problems] == ["E0101"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_pdf_compile_runs_in_the_background_and_is_timed(built_minimal: Path, minimal_tei: Path, tmp_path: Path):
    ctx = build(minimal_tei, tmp_path / "b")
    assert ctx.timings["pdf-compile"] > 0
    assert (ctx.out / "pdf" / "lawson-2021-most-intransigent.pdf").read_bytes() == \
        (built_minimal / "pdf" / "lawson-2021-most-intransigent.pdf").read_bytes()
