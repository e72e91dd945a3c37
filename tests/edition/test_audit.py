"""`tei-edition audit`: the editor's list of what is not yet marked, as path:line:col lines.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_audit_fixtures.py."""

from pathlib import Path

from tei_edition.core import paths
from tei_edition.cli import main


def _planted(tmp_path: Path, old: str, new: str) -> Path:
    text = paths.MASTER.read_text(encoding="utf-8")
    body = text.index("<body")  # the first occurrence in the text (the standOff's events mark names too)
    assert text.count(old, body) >= 1, old
    target = tmp_path / "planted.xml"
    target.write_text(text[:body] + text[body:].replace(old, new, 1), encoding="utf-8")
    return target


def test_master_has_nothing_left_to_mark(runner):
    result = runner.invoke(main, ["audit"])
    assert result.exit_code == 0, result.output
    assert "0 thing(s) left to mark" in result.output
    assert "persons: 59" in result.output


def test_unmarked_name_is_reported_with_code_and_line(runner, tmp_path: Path):
    # Unwrap the first mark of Zinoviev: the name stays in the text, unmarked.
    planted = _planted(tmp_path, '<persName ref="#zinoviev">Zinoviev</persName>', "Zinoviev")
    result = runner.invoke(main, ["audit", str(planted)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "[W0403]" in line]
    assert lines and lines[0].startswith(f"{planted}:")
    line_no = int(lines[0].split(":")[1])
    assert "Zinoviev" in planted.read_text(encoding="utf-8").splitlines()[line_no - 1]


def test_unmarked_year_and_unused_entry(runner, tmp_path: Path):
    text = paths.MASTER.read_text(encoding="utf-8")
    first_date = text.index("<date ", text.index("<body"))
    end = text.index("</date>", first_date)
    inner = text[text.index(">", first_date) + 1:end]
    planted = tmp_path / "planted.xml"
    planted.write_text(text[:first_date] + inner + text[end + len("</date>"):], encoding="utf-8")
    result = runner.invoke(main, ["audit", str(planted)])
    assert result.exit_code == 1
    assert "[W0404]" in result.output and "unmarked year" in result.output


def test_json_format(runner):
    import json

    result = runner.invoke(main, ["audit", "--format", "json"])
    data = json.loads(result.output)
    assert data["problems"] == [] and len(data["summary"]) == 4 + 9  # registers + the apparatus (issue #10)


def test_the_master_without_its_overrides_file_is_an_error(runner, tmp_path: Path, minimal_tei: Path, monkeypatch):
    """Audited without the overrides, the master's findings would list as unmarked what the
    overrides decided; `annotate` refuses the same (E0001), and so does `audit` now. (Here, not
    in tests/toolkit/: the audit reads the edition's lists in edition/source/.)"""
    import shutil

    from tei_edition.core import paths
    from tei_edition.curation import audit

    master = tmp_path / "master.xml"
    shutil.copyfile(minimal_tei, master)
    monkeypatch.setattr(paths, "MASTER", master)
    monkeypatch.setattr(audit, "OVERRIDES", tmp_path / "annotation-overrides.txt")
    result = runner.invoke(main, ["audit", str(master)])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and "[E0001]" in lines[0], result.output
    assert "annotation-overrides.txt" in lines[0]
    (tmp_path / "annotation-overrides.txt").write_text("", encoding="utf-8")  # an empty file: none, on purpose
    assert "[E0001]" not in runner.invoke(main, ["audit", str(master)]).output
