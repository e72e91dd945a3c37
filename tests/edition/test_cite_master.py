"""Citations in seven styles from one CSL-JSON item; the fast all-units path equals citeproc unit by unit.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_cite.py."""

from tei_edition.cli import main


def test_master_citation(runner):
    result = runner.invoke(main, ["cite", "p42", "--style", "apa"])
    assert result.exit_code == 0, result.output
    assert "#p42" in result.output and result.output.startswith("Lawson, T.")
