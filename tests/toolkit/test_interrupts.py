"""core/interrupts.py: an interruption is remembered as well as raised, so a build stops even
when Python drops the KeyboardInterrupt (raised inside a callback whose errors it ignores, as
a full test run once showed: "Exception ignored in: <function _get_module_lock…>")."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tei_edition.build import BuildContext, build
from tei_edition.core import interrupts
from tei_edition.core.xmlio import read_tei
from support import FIXTURES

MINIMAL = FIXTURES / "minimal.xml"


@pytest.fixture(autouse=True)
def no_interruption_left():
    interrupts.clear()
    yield
    interrupts.clear()


def test_a_build_stops_at_its_next_stage_when_the_exception_was_lost(tmp_path: Path):
    interrupts.note("SIGTERM")  # as the signal handler does before raising
    with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
        build(MINIMAL, tmp_path / "out", full=True)
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []


def test_waiting_for_a_background_job_sees_the_interruption_and_stops_the_job(tmp_path: Path):
    ctx = BuildContext(master=MINIMAL, tree=read_tei(MINIMAL), out=tmp_path)
    stopped = threading.Event()
    ctx.in_background("endless", lambda: stopped.wait(timeout=60), stop=stopped.set)
    threading.Timer(0.2, interrupts.note, args=("SIGINT",)).start()
    with pytest.raises(KeyboardInterrupt, match="SIGINT"):
        ctx.wait_background()
    assert stopped.is_set()


def test_without_an_interruption_nothing_is_raised():
    interrupts.check()
    interrupts.note("SIGINT")
    interrupts.clear()
    interrupts.check()
