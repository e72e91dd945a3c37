"""What every command shares: the option decorators and the way problems reach the terminal."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from tei_edition.core import paths
from tei_edition.core.problems import EditionError, Problem, has_errors

if TYPE_CHECKING:
    from lxml import etree

F = TypeVar("F", bound=Callable[..., Any])
# a file that cannot be read at all (missing, no permission, not a regular file): exit 2
UNREADABLE = ("E0001", "E0005", "E0006")  # missing or unreadable, too large, not a regular file: never read


def with_trailing_slash(url: str | None) -> str | None:
    """`https://x/ed` and `https://x/ed/` name the same edition; permalinks need the slash."""
    return url if not url or url.endswith("/") else url + "/"


class GivenPath(click.Path):
    """A path option or argument: an empty one (`--master ''`, a shell variable left unset) is a
    usage error of the option, not the working directory it would name."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, (str, bytes)) and not value:
            self.fail("the path is empty (an unset shell variable?); give a path", param, ctx)
        return super().convert(value, param, ctx)


class FilePath(GivenPath):
    """A file's path to read (the master): '.' or '/' names no file (and has no name to put an
    anchor lock beside it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value and not Path(value).name:
            self.fail(f"{value!r} names a folder, not a file; give the path of the file", param, ctx)
        return super().convert(value, param, ctx)


def master_option(func: F) -> F:
    return click.option("--master", type=FilePath(readable=False, path_type=Path), default=paths.MASTER,
                        show_default=True, help="The master TEI document.")(func)


def _base_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from tei_edition.schema.output_checks import check_base_url

        check_base_url(value)  # E0251: the outputs link only to http(s)
        value = value.strip()  # what was checked is what is used
    return with_trailing_slash(value)


def output_file(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
    """An output file's path as given: one that ends with a slash names a folder (Path would drop
    the slash, and the file would be written under the folder's name)."""
    if value is not None and value.endswith(("/", os.sep)):
        raise click.BadParameter(f"{value!r} names a folder (it ends with a slash); name the file to write")
    return Path(value) if value is not None else None


def base_url_option(func: F) -> F:
    return click.option("--base-url", default=None, callback=_base_url,
                        help="Base URL of the published edition (overrides the header's); http(s) only.")(func)


def paper_option(func: F) -> F:
    return click.option("--paper", type=click.Choice(["a4", "a5", "letter"]), default="a4", show_default=True,
                        help="Paper size of the print edition (PDF).")(func)


def format_option(func: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Report as text lines or as JSON.")(func)


def echo_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def fail(exc: EditionError, code: int = 1) -> NoReturn:
    """Print the problems of `exc` and exit with `code`."""
    echo_problems(exc.problems)
    sys.exit(code)


def unreadable(exc: EditionError) -> bool:
    return any(p.code in UNREADABLE for p in exc.problems)


def exit_for(problems: list[Problem]) -> None:
    if has_errors(problems):
        sys.exit(1)


_LOCATED = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>[0-9]+):(?:(?P<col>[0-9]+):)? (?P<text>.*)$", re.S)


def problem_from_message(path: str | Path, code: str, message: str) -> Problem:
    """A tool's message as a coded problem, at the `file:line:` or `file:line:col:` it names,
    else at the file."""
    located = _LOCATED.match(message)
    if located:
        return Problem(located["path"], int(located["line"]), int(located["col"] or 1), code, located["text"])
    return Problem(str(path), 1, 1, code, message)


def valid_master(master: Path) -> tuple[etree._ElementTree, list[Problem]]:
    """The master's tree and its warnings, once `validate` finds no error in it (EditionError with
    its problems otherwise): what a command makes of an invalid master it prints wrong or fails on
    (E0199, or Typst's E0101 for a note in a heading), so every command that makes an output
    checks it first, as build does, and works from the tree it checked."""
    from tei_edition.core.xmlio import read_tei
    from tei_edition.schema.validate import validate_tree

    tree = read_tei(master)
    problems = validate_tree(tree, str(master))
    if has_errors(problems):
        raise EditionError(problems)
    return tree, problems
