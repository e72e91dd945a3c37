"""The registry of problem codes (core/codes.py) against the source: every code the toolkit
writes is registered, and every registered code is written somewhere (else it is dead)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from support import CHECKOUT
from tei_edition.core.codes import CODES

PACKAGE = CHECKOUT / "src" / "tei_edition"
CODE = re.compile(r"\b[EW]0\d{3}\b")
# The ODD's rules carry their codes as @role (the .sch is derived from it).
RULE_FILES = [PACKAGE / "data" / "schemas" / "tei-edition.odd.xml", PACKAGE / "data" / "schemas" / "tei-edition.sch"]
# Registered codes no literal of the source produces (built indirectly); each needs its reason.
PRODUCED_INDIRECTLY: dict[str, str] = {}


def _string_constants(path: Path) -> list[str]:
    return [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def codes_in_source() -> tuple[set[str], set[str]]:
    """(codes named anywhere in a string of the package, codes that are a whole string or an @role)."""
    named: set[str] = set()
    whole: set[str] = set()
    for module in PACKAGE.rglob("*.py"):
        if module.name == "codes.py":
            continue
        for text in _string_constants(module):
            named.update(CODE.findall(text))
            if CODE.fullmatch(text):
                whole.add(text)
    for rules in RULE_FILES:
        roles = set(re.findall(r'\brole="([EW]0\d{3})"', rules.read_text(encoding="utf-8")))
        named |= roles
        whole |= roles
    return named, whole


def test_every_code_in_the_source_is_registered():
    named, _ = codes_in_source()
    assert named - set(CODES) == set(), "register these codes in core/codes.py, or fix the code used"


def test_every_registered_code_is_produced():
    _, whole = codes_in_source()
    dead = set(CODES) - whole - set(PRODUCED_INDIRECTLY)
    assert dead == set(), "no source produces these codes: retire them (codes.py, README) or produce them"


def test_the_allow_list_holds_only_codes_not_produced_directly():
    _, whole = codes_in_source()
    assert set(PRODUCED_INDIRECTLY) <= set(CODES)
    assert set(PRODUCED_INDIRECTLY) & whole == set(), "produced by a literal now: leave the allow-list"


def test_the_checks_can_fail(tmp_path: Path):
    module = tmp_path / "m.py"
    module.write_text('"""E0001."""\nx = Problem("p", 1, 1, "E0998", "see [E0997]")\n', encoding="utf-8")
    texts = _string_constants(module)
    assert {c for t in texts for c in CODE.findall(t)} - set(CODES) == {"E0998", "E0997"}
    assert {t for t in texts if CODE.fullmatch(t)} == {"E0998"}
