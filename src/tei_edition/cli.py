"""The `tei-edition` command: thin wrappers over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__, paths
from .problems import EditionError, has_errors, problems_json


def with_trailing_slash(url: str | None) -> str | None:
    """`https://x/ed` and `https://x/ed/` name the same edition; permalinks need the slash."""
    return url if not url or url.endswith("/") else url + "/"


def _fail(exc: EditionError, code: int = 1) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-edition")
def main() -> None:
    """Check and build the TEI edition of Lawson, 'The Most Intransigent of Bolsheviks'."""


@main.command()
@click.option("--master", type=click.Path(dir_okay=False, path_type=Path), default=paths.MASTER,
              show_default=True, help="The master TEI document.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=paths.BUILD_DIR,
              show_default=True, help="Output folder (replaced whole on success, untouched on failure).")
@click.option("--base-url", default=None, callback=lambda _c, _p, v: with_trailing_slash(v),
              help="Base URL of the published edition (overrides the header's).")
@click.option("--timings", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write each stage's time (seconds) to this JSON file.")
@click.option("--paper", type=click.Choice(["a4", "a5", "letter"]), default="a4", show_default=True,
              help="Paper size of the print edition (PDF).")
def build(master: Path, out: Path, base_url: str | None, timings: Path | None, paper: str) -> None:
    """Validate the master and build every output into OUT."""
    from .build import build as run_build

    try:
        ctx = run_build(master, out, base_url=base_url, paper=paper)
    except EditionError as exc:
        _fail(exc)
    for problem in ctx.warnings:
        click.echo(str(problem), err=True)
    if timings is not None:
        timings.write_text(json.dumps(ctx.timings, indent=2) + "\n", encoding="utf-8")
    total = ctx.timings.get("total", 0.0)
    click.echo(f"built {out} in {total:.2f} s ({len(ctx.warnings)} warnings)")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Check FILES (default: the master) for well-formedness, schema and rules.

    Exit 0 when valid (warnings allowed), 1 when invalid, 2 when a file cannot be read.
    """
    from .validate import validate_files

    targets = list(files) or [paths.MASTER]
    problems = validate_files(targets)
    unreadable = any(p.code in ("E0001",) for p in problems)
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


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def audit(file: Path | None, fmt: str) -> None:
    """The editor's audit of FILE (default: the master): unmarked names and years, unused
    register entries, marks the annotator would undo, and what the registers still lack.

    Exit 0 when nothing is left to mark, 1 when something is, 2 when the file cannot be read.
    """
    from .audit import audit_file

    target = file or paths.MASTER
    try:
        report = audit_file(target)
    except EditionError as exc:
        _fail(exc, 2 if any(p.code == "E0001" for p in exc.problems) else 1)
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


# --- anchors, cite, serve (reuse) -----------------------------------------------------------

_MASTER_OPTION = click.option("--master", type=click.Path(dir_okay=False, path_type=Path), default=paths.MASTER,
                              show_default=True, help="The master TEI document.")


@main.group()
def anchors() -> None:
    """The anchor lock: citable units (p42, s3) never move and never change silently."""


@anchors.command("check")
@_MASTER_OPTION
def anchors_check(master: Path) -> None:
    """Compare the master's anchors with its lock. Exit 1 on a changed or vanished anchor."""
    from .anchors import check_master, lock_path

    try:
        problems = check_master(master)
    except EditionError as exc:
        _fail(exc)
    for problem in problems:
        click.echo(str(problem), err=True)
    if has_errors(problems):
        sys.exit(1)
    click.echo(f"anchors match {lock_path(master).name}")


@anchors.command("lock")
@_MASTER_OPTION
def anchors_lock(master: Path) -> None:
    """Record every new anchor in the lock (creating it). Changed anchors are never re-locked:
    they are reported (exit 1) and must be accepted one by one."""
    from .anchors import lock, lock_path

    try:
        added, problems = lock(master)
    except EditionError as exc:
        _fail(exc)
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{lock_path(master)}: {len(added)} anchor(s) added")
    if has_errors(problems):
        sys.exit(1)


