"""What the command's process sets up before the rest of the command line loads.

- Its signals: Ctrl-C, SIGTERM or SIGHUP while the command line is still loading (~50 ms of
  imports, before the command guard's handlers) is one coded line and exit 130, as at any later
  moment, instead of Python's traceback (nothing has been touched yet: nothing to clean up).
- Its standard streams: one started closed (`>&-`, some service managers) is opened on the null
  device. Python leaves `sys.stdout` None then (a build failed with an internal error), and the
  next file the command opened took the free descriptor, so that whatever wrote to standard
  error (Saxon's messages, Typst's child) wrote into that file.

Only when this process is the command (`tei-edition`, `python -m tei_edition.cli`): importing
the package from other code (the tests) changes neither.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

from tei_edition.core import interrupts
from tei_edition.core.streams import open_standard_streams

INTERRUPTED = 130


def stop(signum: int, _frame: FrameType | None) -> None:
    os.write(2, f"tei-edition:0:0: [E0112] interrupted ({signal.Signals(signum).name})\n".encode())
    os._exit(INTERRUPTED)


def _is_the_command() -> bool:
    # python -m: argv[0] is "-m" while the package is imported, before its __main__ runs
    first = sys.argv[0] if sys.argv else ""
    return first == "-m" or os.path.basename(first) == "tei-edition"


if _is_the_command():
    open_standard_streams()
    for _sig in interrupts.to_handle():
        signal.signal(_sig, stop)
