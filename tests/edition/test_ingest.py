"""The reconstructed reading order and the draft/master text against the raw source.

(a) every non-excluded run of the source is in the draft once, in reading order;
(b) every sentence of the essay is in the master once, in order;
(c) the master's body holds nothing that is not the source's essay text, except
    marked editorial matter (corr, supplied, note[@type='editorial' or 'commentary']; sic is read).
The checks are plain functions returning problems, so the corruption tests can show
that each one fails when the text is damaged.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_ingest_fixtures.py."""

from __future__ import annotations

import copy
import re

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.reconstruct.ingest import ORDER_NAME, SOURCE_NAME, SOURCE_SHA256, build_tei
from tei_edition.reconstruct.order import OrderError, parse_order
from tei_edition.core.xmlio import TEI_NS, XML_NS, read_tei, safe_parser
from support.ingest import edit_text

T = f"{{{TEI_NS}}}"
NS = {"t": TEI_NS}
SOURCE = paths.SOURCE_DIR / SOURCE_NAME
ORDER = paths.SOURCE_DIR / ORDER_NAME


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def order_text() -> str:
    return ORDER.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def records(source_text, order_text):
    return parse_order(order_text, source_text)


def essay_runs(records) -> list[list[tuple[str, str]]]:
    """Essay units as lists of (join, piece text), joins as written in the reading order."""
    units: list[list[tuple[str, str]]] = []
    in_essay = False
    for r in records:
        if r.kind == "SECTION":
            in_essay = True
        elif r.kind in ("REFHEAD", "LIST", "ITEM", "EXCLUDE"):
            in_essay = False
        elif in_essay and r.kind in ("HEAD", "P", "Q"):
            units.append([("START", r.piece.text)])
        elif in_essay and r.kind.startswith("+"):
            units[-1].append((r.kind, r.piece.text))
    return units


def join(unit: list[tuple[str, str]]) -> str:
    out = ""
    for kind, text in unit:
        if kind == "+HYPHEN":
            assert out.endswith("-"), out[-40:]
            out = out[:-1] + text
        elif kind == "+SPACE":
            out += " " + text
        else:
            out = text
    return out


@pytest.fixture(scope="module")
def expected(records) -> str:
    """The essay text the source gives, in the reconstructed order, normalised."""
    return norm(" ".join(join(u) for u in essay_runs(records)))


def source_runs(records) -> list[str]:
    """Each included run of the source, without the hyphen dropped at a +HYPHEN join."""
    runs: list[str] = []
    for unit in essay_runs(records):
        for i, (_, text) in enumerate(unit):
            nxt = unit[i + 1][0] if i + 1 < len(unit) else None
            runs.append(norm(text[:-1] if nxt == "+HYPHEN" else text))
    return runs


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r'(?<=[.!?;:])["\')]*\s+(?=["\'(]?[A-Z0-9])', text) if s]


def author_text(elem: etree._Element) -> str:
    """Text of `elem` with editorial matter removed and sic readings kept."""
    e = copy.deepcopy(elem)
    drop = e.xpath(".//t:corr | .//t:supplied | .//t:note[@type='editorial' or @type='commentary']", namespaces=NS)
    for d in drop:
        parent, tail = d.getparent(), d.tail or ""
        prev = d.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(d)
    return "".join(e.itertext())


def body_of(tree) -> etree._Element:
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    return root.find(f"{T}text/{T}body")


def check_runs(doc_text: str, runs: list[str], expected_text: str) -> list[str]:
    """(a) each run present, in order, as often as in the expected essay text."""
    problems, pos = [], 0
    for run in runs:
        found = doc_text.find(run, pos)
        if found < 0:
            where = "out of order" if run in doc_text else "missing"
            problems.append(f"source run {where}: {run[:70]!r}")
            continue
        if doc_text.count(run) != expected_text.count(run):
            problems.append(f"source run occurs {doc_text.count(run)} times: {run[:70]!r}")
        pos = found + len(run)
    return problems


def check_sentences(doc_text: str, expected_text: str) -> list[str]:
    """(b) each sentence of the essay once (as often as in the source), in order."""
    problems, pos = [], 0
    for s in sentences(expected_text):
        found = doc_text.find(s, pos)
        if found < 0:
            problems.append(("out of order: " if s in doc_text else "missing: ") + s[:80])
            continue
        if doc_text.count(s) != expected_text.count(s):
            problems.append(f"{doc_text.count(s)} times: {s[:80]}")
        pos = found + len(s)
    return problems