@anchors.command("accept")
@click.argument("anchor")
@click.option("--reason", required=True, help="Why the text of ANCHOR changed (recorded in the lock and revisionDesc).")
@click.option("--date", "when", default=None, help="Date of the decision, YYYY-MM-DD (default: today).")
@click.option("--who", default="#editors", show_default=True, help="Pointer to who decided.")
@_MASTER_OPTION
def anchors_accept(anchor: str, reason: str, when: str | None, who: str, master: Path) -> None:
    """Accept the change (or removal) of ANCHOR as an editorial decision."""
    import datetime

    from .anchors import accept

    try:
        decision = accept(master, anchor, reason, when or datetime.date.today().isoformat(), who)
    except EditionError as exc:
        _fail(exc)
    click.echo(f"{anchor}: {decision['change']} change accepted and recorded in revisionDesc")


@main.command()
@click.option("--master", type=click.Path(dir_okay=False, path_type=Path), default=paths.MASTER,
              show_default=True, help="The master TEI document.")
@click.option("--section", default=None, help="Only this section (its xml:id, e.g. s3).")
@click.option("--paragraphs", default=None, help="Only these units, e.g. 10-20 or 7 (original numbers kept).")
@click.option("--paper", type=click.Choice(["a4", "a5", "letter"]), default="a4", show_default=True)
@click.option("--base-url", default=None, callback=lambda _c, _p, v: with_trailing_slash(v),
              help="Base URL of the published edition (overrides the header's).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="PDF file to write (default: lawson-2021-most-intransigent[-part].pdf here).")
def pdf(master: Path, section: str | None, paragraphs: str | None, paper: str, base_url: str | None,
        out: Path | None) -> None:
    """Typeset the print edition, or a part of it, as one PDF."""
    from .pdf import Selection, parse_paragraphs, write_part

    try:
        first, last = parse_paragraphs(paragraphs) if paragraphs else (None, None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--paragraphs") from None
    try:
        written = write_part(master, out, selection=Selection(section, first, last), paper=paper,
                             base_url=base_url)
    except EditionError as exc:
        _fail(exc)
    click.echo(f"wrote {written}")


@main.command()
@click.argument("unit", required=False)
@click.option("--style", type=click.Choice(["chicago", "mla", "apa", "bibtex", "ris", "csl-json"]),
              default="chicago", show_default=True)
@click.option("--in-text", is_flag=True, help="chicago/mla/apa: the note or in-text citation with the unit's locator.")
@click.option("--base-url", default=None, callback=lambda _c, _p, v: with_trailing_slash(v),
              help="Base URL of the published edition (overrides the header's).")
@_MASTER_OPTION
def cite(unit: str | None, style: str, in_text: bool, base_url: str | None, master: Path) -> None:
    """Print how to cite UNIT (p42, s3) — or the whole edition — with its permanent link."""
    from .cite import citation
    from .xmlio import read_tei

    try:
        tree = read_tei(master)
        text = citation(tree, unit, style, base_url, str(master), in_text=in_text)
    except EditionError as exc:
        _fail(exc)
    click.echo(text, nl=False)


@main.command()
@click.option("--port", type=int, default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--dir", "root", type=click.Path(file_okay=False, path_type=Path), default=paths.BUILD_DIR,
              show_default=True, help="The build folder to serve.")
def serve(port: int, root: Path) -> None:
    """Serve the build folder on 127.0.0.1 (DTS API at /dts/, site at /site/)."""
    from .serve import make_server

    server = make_server(root, port)
    host, real_port = server.server_address[:2]
    click.echo(f"serving {root} at http://{host}:{real_port}/ (DTS entry point: /dts/); Ctrl-C to stop")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
