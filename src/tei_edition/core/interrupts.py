"""An interruption (Ctrl-C, SIGTERM) is remembered as well as raised.

Python drops an exception raised inside a callback whose errors it ignores (a weakref callback
of the import machinery, a `__del__`): a KeyboardInterrupt raised there by a signal handler is
printed as "Exception ignored" and lost, and the build would go on. The command's signal
handlers `note` the interruption; the build `check`s between its stages and while it waits for
its background jobs.
"""

from __future__ import annotations

import os
import signal
import threading
import time

_PR_SET_PDEATHSIG = 1  # prctl(2)
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
    """End this process (a build's child) when the build, pid `parent` (taken before the child
    began: the build may be gone already), is: at once where Linux's prctl can ask for it, else
    within `poll` seconds, watched by a thread. Works even if the build is killed without clean-up."""
    try:
        import ctypes

        if ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:  # gone before the request
                os._exit(1)
            return
    except (OSError, AttributeError):  # not Linux
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
