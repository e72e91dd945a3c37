"""The annotator's marks of dates (tei_edition.core.dates): the shapes of a date expression,
what is no date, dates in a tree with overrides, and the validation of date values."""

from __future__ import annotations

import pytest

from support.annotating import marks, run
from tei_edition.core import dates as D


@pytest.mark.parametrize("text, attrs", [
    ("On the 25th of February 1889, he", {"when": "1889-02-25"}),
    ("dated the 1st of August, 1921;", {"when": "1921-08-01"}),
    ("in 1905;", {"when": "1905"}),
    ("In March 1921, he", {"when": "1921-03"}),
    ("in March, 1920, he", {"when": "1920-03"}),
    ("strike wave of early 1921.", {"when": "1921"}),
    ("September 12, 2021", {"when": "2021-09-12"}),
    ("held on the 10th-18th of January 1918.", {"from": "1918-01-10", "to": "1918-01-18"}),
    ("held from April 17–25, 1923, he", {"from": "1923-04-17", "to": "1923-04-25"}),
    ("held between the 18th and 30th of March, 1918, Lenin", {"from": "1918-03-18", "to": "1918-03-30"}),
    ("held between the 27th of March and the 2nd of April, 1922.", {"from": "1922-03-27", "to": "1922-04-02"}),
    ("Between 1917 and 1920, 7.5 million", {"from": "1917", "to": "1920"}),
    ("in 1918–1920 were", {"from": "1918", "to": "1920"}),
    ("between 1933–37.", {"from": "1933", "to": "1937"}),
    ("Retreat, 1920-24)", {"from": "1920", "to": "1924"}),
])
def test_date_shapes(text, attrs):
    found = D.find_dates(text)
    assert len(found) == 1, found
    assert dict(found[0].attrs) == attrs


@pytest.mark.parametrize("text", [
    "out of a total of 35, 226 party members, 6441 members", "its 9% increase", "Nearly 20,000 members",
    "8000 other Oppositionists", "the March Action in Germany", "the February revolution broke out",
    "in 'another November.'", "the 11th Congress", "an 8 point programme", "the 31st of February 1921",
])
def test_not_dates(text):
    assert D.find_dates(text) == []


def test_dates_in_tree_yearless_and_overrides():
    body = ("<p>In 1918, he. On the 12th of July he led. Germany (21). Of them 1930 were organisers. "
            "In late 26, Trotsky. On the 7th of November in Moscow.</p>")
    ov = ("date when=1918-07-12 | On the [[12th of July]] he led\n"
          "date when=1921 | Germany ([[21]])\n"
          "date - | [[1930]] were organisers\n"
          "date when=1926 | In [[late 26]], Trotsky\n")
    tree, report = run(body, ov)
    assert marks(tree, "date") == [("date when=1918", "1918"), ("date when=1918-07-12", "12th of July"),
                                   ("date when=1921", "21"), ("date when=1926", "late 26")]
    assert any("7th of November" in w.text for w in report.warnings)


def test_date_validation():
    assert D.date_problems({"when": "1921-03"}) == []
    assert D.date_problems({"from": "1918-03", "to": "1918"}) == []
    assert D.date_problems({"when": "1921-13"})
    assert D.date_problems({"when": "1921-02-30"})
    assert D.date_problems({"from": "1922", "to": "1921"})
    assert D.date_problems({})
    assert D.date_problems({"when": "21"})
