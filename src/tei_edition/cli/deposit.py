"""The deposit package: `tei-edition package`."""

from __future__ import annotations

from pathlib import Path

import click

from tei_edition.cli.options import GivenPath, fail
from tei_edition.core import paths
from tei_edition.core.problems import EditionError


@click.command()
@click.option("--build", "build_dir", type=GivenPath(readable=False, file_okay=False, path_type=Path), default=paths.BUILD_DIR,
              show_default=True, help="The finished build to package.")
@click.option("--out", type=GivenPath(readable=False, file_okay=False, path_type=Path), default=None,
              help="Where to write the package (default: BUILD/dist): a new or empty folder or a previous "
                   "package, never the build, a folder in it (but BUILD/dist) or above it.")
def package(build_dir: Path, out: Path | None) -> None:
    """Write the deposit package (a BagIt bag) of a finished build to build/dist/."""
    from tei_edition.outputs.package import package as make_package

    try:
        dist = make_package(build_dir, out)
    except EditionError as exc:
        fail(exc)
    click.echo(f"deposit package (BagIt) written to {dist}")
