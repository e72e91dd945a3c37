"""Regenerate `src/tei_edition/data/fonts/print-coverage.json`: the characters the print edition
can set, i.e. those some font Typst embeds has a glyph for.

The PDF is compiled with `ignore_system_fonts=True`, so only the fonts built into the `typst`
package count: Libertinus Serif (the edition's face) and, through Typst's fallback, New Computer
Modern, its Math companion and DejaVu Sans Mono. They are compiled into the extension module;
this tool finds them there (OpenType/TrueType headers) and reads each font's `cmap`; Typst then
compiles the union as PDF/A (which refuses text no font displays) and every character it
refuses is dropped. The rest is written as code point ranges, with the Unicode block names
(from the Blocks.txt that Debian's perl ships) that the validator names in its messages.

    .venv/bin/python tools/font_coverage.py          # rewrite the data file
    .venv/bin/python tools/font_coverage.py --check  # exit 1 if it is out of date

Run it after upgrading typst (the test suite checks that the file matches the installed typst).
"""

from __future__ import annotations

import glob
import hashlib
import json
import random
import re
import struct
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typst

# typst's stubs (__init__.pyi) leave out its version and the extension module that holds the fonts
TYPST_VERSION: str = typst.__version__  # type: ignore[attr-defined]
TYPST_LIBRARY: str = typst._typst.__file__  # type: ignore[attr-defined]
TARGET = Path(__file__).resolve().parents[1] / "src" / "tei_edition" / "data" / "fonts" / "print-coverage.json"
BLOCKS = sorted(glob.glob("/usr/share/perl/*/unicore/Blocks.txt"))
PROBE_STANDARD: list[typst.PDFStandard] = ["a-2a"]  # PDF/A refuses text no font can display: Typst's own verdict
STYLES = ["TEXT", "#emph[TEXT]", "#strong[TEXT]", "#strong[#emph[TEXT]]"]  # the styles of edition.typ
# Libertinus Serif's faces for the styles: the edition's face must be there
FACES = ["Libertinus Serif Regular", "Libertinus Serif Italic", "Libertinus Serif Bold", "Libertinus Serif Bold Italic"]
# letters (by the first word of their Unicode name) and the marks that may follow them
COMBINING = [(("LATIN", "GREEK", "CYRILLIC"), (0x0300, 0x036F)), (("HEBREW",), (0x0591, 0x05C7)),
             (("DEVANAGARI",), (0x0900, 0x097F))]
# marks Typst (and Unicode) treat as invisible, never as part of a letter: variation selectors, CGJ
IGNORABLE = {0x34F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
_NAMED = re.compile(r'(?:the text|contains the codepoint) `"(.*?)"`')
_CHUNK = 256
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\(.)")


def _tables(data: bytes, at: int) -> dict[bytes, tuple[int, int]] | None:
    """The table directory of an sfnt font starting at `at`, or None if none starts there."""
    if at + 12 > len(data):
        return None
    count, search, selector, shift = struct.unpack_from(">HHHH", data, at + 4)
    if not 4 <= count <= 64 or search != 16 * (1 << (count.bit_length() - 1)) or \
            selector != count.bit_length() - 1 or shift != count * 16 - search:
        return None
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, at + 12 + 16 * i)
        if not all(32 <= c < 127 for c in tag) or at + offset + length > len(data):
            return None
        tables[tag] = (at + offset, length)
    return tables if b"cmap" in tables and b"name" in tables else None


def embedded_fonts(data: bytes) -> list[tuple[int, dict[bytes, tuple[int, int]]]]:
    found = []
    for signature in (b"OTTO", b"\x00\x01\x00\x00"):
        at = data.find(signature)
        while at >= 0:
            tables = _tables(data, at)
            if tables is not None:
                found.append((at, tables))
            at = data.find(signature, at + 1)
    return sorted(found)


def font_name(data: bytes, tables: dict[bytes, tuple[int, int]]) -> str:
    start, _ = tables[b"name"]
    _fmt, count, strings = struct.unpack_from(">HHH", data, start)
    names: dict[int, str] = {}
    for i in range(count):
        platform, _enc, _lang, name_id, length, offset = struct.unpack_from(">HHHHHH", data, start + 6 + 12 * i)
        if platform == 3 and name_id in (1, 2) and name_id not in names:
            raw = data[start + strings + offset:start + strings + offset + length]
            names[name_id] = raw.decode("utf-16-be", errors="replace")
    return f"{names.get(1, '?')} {names.get(2, '?')}"


