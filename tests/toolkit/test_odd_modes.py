"""The ODD means what it says: read with the TEI's semantics of @mode (as TEI's own ODD processor
reads it, against TEI P5), it gives the schema `tei-edition odd` derives; the modes the
derivation does not implement are refused with a coded problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from support.odd_semantics import P5, derived_attributes, differences, tei_attributes

import setup_cache
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import TEI_NS
from tei_edition.schema import odd
from tei_edition.schema.odd import T


@pytest.fixture(scope="session")
def p5() -> P5:
    if not setup_cache.TEI_ALL.is_file():
        pytest.fail(f"{setup_cache.TEI_ALL} is missing: run `make` (or .venv/bin/python tools/setup_cache.py)")
    return P5(etree.parse(str(setup_cache.TEI_ALL)).getroot())


def _variant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = odd.ODD.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path = tmp_path / "variant.odd.xml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _mismatch(odd_path: Path, p5: P5) -> list[str]:
    """What TEI's processor would give differently from the derivation, for the ODD at odd_path."""
    tei, conflicts = tei_attributes(odd.schema_spec(etree.parse(str(odd_path))), p5)
    rng = etree.fromstring(odd.derived(odd_path)[odd.RNG])
    return conflicts + differences(tei, derived_attributes(rng))


def _refused(odd_path: Path) -> list[str]:
    with pytest.raises(EditionError) as caught:
        odd.derived(odd_path)
    return [str(p) for p in caught.value.problems]


def test_tei_semantics_give_the_derived_schema(p5):
    assert _mismatch(odd.ODD, p5) == []


def test_every_element_spec_replaces_and_says_its_classes():
    spec = odd.schema_spec(etree.parse(str(odd.ODD)))
    for es in spec.iterfind(f"{T}elementSpec"):
        assert es.get("mode") == "replace", es.get("ident")
        assert [m.get("key") for m in es.iterfind(f"{T}classes/{T}memberOf")] == ["att.global"], es.get("ident")


def test_a_kept_p5_attribute_is_caught(tmp_path, p5):
    """Without its deletion, TEI's processor keeps att.global's @n on every element; odd.py never
    gives it: the ODD would say something else than the schema."""
    variant = _variant(tmp_path, '<attDef ident="n" mode="delete"/>', "")
    found = _mismatch(variant, p5)
    assert "<TEI> @n: TEI's processor allows it, the derived schema does not" in found
    variant = _variant(tmp_path, '<classSpec ident="att.global.rendition" type="atts" mode="delete"/>', "")
    assert "<p> @rend: TEI's processor allows it, the derived schema does not" in _mismatch(variant, p5)


def test_element_spec_change_is_refused(tmp_path, p5):
    variant = _variant(tmp_path, '<elementSpec ident="cit" module="core" mode="replace">',
                       '<elementSpec ident="cit" module="core" mode="change">')
    line, text = next((i, s) for i, s in enumerate(variant.read_text().splitlines(), 1) if 'ident="cit" module' in s)
    (problem,) = _refused(variant)
    col = text.index("<elementSpec") + 1  # its tag's
    assert problem.startswith(f"{variant}:{line}:{col}: [E0240] <elementSpec ident=\"cit\" mode=\"change\">")
    assert "merge it with TEI P5's definition" in problem
    # what it would have meant: TEI's processor keeps every P5 attribute of cit
    tei, _ = tei_attributes(odd.schema_spec(etree.parse(str(variant))), p5)
    assert {"rend", "type", "corresp"} <= set(tei["cit"])


