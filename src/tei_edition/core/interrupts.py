"""An interruption (Ctrl-C, SIGTERM, SIGHUP: `SIGNALS`) is remembered as well as raised.

Python drops an exception raised inside a callback whose errors it ignores (a weakref callback
of the import machinery, a `__del__`): a KeyboardInterrupt raised there by a signal handler is
printed as "Exception ignored" and lost, and the build would go on. The command's signal
handlers `note` the interruption; the build `check`s between its stages and while it waits for
its background jobs. `waiting_for` keeps the main thread free to take a signal while a long
native call (validation) runs.
"""

from __future__ import annotations

import os
import signal
import threading
import time

TYPE_CHECKING = False  # mypy takes it as true; `typing` would cost Typst's child (which imports this) 5 ms
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # prctl(2)
# What interrupts a command: Ctrl-C, `kill`, the hang-up of a terminal closed under it. The first
# and the last reach the terminal's whole process group, so a build's children ignore those two
# and leave the decision to the build.
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
TO_THE_GROUP = (signal.SIGINT, signal.SIGHUP)


def to_handle() -> list[signal.Signals]:
    """`SIGNALS` but a hang-up its starter told the command to ignore (`nohup`): it is to
    outlive its terminal."""
    return [sig for sig in SIGNALS if sig != signal.SIGHUP or signal.getsignal(sig) is not signal.SIG_IGN]


def leave_to_the_parent() -> None:
    """In a build's child: the signals that reach the whole group are the build's to act on.
    The child may have been started with the interruptions held (`spawned`): they are let in
    now, a Ctrl-C that came meanwhile dropped."""
    for sig in TO_THE_GROUP:
        signal.signal(sig, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def held(job: Callable[[], T]) -> T:
    """`job()` with the interruptions held: one that comes meanwhile is raised once `job` is done
    (in the main thread), not inside it. For what must not stop half-way: a child's start
    (`spawned`), the swap of a build and the removal of the one it replaced (`output_folder`)."""
    global _deferring
    main = threading.current_thread() is threading.main_thread()
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    # held here, the signal may still reach another thread of the command, whose handler then
    # runs in this one at its next step: told to `defer`, it only notes the interruption
    _deferring += main
    try:
        done = job()
    finally:
        _deferring -= main
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if main:
        check()
    return done


def held_while_failing(job: Callable[[], object], failure: BaseException) -> None:
    """`held(job)` in the handling of `failure`, which is raised again after it: an interruption
    noted (this one, or one that came meanwhile) is raised instead only if `failure` is no
    interruption itself, whose exception says more ("after the swap: …")."""
    try:
        held(job)
    except KeyboardInterrupt:
        if not isinstance(failure, KeyboardInterrupt):
            raise


def spawned(start: Callable[[], T]) -> T:
    """`start()`, a child process's start and the keeping of its handle (to stop it), `held`:
    an interruption that comes meanwhile is raised after them, not between, which would leave
    the child running unknown. The child begins with the interruptions held too (threads and
    children inherit the mask), until it says what it does with them (`leave_to_the_parent`): a
    Ctrl-C while Python starts there would have printed a traceback."""
    return held(start)


def defer() -> bool:
    """Whether a signal's handler is to note the interruption and leave it to `held` to raise."""
    return _deferring > 0


_noted = threading.Event()
_name = ""
_deferring = 0  # `held` calls under way in the main thread


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


def waiting_for(job: Callable[[], T], meanwhile: Callable[[], None] | None = None) -> T:
    """`job()`, run in a thread of its own while this one waits, when this is the main thread;
    `meanwhile()`, this thread's own work, done while the job runs (in any thread).

    A signal's handler runs only in the main thread, and only between two steps of Python: while
    that thread is inside a long native call (lxml validating a large edition: 2 s at k = 64) a
    Ctrl-C waited for the call to return. Waiting instead, it is raised here at once; the job,
    whose native code releases Python's lock, is left to end with the process. Elsewhere (a
    worker thread) without `meanwhile`, `job` simply runs here."""
    main = threading.current_thread() is threading.main_thread()
    if not main and meanwhile is None:
        return job()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(job())
        except BaseException as exc:  # noqa: BLE001 - raised again in the waiting thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="waited-for", daemon=True)
    worker.start()
    failed_here: Exception | None = None
    if meanwhile is not None:
        try:
            meanwhile()
        except Exception as exc:  # noqa: BLE001 - raised once the job has ended: no thread left behind
            failed_here = exc
    while worker.is_alive():
        worker.join(0.1)  # a signal's handler raises here (lock waits are interruptible)
        if main:
            check()  # or its exception was lost: raised all the same
    if failed_here is not None:
        raise failed_here
    if failure:
        raise failure[0]
    return outcome[0]
