"""What the command's process sets up before the rest of the command line loads.

- Its signals, first of all: Ctrl-C, SIGTERM or SIGHUP while the command line is still loading
  (~50 ms of imports, before the command guard's handlers) is one coded line and exit 130, as at
  any later moment, instead of Python's traceback (nothing has been touched yet: nothing to clean
  up). Taken through the C module `_signal` before any other import: `signal` would first import
  `enum` and the rest took 10 ms, in which a Ctrl-C was a traceback. What comes before this
  module (the interpreter's start, finding `tei_edition` and `tei_edition.cli`, ~1 ms) cannot
  take a signal: a Ctrl-C there is still Python's.
- Its standard streams: one started closed (`>&-`, some service managers) is opened on the null
  device. Python leaves `sys.stdout` None then (a build failed with an internal error), and the
  next file the command opened took the free descriptor, so that whatever wrote to standard
  error (Saxon's messages, Typst's child) wrote into that file. A character the stream cannot
  encode (`PYTHONIOENCODING=latin-1`, a folder named in Cyrillic) is written as an escape.

Only when this process is the command (`tei-edition`, `python -m tei_edition.cli`): importing
the package from other code (the tests) changes neither.
"""

from __future__ import annotations

import os
import sys

import _signal  # type: ignore[import-not-found]  # the C module of `signal` (no stub)

INTERRUPTED = 130
_NAMES = {_signal.SIGINT: "SIGINT", _signal.SIGTERM: "SIGTERM", _signal.SIGHUP: "SIGHUP"}


def stop(signum: int, _frame: object) -> None:
    try:  # standard error may be closed still (opened below)
        os.write(2, f"tei-edition:0:0: [E0112] interrupted ({_NAMES.get(signum, signum)})\n".encode())
    except OSError:
        pass
    os._exit(INTERRUPTED)


def _is_the_command() -> bool:
    # python -m: argv[0] is "-m" while the package is imported, before its __main__ runs
    first = sys.argv[0] if sys.argv else ""
    return first == "-m" or os.path.basename(first) == "tei-edition"


if _is_the_command():
    for _sig in _NAMES:  # as interrupts.to_handle: a hang-up ignored by its starter (nohup) stays so
        if _sig != _signal.SIGHUP or _signal.getsignal(_sig) != _signal.SIG_IGN:
            _signal.signal(_sig, stop)

from tei_edition.core.streams import open_standard_streams, unencodable_escaped  # noqa: E402 - once the signals are taken

if _is_the_command():
    open_standard_streams()
    unencodable_escaped()