def check_nothing_added(body: etree._Element, expected_text: str) -> list[str]:
    """(c) body text minus editorial matter is exactly the essay; editorial matter is marked."""
    problems = []
    got = norm(author_text(body))
    if got != expected_text:
        i = next((k for k, (a, b) in enumerate(zip(got, expected_text)) if a != b),
                 min(len(got), len(expected_text)))
        problems.append(f"body differs from source at char {i}: {got[max(0, i - 40):i + 40]!r} "
                        f"vs {expected_text[max(0, i - 40):i + 40]!r}")
    for el in body.xpath(".//t:corr | .//t:supplied | .//t:note[@type='editorial' or @type='commentary']", namespaces=NS):
        if el.get("resp") != "#editors":
            problems.append(f"editorial <{etree.QName(el).localname}> without resp='#editors'")
    for ch in body.xpath(".//t:choice", namespaces=NS):
        if [etree.QName(c).localname for c in ch] != ["sic", "corr"]:
            problems.append("choice must hold sic then corr")
    return problems


def test_source_is_the_recorded_file():
    import hashlib
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == SOURCE_SHA256


def test_every_source_character_is_placed_once(records, source_text):
    # parse_order checks coverage; here also that all exclusions have a kind and reason
    for r in records:
        if r.kind == "EXCLUDE":
            assert r.arg and r.reason
    # 96 essay units (2 headings, 82 paragraphs, 12 block quotations) from 125 source pieces
    assert sum(len(u) for u in essay_runs(records)) == 125


def test_structure_counts(records):
    units = essay_runs(records)
    kinds = [r.kind for r in records]
    assert kinds.count("SECTION") == 3 and kinds.count("HEAD") == 2
    assert kinds.count("P") == 82 and kinds.count("Q") == 12
    assert kinds.count("ITEM") == 26 and len(units) == 96


@pytest.mark.parametrize("mutation", ["drop", "duplicate", "bad-hyphen", "ambiguous"])
def test_reading_order_corruption_is_detected(source_text, order_text, mutation):
    lines = order_text.split("\n")
    i = next(k for k, l in enumerate(lines) if l.startswith("P       L40"))
    if mutation == "drop":
        del lines[i]
    elif mutation == "duplicate":
        lines.insert(i, "P L42")
    elif mutation == "bad-hyphen":
        lines[i] = "P L40\n+HYPHEN L44"
        lines = [l for l in lines if not l.startswith("+SPACE  L44")]
    else:
        lines[i] = 'P L40["the":]'
    with pytest.raises(OrderError):
        from tei_edition.reconstruct.order import build_units
        build_units(parse_order("\n".join(lines), source_text))


@pytest.fixture(scope="module", params=[False, True], ids=["marked-up", "plain"])
def draft(request, source_text, order_text):
    return build_tei(source_text, order_text, plain=request.param)


def test_a_draft_holds_every_source_run_once_in_order(draft, records, expected):
    text = norm(author_text(body_of(draft)))
    assert check_runs(text, source_runs(records), expected) == []
    assert check_nothing_added(body_of(draft), expected) == []


def test_draft_bibliography_is_the_source_list(draft, records):
    items = {r.arg: r for r in records if r.kind == "ITEM"}
    back = draft.find(f"{T}text/{T}back")
    got = {b.get(f"{{{XML_NS}}}id"): norm(author_text(b))
           for b in back.iter(f"{T}bibl") if b.getparent().get("type") != "editorial-additions"}
    want = {k: r.piece.text for k, r in items.items()}
    want["miasnikov-draft-platform"] += " 1930"   # continued from L36
    assert got == want


@pytest.fixture(scope="module")
def master():
    return read_tei(paths.MASTER)


def test_b_master_has_every_sentence_once_in_order(master, expected):
    assert check_sentences(norm(author_text(body_of(master))), expected) == []


def test_c_master_body_adds_nothing_unmarked(master, expected):
    assert check_nothing_added(body_of(master), expected) == []


