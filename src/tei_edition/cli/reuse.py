"""Commands for citing and reusing the edition: cite, anchors, serve."""

from __future__ import annotations

import datetime
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tei_edition.cli.guard import SubGroup
from tei_edition.cli.options import (FilePath, GivenPath, base_url_option, echo_problems, exit_for, fail, master_option,
                                     valid_master)
from tei_edition.core import paths
from tei_edition.core.problems import EditionError, Problem
from tei_edition.outputs.volumes import VOLUME_UNITS

if TYPE_CHECKING:
    from tei_edition.serve_http import PooledHTTPServer
    from tei_edition.watch import LiveView


@click.command()
@click.argument("unit", required=False)
@click.option("--style", type=click.Choice(["chicago", "mla", "apa", "bibtex", "biblatex", "ris", "csl-json"]),
              default="chicago", show_default=True, help="Citation style or format.")
@click.option("--in-text", is_flag=True, help="chicago/mla/apa: the note or in-text citation with the unit's locator.")
@base_url_option
@master_option
def cite(unit: str | None, style: str, in_text: bool, base_url: str | None, master: Path) -> None:
    """Print how to cite UNIT (p42, s3) — or the whole edition — with its permanent link.

    The master is validated first, as by build: an invalid one is refused with what validate
    says (exit 1); its warnings go to standard error, the citation alone to standard output.
    """
    from tei_edition.citation.cite import citation

    if in_text and style not in ("chicago", "mla", "apa"):  # was ignored: the entry printed as if asked for
        raise click.BadOptionUsage("--in-text", f"--in-text is for chicago, mla and apa; {style} has no in-text form")

    try:
        # as build does: what cite reads of an invalid master (a date 2026-13, a unit without n, a
        # javascript: base URL …) it printed wrong or failed on (E0199)
        tree, problems = valid_master(master)
        text = citation(tree, unit, style, base_url, str(master), in_text=in_text)
    except EditionError as exc:
        fail(exc)
    echo_problems(problems)  # warnings, on stderr as build's: the citation alone on stdout
    click.echo(text, nl=False)


@click.group(cls=SubGroup)
def anchors() -> None:
    """The anchor lock: citable units (p42, s3) never move and never change silently."""


@anchors.command("check")
@master_option
def anchors_check(master: Path) -> None:
    """Compare the master's anchors with its lock. Exit 1 on a changed or vanished anchor."""
    from tei_edition.citation.anchors import check_master, lock_path

    try:
        problems = check_master(master)
    except EditionError as exc:
        fail(exc)
    echo_problems(problems)
    exit_for(problems)
    if lock_path(master).exists():
        click.echo(f"anchors match {lock_path(master).name}")
    else:  # a document that is not the edition's master may have none: nothing was compared
        click.echo(f"no anchor lock beside {master.name}: nothing to compare "
                   f"(`tei-edition anchors lock --master {master}` makes one)")


@anchors.command("lock")
@master_option
def anchors_lock(master: Path) -> None:
    """Record every new anchor in the lock (creating it). Changed anchors are never re-locked:
    they are reported (exit 1) and must be accepted one by one."""
    from tei_edition.citation.anchors import complete, lock, lock_path

    try:
        done = complete(master)
        added, problems = lock(master)
    except EditionError as exc:
        fail(exc)
    if done is not None:
        click.echo(f"{done['anchor']}: the {done['change']} change accepted on {done['date']} by a run that was "
                   f"interrupted is now complete in the lock and revisionDesc")
    echo_problems(problems)
    click.echo(f"{lock_path(master)}: {len(added)} anchor(s) added")
    exit_for(problems)


