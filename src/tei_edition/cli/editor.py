"""The editor's tools: ingest (the draft from the raw source), annotate (names and dates),
quotations (inline quotations), mentions (events and glossary terms), odd (the schemas derived from the ODD)."""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import NoReturn

import click

from tei_edition.cli.options import (GivenPath, echo_problems, exit_for, fail, master_option, output_file,
                                     problem_from_message)
from tei_edition.core import paths
from tei_edition.core.problems import EditionError, Problem


@click.command()
@click.argument("out", type=GivenPath(readable=False, dir_okay=False), callback=output_file)
@click.option("--source", type=GivenPath(readable=False, path_type=Path), default=None,
              help="The raw text extraction (default: edition/source/lawson-2021-most-intransigent-of-bolsheviks.txt).")
@click.option("--order", type=GivenPath(readable=False, path_type=Path), default=None,
              help="The reading-order file (default: edition/source/reading-order.txt).")
@click.option("--plain", is_flag=True, help="The structure only, without inline markup.")
def ingest(out: Path, source: Path | None, order: Path | None, plain: bool) -> None:
    """Rebuild the draft TEI from the raw source and the reading order into OUT (never the master)."""
    from tei_edition.citation.anchors import lock_path
    from tei_edition.core.inputs import read_text
    from tei_edition.core.output_file import check_output, check_writable, is_draft, write_output
    from tei_edition.reconstruct.ingest import ORDER_NAME, SOURCE_NAME, IngestError, build_tei, serialize
    from tei_edition.reconstruct.order import OrderError

    source = source or paths.SOURCE_DIR / SOURCE_NAME
    order = order or paths.SOURCE_DIR / ORDER_NAME
    inputs = [source, order, paths.MASTER, lock_path(paths.MASTER)]
    try:
        check_output(out, is_draft, "draft", inputs)  # never the master, a source or another file
        check_writable(out, "E0102", "draft")
        try:
            tei = build_tei(read_text(source), read_text(order), plain)
        except OrderError as exc:  # at the line it names, of the reading order or the source
            where = source if exc.in_source else order
            echo_problems([Problem(str(where), exc.line or 1, exc.col or 1, "E0501", str(exc))])
            sys.exit(1)
        except (IngestError, ValueError) as exc:
            echo_problems([problem_from_message(order, "E0501", str(exc))])
            sys.exit(1)
        write_output(out, serialize(tei), "E0102", "draft", is_draft, inputs)
    except EditionError as exc:
        fail(exc)
    click.echo(f"wrote {out}")


@click.command()
@click.argument("path", type=GivenPath(readable=False, path_type=Path), default=paths.MASTER)
@click.option("--registers", type=GivenPath(readable=False, path_type=Path), default=None,
              help="Bootstrap only: a standOff (or TEI file) whose registers are inserted into a document "
                   "that has none. Without it the document's own standOff is used.")
@click.option("--replace-standoff", is_flag=True,
              help="With --registers: overwrite the document's existing registers.")
@click.option("--overrides", type=GivenPath(readable=False, path_type=Path), default=None,
              help="The annotation overrides; the file must exist (an empty one for none). Default: the "
                   "project's edition/source/annotation-overrides.txt, an error (E0001) where it is missing.")
def annotate(path: Path, registers: Path | None, replace_standoff: bool, overrides: Path | None) -> None:
    """Mark names and dates in the TEI document PATH (rewritten in place) from its own registers.

    Exit 1 when the audit of the result finds something left to mark.
    """
    from tei_edition.core.source import Source
    from tei_edition.curation import registers as overrides_file
    from tei_edition.curation.annotate import annotate_path
    from tei_edition.curation.audit import CHECK_CODES, audit_findings

    if replace_standoff and registers is None:
        raise click.BadOptionUsage("--replace-standoff", "--replace-standoff needs --registers FILE")
    default = overrides is None
    overrides = overrides or overrides_file.OVERRIDES
    try:
        # the overrides are read after the document, before it is written: a file that is not
        # there (named, or the default) is E0001, never "no overrides", which would undo their corrections
        done = annotate_path(path, registers, overrides, replace_standoff)
    except ValueError as exc:  # the registers (a line of the overrides is E0502 at that line)
        echo_problems([problem_from_message(path, "E0502", str(exc))])
        sys.exit(1)
    except EditionError as exc:
        if default and [p.path for p in exc.problems] == [str(overrides)] and not os.path.lexists(overrides):
            fail(EditionError([Problem(str(overrides), 0, 0, "E0001",
                                       f"the annotation overrides are not there (the project folder taken is "
                                       f"{paths.ROOT}: run in the edition's project or set TEI_EDITION_ROOT); "
                                       f"without them the annotator would undo their corrections, so it marks "
                                       f"nothing: give --overrides FILE (an empty file for none)")]))
        raise
    report = done.report
    # at the paragraph's `<` in the file as written (a standOff inserted above moves it)
    written = Source(str(path), done.tree().getroot(), done.data)
    problems = [Problem(str(path), *(written.tag(w.written) if w.written is not None else (1, 1)), "W0501", w.text)
                for w in report.warnings]
    problems += [Problem(str(overrides), ov.line, 1, "W0502", f"override never applied: {ov.context!r}")
                 for ov in done.overrides if ov.line not in report.used_overrides]
    try:  # the audit of the file as written: the tree parsed from the bytes written, the overrides read once
        findings = audit_findings(done.tree(), done.overrides)
    except KeyboardInterrupt as exc:  # "interrupted" alone said nothing of the file, which was written
        raise KeyboardInterrupt(f"{exc or 'SIGINT'}, after {path} was written, before its audit: "
                                f"run tei-edition audit {path}") from None
    problems += [Problem(str(path), *written.tag(at), CHECK_CODES[letter], text) for letter, at, text in findings]
    echo_problems(problems)
    n = report.names
    click.echo(f"{path}: {n['person']} persons, {n['place']} places, {n['org']} organisations, "
               f"{report.dates} dates marked; {len(findings)} audit findings", err=True)
    sys.exit(1 if findings else 0)


