"""What a build stage may use of the build (`core.build_context.BuildContext`), as a type.

The stages of `citation` and `outputs` run inside the build but may not import it (the
package's order of stages); they are typed against this protocol, which `BuildContext` meets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from lxml import etree

from tei_edition.core.problems import Problem
from tei_edition.core.xslt import Document



class StageContext(Protocol):
    master: Path
    tree: etree._ElementTree
    out: Path
    base_url: str | None
    planned: set[str]  # the stages this run makes
    volume_units: int | None  # the most citable units a volume of the print edition holds (None: the default)
    warnings: list[Problem]

    @property
    def xdm(self) -> Document:
        """The master as a document for the XSLT stages."""

    def in_background(self, name: str, job: Callable[[], object], stop: Callable[[], None] | None = None,
                      start: Callable[[], None] | None = None) -> None:
        """Run `job` in a worker thread while later stages go on; `stop` ends it early; `start`
        runs first, in the calling thread."""
