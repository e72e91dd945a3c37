"""What a large build does not keep in memory while Typst and the XSLT process run beside it
(at k = 64 the three together came within 20 MB of the 1.5 GB limit): the heap's free pages are
given back after each stage, the DTS export is written as it is made, and the search index
reads the page as it is parsed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tei_edition.core.xmlio import read_tei
from tei_edition.outputs import dts
from tei_edition.outputs.html_search import build_index

_FREE_AND_GIVE_BACK = textwrap.dedent("""
    import gc
    from tei_edition.core import heap
    def resident():
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS"))
    chunks = [b"x" * 1000 + bytes([i % 256]) for i in range(150_000)]  # ~150 MB of the C heap
    kept = chunks[::200]  # survivors spread through the heap: no free stretch at its top
    del chunks; gc.collect()
    freed = resident()
    print(heap.give_back(), freed, resident())
""")


def test_the_heaps_free_pages_are_given_back():
    out = subprocess.run([sys.executable, "-c", _FREE_AND_GIVE_BACK], capture_output=True, text=True, check=True)
    could, freed, after = out.stdout.split()
    assert could == "True"  # glibc, as on every machine the README names
    assert int(freed) > 100 and int(after) < int(freed) - 100, out.stdout  # freed, yet resident until given back


def test_each_stage_gives_back_what_it_freed(minimal_tei: Path, tmp_path: Path, monkeypatch):
    from tei_edition import build as build_module
    from tei_edition.core import heap

    given: list[bool] = []
    monkeypatch.setattr(heap, "give_back", lambda: given.append(True) or True)
    build_module.build(minimal_tei, tmp_path / "out", jobs=1)
    assert len(given) == len(build_module.STAGES)


def test_the_dts_export_is_written_as_it_is_made(minimal_tei: Path, tmp_path: Path):
    export = dts.DtsExport(read_tei(minimal_tei), str(minimal_tei))
    files = export.iter_files()
    first_path, first = next(files)  # made before the rest: a generator, not a finished dict
    rest = list(files)
    assert first_path == "/dts/index.json" and len(rest) > 50
    assert dict([(first_path, first), *rest]) == export.build()
    count = dts.write_dts(tmp_path, read_tei(minimal_tei), str(minimal_tei))
    written = sorted("/" + p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert count == len(written) == len(rest) + 1 and written == sorted(export.build())


def test_the_search_index_takes_units_in_order_even_one_inside_another(tmp_path: Path):
    """A unit is emptied once indexed, but not one inside another unit: the outer still needs
    its text, and comes first, as in the page."""
    page = tmp_path / "index.html"
    page.write_text("""<!DOCTYPE html><html><body><main>
      <section class="section"><h2>First <em>part</em></h2>
        <div class="unit" id="p1"><a class="pn" href="#p1">¶ 1</a><p>Alpha beta.</p>
          <div class="unit" id="p2"><a class="pn" href="#p2">¶ 2</a><p>Gamma.</p></div></div>
        <div class="unit" id="p3"><a class="pn" href="#p3">¶ 3</a><p>Délta<span class="emend">°</span>.</p></div>
      </section>
      <section class="section"><h2>Second</h2><div class="unit" id="p4"><p>Epsilon</p></div></section>
      <div class="unit"><p>no id: not a unit</p></div>
    </main></body></html>""", encoding="utf-8")
    index = build_index(page)
    assert [(d["id"], d["n"], d["s"]) for d in index["docs"]] == [
        ("p1", "1", "First part"), ("p2", "2", "First part"), ("p3", "3", "First part"), ("p4", "", "Second")]
    assert [d["t"] for d in index["docs"]] == ["Alpha beta. Gamma.", "Gamma.", "Délta.", "Epsilon"]
    assert index["terms"]["gamma"] == [0, 1] and index["terms"]["delta"] == [2]
