"""The `tei-edition` command line: one click group whose commands are thin wrappers over the API.

Commands by concern: `edition` (build, validate, audit, pdf, epub), `reuse` (cite, anchors, serve),
`deposit` (package),
`editor` (ingest, annotate, quotations, mentions, odd); shared options and problem output in `options`.
`guard` turns every failure into one coded line.
"""

from __future__ import annotations

from tei_edition.cli import early  # noqa: F401 - first: an interruption while the rest loads

import click

from tei_edition import __version__
from tei_edition.cli import deposit, edition, editor, reuse
from tei_edition.cli.guard import GuardedGroup


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-edition")
def main() -> None:
    """Check and build the TEI edition of Lawson, 'The Most Intransigent of Bolsheviks'."""


for command in (edition.build, edition.validate, edition.audit, edition.pdf, edition.epub, reuse.cite,
                reuse.anchors, reuse.serve, deposit.package, editor.ingest, editor.annotate, editor.quotations,
                editor.mentions, editor.odd):
    main.add_command(command)
