"""The `tei-edition` command line: one click group whose commands are thin wrappers over the API.

Commands by concern: `edition` (build, validate, audit, pdf, epub), `reuse` (cite, anchors, serve),
`deposit` (package),
`editor` (ingest, annotate, quotations, mentions, odd); shared options and problem output in `options`.
`guard` turns every failure into one coded line; `run` is the program (`tei-edition`, `python -m
tei_edition.cli`), `main` the group the tests invoke in their own process.
"""

from __future__ import annotations

import os
import sys

from tei_edition.cli import early  # noqa: F401 - first: an interruption while the rest loads

import click

from tei_edition import __version__
from tei_edition.cli import deposit, edition, editor, reuse
from tei_edition.cli.guard import GuardedGroup, file_system_problem


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-edition")
def main() -> None:
    """Check and build the TEI edition of Lawson, 'The Most Intransigent of Bolsheviks'."""


for command in (edition.build, edition.validate, edition.audit, edition.pdf, edition.epub, reuse.cite,
                reuse.anchors, reuse.serve, deposit.package, editor.ingest, editor.annotate, editor.quotations,
                editor.mentions, editor.odd):
    main.add_command(command)


def run() -> None:
    """The command line as a program: the command, its output flushed, then the process ends
    without Python's teardown, which frees every parsed tree and Saxon's heap one object at a
    time (~40 ms after a build, every file of which is written and closed by then). Output that
    cannot be written (`--help` into a full disk or a closed pipe, which click prints before any
    command runs) is one coded line and status 1, not a traceback. (`early` has given the process
    its three standard streams.)"""
    status = 0
    try:
        main()
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if not isinstance(exc.code, (int, type(None))):  # sys.exit("message")
            _printed(str(exc.code))
    except OSError as exc:
        status = 1
        _printed(str(file_system_problem(exc)))
    xslt_worker = sys.modules.get("tei_edition.core.xslt_worker")
    if xslt_worker is not None:  # the command's XSLT process: killed and waited for, its time counted
        xslt_worker.stop()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError) as exc:
            status = status or 1
            if stream is sys.stdout and isinstance(exc, OSError):
                _printed(str(file_system_problem(exc)))
    os._exit(status)


def _printed(line: str) -> None:
    """`line` on standard error, if it can still be written."""
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
