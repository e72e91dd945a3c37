"""Every failure of a command is one coded line, never a traceback.

The group's `invoke` is the one place where what a command did not handle ends: an
EditionError prints its problems (exit 1), an interruption (Ctrl-C, SIGTERM, the terminal's hang-up) is E0112
(exit 130, after the build's own clean-up ran; while the command line still loads, `early`), a file-system error is E0102, anything else
E0199 — an internal error to report, printed as one line with its type and message; a command
line not understood is E0113 (exit 2), at the option or argument it names.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import Any, NoReturn

import click

from tei_edition.cli import early
from tei_edition.core import interrupts
from tei_edition.core.problems import EditionError, Problem, raised_at

PROGRAM = "tei-edition"
INTERRUPTED = 130  # as a shell reports a process ended by SIGINT


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    name = signal.Signals(signum).name
    interrupts.note(name)  # if Python drops the exception below, the build still stops
    if interrupts.defer():  # a child being started: raised once the command holds it
        return
    raise KeyboardInterrupt(name)


def _handled_interruption() -> None:
    """CPython marks a KeyboardInterrupt that was raised inside code run from a string (as
    dataclasses and namedtuples make their methods, so during an import) as unhandled, and at
    exit then ends the process by SIGINT, whatever status the command chose (a build
    interrupted while importing a stage exited -2, not 130). The command handled it: unmark it."""
    try:
        import ctypes

        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0
    except (AttributeError, ValueError, OSError):  # another Python: nothing to unmark
        pass


def _links_split() -> list[Problem]:
    """W0115 for the files rewritten that had other names (hard links): said whatever the end."""
    files = sys.modules.get("tei_edition.core.files")  # not imported: nothing written
    return list(files.links_split()) if files is not None else []


def _report(problems: list[Problem], code: int) -> NoReturn:
    for problem in problems:
        click.echo(str(problem), err=True)
    sys.exit(code)


def file_system_problem(exc: OSError) -> Problem:
    """A file-system error (disk full, read-only, permission denied) as E0102 at its file; one
    that names no file is the command's own output (standard output into a full disk)."""
    from tei_edition.core.output_folder import written

    reason = exc.strerror or str(exc)
    where = written(exc)
    return Problem(where or PROGRAM, 0, 0, "E0102", f"could not write{'' if where else ' its output'}: {reason}")


def usage_problem(exc: click.UsageError, command: str = PROGRAM) -> Problem:
    """A command line not understood (an unknown command or option, a value out of range) as
    E0113 at the option or argument it names as the help does (`--jobs:1:1`, `ANCHOR:1:1`, an
    unknown command at `COMMAND:1:1`), with the help of `command` (the one given, if it exists)
    to read. Surplus arguments have no such name, and a value as the place could name a file that
    is not at fault (`build edition/x.xml`, --master forgotten): at the program, `tei-edition:0:0`."""
    param = getattr(exc, "param", None)  # a bad value names its parameter, an unknown option its name
    if isinstance(param, click.Option) and param.opts:
        named: str | None = param.opts[0]
    elif isinstance(param, click.Argument):
        named = param.human_readable_name  # its metavar: ANCHOR, FILES
    elif isinstance(exc, click.exceptions.NoSuchCommand):
        named = "COMMAND"  # as the group's usage line names it
    else:
        named = getattr(exc, "option_name", None)
    message = " ".join(exc.format_message().split())
    if named:
        return Problem(named, 1, 1, "E0113", f"{message} (see `{command} --help`)")
    return Problem(PROGRAM, 0, 0, "E0113", f"{message} (see `{command} --help`)")


def _working_directory() -> None:
    """E0118 if the working directory was removed: relative paths would name nothing, and the
    libraries that ask for it (Saxon) fail with no file named."""
    import os

    try:
        os.getcwd()
    except FileNotFoundError:
        raise EditionError([Problem(os.environ.get("PWD") or PROGRAM, 0, 0, "E0118",
                                    "the working directory no longer exists (it was removed); change to an "
                                    "existing folder and run the command again")]) from None


_COMMAND = "tei_edition.command"  # ctx.meta: the command line's command, once it is known


class SubGroup(click.Group):
    """A group inside the command line (`anchors`): its command is named in full (`tei-edition
    anchors accept`), so that a command line it does not understand points to that help."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and _COMMAND in ctx.meta:
            ctx.meta[_COMMAND] = f"{ctx.meta[_COMMAND]} {command.name}"
        return name, command, rest


class GuardedGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The program's own options are read before `invoke`: one it does not know (`tei-edition
        --bogus`) was click's usage and error, three lines without a code."""
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:  # given nothing: its help
            raise
        except click.UsageError as exc:
            _report([usage_problem(exc)], exc.exit_code)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            ctx.meta[_COMMAND] = f"{PROGRAM} {command.name}"
        return name, command, rest

    def invoke(self, ctx: click.Context) -> Any:
        main_thread = threading.current_thread() is threading.main_thread()
        # `kill` and a closed terminal clean up as Ctrl-C does (signals reach only the main thread)
        previous = {sig: signal.signal(sig, _interrupt) for sig in interrupts.to_handle()} if main_thread else {}
        interrupts.clear()
        _links_split()  # forgotten: writes before the command (a test's, in its process) are not its own
        try:
            _working_directory()
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:  # a command given nothing: its help
            raise
        except click.UsageError as exc:
            _report([usage_problem(exc, ctx.meta.get(_COMMAND, PROGRAM))], exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except EditionError as exc:
            _report(exc.problems, 1)
        except KeyboardInterrupt as exc:
            _handled_interruption()
            how = str(exc) or "SIGINT"
            _report([Problem(PROGRAM, 0, 0, "E0112", f"interrupted ({how})")], INTERRUPTED)
        except OSError as exc:
            _report([file_system_problem(exc)], 1)
        except Exception as exc:  # noqa: BLE001 - the last resort: one line instead of a traceback
            _report([Problem(PROGRAM, 0, 0, "E0199",
                             f"internal error, please report it: {type(exc).__name__}: {exc}{raised_at(exc)}")], 1)
        finally:
            for problem in _links_split():
                click.echo(str(problem), err=True)
            for sig, handler in previous.items():
                # the command process only exits now: Python resets a handler to the default as it
                # finalizes, and a Ctrl-C there ended a finished command by SIGINT (exit -2)
                signal.signal(sig, signal.SIG_IGN if handler is early.stop else handler)