def cmap(data: bytes, tables: dict[bytes, tuple[int, int]]) -> set[int]:
    """The code points of the font's Unicode cmap subtables (formats 4 and 12)."""
    start, _ = tables[b"cmap"]
    _version, count = struct.unpack_from(">HH", data, start)
    points: set[int] = set()
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4), (0, 6)):
            continue
        sub = start + offset
        fmt = struct.unpack_from(">H", data, sub)[0]
        if fmt == 4:
            segs = struct.unpack_from(">H", data, sub + 6)[0] // 2
            ends = struct.unpack_from(f">{segs}H", data, sub + 14)
            starts = struct.unpack_from(f">{segs}H", data, sub + 16 + 2 * segs)
            deltas = struct.unpack_from(f">{segs}h", data, sub + 16 + 4 * segs)
            range_at = sub + 16 + 6 * segs
            offsets = struct.unpack_from(f">{segs}H", data, range_at)
            for k in range(segs):
                for c in range(starts[k], ends[k] + 1):
                    if c == 0xFFFF:
                        continue
                    if offsets[k] == 0:
                        glyph = (c + deltas[k]) & 0xFFFF
                    else:
                        at = range_at + 2 * k + offsets[k] + 2 * (c - starts[k])
                        glyph = struct.unpack_from(">H", data, at)[0]
                        glyph = (glyph + deltas[k]) & 0xFFFF if glyph else 0
                    if glyph:
                        points.add(c)
        elif fmt == 12:
            groups = struct.unpack_from(">I", data, sub + 12)[0]
            for k in range(groups):
                first, last, glyph = struct.unpack_from(">III", data, sub + 16 + 12 * k)
                points.update(c for c in range(first, last + 1) if glyph + (c - first))
    return points


def ranges(points: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for c in sorted(points):
        if out and c == out[-1][1] + 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def blocks() -> list[list[Any]]:
    if not BLOCKS:
        sys.exit("font_coverage: no Blocks.txt (Debian's perl-modules ships it under /usr/share/perl/*/unicore/)")
    rows = []
    for line in Path(BLOCKS[-1]).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ";" in line:
            span, name = (x.strip() for x in line.split(";", 1))
            first, last = (int(x, 16) for x in span.split(".."))
            rows.append([first, last, name])
    return rows


def _probe(text: str) -> str | None:
    """Typst's PDF/A verdict on `text` set in the edition's face in every style the layout uses
    (roman, italic, bold, bold italic): None if it can be set, else the text Typst names as the
    first it cannot display."""
    literal = '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    source = "\n".join(['#set text(font: "Libertinus Serif")',
                        *(style.replace("TEXT", literal) for style in STYLES)]) + "\n"
    try:
        typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True, pdf_standards=PROBE_STANDARD)
    except typst.TypstError as exc:
        message = str(exc.message)
        named = _NAMED.search(message)
        if not named:
            sys.exit(f"font_coverage: unexpected Typst error: {message}")
        return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), named.group(1))
    return None


def _private_use(c: int) -> bool:
    return 0xE000 <= c <= 0xF8FF or c >= 0xF0000


def settable(candidates: set[int], show: Callable[[int], str] = chr) -> set[int]:
    """The candidates Typst can set (`show` writes one as text). A glyph in some font's cmap is
    not enough: Typst sends emoji-like characters (✧, ✨) to emoji fonts only, and none is
    embedded. Each compile names the first text it cannot display; that candidate is dropped and
    the rest compiled again."""
    kept: set[int] = set()
    ordered = sorted(candidates)
    for start in range(0, len(ordered), _CHUNK):  # small compiles: each refusal recompiles one chunk
        left = set(ordered[start:start + _CHUNK])
        while (refused := _probe(" ".join(show(c) for c in sorted(left)))) is not None:
            drop = {c for c in left if show(c) == refused} or {ord(ch) for ch in refused} & left
            if not drop:
                sys.exit(f"font_coverage: Typst refuses {refused!r}, which is not a candidate")
            left -= drop
        kept |= left
    return kept


def composable(covered: set[int]) -> set[int]:
    """Precomposed letters (é) whose decomposed spelling (e + U+0301) Typst sets too."""
    letters = {c for c in covered if len(unicodedata.normalize("NFD", chr(c))) > 1}
    return settable(letters, show=lambda c: unicodedata.normalize("NFD", chr(c)))


def combining(covered: set[int]) -> list[dict[str, Any]]:
    """For each group of COMBINING (letters of some scripts, a range of marks): the letters and
    the marks of which every pair, letter + mark, Typst sets in every style. All pairs are
    compiled; a mark refused after any letter is left out of its group."""
    groups = []
    for scripts, (first, last) in COMBINING:
        letters = {c for c in covered if unicodedata.category(chr(c)).startswith("L")
                   and unicodedata.name(chr(c), "").split(" ")[0] in scripts}
        marks = {c for c in covered if first <= c <= last and unicodedata.category(chr(c)).startswith("M")}
        good = {m for m in marks if _probe(" ".join(chr(b) + chr(m) for b in sorted(letters))) is None}
        if letters and good:
            groups.append({"scripts": " ".join(scripts), "letters": ranges(letters), "marks": ranges(good)})
    return groups


