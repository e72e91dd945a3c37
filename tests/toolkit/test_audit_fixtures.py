"""`tei-edition audit`: the editor's list of what is not yet marked, as path:line:col lines.

The tests on the real master are in tests/edition/test_audit.py."""

from pathlib import Path

from tei_edition.cli import main


def test_missing_file_exit_2(runner, tmp_path: Path):
    result = runner.invoke(main, ["audit", str(tmp_path / "nope.xml")])
    assert result.exit_code == 2
    assert "[E0001]" in result.output
