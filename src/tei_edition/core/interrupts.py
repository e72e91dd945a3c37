"""An interruption (Ctrl-C, SIGTERM) is remembered as well as raised.

Python drops an exception raised inside a callback whose errors it ignores (a weakref callback
of the import machinery, a `__del__`): a KeyboardInterrupt raised there by a signal handler is
printed as "Exception ignored" and lost, and the build would go on. The command's signal
handlers `note` the interruption; the build `check`s between its stages and while it waits for
its background jobs.
"""

from __future__ import annotations

import os
import threading
import time

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


def end_with_parent(parent: int, poll: float = 0.5) -> None:
    """End this process (a build's child) when the build, pid `parent`, is gone: killed without
    clean-up, even before the child began its work. Polls every `poll` seconds in a thread."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
