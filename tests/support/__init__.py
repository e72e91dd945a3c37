"""What the test modules share and are not tests themselves: folders, builders of small sites,
checkers (vnu, EPUB, PDF, DTS client), the browser's settings. Test modules import from here,
never from one another; pytest fixtures live in the conftest.py files instead."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
CHECKOUT = TESTS.parent
FIXTURES = TESTS / "fixtures"
