"""What the command's process sets up before the rest of the command line loads.

- Its signals, first of all: Ctrl-C, SIGTERM or SIGHUP while the command line is still loading
  (~50 ms of imports, before the command guard's handlers) is one coded line and exit 130, as at
  any later moment, instead of Python's traceback (nothing has been touched yet: nothing to clean
  up). Taken through the C module `_signal` before any other import: `signal` would first import
  `enum` and the rest took 10 ms, in which a Ctrl-C was a traceback. What comes before this
  module (the interpreter's start, finding `tei_edition` and `tei_edition.cli`, ~1 ms) cannot
  take a signal: a Ctrl-C there is still Python's.
- Python's UTF-8 mode, where the locale is not UTF-8 (`LANG=de_DE.ISO-8859-1`, or `LC_ALL=C`
  where Python may not coerce it): Python decodes the command line's and the file system's names
  in the locale's encoding, so a UTF-8 name was E0007 (ASCII) or a file Saxon could not find
  (Latin-1: the stylesheets in a folder named `é` did not compile). The process runs itself again
  in UTF-8 mode, its children too (the environment), as every name the toolkit reads or writes is
  UTF-8: the build and its messages (printed in UTF-8) are those of a UTF-8 locale.
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


def _in_utf8_mode() -> None:
    """Run the command again in Python's UTF-8 mode where the file system's names are decoded in
    another encoding (above). Only then: elsewhere this costs nothing."""
    if sys.getfilesystemencoding() == "utf-8" or not sys.executable:
        return
    try:  # the arguments' own bytes: a decoding may not encode back (EUC-JP reads b"\x9a" as U+009A)
        with open("/proc/self/cmdline", "rb") as cmdline:
            argv = cmdline.read().split(b"\0")[:-1]
    except OSError:
        try:
            argv = [os.fsencode(arg) for arg in sys.orig_argv]
        except UnicodeEncodeError:
            return
    if argv:
        os.execve(sys.executable, argv, {**os.environb, b"PYTHONUTF8": b"1"})


if _is_the_command():
    _in_utf8_mode()

from tei_edition.core.streams import open_standard_streams, unencodable_escaped  # noqa: E402 - once the signals are taken

if _is_the_command():
    open_standard_streams()
    unencodable_escaped()
