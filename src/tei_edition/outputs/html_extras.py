"""Parts of the HTML edition that come from other stages of the toolkit.

- the encoding manual (`tei_edition.schema.manual`, rendering the ODD as an HTML fragment), shown
  on about.html;
- the citations (`tei_edition.citation.cite`: Chicago, MLA, APA, BibTeX, biblatex, RIS, CSL-JSON for every unit),
  written as `citations.js` for the cite control, and the Chicago forms handed to the XSLT, which
  prints them as they are (the page without JavaScript shows the same citation).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tei_edition.citation import cite
from tei_edition.citation.cite import Citations
from tei_edition.core.context import StageContext
from tei_edition.citation.units import citable_units
from tei_edition.schema import manual

# What the cite control offers, in order: (key, label, style, form).
CITE_CHOICES = [
    ("chicago-note", "Chicago (note)", "chicago", "in-text"),
    ("chicago", "Chicago (bibliography)", "chicago", "entry"),
    ("mla", "MLA (works cited)", "mla", "entry"),
    ("mla-in-text", "MLA (in-text)", "mla", "in-text"),
    ("apa", "APA (reference)", "apa", "entry"),
    ("apa-in-text", "APA (in-text)", "apa", "in-text"),
    ("bibtex", "BibTeX", "bibtex", "entry"),
    ("biblatex", "biblatex", "biblatex", "entry"),
    ("ris", "RIS", "ris", "entry"),
    ("csl-json", "CSL-JSON", "csl-json", "entry"),
]
CODE_STYLES = {"bibtex", "biblatex", "ris", "csl-json"}


def manual_fragment(ctx: StageContext) -> str:
    """The encoding manual (tei_edition.schema.manual, from the ODD) as well-formed XML text of HTML
    elements. The XSLT rebuilds it in the XHTML namespace."""
    from lxml import etree

    return etree.tostring(manual.encoding_manual(), encoding="unicode")


# --- citations -----------------------------------------------------------------------------

def citation_data(ctx: StageContext) -> Citations:
    """cite.all_units() for this build: read from exports/citations.json when the build holds it
    already (the exports stage taken from the previous build, or `tei-edition build`'s html stage
    on its own), else rendered here (E0331 without a base URL), for the exports stage too."""
    written = ctx.out / "exports" / "citations.json"
    if written.is_file():
        data: Citations = json.loads(written.read_text(encoding="utf-8"))  # as all_units wrote it
        return data
    return cite.all_units(ctx.tree, cite.base_url(ctx.tree, ctx.base_url), str(ctx.master))


def _text(unit: dict[str, Any], style: str, form: str) -> str | None:
    text: str | None = unit.get("in-text", {}).get(style) if form == "in-text" else unit.get(style)
    return text


def _template(text: str, anchor: str, n: str, url: str) -> str | None:
    if "%" in text:
        return None
    t = text.replace(url, "%URL%").replace(anchor, "%ID%")
    return re.sub(rf"(?<![0-9]){re.escape(n)}(?![0-9])", "%N%", t)


def _fill(template: str, anchor: str, n: str, url: str) -> str:
    return template.replace("%URL%", url).replace("%ID%", anchor).replace("%N%", n)


def compact(data: Citations, base_of: dict[str, str], numbers: dict[str, str]) -> dict[str, Any]:
    """Per choice, one template with %URL%, %ID%, %N% when it reproduces every paragraph's
    citation exactly (checked for each), else the citations one by one. `numbers`: the
    citable units' numbers by anchor, in reading order."""
    units = {a: data["units"][a] for a in numbers if a in data.get("units", {})}
    out: dict[str, Any] = {"choices": [], "templates": {}, "texts": {}}
    for key, label, style, form in CITE_CHOICES:
        texts = {a: t for a, u in units.items() if (t := _text(u, style, form))}
        if not texts:
            continue
        out["choices"].append({"key": key, "label": label, "code": style in CODE_STYLES})
        last = list(texts)[-1]
        tmpl = _template(texts[last], last, numbers[last], base_of[last])
        if tmpl is not None and all(_fill(tmpl, a, numbers[a], base_of[a]) == t for a, t in texts.items()):
            out["templates"][key] = tmpl
        else:
            out["texts"][key] = texts
    return out


def _permalinks(data: Citations, numbers: dict[str, str]) -> dict[str, str]:
    """Each unit's permanent link, read from its CSL-JSON (the URL cite.py made)."""
    links = {}
    for anchor in numbers:
        unit = data.get("units", {}).get(anchor, {})
        if unit.get("csl-json"):
            links[anchor] = json.loads(unit["csl-json"])[0]["URL"]
    return links


def _script_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def page_citations(ctx: StageContext) -> tuple[str, bool]:
    """The citations the pages print, as JSON text for the XSLT: the Chicago forms
    {"edition": entry, "units": {anchor: note}} of the citable units (`cite.chicago_forms`, the
    forms `all_units` gives, rendered without the other styles: the text's page waits on them);
    and whether `write_citations_script` writes `citations.js` (not for an edition without units)."""
    anchors = {u.anchor for u in citable_units(ctx.tree, str(ctx.master))}
    entry, notes = cite.chicago_forms(ctx.tree, cite.base_url(ctx.tree, ctx.base_url), str(ctx.master))
    return json.dumps({"edition": entry, "units": {a: t for a, t in sorted(notes.items()) if t and a in anchors}},
                      ensure_ascii=False, sort_keys=True), bool(anchors)


def write_citations_script(ctx: StageContext, site: Path) -> None:
    """`citations.js`: every style for every citable unit, for the pages' cite control."""
    data = citation_data(ctx)
    numbers = {u.anchor: u.n for u in citable_units(ctx.tree, str(ctx.master))}
    links = _permalinks(data, numbers)
    if links:
        (site / "citations.js").write_text(
            "/* Citations of every paragraph in every style, generated by tei_edition.cite. */\n"
            f"window.TEI_CITATIONS = {_script_json(compact(data, links, numbers))};\n", encoding="utf-8")
