"""Ctrl-C, SIGTERM or SIGHUP while the command line is still loading (~50 ms of imports, before the
command guard's handlers): one coded line and exit 130, as at any later moment, instead of
Python's traceback (nothing has been touched yet, so there is nothing to clean up).

Only when this process is the command (`tei-edition`, `python -m tei_edition.cli`): importing
the package from other code (the tests) changes no signal handler.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

INTERRUPTED = 130


def stop(signum: int, _frame: FrameType | None) -> None:
    os.write(2, f"tei-edition:0:0: [E0112] interrupted ({signal.Signals(signum).name})\n".encode())
    os._exit(INTERRUPTED)


def _is_the_command() -> bool:
    # python -m: argv[0] is "-m" while the package is imported, before its __main__ runs
    first = sys.argv[0] if sys.argv else ""
    return first == "-m" or os.path.basename(first) == "tei-edition"


if _is_the_command():
    for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        # a hang-up that was ignored (`nohup`) stays ignored: the command is to outlive its terminal
        if _sig != signal.SIGHUP or signal.getsignal(_sig) is not signal.SIG_IGN:
            signal.signal(_sig, stop)
