"""The deposit package (`tei-edition package` → build/dist/): a valid BagIt bag holding every
output, its licences and metadata valid against their schemas, portable names, at most 100
entries at the top, byte-identical when made twice, and never half-written.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_package_fixtures.py."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import bagit
import jsonschema
import pytest
import yaml

import setup_cache
from tei_edition.cli import main
from tei_edition.core import paths
from tei_edition.core.problems import EditionError
from tei_edition.outputs.package import package


def _schema(name: str) -> dict:
    path = setup_cache.SCHEMA_DIR / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make` (or .venv/bin/python tools/setup_cache.py)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dist(built_edition: Path, tmp_path_factory) -> Path:
    return package(built_edition, tmp_path_factory.mktemp("deposit") / "dist")


@pytest.fixture()
def build_copy(built_edition: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "build"
    shutil.copytree(built_edition, copy)
    return copy


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_package_is_a_valid_bag_of_every_output(dist: Path, built_edition: Path):
    bag = bagit.Bag(str(dist))
    bag.validate()  # raises on any missing, extra or altered file
    assert bag.info["Bagging-Date"] == "2026-11-27"
    data = dist / "data"
    for name in ("README.md", "LICENSE.txt", "CC-BY-4.0.txt", "CITATION.cff", "datacite.json", "dts.zip",
                 f"{paths.BASENAME}.pdf", "site/index.html", f"tei/{paths.BASENAME}.xml", "exports/edition.ris"):
        assert (data / name).is_file(), name
    # the TEI, the exports and the site exactly as the build has them
    for folder in ("tei", "exports", "site"):
        assert _files(data / folder) == _files(built_edition / folder), folder
    with zipfile.ZipFile(data / "dts.zip") as z:
        names = z.namelist()
        assert names == sorted(names)
        assert {n.removeprefix("dts/") for n in names} == set(_files(built_edition / "dts"))
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 27, 0, 0, 0)}
        assert z.read("dts/index.json") == (built_edition / "dts" / "index.json").read_bytes()


def test_names_are_portable_and_the_top_level_small(dist: Path):
    data = dist / "data"
    assert len(list(data.iterdir())) <= 100
    bad = [p for p in dist.rglob("*") if not re.fullmatch(r"[A-Za-z0-9._-]+", p.name)]
    assert bad == []


def test_two_packages_are_byte_identical(dist: Path, built_edition: Path, tmp_path: Path):
    again = package(built_edition, tmp_path / "dist")
    assert _files(again) == _files(dist)


def test_citation_cff_is_valid_cff_1_2_0(dist: Path):
    cff = yaml.safe_load((dist / "data" / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(_schema("cff-1.2.0.json"), format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(cff)] == []
    cited = cff["preferred-citation"]
    assert cited["type"] == "book" and cited["editors"] == [{"name": "The tei-edition editorial team"}]
    assert cff["authors"] == [{"family-names": "Lawson", "given-names": "Tommy"}]
    # the schema catches what it should: a wrong type breaks it
    assert list(validator.iter_errors(dict(cff, type="essay")))


def test_datacite_json_is_valid_datacite_4_5(dist: Path):
    record = json.loads((dist / "data" / "datacite.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(_schema("datacite-v4.5.json"))
    assert [e.message for e in validator.iter_errors(record)] == []
    assert record["types"] == {"resourceTypeGeneral": "Book", "resourceType": "Digital scholarly edition"}
    assert record["contributors"][0]["contributorType"] == "Editor"
    original = record["relatedItems"][0]
    assert (original["relationType"], original["publisher"], original["publicationYear"]) == \
        ("IsDerivedFrom", "libcom.org", "2021")
    assert "doi" not in record  # assigned by the repository, never invented
    assert list(validator.iter_errors(dict(record, types={"resourceTypeGeneral": "Essay"})))


def test_licences_and_readme(dist: Path):
    data = dist / "data"
    terms = (data / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International" in terms and "Anti-Copyright" in terms
    readme = (data / "README.md").read_text(encoding="utf-8")
    for entry in data.iterdir():
        assert f"`{entry.name}{'/' if entry.is_dir() else ''}`" in readme, entry.name
    assert "## How to cite" in readme and "Lawson, Tommy." in readme


def _assert_untouched(dist: Path, before: dict[str, bytes]) -> None:
    assert _files(dist) == before
    assert [p.name for p in dist.parent.iterdir() if p.name.startswith(".dist")] == []


def test_an_incomplete_build_fails_and_leaves_dist_as_it_was(build_copy: Path):
    dist = package(build_copy)
    before = _files(dist)
    (build_copy / "pdf" / f"{paths.BASENAME}.pdf").unlink()
    with pytest.raises(EditionError) as exc:
        package(build_copy)
    assert [p.code for p in exc.value.problems] == ["E0350"]
    _assert_untouched(dist, before)


def test_a_file_changed_after_the_build_fails(build_copy: Path):
    (build_copy / "exports" / "registers.csv").write_text("changed\n")
    with pytest.raises(EditionError) as exc:
        package(build_copy)
    assert [p.code for p in exc.value.problems] == ["E0351"]
    assert not (build_copy / "dist").exists()


def test_a_file_name_outside_the_portable_set_fails(build_copy: Path):
    dist = package(build_copy)
    before = _files(dist)
    name, data = "site/page;version=2.html", b"<p>x</p>"
    (build_copy / name).write_bytes(data)  # listed, as if the build had made it (else E0351: not in the manifest)
    manifest = json.loads((build_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"].append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    (build_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(EditionError) as exc:
        package(build_copy)
    assert [p.code for p in exc.value.problems] == ["E0352"]
    _assert_untouched(dist, before)


def test_too_many_top_level_entries_fail(build_copy: Path, monkeypatch):
    from tei_edition.outputs import package as module

    monkeypatch.setattr(module, "MAX_TOP_LEVEL", 5)
    with pytest.raises(EditionError) as exc:
        package(build_copy)
    assert [p.code for p in exc.value.problems] == ["E0353"]


def test_cli(runner, build_copy: Path, tmp_path: Path):
    result = runner.invoke(main, ["package", "--build", str(build_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    bagit.Bag(str(tmp_path / "out")).validate()
    (build_copy / "manifest.json").unlink()
    result = runner.invoke(main, ["package", "--build", str(build_copy)])
    assert result.exit_code == 1 and re.search(r"manifest\.json:1:1: \[E0350\]", result.output), result.output