@pytest.mark.parametrize(("old", "new", "code", "words"), [
    # an attribute the element inherits, declared as new: the TEI adds it twice
    ('<attDef ident="xml:id" mode="change" usage="opt">\n                <desc><code>p</code>',
     '<attDef ident="xml:id" usage="opt">\n                <desc><code>p</code>', "E0242", "is inherited"),
    # a change of an attribute the element does not inherit
    ('<attDef ident="n" usage="req">', '<attDef ident="n" mode="change" usage="req">', "E0242", "inherits no such"),
    # a change that leaves out a part: the TEI would keep P5's
    ('<attDef ident="xml:lang" mode="change" usage="req">', '<attDef ident="xml:lang" mode="change">', "E0242", "restate"),
    # a class the derivation does not know
    ('<classes><memberOf key="att.global"/></classes>', '<classes><memberOf key="att.typed"/></classes>', "E0241", "att.typed"),
    # memberships merged with P5's
    ('<classes><memberOf key="att.global"/></classes>', '<classes mode="change"><memberOf key="att.global"/></classes>',
     "E0240", "P5's memberships"),
    ('<macroSpec ident="edition.phrase" mode="add">', '<macroSpec ident="edition.phrase" mode="change">', "E0240", "mode add"),
    ('<classSpec ident="att.global" type="atts" mode="change">', '<classSpec ident="att.global" type="atts" mode="replace">',
     "E0240", "change or delete"),
    ('<moduleRef key="tei"/>', '<moduleRef key="tei"/><elementRef key="lg"/>', "E0241", "<elementRef> in the schemaSpec"),
    ('<content><textNode/></content>', '<content><anyElement/></content>', "E0241", "<anyElement>"),
    # a let of a constraint without rules: no pattern to hold it
    ('<xsl:key name="places" match="exsl:string" use="substring-before(., \' \')"/>',
     '<xsl:key name="places" match="exsl:string" use="substring-before(., \' \')"/><sch:let name="x" value="1"/>',
     "E0241", "a let without a rule"),
])
def test_modes_the_derivation_does_not_implement_are_refused(tmp_path, old, new, code, words):
    problems = _refused(_variant(tmp_path, old, new))
    assert all(re.match(r".*variant\.odd\.xml:\d+:\d+: \[E024[0-2]\] ", p) for p in problems), problems
    assert any(f"[{code}]" in p and words in p for p in problems), problems


def test_a_let_beside_the_rules_is_the_patterns(tmp_path):
    """A constraint's sch:let outside its rules is its pattern's, before the rules: ISO
    Schematron computes it once for the document (lxml's skeleton: a global variable), not at
    every node a rule fires on."""
    variant = _variant(tmp_path, '<sch:rule context="tei:body/tei:div">',
                       '<sch:let name="all-sections" value="count(//tei:body/tei:div)"/><sch:rule context="tei:body/tei:div">')
    sch = etree.fromstring(odd.derived(variant)[odd.SCH])
    pattern = sch.find(f"{{{odd.SCH_NS}}}pattern[@id='sections']")
    children = [c for c in pattern if isinstance(c.tag, str)]
    assert [etree.QName(c).localname for c in children] == ["let"] * (len(children) - 1) + ["rule"]
    assert children[-2].get("name") == "all-sections" and children[-2].get("value") == "count(//tei:body/tei:div)"


