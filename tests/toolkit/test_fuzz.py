"""Fuzz: no input makes `validate` or `build` end in a traceback.

Fixed-seed mutations of the fixtures' bytes and characters (flips, cuts, repeats, and tokens
that break XML, encodings and links); every run must end with exit 0, 1 or 2 and print only
coded lines and the command's summary. Bounded: a fixed number of cases, a few seconds.
"""

from __future__ import annotations

import random
import re

import pytest
from click.testing import CliRunner

from tei_edition.cli import main
from support import TESTS

HERE = TESTS
SOURCES = [HERE / "fixtures" / "minimal.xml", HERE / "schema_cases" / "valid" / "full.xml"]
SEED = 14
VALIDATE_CASES = 200
BUILD_CASES = 50
CODED = re.compile(r"^[^\n]*:\d+:\d+: \[[EW]\d{4}\] [^\n]+$")
SUMMARY = re.compile(r"^(\d+ file\(s\) (valid|invalid): \d+ error\(s\), \d+ warning\(s\)|built .+ in [\d.]+ s \(\d+ warnings\))$")
TOKENS = [b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x85;", b"&#xFDD0;", b"]]>", b"<!--", b"-->", b"<?pi x?>",
          b"<!DOCTYPE TEI>", b'<!ENTITY e "x">', b"\xff", b"\xc3", b"\x00", b"\x85", b'"', b"'",
          b' xml:id="p1"', b"<p>", b"</p>", b"</div>", b"<note>", "中".encode(), "🙂".encode(), "e\u0301".encode(),
          "\u00b8\u1dcd".encode(), b"\r", b"javascript:", b"#", b"https://", b'n="0"', b"<cit>", b"\t", b"\xef\xbb\xbf"]


def _flip(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]


def _cut(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 40):]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i:i + rng.randint(1, 200)] * 2 + data[i + 200:]


def _insert(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + rng.choice(TOKENS) + data[i:]


def _character(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    i = rng.randrange(len(text))
    char = chr(rng.choice([rng.randrange(0x20, 0x3000), rng.randrange(0x10000, 0x10FFFF), rng.randrange(0x80, 0xA0)]))
    if 0xD800 <= ord(char) <= 0xDFFF:
        char = "?"
    return (text[:i] + char + text[i + 1:]).encode("utf-8")


def _text_character(rng: random.Random, data: bytes) -> bytes:
    """A character of running text (between `>` and `<`) replaced: the document stays XML."""
    text = data.decode("utf-8", errors="replace")
    spots = [m.start() + 1 + k for m in re.finditer(r">[^<>]+<", text)
             for k, c in enumerate(m.group()[1:-1]) if c.isalpha()]
    if not spots:
        return data
    i = rng.choice(spots)
    char = chr(rng.choice([rng.randrange(0x20, 0x250)] * 3 + [rng.randrange(0x370, 0x3000), rng.randrange(0x1F300, 0x1F700)]))
    return (text[:i] + ("&amp;" if char in "&<" else char) + text[i + 1:]).encode("utf-8")


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(len(data))]


MUTATIONS = [_flip, _cut, _repeat, _insert, _insert, _character, _character, _truncate, _text_character]
GENTLE = [_text_character, _text_character, _text_character, _insert, _character]  # for builds: some stay valid


def cases(count: int, seed: int, mutations: list = MUTATIONS, most: int = 3) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        data = rng.choice(SOURCES).read_bytes()
        for _ in range(rng.randint(1, most)):
            if data:
                data = rng.choice(mutations)(rng, data)
        out.append(data)
    return out


def check(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    for line in result.output.splitlines():
        assert CODED.match(line) or SUMMARY.match(line), line
    assert "[E0199]" not in result.output, result.output


def test_mutations_differ():
    """The fuzz cases are many distinct documents, not one repeated."""
    assert len(set(cases(VALIDATE_CASES, SEED))) > VALIDATE_CASES * 0.9


@pytest.mark.parametrize("chunk", range(4))
def test_validate_never_ends_in_a_traceback(chunk, tmp_path):
    runner = CliRunner()
    size = VALIDATE_CASES // 4
    for n, data in enumerate(cases(VALIDATE_CASES, SEED)[chunk * size:(chunk + 1) * size]):
        case = tmp_path / f"case{n}.xml"
        case.write_bytes(data)
        check(runner.invoke(main, ["validate", str(case)]))


def test_build_never_ends_in_a_traceback(tmp_path):
    runner = CliRunner()
    built = 0
    for n, data in enumerate(cases(BUILD_CASES, SEED + 1, GENTLE, most=2)):
        case = tmp_path / f"case{n}.xml"
        case.write_bytes(data)
        result = runner.invoke(main, ["build", "--master", str(case), "--out", str(tmp_path / f"out{n}")])
        check(result)
        built += result.exit_code == 0
    assert 0 < built < BUILD_CASES  # some mutations stay valid and are built; most are refused