def _decision_value(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A value of `anchors accept` that the master could not hold (validate would fail on it) is
    refused at its option (E0113), before anything is read or written."""
    if value is None:
        return value
    name = f"--{param.name}" if param.name != "when" else "--date"
    if name == "--reason":
        from tei_edition.schema.output_checks import text_problems

        problems = text_problems(value, name)
        why = problems[0].message if problems else None
    else:
        from tei_edition.citation.anchors import option_problem

        why = option_problem(name, value)
    if why:
        raise click.BadParameter(why)
    return value


@anchors.command("accept")
@click.argument("anchor")
@click.option("--reason", required=True, callback=_decision_value,
              help="Why the text of ANCHOR changed (recorded in the lock and revisionDesc).")
@click.option("--date", "when", default=None, callback=_decision_value,
              help="Date of the decision, YYYY-MM-DD, a real day from 1800 to 2100 (default: today).")
@click.option("--who", default="#editors", show_default=True, callback=_decision_value,
              help="Pointer (#id) to who decided: an element of the master.")
@master_option
def anchors_accept(anchor: str, reason: str, when: str | None, who: str, master: Path) -> None:
    """Accept the change (or removal) of ANCHOR as an editorial decision."""
    from tei_edition.citation.anchors import accept

    try:
        decision = accept(master, anchor, reason, when or datetime.date.today().isoformat(), who)
    except EditionError as exc:
        fail(exc, 2 if all(p.code == "E0113" for p in exc.problems) else 1)  # E0113: the command line
    click.echo(f"{anchor}: {decision['change']} change accepted and recorded in revisionDesc")


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port, 0 to 65535 (0: any free port).")  # out of range: E0113 here, not E0341 from bind()
# not click's file_okay=False: a file is E0148 (or E0110 with --watch), as a FIFO or device is
@click.option("--dir", "root", type=GivenPath(readable=False, path_type=Path), metavar="DIRECTORY", default=paths.BUILD_DIR,
              show_default=True,
              help="The build folder to serve: one that `tei-edition build` made (with --watch: the folder it builds).")
@click.option("--public-url", default=None,
              help="The public URL of the served folder behind a proxy (else from the request's Host and "
                   "X-Forwarded-Proto/Host/Prefix headers): the base of every URL the DTS API publishes; "
                   "host, port and user as for the base URL (E0340 otherwise).")
@base_url_option
@click.option("--watch", is_flag=True,
              help="Build the master into the folder, rebuild it whenever the master (or its anchor lock) is saved, "
                   "and reload the pages open in a browser.")
@click.option("--master", type=FilePath(readable=False, path_type=Path), default=None,
              help=f"With --watch: the master TEI document. Default: {paths.MASTER.relative_to(paths.ROOT)}.")
@click.option("--paper", type=click.Choice(["a4", "a5", "letter"]), default=None,
              help="With --watch: paper size of the print edition (PDF). Default: a4.")
@click.option("--volume-units", type=click.IntRange(min=1), default=None,
              help=f"With --watch: the most citable units a volume of the print edition holds (build "
                   f"--volume-units). Default: {VOLUME_UNITS}.")
def serve(port: int, root: Path, public_url: str | None, base_url: str | None, watch: bool, master: Path | None,
          paper: str | None, volume_units: int | None) -> None:
    """Serve the build folder on 127.0.0.1 (DTS API at /dts/, site at /site/)."""
    from tei_edition.serve_http import check_folder, make_server

    given = [name for name, value in (("--master", master), ("--paper", paper), ("--volume-units", volume_units))
             if value is not None]
    if not watch and given:
        fail(EditionError([Problem(given[0], 1, 1, "E0140",
                                   f"{given[0]} applies only with --watch (serve does not build)")]))
    with ExitStack() as held:  # with --watch: this watch's claim on the folder, for its whole life
        live = None
        try:
            if watch:  # the build's --out rules, before the folder is served
                from tei_edition.core import output_folder
                from tei_edition.watch import LiveView

                output_folder.check(root, master or paths.MASTER)
                held.enter_context(output_folder.watched(root))
                live = LiveView()
            else:
                check_folder(root)
            server = make_server(root, port, public_url=public_url, base_url=base_url, live=live)
        except EditionError as exc:
            fail(exc)
        host, real_port = server.server_address[:2]
        click.echo(f"serving {root} at http://{host!s}:{real_port}/ (DTS entry point: /dts/); Ctrl-C to stop")
        try:
            if live is None:
                server.serve_forever()
            else:
                _watch(server, live, master or paths.MASTER, root, base_url, paper or "a4", volume_units)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _watch(server: PooledHTTPServer, live: LiveView, master: Path, out: Path, base_url: str | None,
           paper: str, volume_units: int | None) -> None:
    """Serve from a thread and rebuild in this one (signals reach only the main thread)."""
    import threading

    from tei_edition.watch import Watcher

    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    thread.start()
    click.echo(f"watching {master} (and its anchor lock): every save rebuilds {out}, the open pages reload")
    try:
        Watcher(master, out, live, server.app, base_url=base_url, paper=paper, volume_units=volume_units).run()
    finally:
        server.shutdown()
