"""A TEI document long enough for the print edition to fill many pages, with names of the
registers spread over them: the PDF tests check units, index and parts (extracts) on it."""

from __future__ import annotations

from pathlib import Path

WORDS = ("the workers of the factory committees argued that the soviets and the party had to answer "
         "to the class itself rather than to the apparatus of the state which was growing in power "
         "while the revolution in Europe stalled and the peasants refused grain to the towns").split()
NAMES = [("miasnikov", "person", "Gavril Miasnikov"), ("lenin", "person", "Vladimir Lenin"),
         ("perm", "place", "Perm"), ("motovilikha", "place", "Motovilikha"),
         ("workers-group", "org", "Workers Group")]


def long_tei(units: int = 70) -> str:
    """A TEI document long enough for many pages, with names spread over them."""
    body, n = [], 0
    for s in range(1, 4):
        head = "" if s == 1 else f"<head>Section number {s}</head>"
        paras = []
        for _ in range(units // 3):
            n += 1
            words = [WORDS[(n * 7 + i) % len(WORDS)] for i in range(40 + (n * 13) % 90)]
            words[0] = f"Unit{n}"
            words[1] = "opens"
            if n % 4 == 0:
                key, kind, name = NAMES[n % len(NAMES)]
                tag = {"person": "persName", "place": "placeName", "org": "orgName"}[kind]
                words.insert(12, f'<{tag} ref="#{key}">{name}</{tag}>')
            text = " ".join(words) + "."
            if n % 9 == 0:
                paras.append(f'<cit n="{n}" xml:id="p{n}" rend="block"><quote>"{text}"</quote>'
                             f'<bibl>(<ref target="#b1">Avrich</ref>)</bibl></cit>')
            else:
                paras.append(f'<p n="{n}" xml:id="p{n}">{text}</p>')
        body.append(f'<div type="section" xml:id="s{s}" n="{s}">{head}{"".join(paras)}</div>')
    registers = {"person": [], "place": [], "org": []}
    for key, kind, name in NAMES:
        tag = {"person": "persName", "place": "placeName", "org": "orgName"}[kind]
        registers[kind].append(f'<{kind} xml:id="{key}"><{tag}>{name}</{tag}></{kind}>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title type="main">A Long Test</title><title type="sub">Many pages</title><author>Tommy Lawson</author>
<editor xml:id="editors">The editors</editor></titleStmt>
<publicationStmt><publisher>tei-edition</publisher><date when="2026-11-27">2026</date>
<idno type="URI">https://example.org/long/</idno></publicationStmt>
<sourceDesc><bibl>Made up.</bibl></sourceDesc></fileDesc>
<encodingDesc><refsDecl><citeStructure unit="paragraph" match="/TEI/text/body/div/*[self::p or self::cit]" use="@xml:id"/></refsDecl>
<refsDecl n="section"><citeStructure unit="section" match="/TEI/text/body/div" use="@xml:id"/></refsDecl></encodingDesc></teiHeader>
<standOff><listPerson>{"".join(registers["person"])}</listPerson><listPlace>{"".join(registers["place"])}</listPlace>
<listOrg>{"".join(registers["org"])}</listOrg></standOff>
<text><body>{"".join(body)}</body><back><div type="bibliography"><listBibl><head>Books</head>
<bibl xml:id="b1"><author>Paul Avrich</author>, <title level="m">Kronstadt 1921</title></bibl></listBibl></div></back></text></TEI>
"""


def write_long_master(folder: Path) -> Path:
    """`long_tei()` written as `folder`/long.xml."""
    path = folder / "long.xml"
    path.write_text(long_tei(), encoding="utf-8")
    return path
