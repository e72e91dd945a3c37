"""A client that follows every template and link from the entry point (`dts_client.Client`):

* over the files of the master's static export, and of the three-level fixture: every expansion
  the static templates allow (each `nav`, tree, reference, `down` -1, 0, 1…D) is a file, and
  every answer is what the spec says on the tree the export itself publishes;
* over HTTP, on a scaled fixture whose 60 paragraphs fill two pages: `tei-edition serve`
  (Level 1: absolute URLs from the request, the spec's media types, ranges, `page`), and the
  static export built with a base URL and published under a plain static file server (one that
  serves files and nothing else);
* the client finds what it must: each kind of fault, made on purpose, is reported.

The tests on the real master are in tests/edition/test_dts_client_master.py."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from support.dts_client import Client, file_getter
from support.dts_scaled import scaled_bytes
from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.dts import write_dts
from support.serve_process import serving_tei
from support import FIXTURES
from support.dts_client_report import report

RES = paths.BASENAME
MASTER_PREFIX = "https://tei-edition.example.org/lawson-2021-most-intransigent"


def http_get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_every_expansion_of_a_three_level_export_is_a_file(tmp_path):
    source = FIXTURES / "reuse" / "three-levels.xml"
    write_dts(tmp_path, read_tei(source), str(source))
    client = Client(file_getter(tmp_path, "https://example.org/three"), strict_ids=False, media_types=False)
    client.walk("https://example.org/three/dts/index.json")
    assert not client.problems, report(client)
    files = {"https://example.org/three/" + f.relative_to(tmp_path).as_posix()
             for f in (tmp_path / "dts").rglob("*") if f.is_file()}
    assert {unquote(url) for url in client.answers} == files and len(files) > 9 * 7  # 9 units: down None/0/-1/1/2/3, document


@pytest.fixture(scope="module")
def scaled_tei(tmp_path_factory) -> Path:
    """The minimal fixture's body 15 times: 60 paragraphs in 30 sections."""
    folder = tmp_path_factory.mktemp("scaled")
    path = folder / f"{RES}.xml"
    path.write_bytes(scaled_bytes(FIXTURES / "minimal.xml", 15))
    return path


@pytest.fixture(scope="module")
def served(scaled_tei, tmp_path_factory):
    with serving_tei(tmp_path_factory.mktemp("served"), scaled_tei, scaled_tei.name) as base:
        yield base


class FilesOnly(SimpleHTTPRequestHandler):
    """A plain static file server: files, nothing else (no folder listings)."""

    def list_directory(self, path):  # type: ignore[override]
        self.send_error(404, "not found")
        return None

    def log_message(self, format, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def static_site(scaled_tei, tmp_path_factory):
    """The static export, built with the base URL it is then served at (below /ed/)."""
    root = tmp_path_factory.mktemp("static-host")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(FilesOnly, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/ed/"
    write_dts(root / "ed", read_tei(scaled_tei), str(scaled_tei), published=scaled_tei.read_bytes(), base_url=base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def test_serve_follows_from_its_entry_point(served):
    client = Client(http_get, strict_ids=True, media_types=True)
    resources = client.walk(served + "/dts/")
    assert [r["@id"] for r in resources] == ["https://tei-edition.example.org/lawson-2021-most-intransigent/"]
    assert not client.problems, report(client)
    assert client.pages_followed >= 60 and client.requests > (60 + 90) * 6


def test_the_static_export_under_a_plain_static_server(static_site):
    client = Client(http_get, strict_ids=False, media_types=False)
    entry = json.loads(http_get(static_site + "dts/index.json")[2])
    assert entry["@id"] == static_site + "dts/index.json"
    resources = client.walk(static_site + "dts/index.json")
    assert [r["@id"] for r in resources] == [RES]
    assert not client.problems, report(client)
    assert client.pages_followed >= 60 and client.requests > (60 + 90) * 6


@pytest.fixture()
def export(tmp_path, minimal_tei) -> Path:
    write_dts(tmp_path, read_tei(minimal_tei), str(minimal_tei))
    return tmp_path


def walk(folder: Path) -> list[str]:
    client = Client(file_getter(folder, MASTER_PREFIX), strict_ids=False, media_types=False)
    client.walk(MASTER_PREFIX + "/dts/index.json")
    return client.problems


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_the_client_finds_each_fault(export):
    assert walk(export) == []
    nav = export / "dts" / "navigation"
    (nav / f"{RES};down=2" / "p3.json").unlink()
    assert any(p.endswith(f"{RES};down=2/p3.json: 404") for p in walk(export))


def test_the_client_finds_relative_urls_and_unknown_properties(export):
    edit_json(export / "dts" / "index.json", lambda d: d.update(navigation="/dts/navigation/{resource}{;tree,down}{/ref}.json"))
    assert any("navigation template" in p and "not absolute" in p for p in walk(export))


def test_the_client_finds_wrong_members_and_schema_faults(export):
    path = export / "dts" / "navigation" / f"{RES};down=-1" / "p2.json"
    edit_json(path, lambda d: d.update(member=d["member"] + d["member"]))
    assert any("ref=p2 down=-1" in p for p in walk(export))
    edit_json(path, lambda d: d["ref"].update(extension={}))
    assert any("schema: Additional properties" in p for p in walk(export))


def test_the_client_finds_broken_pages(tmp_path, minimal_tei):
    from tei_edition.outputs.dts import DtsExport

    files = DtsExport(read_tei(minimal_tei), str(minimal_tei), page_size=3).build()
    for rel, data in files.items():
        target = tmp_path / rel.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    assert walk(tmp_path) == []  # 4 paragraphs in pages of 3: p1…p3, p4
    page2 = tmp_path / "dts" / "navigation" / f"{RES};down=0" / "p4.json"
    edit_json(page2, lambda d: d.update(member=d["member"][:0]))
    assert any("ref=p1 down=0" in p or "ref=p4 down=0" in p for p in walk(tmp_path))
    edit_json(page2, lambda d: d["view"].update(previous=d["view"]["first"].replace("p1.json", "p2.json")))
    assert any("does not chain" in p for p in walk(tmp_path))
