"""Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_cli.py."""

from tei_edition.cli import main


def test_base_url_gets_a_trailing_slash(runner, tmp_path):
    result = runner.invoke(main, ["cite", "p1", "--style", "csl-json", "--base-url", "https://x.example/ed"])
    assert result.exit_code == 0, result.output
    assert "https://x.example/ed/#p1" in result.output
