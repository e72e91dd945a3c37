"""The tests on the real master are in tests/edition/test_cli_master.py."""

import os
import subprocess
import sys
from pathlib import Path

import click
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
    # surplus arguments: no name in the help, and a value may be a file not at fault
    (["cite", "p42", "p43", "extra"], "tei-edition:0:0", "cite"),
    (["build", "edition/x.xml"], "tei-edition:0:0", "build"),
    # an argument at its metavar, an unknown command at the usage line's COMMAND (was tei-edition:0:0)
    (["no-such-command"], "COMMAND:1:1", ""),
    (["--no-such-option", "build"], "--no-such-option:1:1", ""),  # the program's own: was click's 3 lines
    (["anchors", "accept"], "ANCHOR:1:1", "anchors accept"),
    (["ingest"], "OUT:1:1", "ingest"),
    (["ingest", "draft/"], "OUT:1:1", "ingest"),
    (["validate", ""], "FILES:1:1", "validate"),
    # a subcommand's own help (before: `tei-edition anchors --help`)
    (["anchors", "accept", "--no-such-option"], "--no-such-option:1:1", "anchors accept"),
    (["anchors", "check", "--master"], "--master:1:1", "anchors check"),
    (["annotate", "x.xml", "--replace-standoff"], "--replace-standoff:1:1", "annotate"),  # was tei-edition:0:0
    (["anchors", "no-such-command"], "COMMAND:1:1", "anchors"),
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


# --- the program itself (`python -m tei_edition.cli`, the `tei-edition` script): `run` ----------

def _program(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tei_edition.cli", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["cite", "--help"]])
def test_output_that_cannot_be_written_is_one_coded_line(args: list[str]):
    """click prints the help and the version before any command runs, outside the guard: into a
    full disk that was a traceback."""
    with open("/dev/full", "w") as full:
        done = _program(*args, stdout=full)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["tei-edition:0:0: [E0102] could not write its output: No space left on device"]


def test_the_program_keeps_each_outcome_s_status_and_its_whole_output(minimal_tei: Path, tmp_path: Path):
    """The process ends without Python's teardown (`os._exit`): what a command printed into a
    pipe (block-buffered) must still all arrive, and its status stay its own."""
    cited = _program("cite", "--master", str(minimal_tei), "--style", "bibtex")
    assert cited.returncode == 0 and cited.stdout.rstrip().endswith("}"), cited.stderr
    assert _program("cite", "--master", str(minimal_tei), "--style", "bibtex").stdout == cited.stdout
    missing = _program("validate", str(tmp_path / "missing.xml"))
    assert missing.returncode == 2 and "[E0001]" in missing.stdout
    assert _program("no-such-command").returncode == 2
    assert _program("--version").stdout.startswith("tei-edition, version ")


@pytest.mark.parametrize("fd", [0, 1, 2], ids=["stdin", "stdout", "stderr"])
def test_a_command_started_with_a_standard_stream_closed_works_as_any(fd: int, minimal_tei: Path, tmp_path: Path):
    """Started with `>&-` (or by a service manager that closes them), Python left `sys.stdout`
    None (the build ended in E0199) and the next file opened took the free descriptor: standard
    error written by Saxon or Typst's child would have gone into it. The descriptor is opened on
    the null device first, and the build is the same as any."""
    reference = tmp_path / "reference"
    assert _program("build", "--master", str(minimal_tei), "--out", str(reference)).returncode == 0
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "tei_edition.cli", "build", "--master", str(minimal_tei),
                           "--out", str(out)], stdout=subprocess.PIPE if fd != 1 else None,
                          stderr=subprocess.PIPE if fd != 2 else None, text=True, timeout=120,
                          preexec_fn=lambda: os.close(fd))
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert (out / "manifest.json").read_bytes() == (reference / "manifest.json").read_bytes()
    assert "[E0" not in (done.stderr or "") + (done.stdout or "")


@pytest.mark.parametrize("args, option", [
    (["cite", "p1", "--style", "bibtex", "--in-text"], "--in-text"),
    (["cite", "p1", "--style", "ris", "--in-text"], "--in-text"),
    (["quotations", "--list", "--check"], "--check"),
])
def test_an_option_the_command_would_ignore_is_a_usage_error(args, option, runner):
    """They were ignored: the entry printed as if --in-text had not been given, --check skipped
    with exit 0."""
    from support import FIXTURES

    result = runner.invoke(main, [*args, "--master", str(FIXTURES / "minimal.xml")])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith(f"{option}:1:1: [E0113]"), result.output


def _path_options(group: click.Group, prefix: list[str]) -> list[tuple[list[str], str]]:
    """Every command (its words) and each of its options that takes a path."""
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _path_options(command, [*prefix, name])
            continue
        found += [([*prefix, name], param.opts[0]) for param in command.params
                  if isinstance(param, click.Option) and isinstance(param.type, click.Path)]
    return found


PATH_OPTIONS = _path_options(main, [])


@pytest.mark.parametrize("words, option", PATH_OPTIONS, ids=[" ".join([*w, o]) for w, o in PATH_OPTIONS])
def test_an_empty_path_option_is_a_usage_error_of_that_option(runner, words: list[str], option: str):
    """`--master ''` (an unset shell variable) was the working directory: '.' is a directory
    (E0006), an internal error (E0199) in build, pdf, epub and anchors, and `package --build ''`
    packaged the working directory."""
    with_watch = ["--watch"] if words == ["serve"] and option != "--dir" else []
    result = runner.invoke(main, [*words, option, "", *with_watch])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0].startswith(f"{option}:1:1: [E0113] Invalid value for '{option}': the path is empty"), lines[0]


@pytest.mark.parametrize("args", [["validate", ""], ["audit", ""], ["annotate", ""], ["ingest", ""],
                                  ["validate", str(Path(__file__)), ""]])
def test_an_empty_path_argument_is_a_usage_error(runner, args: list[str]):
    result = runner.invoke(main, args)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and "[E0113]" in lines[0] and "the path is empty" in lines[0]


@pytest.mark.parametrize("words", [w for w, o in PATH_OPTIONS if o == "--master"], ids=" ".join)
@pytest.mark.parametrize("master", [".", "/"])
def test_a_master_that_names_no_file_is_a_usage_error(runner, words: list[str], master: str):
    """E0199 before ('.' has an empty name: no anchor lock's name beside it)."""
    result = runner.invoke(main, [*words, "--master", master, *(["--watch"] if words == ["serve"] else [])])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0].startswith(f"--master:1:1: [E0113] Invalid value for '--master': '{master}' names a folder")
