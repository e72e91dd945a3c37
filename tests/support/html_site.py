"""The HTML stage run alone on a fixture, and reading its pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import html

from support import FIXTURES
from tei_edition.core.build_context import BuildContext
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.html import build_site

RICH = FIXTURES / "html" / "rich.xml"
APPARATUS = FIXTURES / "html" / "apparatus.xml"
PAGES = ["index.html", "persons.html", "places.html", "organisations.html",
         "bibliography.html", "chronology.html", "about.html", "search.html"]
NEW_PAGES = ["events.html", "glossary.html", "emendations.html", "sources.html"]


def build_html(master: Path, out: Path, base_url: str | None = None) -> Path:
    """Run the HTML stage alone on `master`; return the site folder."""
    ctx = BuildContext(master=master, tree=read_tei(master), out=out, base_url=base_url)
    build_site(ctx)
    return out / "site"


def page(site: Path, name: str):
    return html.fromstring((site / name).read_bytes())


def js_data(path: Path, var: str) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.search(r"window\." + var + r" = (.*);\s*$", text, re.S)
    assert m, f"{path.name} does not set window.{var}"
    return json.loads(m.group(1))
