"""Mentions of events and glossary terms: marked from the decision file, reproducible, and kept by
the annotator (which marks names inside them), so `tei-edition annotate` and `tei-edition mentions`
give the same bytes in either order.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_mentions.py."""

from __future__ import annotations

from click.testing import CliRunner

from tei_edition.cli import main
from tei_edition.core import paths
from tei_edition.curation import mentions as M


def test_the_master_is_marked_as_the_file_says():
    runner = CliRunner()
    result = runner.invoke(main, ["mentions", "--check"])
    assert result.exit_code == 0, result.output
    text = paths.MASTER.read_text(encoding="utf-8")
    assert text.count('<rs type="event"') == len(M.load_mentions()) - text.count("<term ref=")
