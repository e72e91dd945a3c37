"""Small TEI documents for the annotator's tests (tei_edition.curation.annotate): registers of
persons, places and organisations, a document around a body, the annotator run on it with
overrides, and its marks read back."""

from __future__ import annotations

from lxml import etree

from tei_edition.curation import annotate as A
from tei_edition.core.xmlio import TEI_NS, parse_bytes

T = f"{{{TEI_NS}}}"

STANDOFF = f"""<standOff xmlns="{TEI_NS}" xml:id="registers">
  <listPerson>
    <person xml:id="miasnikov"><persName>Gavril Miasnikov</persName>
      <persName type="variant">Miasnikov</persName><persName type="variant">Gavril</persName>
      <note>x</note></person>
    <person xml:id="lenin"><persName>Vladimir Lenin</persName><persName type="variant">Lenin</persName></person>
    <person xml:id="trotsky"><persName>Trotsky</persName></person>
    <person xml:id="medvedev"><persName>Medvedev</persName></person>
    <person xml:id="medvedev-a-i"><persName>A.I. Medvedev</persName></person>
    <person xml:id="osinsky"><persName>Valerian Osinsky</persName><persName type="variant">Valerian Ossinky</persName>
      <persName type="variant">Ossinky</persName></person>
  </listPerson>
  <listPlace>
    <place xml:id="perm"><placeName>Perm</placeName></place>
    <place xml:id="moscow"><placeName>Moscow</placeName></place>
    <place xml:id="kronstadt"><placeName>Kronstadt</placeName></place>
  </listPlace>
  <listOrg>
    <org xml:id="works"><orgName>Moscow Heavy-Artillery Works</orgName></org>
    <org xml:id="comintern"><orgName>Communist International</orgName><orgName type="variant">Third International</orgName></org>
    <org xml:id="cwi-a"><orgName>Communist Workers International</orgName></org>
    <org xml:id="cwi-b"><orgName>Communist Workers International</orgName></org>
    <org xml:id="pravda" type="periodical"><orgName>Pravda</orgName></org>
  </listOrg>
</standOff>"""


def tei(body: str) -> etree._ElementTree:
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}">
  <teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
  <text>
    <body>
      <div>{body}</div>
    </body>
  </text>
</TEI>
"""
    return parse_bytes(doc.encode(), "snippet.xml")


def run(body: str, overrides: str = "") -> tuple[etree._ElementTree, A.Report]:
    tree = tei(body)
    so = etree.fromstring(STANDOFF.encode())
    report = A.annotate_tree(tree, so, A.load_overrides(text=overrides))
    return tree, report


def marks(tree, tag=None) -> list[tuple[str, str]]:
    """(local name + ref/normalised value, text) of every mark in the body, in order."""
    out = []
    for el in tree.getroot().find(f"{T}text/{T}body").iter(*(T + t for t in ("persName", "placeName", "orgName", "date"))):
        local = etree.QName(el).localname
        if tag and local != tag:
            continue
        key = el.get("ref") or ",".join(f"{k}={v}" for k, v in sorted(el.attrib.items()))
        out.append((f"{local} {key}", "".join(el.itertext())))
    return out


def body_text(tree) -> str:
    return "".join(tree.getroot().find(f"{T}text/{T}body").itertext())
