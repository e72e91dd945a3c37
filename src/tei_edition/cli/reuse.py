"""Commands for citing and reusing the edition: cite, anchors, serve."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from tei_edition.cli.options import base_url_option, echo_problems, exit_for, fail, master_option
from tei_edition.core import paths
from tei_edition.core.problems import EditionError


@click.command()
@click.argument("unit", required=False)
@click.option("--style", type=click.Choice(["chicago", "mla", "apa", "bibtex", "biblatex", "ris", "csl-json"]),
              default="chicago", show_default=True, help="Citation style or format.")
@click.option("--in-text", is_flag=True, help="chicago/mla/apa: the note or in-text citation with the unit's locator.")
@base_url_option
@master_option
def cite(unit: str | None, style: str, in_text: bool, base_url: str | None, master: Path) -> None:
    """Print how to cite UNIT (p42, s3) — or the whole edition — with its permanent link."""
    from tei_edition.citation.cite import citation
    from tei_edition.core.xmlio import read_tei

    try:
        tree = read_tei(master)
        text = citation(tree, unit, style, base_url, str(master), in_text=in_text)
    except EditionError as exc:
        fail(exc)
    click.echo(text, nl=False)


@click.group()
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
    click.echo(f"anchors match {lock_path(master).name}")


@anchors.command("lock")
@master_option
def anchors_lock(master: Path) -> None:
    """Record every new anchor in the lock (creating it). Changed anchors are never re-locked:
    they are reported (exit 1) and must be accepted one by one."""
    from tei_edition.citation.anchors import lock, lock_path

    try:
        added, problems = lock(master)
    except EditionError as exc:
        fail(exc)
    echo_problems(problems)
    click.echo(f"{lock_path(master)}: {len(added)} anchor(s) added")
    exit_for(problems)


@anchors.command("accept")
@click.argument("anchor")
@click.option("--reason", required=True, help="Why the text of ANCHOR changed (recorded in the lock and revisionDesc).")
@click.option("--date", "when", default=None, help="Date of the decision, YYYY-MM-DD (default: today).")
@click.option("--who", default="#editors", show_default=True, help="Pointer to who decided.")
@master_option
def anchors_accept(anchor: str, reason: str, when: str | None, who: str, master: Path) -> None:
    """Accept the change (or removal) of ANCHOR as an editorial decision."""
    from tei_edition.citation.anchors import accept

    try:
        decision = accept(master, anchor, reason, when or datetime.date.today().isoformat(), who)
    except EditionError as exc:
        fail(exc)
    click.echo(f"{anchor}: {decision['change']} change accepted and recorded in revisionDesc")


@click.command()
@click.option("--port", type=int, default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--dir", "root", type=click.Path(file_okay=False, path_type=Path), default=paths.BUILD_DIR,
              show_default=True, help="The build folder to serve.")
@click.option("--public-url", default=None,
              help="The public URL of the served folder behind a proxy (else from the request's Host and "
                   "X-Forwarded-Proto/Host/Prefix headers): the base of every URL the DTS API publishes.")
@base_url_option
def serve(port: int, root: Path, public_url: str | None, base_url: str | None) -> None:
    """Serve the build folder on 127.0.0.1 (DTS API at /dts/, site at /site/)."""
    from tei_edition.serve import make_server

    try:
        server = make_server(root, port, public_url=public_url, base_url=base_url)
    except EditionError as exc:
        fail(exc)
    host, real_port = server.server_address[:2]
    click.echo(f"serving {root} at http://{host}:{real_port}/ (DTS entry point: /dts/); Ctrl-C to stop")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
