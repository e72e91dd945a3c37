"""An interruption (Ctrl-C, SIGTERM) is remembered as well as raised.

Python drops an exception raised inside a callback whose errors it ignores (a weakref callback
of the import machinery, a `__del__`): a KeyboardInterrupt raised there by a signal handler is
printed as "Exception ignored" and lost, and the build would go on. The command's signal
handlers `note` the interruption; the build `check`s between its stages and while it waits for
its background jobs.
"""

from __future__ import annotations

import threading

_noted = threading.Event()
_name = ""


def note(name: str) -> None:
    global _name
    _name = name
    _noted.set()


def clear() -> None:
    _noted.clear()


def check() -> None:
    """Raise KeyboardInterrupt if an interruption was noted (and its own exception was lost)."""
    if _noted.is_set():
        raise KeyboardInterrupt(_name)