def confirm_clusters(result: dict[str, Any], count: int = 400) -> list[str]:
    """Typst agrees with the validator's cluster rule: clusters of a covered letter and a
    combining mark that the rule accepts compile in every style (random sample, fixed seed)."""
    sys.path.insert(0, str(TARGET.parents[3] / "src"))
    from tei_edition.schema import output_checks

    output_checks._coverage.cache_clear()
    covered = [c for a, b in result["covered"] for c in range(a, b + 1) if unicodedata.category(chr(c))[0] in "LNPS"]
    marks = [c for a, b in result["marks"] for c in range(a, b + 1)]
    rng = random.Random(1)
    accepted = [t for t in ("".join(map(chr, [rng.choice(covered), rng.choice(marks)])) for _ in range(count))
                if output_checks.cluster_problem(t) is None]
    return [f"accepted {t!r} (U+{ord(t[0]):04X} U+{ord(t[1]):04X}) but Typst refuses it: {why}"
            for t in accepted if (why := _probe(t))]


def embedded() -> tuple[dict[str, set[int]], str]:
    """The fonts built into typst (name → code points) and a digest of their cmaps."""
    data = Path(TYPST_LIBRARY).read_bytes()
    fonts: dict[str, set[int]] = {}
    digest = hashlib.sha256()
    for _at, tables in embedded_fonts(data):
        name = font_name(data, tables)
        if name not in fonts:
            fonts[name] = cmap(data, tables)
            start, length = tables[b"cmap"]
            digest.update(name.encode() + data[start:start + length])
    return fonts, digest.hexdigest()


def coverage() -> dict[str, Any]:
    fonts, digest = embedded()
    missing = [face for face in FACES if face not in fonts]
    if missing:
        sys.exit(f"font_coverage: {', '.join(missing)} not found in {TYPST_LIBRARY} (found: {list(fonts)})")
    points = set().union(*fonts.values())
    # spaces and format characters (soft hyphen, joiners, variation selectors) need no glyph of
    # their own: Typst decides about them too
    points |= {c for c in range(0x110000) if unicodedata.category(chr(c)) in ("Zs", "Zl", "Zp", "Cf")
               or c in IGNORABLE}
    # characters that are not text (C0/C1 controls) are the control-character rule's, not this one's
    # nor are private-use code points (PDF/A refuses them; no edition text should hold one)
    points = {c for c in points if c > 0x20 and not 0x7F <= c <= 0x9F and not _private_use(c)}
    covered = settable(points) | {0x20}
    marks = {c for c in covered if unicodedata.category(chr(c)).startswith("M") and c not in IGNORABLE}
    return {"generated_by": "tools/font_coverage.py", "typst": TYPST_VERSION, "fonts": sorted(fonts),
            "cmaps_sha256": digest,
            "covered": ranges(covered), "marks": ranges(marks), "composable": ranges(composable(covered)),
            "combining": combining(covered), "blocks": blocks()}


def _ranges_json(pairs: list[list[int]], indent: int = 4) -> str:
    """Ranges ten to a line: a file that diffs well and stays small."""
    rows = [", ".join(f"[{a}, {b}]" for a, b in pairs[i:i + 10]) for i in range(0, len(pairs), 10)]
    pad = " " * indent
    return "[\n" + ",\n".join(pad + row for row in rows) + "\n" + pad[:-2] + "]"


def dump(result: dict[str, Any]) -> str:
    lines = ["{"]
    for key in ("generated_by", "typst", "fonts", "cmaps_sha256"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(result[key], ensure_ascii=False)},")
    for key in ("covered", "marks", "composable"):
        lines.append(f'  "{key}": {_ranges_json(result[key])},')
    lines.append('  "combining": [')
    lines.append(",\n".join(f'    {{"scripts": {json.dumps(g["scripts"])}, "letters": {_ranges_json(g["letters"], 6)}, '
                            f'"marks": {_ranges_json(g["marks"], 6)}}}' for g in result["combining"]))
    lines.append("  ],")
    lines.append('  "blocks": [')
    lines.append(",\n".join(f"    [{a}, {b}, {json.dumps(n)}]" for a, b, n in result["blocks"]))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    if "--check" in sys.argv:  # the fonts Typst embeds are those the file was made from
        current = json.loads(TARGET.read_text(encoding="utf-8")) if TARGET.is_file() else {}
        fonts, digest = embedded()
        if (current.get("typst"), current.get("cmaps_sha256"), current.get("fonts")) != \
                (TYPST_VERSION, digest, sorted(fonts)):
            sys.exit(f"{TARGET} is out of date with typst {TYPST_VERSION}: run tools/font_coverage.py")
        print(f"{TARGET.name} is up to date (typst {TYPST_VERSION})")
        return
    result = coverage()
    text = dump(result)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    old = TARGET.read_bytes() if TARGET.is_file() else None
    TARGET.write_text(text, encoding="utf-8")
    failures = confirm_clusters(result)  # the validator reads the new file
    if failures:
        TARGET.write_bytes(old) if old is not None else TARGET.unlink()
        sys.exit("font_coverage: Typst disagrees with the cluster rule:\n  " + "\n  ".join(failures[:20]))
    print(f"wrote {TARGET}: {len(result['covered'])} ranges, "
          f"{sum(b - a + 1 for a, b in result['covered'])} characters, fonts: {', '.join(result['fonts'])}")


if __name__ == "__main__":
    main()