@click.command()
@master_option
@click.option("--decisions", type=GivenPath(readable=False, path_type=Path), default=None,
              help="The decision file (default: edition/source/quotations.txt).")
@click.option("--check", is_flag=True, help="Only check: exit 1 if the master is not already marked as the file says.")
@click.option("--list", "list_", is_flag=True, help="Print the quoted spans of the master as decision lines (kind ?).")
def quotations(master: Path, decisions: Path | None, check: bool, list_: bool) -> None:
    """Mark the inline quotations of the master (rewritten in place) from the decision file."""
    from tei_edition.core.inputs import read_bytes
    from tei_edition.core.xmlio import parse_bytes
    from tei_edition.curation.quotations import DECISIONS, QuotationError, listing, load_decisions, mark_bytes

    decisions = decisions or DECISIONS
    if list_ and check:  # was: --check ignored, exit 0
        raise click.BadOptionUsage("--check", "--list prints the spans and --check checks the marks: give one")
    if list_:
        try:
            click.echo(listing(parse_bytes(read_bytes(master), str(master))), nl=False)
        except QuotationError as exc:  # a document without a body: as the marking says it
            _refuse(master, exc.messages)
        return
    with _rewriting(master, check):
        old = read_bytes(master)
        try:
            new, report = mark_bytes(old, str(master), load_decisions(decisions), str(decisions))
        except QuotationError as exc:
            _refuse(master, exc.messages)
        summary = ", ".join(f"{n} {k}" for k, n in report.counts.items())
        _check_or_write(master, old, new, check, "E0511", f"not marked as {decisions.name} says ({summary})",
                        summary, f"{len(report.spans)} quoted spans: {summary}")


def _refuse(master: Path, messages: list[str]) -> NoReturn:
    echo_problems([problem_from_message(master, "E0510", m) for m in messages])
    sys.exit(1)


@click.command()
@click.option("--check", is_flag=True, help="Only check: exit 1 if a derived schema is out of date.")
def odd(check: bool) -> None:
    """Derive the RELAX NG schema and the Schematron rules from the ODD (the encoding manual)."""
    from tei_edition.core.files import write_atomic_all
    from tei_edition.schema.odd import ODD, derived

    try:
        schemas = derived()
    except EditionError as exc:
        fail(exc)
    stale = [(path, data) for path, data in schemas.items() if not (path.exists() and path.read_bytes() == data)]
    problems = [Problem(str(path), 1, 1, "E0520", f"out of date with {ODD.name}: run `tei-edition odd`")
                for path, _ in stale] if check else []
    if not check:
        # every validate reads the pair: never one cut short, nor a new .rng beside the old .sch
        write_atomic_all(stale)
        for path, _ in stale:
            click.echo(f"wrote {path}")
    echo_problems(problems)
    exit_for(problems)


@click.command()
@master_option
@click.option("--decisions", type=GivenPath(readable=False, dir_okay=False, path_type=Path), default=None,
              help="The decision file (default: edition/source/mentions.txt).")
@click.option("--check", is_flag=True, help="Only check: exit 1 if the master is not already marked as the file says.")
def mentions(master: Path, decisions: Path | None, check: bool) -> None:
    """Mark the mentions of events (rs) and glossary terms (term) in the master from the decision file.

    Every mark already in the master needs a line that makes it again (`unit | span | #id`) or one
    that removes it (`unit | span | remove #id`): a file that leaves one out (empty, cut off) is
    refused (E0530) and the master left as it is. The marks removed are counted in the report.
    """
    from tei_edition.core.inputs import read_bytes
    from tei_edition.curation.mentions import DECISIONS, MentionError, load_mentions, mark_bytes

    decisions = decisions or DECISIONS
    with _rewriting(master, check):
        old = read_bytes(master)
        try:
            new, counts = mark_bytes(old, str(master), load_mentions(decisions), str(decisions))
        except MentionError as exc:
            echo_problems([problem_from_message(master, "E0530", m) for m in exc.messages])
            sys.exit(1)
        summary = f"{counts['events']} mentions of events, {counts['terms']} of glossary terms"
        if counts["removed"]:  # the removals the file asks for are said, never silent
            summary += f", {counts['removed']} marks removed as {decisions.name} says"
        _check_or_write(master, old, new, check, "E0531", f"not marked as {decisions.name} says ({summary})",
                        summary, summary)


def _rewriting(master: Path, check: bool) -> AbstractContextManager[None]:
    """A marking tool's read-modify-write holds the master's edit lock (another command rewriting
    it would otherwise lose this one's update, or this one its); a check only reads."""
    from tei_edition.core.locks import editing

    return nullcontext() if check else editing(master)


def _check_or_write(master: Path, old: bytes, new: bytes, check: bool, code: str, stale: str,
                    summary: str, done: str) -> None:
    """The end of a marking tool: with --check, exit 1 (`code`, `stale`) unless the master is
    already marked; else write the master where marking changed it. Both report on stderr."""
    from tei_edition.core.files import write_atomic

    if check:
        if new != old:
            echo_problems([Problem(str(master), 1, 1, code, stale)])
            sys.exit(1)
        click.echo(f"{master}: up to date ({summary})", err=True)
        return
    if new != old:
        write_atomic(master, new, unchanged=old)
    click.echo(f"{master}: {done}", err=True)
