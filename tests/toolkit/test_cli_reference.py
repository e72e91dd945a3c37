"""The README's command reference is generated from the click commands and cannot drift."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

import cli_reference
from tei_edition.cli import main
from support import CHECKOUT

README = CHECKOUT / "README.md"


def test_the_readme_reference_is_what_the_commands_give():
    diff = cli_reference.drift(README.read_text(encoding="utf-8"), main)
    assert diff is None, f"run `make cli-reference`:\n{diff}"


def test_every_command_and_option_is_in_it():
    text = cli_reference.reference(main)
    for name, command in main.commands.items():
        assert f"### `tei-edition {name}`" in text
        for sub in getattr(command, "commands", {}):
            assert f"### `tei-edition {name} {sub}`" in text
    assert "| `--paper [a4\\|a5\\|letter]` | Paper size of the print edition (PDF). Default: `a4`. |" in text
    assert "Default: `edition/lawson-2021-most-intransigent.xml`" in text  # a project path, not this machine's
    assert "--help" not in text


def test_a_changed_command_is_drift():
    readme = README.read_text(encoding="utf-8")
    changed = click.Group("tei-edition", commands=dict(main.commands))

    @changed.command("extra")
    @click.option("--loud", is_flag=True, help="Say it loudly.")
    def extra(loud: bool) -> None:
        """A command the README does not know."""

    diff = cli_reference.drift(readme, changed)
    assert diff is not None and "+### `tei-edition extra`" in diff and "Say it loudly." in diff


def test_a_hand_edit_is_drift():
    readme = README.read_text(encoding="utf-8").replace("Paper size of the print edition", "Paper of the print")
    assert cli_reference.drift(readme, main) is not None


def test_the_markers_are_required():
    with pytest.raises(ValueError, match="markers"):
        cli_reference.replace_section("# README without markers\n", "x")


def test_check_exits_1_on_drift(tmp_path: Path, monkeypatch, capsys):
    stale = tmp_path / "README.md"
    stale.write_text(README.read_text(encoding="utf-8").replace("### `tei-edition odd`", "### `tei-edition odd2`"))
    monkeypatch.setattr(cli_reference, "README", stale)
    assert cli_reference.main(["--check"]) == 1
    assert "has drifted" in capsys.readouterr().err
    assert cli_reference.main([]) == 0 and cli_reference.main(["--check"]) == 0
