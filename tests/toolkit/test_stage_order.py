"""The order the build's stages run in (issue 14, linear at scale): a build nobody watches starts
the print edition right after the checks, so Typst's compile (the longest job of a large
edition) runs beside every other stage; under `serve --watch` (`on_stage`) the site's pages come
first, to be shown soonest. Either order makes the same files."""

from __future__ import annotations

import json
from pathlib import Path

from tei_edition.build import STAGES, build, print_first


def ran(timings: dict[str, float]) -> list[str]:
    return [name for name in timings if name in dict(STAGES)]


def test_print_first_moves_only_the_pdf():
    names = [name for name, _ in print_first(STAGES)]
    assert names[:3] == ["validate", "anchors", "pdf"]
    assert [n for n in names if n != "pdf"] == [n for n, _ in STAGES if n != "pdf"]
    assert print_first(STAGES[:2]) == STAGES[:2]  # no pdf stage: as it was


def test_a_build_starts_the_pdf_first_a_watched_one_the_pages(minimal_tei: Path, tmp_path: Path):
    plain = build(minimal_tei, tmp_path / "plain", full=True)
    assert ran(plain.timings)[:3] == ["validate", "anchors", "pdf"]
    seen: list[str] = []
    watched = build(minimal_tei, tmp_path / "watched", full=True, on_stage=lambda name, _ctx: seen.append(name), awaited=True)
    assert seen == ran(watched.timings) == [name for name, _ in STAGES]
    assert seen.index("html") < seen.index("pdf")
    manifests = [json.loads((tmp_path / f / "manifest.json").read_text()) for f in ("plain", "watched")]
    assert manifests[0] == manifests[1]
