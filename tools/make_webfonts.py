"""Regenerate the web edition's fonts: Libertinus Serif, subset to the characters the edition uses.

Source: the Libertinus Serif fonts (version 7.051, SIL Open Font License 1.1) that the `typst`
package — the PDF's compiler, already a dependency — carries inside its compiled library, so the
web and print editions are set in the very same font files. Typst keeps them as plain OpenType
(CFF) data there; `libertinus()` finds each by its table directory and checks its name table.

The subset keeps every character of the built site's pages and data files (the reading text,
registers, notes, cards, citations, search index) plus Latin-1 and the common typographic
marks, with the OpenType features the stylesheet uses (kerning, ligatures, old-style and lining
figures, small capitals), and the font's copyright and licence fields. Output: WOFF2 files in
`src/tei_edition/data/assets/` (checked in; the build only copies them). Needs fontTools and
brotli (the `test` extra). Run after the text gains new characters (a test says when):

    .venv/bin/python tools/make_webfonts.py
"""

from __future__ import annotations

import io
import re
import struct
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "src" / "tei_edition" / "data" / "assets"
FAMILY = "Libertinus Serif"
# file name -> the font's subfamily (name ID 2, or ID 17 where typographic)
FACES = {"libertinus-serif-regular.woff2": "Regular", "libertinus-serif-italic.woff2": "Italic",
         "libertinus-serif-semibold.woff2": "Semibold"}
FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk",
            "onum", "lnum", "pnum", "tnum", "smcp", "c2sc", "case"]
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 11, 13, 14, 16, 17]  # copyright and licence (0, 13, 14) kept
BASE = (set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
        | {ord(c) for c in "‘’‚“”„–—…′″•†‡‰€№−×÷ŒœŠšŽžŸƒ"})


def typst_library() -> Path:
    import typst

    found = sorted(Path(typst.__file__).parent.glob("_typst*.so")) + sorted(
        Path(typst.__file__).parent.glob("_typst*.pyd"))
    if not found:
        raise SystemExit("the typst package's compiled library was not found")
    return found[0]


def _subfamily(font: TTFont) -> str:
    names = font["name"]
    return str(names.getDebugName(17) or names.getDebugName(2))


def libertinus(library: Path | None = None) -> dict[str, TTFont]:
    """Every Libertinus Serif face embedded in typst's library, by subfamily."""
    data = (library or typst_library()).read_bytes()
    faces: dict[str, TTFont] = {}
    for match in re.finditer(rb"OTTO\x00[\x08-\x20]", data):
        start = match.start()
        count = struct.unpack(">H", data[start + 4:start + 6])[0]
        end = 0
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", data[start + 12 + 16 * i:start + 28 + 16 * i])
            if not all(32 <= b < 127 for b in tag):
                break  # not a table directory
            end = max(end, offset + length)
        else:
            try:
                font = TTFont(io.BytesIO(data[start:start + end]))
                family = font["name"].getDebugName(16) or font["name"].getDebugName(1)
            except Exception:  # noqa: BLE001 - not a font after all: keep searching
                continue
            if family == FAMILY:
                faces.setdefault(_subfamily(font), font)
    return faces


def site_characters(site: Path) -> set[int]:
    """Every character of the site's pages (text and attribute values) and data files."""
    from lxml import html

    chars: set[int] = set()
    for page in sorted(site.glob("*.html")):
        doc = html.fromstring(page.read_bytes())
        for text in doc.xpath("//body//text() | //body//@*"):
            chars.update(map(ord, str(text)))
    for script in sorted(site.glob("*.js")):
        chars.update(map(ord, script.read_text(encoding="utf-8")))
    return {c for c in chars if c >= 0x20}


def missing_characters(site: Path, faces: dict[str, TTFont] | None = None,
                       assets: Path = ASSETS) -> dict[str, set[str]]:
    """For each subset face: the site's characters that Libertinus has but the subset lacks
    (those the browser would take from a fallback font). Empty sets when the subset is current."""
    faces = faces or libertinus()
    used = site_characters(site)
    out = {}
    for name, subfamily in FACES.items():
        full = set(faces[subfamily].getBestCmap())
        subset_cmap = set(TTFont(assets / name).getBestCmap())
        out[name] = {chr(c) for c in (used & full) - subset_cmap}
    return out


def subset_face(font: TTFont, characters: set[int]) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = FEATURES
    options.name_IDs = NAME_IDS
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters & set(font.getBestCmap())))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=True)
    return out.getvalue()


def build_site() -> Path:
    from tei_edition.build import build
    from tei_edition.core import paths

    out = Path(tempfile.mkdtemp(prefix="webfonts-")) / "build"
    build(paths.MASTER, out)
    return out / "site"


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else build_site()
    characters = BASE | site_characters(site)
    faces = libertinus()
    for name, subfamily in FACES.items():
        if subfamily not in faces:
            raise SystemExit(f"typst's library has no {FAMILY} {subfamily}")
        data = subset_face(faces[subfamily], characters)
        (ASSETS / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