def test_the_odd_command_reports_a_refused_mode(tmp_path, monkeypatch):
    from tei_edition.cli import main

    variant = _variant(tmp_path, 'module="core" mode="replace"', 'module="core" mode="change"')
    monkeypatch.setattr(odd, "ODD", variant)
    result = CliRunner().invoke(main, ["odd", "--check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines and all(re.fullmatch(rf"{re.escape(str(variant))}:\d+:\d+: \[E0240\] .+", line) for line in lines)
    assert "Traceback" not in result.output


def test_an_odd_without_a_schema_spec_is_a_coded_line_at_the_odd(tmp_path, monkeypatch):
    """It was `[E0199] internal error, please report it: ValueError` (an editor's broken ODD)."""
    from tei_edition.cli import main

    variant = tmp_path / "variant.odd.xml"
    variant.write_text(f'<TEI xmlns="{TEI_NS}"><text><body><p>no spec</p></body></text></TEI>\n', encoding="utf-8")
    monkeypatch.setattr(odd, "ODD", variant)
    for args in (["odd"], ["odd", "--check"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        assert re.fullmatch(rf"{re.escape(str(variant))}:1:1: \[E0241\] the ODD has no schemaSpec.*\n",
                            result.output), result.output


BROKEN = [('<valItem ident="section">', "<valItem>", "<valItem> without @ident"),
          ('<sch:assert role="E0210" test="', '<sch:assert role="E0210" test="(((', "does not compile"),
          ("</schemaSpec>", '<elementSpec ident="p" mode="replace"><classes><memberOf key="att.global"/></classes>'
                            "<content><empty/></content></elementSpec></schemaSpec>", "not compile"),
          ('restriction="', 'restriction="[a-', "is not a regular expression"),
          # were [E0199] internal errors: re.compile's OverflowError and RecursionError
          ('restriction="', 'restriction="a{99999999999}', "is not a regular expression"),
          ('restriction="', 'restriction="' + "(" * 1000 + ")" * 1000, "is not a regular expression"),
          # written, then a validate the rule found something in stopped at [E0199] (ValueError)
          ('<sch:assert role="E0210" ', '<sch:assert role="E9999" ', "role E9999 is not a problem code"),
          ('<sch:assert role="E0210" ', "<sch:assert ", "role  is not a problem code")]


@pytest.mark.parametrize("old, new, words", BROKEN, ids=["valItem", "schematron-test", "two-specs", "restriction",
                                                         "restriction-huge-repeat", "restriction-deep-groups",
                                                         "unregistered-role", "no-role"])
def test_an_odd_whose_schemas_would_not_compile_writes_nothing(tmp_path, monkeypatch, old, new, words):
    """`odd` wrote them, and every validate and build then failed with [E0199] internal error."""
    variant = _variant(tmp_path, old, new)
    lines = _refused_by_the_command(tmp_path, monkeypatch, variant)
    assert len(lines) == 1, lines
    assert re.fullmatch(rf"{re.escape(str(variant))}:\d+:\d+: \[E0241\] .*{words}.*", lines[0]), lines


def _refused_by_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: Path) -> list[str]:
    """`odd` and `odd --check` on variant: both exit 1, with the same coded lines, writing nothing."""
    from tei_edition.cli import main

    rng, sch = tmp_path / "tei-edition.rng", tmp_path / "tei-edition.sch"
    before = odd.RNG.read_bytes(), odd.SCH.read_bytes()
    rng.write_bytes(before[0])
    sch.write_bytes(before[1])
    monkeypatch.setattr(odd, "ODD", variant)
    monkeypatch.setattr(odd, "RNG", rng)
    monkeypatch.setattr(odd, "SCH", sch)
    outputs = [CliRunner().invoke(main, args) for args in (["odd"], ["odd", "--check"])]
    assert [r.exit_code for r in outputs] == [1, 1]
    assert outputs[0].output == outputs[1].output
    assert (rng.read_bytes(), sch.read_bytes()) == before
    return outputs[0].output.splitlines()


def _at(variant: Path, marker: str, tag: str) -> str:
    """line:col of the `<` of the last <tag> before marker, the line marker is on, in variant."""
    line, text = next((i, s) for i, s in enumerate(variant.read_text().splitlines(), 1) if marker in s)
    return f"{line}:{text.rindex('<' + tag, 0, text.index(marker)) + 1}"


# dataRef/@restriction is an XSD pattern (TEI: teidata.pattern): libxml2 validates with it, and
# explain.py reads it with Python's re. Each of these both compile (or Python alone), read apart.
RESTRICTIONS = [
    ("(?:[1-9])[0-9]*", "no (?:"),                 # libxml2: no value matches; Python: 1, 2, …
    ("(?=[1-9])[0-9]+", "no lookahead"),
    ("([1-9])\\1*", "no backreferences"),
    ("^[1-9][0-9]*", "^ and $"),                   # XSD: an ordinary character, only "^1" valid
    ("[1-9][0-9]*$", "^ and $"),
    ("[1-9][0-9]*?", "no lazy"),
    ("[1-9]\\d*", "\\d"),                          # libxml2: Unicode 4.0's digits; Python: 14.0's
    ("[1-9]\\w*", "\\w"),                          # XSD's takes $ and not _
    ("\\b[1-9][0-9]*", "no \\b"),
    ("(?i)[1-9][0-9]*", "no inline flags"),
    ("[1-9][0-9]{,3}", "{0,"),
    ("[1-9][0-9-[5]]*", "subtraction"),            # Python: a class, then a literal ]
    ("\\x31[0-9]*", "not XSD's"),
    ("[1-9][0-9]*\\$?", "not an XSD escape"),       # libxml2 and Python read \$ as $; XSD (Jing) has no \$
    ("[1-9]\\p{Nd}*", "XSD's alone"),                 # was "is not a regular expression"
    ("[1-9][0-9]*]", "not an XML Schema pattern"),   # libxml2: no value matches; Python: a literal ]
    ("", "empty"),                                 # was left out: any token allowed
    ("[1-9][0-9]*\\", "bad escape (end of pattern)"),  # as before odd_patterns.py: Python's own words
]


@pytest.mark.parametrize(("restriction", "words"), RESTRICTIONS, ids=[w for _, w in RESTRICTIONS])
def test_a_restriction_xsd_and_python_read_apart_is_refused_at_its_data_ref(tmp_path, monkeypatch, restriction, words):
    variant = _variant(tmp_path, 'restriction="[1-9][0-9]*"/></datatype>\n              </attDef>\n'
                                 '              <attDef ident="xml:id" mode="change" usage="opt">\n'
                                 '                <desc>a section',
                       f'restriction="{restriction}" data-marker=""/></datatype>\n              </attDef>\n'
                       '              <attDef ident="xml:id" mode="change" usage="opt">\n                <desc>a section')
    (line,) = _refused_by_the_command(tmp_path, monkeypatch, variant)
    assert line.startswith(f"{variant}:{_at(variant, 'data-marker', 'dataRef')}: [E0241] "), line
    assert words in line, line


def test_a_restriction_xsd_and_python_read_alike_derives(tmp_path):
    variant = _variant(tmp_path, 'restriction="[1-9][0-9]*"', 'restriction="[1-9][0-9]{0,3}(\\.[0-9]+)?|[$]\\^"')
    rng = etree.fromstring(odd.derived(variant)[odd.RNG])
    patterns = [p.text for p in rng.iter(f"{{{odd.RNG_NS}}}param")]
    assert "[1-9][0-9]{0,3}(\\.[0-9]+)?|[$]\\^" in patterns


def test_a_restriction_of_a_data_spec_s_reference_is_refused(tmp_path, monkeypatch):
    """The TEI restricts only a datatype of XML Schema's (by @name); on a key it was left out."""
    variant = _variant(tmp_path, '<dataRef key="edition.localPointer"/>',
                       '<dataRef key="edition.localPointer" restriction="#p[0-9]+" data-marker=""/>')
    (line,) = _refused_by_the_command(tmp_path, monkeypatch, variant)
    assert line.startswith(f"{variant}:{_at(variant, 'data-marker', 'dataRef')}: [E0241] "), line
    assert "restrict the dataRef of edition.localPointer's dataSpec" in line, line


# a name or ident the derivation reads once, given twice
TWICE = [
    # two @n on <div>: the derivation kept the first's place and the last's datatype
    ('<attDef ident="n" usage="opt">\n                <desc>the section number',
     '<attDef ident="n" usage="opt"><desc>a number.</desc></attDef>'
     '<attDef ident="n" usage="opt" data-marker="">\n                <desc>the section number',
     "attDef", "E0242", "declared twice"),
    # in a class: every element kept the first
    ('<attDef ident="n" mode="delete"/>', '<attDef ident="n" mode="delete"/><attDef ident="n" mode="delete" data-marker=""/>',
     "attDef", "E0242", "declared twice"),
    # libxslt: "Redefinition of variable" at every validate, not at odd
    ('<sch:let name="y" value="number(substring(., 1, 4))"/>',
     '<sch:let name="y" value="number(substring(., 1, 4))"/><sch:let name="y" value="1" data-marker=""/>',
     "sch:let", "E0241", "given twice"),
    # lets outside rules are the schema's variables (lxml's skeleton): was "does not compile", at the ODD's root
    ('<sch:let name="body-notes" value="count(//tei:body//tei:note)"/>',
     '<sch:let name="body-notes" value="count(//tei:body//tei:note)"/><sch:let name="section-places" value="1" data-marker=""/>',
     "sch:let", "E0241", "given twice"),
    # two patterns of one id (ISO Schematron: an xsd:ID)
    ('<constraintSpec ident="dates" ', '<constraintSpec data-marker="" ident="note-ids" ',
     "constraintSpec", "E0241", "given twice"),
    # the derivation read the last alone: every element lost att.global's xml:id and xml:lang
    ('<classSpec ident="att.global.source" type="atts" mode="delete"/>',
     '<classSpec ident="att.global.source" type="atts" mode="delete"/><classSpec data-marker="" ident="att.global" '
     'type="atts" mode="change"><attList><attDef ident="n" mode="delete"/></attList></classSpec>',
     "classSpec", "E0241", "given twice"),
]


@pytest.mark.parametrize(("old", "new", "tag", "code", "words"), TWICE,
                         ids=["attDef", "class-attDef", "rule-let", "schema-let", "constraintSpec", "classSpec"])
def test_a_name_given_twice_is_refused_at_the_second(tmp_path, monkeypatch, old, new, tag, code, words):
    variant = _variant(tmp_path, old, new)
    lines = _refused_by_the_command(tmp_path, monkeypatch, variant)
    assert lines == [line for line in lines if line.startswith(f"{variant}:{_at(variant, 'data-marker', tag)}: [{code}] ")]
    assert lines and words in lines[0], lines


@pytest.mark.parametrize(("old", "new"), [
    # an attList inside the div's: its attDef was never read (the attribute was not allowed)
    ('<attDef ident="n" usage="opt">\n                <desc>the section number',
     '<attList data-marker=""><attDef ident="rend" usage="opt"><desc>x.</desc></attDef></attList>'
     '<attDef ident="n" usage="opt">\n                <desc>the section number'),
    # org="choice" (one of its attributes at most) was derived as every one allowed
    ('<attList>\n              <attDef ident="type" usage="req">\n                <desc>what the division is.',
     '<attList data-marker="" org="choice">\n              <attDef ident="type" usage="req">\n                '
     '<desc>what the division is.'),
], ids=["nested", "org-choice"])
def test_an_attlist_the_derivation_does_not_read_is_refused_at_it(tmp_path, monkeypatch, old, new):
    variant = _variant(tmp_path, old, new)
    lines = _refused_by_the_command(tmp_path, monkeypatch, variant)
    assert lines and lines[0].startswith(f"{variant}:{_at(variant, 'data-marker', 'attList')}: [E0241] "), lines
    assert "is not read" in lines[0], lines


def test_an_attribute_from_two_classes_is_refused_at_the_second_membership(tmp_path, monkeypatch):
    """The derivation keeps the first class's definition of an attribute both classes declare."""
    both = tmp_path / "both.odd.xml"
    text = _variant(tmp_path, '<classSpec ident="att.global.source" type="atts" mode="delete"/>',
                    '<classSpec ident="att.global.source" type="atts" mode="change"><attList>'
                    '<attDef ident="xml:id" mode="change" usage="opt"><desc>x.</desc>'
                    '<datatype><dataRef name="ID"/></datatype></attDef></attList></classSpec>').read_text()
    both.write_text(text.replace('<memberOf key="att.global"/>',
                                 '<memberOf key="att.global"/><memberOf data-marker="" key="att.global.source"/>', 1),
                    encoding="utf-8")
    lines = _refused_by_the_command(tmp_path, monkeypatch, both)
    assert lines and lines[0].startswith(f"{both}:{_at(both, 'data-marker', 'memberOf')}: [E0242] "), lines
    assert "@xml:id comes from both att.global and att.global.source" in lines[0], lines
