"""Citations in seven styles from one CSL-JSON item; the fast all-units path equals citeproc unit by unit.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_cite.py."""

from tei_edition.cli import main


def test_master_citation(runner):
    result = runner.invoke(main, ["cite", "p42", "--style", "apa"])
    assert result.exit_code == 0, result.output
    assert "#p42" in result.output and result.output.startswith("Lawson, T.")


def test_the_edition_s_citations_write_its_bodies_and_genre_as_each_style_does(runner):
    def cite(*args):
        result = runner.invoke(main, ["cite", *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert ("Digital scholarly edition. Edited by the tei-edition editorial team. Libcom.org, 2021. "
            "Reprint, the tei-edition project, 2026.") in cite("--style", "chicago")
    assert (", digital scholarly edition, ed. the tei-edition editorial team (libcom.org, 2021; "
            "repr., the tei-edition project, 2026), para. 42,") in cite("p42", "--in-text", "--style", "chicago")
    assert "Edited by the tei-edition editorial team, tei-edition project, 2026," in cite("--style", "mla")
    assert ("(The tei-edition editorial team, Ed.) [Digital scholarly edition]. The tei-edition project."
            in cite("--style", "apa"))
