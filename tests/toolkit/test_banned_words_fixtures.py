"""The edition speaks of the text and its sources, never of how the editors worked (issue #10):
no "stored", "copy", "mirror", "round", no internal flag, commit id, SpocWiki or web archive in
the master outside the essay's own words, nor in any file of a build.

The tests on the real master are in tests/edition/test_banned_words.py."""

from __future__ import annotations

import pytest
from support.banned_words import offending


@pytest.mark.parametrize("prose", [
    "Life dates from the stored English Wikipedia article.",
    "read in a mirror of the page", "found in this round", "a Kiwix copy of the article",
    "has_id_wikidata Q40787", "commit 08a9234", "SpocWiki/_Standards", "web.archive.org/web/2017",
])
def test_each_banned_form_is_caught(prose):
    assert offending(prose, set(), set()) != []


def test_the_essay_words_and_urls_are_not_caught():
    windows = {("stop", "copies", "of")}
    assert offending("the party could not stop copies of the manifesto", windows, {"copies"}) == []
    assert offending('<ptr target="http://aeiou.at/aeiou.encyclop.f/f437238.htm"/>', set(), set()) == []
    assert offending("revision 1166312679 of the article", set(), set()) == []
