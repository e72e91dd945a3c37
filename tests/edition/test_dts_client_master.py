"""A client that follows every template and link from the entry point (`dts_client.Client`):

* over the files of the master's static export, and of the three-level fixture: every expansion
  the static templates allow (each `nav`, tree, reference, `down` -1, 0, 1…D) is a file, and
  every answer is what the spec says on the tree the export itself publishes;
* over HTTP, on a scaled fixture whose 60 paragraphs fill two pages: `tei-edition serve`
  (Level 1: absolute URLs from the request, the spec's media types, ranges, `page`), and the
  static export built with a base URL and published under a plain static file server (one that
  serves files and nothing else);
* the client finds what it must: each kind of fault, made on purpose, is reported.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_dts_client.py."""

from __future__ import annotations

from support.dts_client import Client, file_getter
from tei_edition.core import paths
from support.dts_client_report import report

RES = paths.BASENAME
MASTER_PREFIX = "https://tei-edition.example.org/lawson-2021-most-intransigent"


def test_every_expansion_of_the_masters_static_templates_is_a_file(built_edition):
    client = Client(file_getter(built_edition, MASTER_PREFIX), strict_ids=False, media_types=False)
    resources = client.walk(MASTER_PREFIX + "/dts/index.json")
    assert [r["@id"] for r in resources] == [RES]
    assert not client.problems, report(client)
    # the walk reached every file of the export (both template sets expand to the same URLs)
    files = {MASTER_PREFIX + "/" + f.relative_to(built_edition).as_posix()
             for f in (built_edition / "dts").rglob("*") if f.is_file()}
    assert set(client.answers) == files
    assert len(files) > (94 + 97) * 6
    assert client.pages_followed >= 2 * (94 + 88)  # the paragraphs' and s2's siblings: 2 pages each
