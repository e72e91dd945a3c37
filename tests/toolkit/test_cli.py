"""The tests on the real master are in tests/edition/test_cli_master.py."""

from pathlib import Path

import pytest

from tei_edition.cli import main


def test_help_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "validate"):
        assert command in result.output


def test_each_command_has_help(runner):
    for command in main.commands:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.output


def test_build_command_writes_outputs(runner, minimal_tei: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--master", str(minimal_tei), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "manifest.json").is_file()


def test_build_missing_file_is_one_clean_line(runner, tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--master", str(tmp_path / "missing.xml"), "--out", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "[E0001]" in lines[0] and "Traceback" not in result.output
    assert not out.exists()


def test_build_not_xml(runner, tmp_path: Path):
    bad = tmp_path / "notes.xml"
    bad.write_text("this is not xml\n")
    result = runner.invoke(main, ["build", "--master", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output.startswith(f"{bad}:1:")
    assert "[E0002]" in result.output


def test_build_not_tei(runner, tmp_path: Path):
    bad = tmp_path / "page.xml"
    bad.write_text("<html/>")
    result = runner.invoke(main, ["build", "--master", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "[E0003]" in result.output


def test_validate_unreadable_file_exit_2(runner, tmp_path: Path):
    result = runner.invoke(main, ["validate", str(tmp_path / "missing.xml")])
    assert result.exit_code == 2
    assert "[E0001]" in result.output


@pytest.mark.parametrize("args, where, command", [
    (["build", "--no-such-option"], "--no-such-option:1:1", "build"),
    (["build", "--jobs", "3"], "--jobs:1:1", "build"),
    (["pdf", "--paragraphs"], "--paragraphs:1:1", "pdf"),
    (["validate", "--format", "xml"], "--format:1:1", "validate"),
    (["cite", "p42", "p43", "extra"], "tei-edition:0:0", "cite"),
    (["no-such-command"], "tei-edition:0:0", ""),
    # a subcommand's own help (before: `tei-edition anchors --help`)
    (["anchors", "accept", "--no-such-option"], "--no-such-option:1:1", "anchors accept"),
    (["anchors", "check", "--master"], "--master:1:1", "anchors check"),
    (["anchors", "no-such-command"], "tei-edition:0:0", "anchors"),
])
def test_a_command_line_not_understood_is_one_coded_line_exit_2(runner, args: list[str], where: str, command: str):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{where}: [E0113] "), result.output
    assert lines[0].endswith(f"(see `{' '.join(['tei-edition', command]).strip()} --help`)"), lines[0]


def test_a_command_line_with_no_command_shows_the_help(runner):
    result = runner.invoke(main, [])
    assert "Usage: " in result.output and "[E0113]" not in result.output
