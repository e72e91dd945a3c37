"""What the tests of input faults share, on fixtures and on the master."""

from __future__ import annotations

import re


CODED = re.compile(r"^[^\n]*:\d+:\d+: \[[EW]\d{4}\] [^\n]+$")


def assert_coded(result, exit_codes=(1, 2)) -> list[str]:
    """The command ended with one of `exit_codes`, printed only coded lines (and click's summary
    lines), and raised nothing."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in exit_codes, result.output
    assert "Traceback" not in result.output
    coded = [line for line in result.output.splitlines() if CODED.match(line)]
    assert coded, result.output
    assert "[E0199]" not in result.output, result.output  # an internal error is a bug, not an answer
    return coded


# Every command that reads the master; {m}: the master, {d}: a scratch folder.
COMMANDS = [
    ["build", "--master", "{m}", "--out", "{d}/out"],
    ["validate", "{m}"],
    ["audit", "{m}"],
    ["cite", "p1", "--master", "{m}"],
    ["pdf", "--master", "{m}", "--out", "{d}/x.pdf"],
    ["anchors", "check", "--master", "{m}"],
    ["anchors", "lock", "--master", "{m}"],
    ["anchors", "accept", "p1", "--reason", "r", "--master", "{m}"],
    ["annotate", "{m}"],
    ["quotations", "--master", "{m}", "--check"],
    ["mentions", "--master", "{m}", "--check"],
    ["epub", "--master", "{m}", "--out", "{d}/x.epub"],
]
COMMAND_IDS = ["-".join(a[:2]) if a[0] == "anchors" else a[0] for a in COMMANDS]