def test_master_citable_units(master):
    body = body_of(master)
    divs = body.findall(f"{T}div")
    assert [d.get(f"{{{XML_NS}}}id") for d in divs] == ["s1", "s2", "s3"]
    assert [d.get("n") for d in divs] == ["1", "2", "3"]
    assert divs[0].find(f"{T}head") is None
    assert [norm("".join(d.find(f"{T}head").itertext())) for d in divs[1:]] == [
        "A life that touched many revolutionary threads", "Reflection on the Workers Group"]
    units = body.xpath("t:div/t:p | t:div/t:cit", namespaces=NS)
    assert len(units) == 94
    for k, u in enumerate(units, 1):
        assert u.get("n") == str(k) and u.get(f"{{{XML_NS}}}id") == f"p{k}"
    for c in body.iter(f"{T}cit"):
        assert [etree.QName(x).localname for x in c] == ["quote", "bibl"]


def test_master_references_resolve(master):
    root = master.getroot()
    ids = set(root.xpath("//@xml:id"))
    targets = root.xpath("//t:text//@target | //t:text//t:title/@ref", namespaces=NS)
    assert targets and all(t.startswith("#") and t[1:] in ids for t in targets)
    cited = {t[1:] for t in root.xpath("//t:body//t:bibl/t:ref/@target", namespaces=NS)}
    listed = set(root.xpath("//t:back//t:bibl/@xml:id", namespaces=NS))
    assert cited <= listed


def test_master_editorial_notes(master):
    """Editorial notes are n1…nK (numbered in the order they were added, so not necessarily in
    reading order), each in the body, with resp and some text."""
    notes = body_of(master).xpath(".//t:note[@type='editorial' or @type='commentary']", namespaces=NS)
    ids = sorted(int(n.get(f"{{{XML_NS}}}id")[1:]) for n in notes)
    assert ids == list(range(1, len(notes) + 1))
    for n in notes:
        assert n.get("resp") == "#editors" and len(norm("".join(n.itertext()))) > 40


def _paragraph_texts(body):
    return body.xpath("t:div/t:p", namespaces=NS)


@pytest.mark.parametrize("damage", ["delete-sentence", "swap-paragraphs", "add-word", "drop-hyphen-join"])
def test_corruption_of_the_master_is_detected(master, records, expected, damage):
    body = copy.deepcopy(body_of(master))
    ps = _paragraph_texts(body)
    before = norm(author_text(body))
    if damage == "delete-sentence":
        # the sentence crosses a persName: deleted across the markup
        edit_text(ps[3], "Here Miasnikov was apprenticed as a metalworker. ", "")
    elif damage == "swap-paragraphs":
        a, b = ps[5], ps[6]
        a.addprevious(copy.deepcopy(b))
        b.getparent().remove(b)
    elif damage == "add-word":
        edit_text(ps[0], "oft-forgotten", "oft-forgotten, brave")
    else:
        edit_text(ps[0], "Urals", "Ur- als")
    text = norm(author_text(body))
    assert text != before, damage
    assert check_nothing_added(body, expected), damage
    assert check_sentences(text, expected) or check_runs(text, source_runs(records), expected), damage


def test_marked_editorial_matter_is_allowed_and_unmarked_is_not(master, expected):
    body = copy.deepcopy(body_of(master))
    p = _paragraph_texts(body)[0]
    supplied = etree.fromstring(f'<supplied xmlns="{TEI_NS}" resp="#editors">very</supplied>', safe_parser())
    p.insert(0, supplied)
    supplied.tail, p.text = p.text, ""
    assert check_nothing_added(body, expected) == []
    supplied.attrib.pop("resp")
    assert check_nothing_added(body, expected) != []


def test_corrupted_copy_of_the_master_file_fails(tmp_path, expected):
    data = paths.MASTER.read_text(encoding="utf-8")
    # a stretch of the serialized body with no markup inside ("the Tsar's younger brother" in ¶ 8
    # after the closing tag of the name "Tsar")
    target = "'s younger brother. Presenting forged"
    assert data.count(target) == 1
    bad = data.replace(target, "'s brother. Presenting forged")
    f = tmp_path / "bad.xml"
    f.write_text(bad, encoding="utf-8")
    problems = check_nothing_added(body_of(read_tei(f)), expected)
    assert problems and "differs" in problems[0]
