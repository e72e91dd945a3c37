"""A process's standard streams, made whole before anything else runs (the command: `cli.early`;
the XSLT process: `xslt_worker`)."""

from __future__ import annotations

import io
import os
import sys


def open_standard_streams() -> None:
    """Open a standard stream this process was started without (`>&-`) on the null device, as
    an inheritable descriptor (a child's standard error is this one's), and give Python its stream
    again. Python leaves `sys.stdout` or `sys.stderr` None then, and the next file opened would
    take the free descriptor: whatever wrote to standard error would have written into it."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)  # the lowest free: `fd`
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        os.set_inheritable(fd, True)  # os.open's descriptors are not: a child would find it closed
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, "r" if fd == 0 else "w", encoding="utf-8", closefd=False))


def unencodable_escaped() -> None:
    """Characters standard output or error cannot encode (`PYTHONIOENCODING=latin-1` and a folder
    named in Cyrillic) written as escapes, `\\u041a`, as Python writes them to standard error: on
    standard output they were an internal error (E0199, exit 1) after a build that had succeeded."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
