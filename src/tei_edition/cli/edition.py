"""Commands that check and build the edition: build, validate, audit, pdf, epub."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from tei_edition.cli.options import (UNREADABLE, GivenPath, base_url_option, echo_problems, fail, format_option,
                                     master_option, output_file, paper_option, problem_from_message, unreadable,
                                     valid_master)
from tei_edition.core import paths
from tei_edition.core.problems import EditionError, has_errors, problems_json
from tei_edition.outputs.volumes import VOLUME_UNITS


@click.command()
@master_option
@click.option("--out", type=GivenPath(readable=False, path_type=Path), default=paths.BUILD_DIR, show_default=True,
              help="Output folder: new, empty or a previous build (replaced whole on success, untouched on failure).")
@base_url_option
@click.option("--timings", type=GivenPath(readable=False, dir_okay=False), default=None, callback=output_file,
              help="Write each stage's time (seconds) to this JSON file.")
@paper_option
@click.option("--full", is_flag=True,
              help="Make every output again (by default a stage whose inputs did not change takes its files from "
                   "the previous build in OUT, and unchanged files are kept).")
@click.option("--jobs", type=click.IntRange(1, 2), default=2, show_default=True,
              help="Processes the build may use: 2 runs the web edition's first stages in a second process "
                   "beside the others (where the machine has more than one CPU and the print edition is one "
                   "volume), 1 runs every stage in one.")
@click.option("--volume-units", type=click.IntRange(min=1), default=None, show_default=str(VOLUME_UNITS),
              help="The most citable units (paragraphs and the like) a volume of the print edition holds; "
                   "a longer edition is printed in volumes.")
def build(master: Path, out: Path, base_url: str | None, timings: Path | None, paper: str, full: bool,
          jobs: int, volume_units: int | None) -> None:
    """Validate the master and build every output into OUT."""
    from tei_edition.build import build as run_build
    from tei_edition.citation.anchors import lock_path
    from tei_edition.core.output_file import check_output, check_outside, check_writable, is_timings, write_output

    inputs = [master, lock_path(master)]
    try:
        if timings is not None:  # refused before the build, not after it has replaced OUT
            check_output(timings, is_timings, "timings", inputs)
            check_outside(timings, out, "timings")
            check_writable(timings, "E0102", "timings")
        ctx = run_build(master, out, base_url=base_url, paper=paper, full=full, jobs=jobs,
                        volume_units=volume_units)
        echo_problems(ctx.warnings)
        if timings is not None:
            write_output(timings, (json.dumps(ctx.timings, indent=2) + "\n").encode("utf-8"), "E0102", "timings",
                         is_timings, inputs)
    except EditionError as exc:
        fail(exc)
    total = ctx.timings.get("total", 0.0)
    click.echo(f"built {out} in {total:.2f} s ({len(ctx.warnings)} warnings)")


@click.command()
@click.argument("files", nargs=-1, type=GivenPath(readable=False, path_type=Path))
@format_option
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check FILES (default: the master) for well-formedness, schema and rules.

    Exit 0 when valid (warnings allowed), 1 when invalid, 2 when a file cannot be read.
    """
    from tei_edition.citation.scheme import scheme_problems
    from tei_edition.schema.validate import validate_files

    targets = list(files) or [paths.MASTER]
    problems = validate_files(targets, also=scheme_problems)  # the citation scheme too, as build and cite read it
    unreadable = any(p.code in UNREADABLE for p in problems)
    if fmt == "json":
        click.echo(problems_json(problems))
    else:
        for problem in problems:
            click.echo(str(problem))
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        state = "invalid" if errors else "valid"
        click.echo(f"{len(targets)} file(s) {state}: {errors} error(s), {warnings} warning(s)")
    if unreadable:
        sys.exit(2)
    if has_errors(problems):
        sys.exit(1)


@click.command()
@click.argument("file", required=False, type=GivenPath(readable=False, path_type=Path))
@format_option
def audit(file: Path | None, fmt: str) -> None:
    """The editor's audit of FILE (default: the master): unmarked names and years, unused
    register entries, marks the annotator would undo, and what the registers still lack.

    Exit 0 when nothing is left to mark, 1 when something is or the file is no TEI document (empty,
    not well-formed, not UTF-8, another root), 2 when it cannot be read (missing, a folder, not readable).
    """
    from tei_edition.curation.audit import audit_file

    target = file or paths.MASTER
    try:
        report = audit_file(target)
    except EditionError as exc:
        fail(exc, 2 if unreadable(exc) else 1)
    except ValueError as exc:  # registers the audit cannot read (an entry without xml:id), as annotate says
        fail(EditionError([problem_from_message(target, "E0502", str(exc))]), 1)
    if fmt == "json":
        click.echo(json.dumps({"problems": [p.as_dict() for p in report.problems], "summary": report.summary},
                              ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        for line in report.summary:
            click.echo(f"{target}: {line}")
        click.echo(f"{target}: {len(report.problems)} thing(s) left to mark")
    if report.problems:
        sys.exit(1)


def _section(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]{0,99}", value):
        raise click.BadParameter(f"{value!r} is not a section's xml:id (a letter, then letters, digits, . - _)")
    return value


def _paragraphs(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    from tei_edition.outputs.pdf import parse_paragraphs

    if value is None:
        return None
    try:
        return parse_paragraphs(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@master_option
@click.option("--section", default=None, callback=_section, help="Only this section (its xml:id, e.g. s3).")
@click.option("--paragraphs", default=None, callback=_paragraphs,
              help="Only these units, e.g. 10-20 or 7 (original numbers kept).")
@paper_option
@base_url_option
@click.option("--out", type=GivenPath(readable=False, dir_okay=False), default=None, callback=output_file,
              help="PDF file to write (default: lawson-2021-most-intransigent[-part].pdf here).")
def pdf(master: Path, section: str | None, paragraphs: tuple[int, int] | None, paper: str, base_url: str | None,
        out: Path | None) -> None:
    """Typeset the print edition, or a part of it, as one PDF (the master validated first, as by build)."""
    from tei_edition.outputs.pdf import Selection, write_part

    first, last = paragraphs or (None, None)
    try:
        tree, warnings = valid_master(master)
        written = write_part(master, out, selection=Selection(section, first, last), paper=paper,
                             base_url=base_url, tree=tree)
    except EditionError as exc:
        fail(exc)
    echo_problems(warnings)
    click.echo(f"wrote {written}")


@click.command()
@master_option
@base_url_option
@click.option("--out", type=GivenPath(readable=False, dir_okay=False), default=None, callback=output_file,
              help="EPUB file to write (default: lawson-2021-most-intransigent.epub here).")
def epub(master: Path, base_url: str | None, out: Path | None) -> None:
    """Make the edition as an EPUB 3 e-book (the master validated first, as by build)."""
    from tei_edition.outputs.epub import write_epub

    try:
        tree, warnings = valid_master(master)
        written = write_epub(master, out, base_url=base_url, tree=tree)
    except EditionError as exc:
        fail(exc)
    echo_problems(warnings)
    click.echo(f"wrote {written}")
