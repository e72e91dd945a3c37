<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: the shared functions. The only way TEI text reaches the Typst source is
     f:str (a Typst string literal: only `\` and `"` are special there, and both are escaped)
     and f:text (string literals, plus straight quotes as Typst smart-quote values and edge
     spaces as markup spaces). Nothing from the TEI is ever written as Typst markup or code. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- A Typst string literal holding exactly $s. -->
  <xsl:function name="f:str" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="'&quot;' || replace(replace($s, '\\', '\\\\'), '&quot;', '\\&quot;') || '&quot;'"/>
  </xsl:function>

  <!-- A Typst array literal of string literals. -->
  <xsl:function name="f:str-array" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:sequence select="'(' || string-join($items ! (f:str(.) || ','), ' ') || ')'"/>
  </xsl:function>

  <!-- Running text as safe Typst markup: a `#"…";` string literal; each `"` and `'` closes the
       literal and becomes the smart-quote value `dq`/`sq` (so Typst sets “ ” ‘ ’ and apostrophes),
       so no raw `"` is ever left inside a literal and only `\` needs escaping there. Empty
       literals are dropped; spaces at the edges become markup spaces (they collapse). A hyphen
       spaced on both sides within a line, the source's dash, is set as an en dash.
       (Regexes only where needed: this runs on every text node.) -->
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="dash" select="'(^|\S)([ \t]+)-([ \t]+)'"/>
    <xsl:variable name="d" select="if (contains($s, ' - ')) then replace(replace($s, $dash, '$1$2–$3'), $dash, '$1$2–$3') else $s"/>
    <xsl:variable name="core" select="normalize-space($d)"/>
    <xsl:variable name="core" select="if (contains($core, '\')) then replace($core, '\\', '\\\\') else $core"/>
    <xsl:variable name="core" select="if (contains($core, '&quot;')) then replace($core, '&quot;', '&quot;;#dq;#&quot;') else $core"/>
    <xsl:variable name="core" select="if (contains($core, '''')) then replace($core, '''', '&quot;;#sq;#&quot;') else $core"/>
    <xsl:variable name="lit" select="'#&quot;' || $core || '&quot;;'"/>
    <xsl:sequence select="(if (f:space(substring($d, 1, 1))) then ' ' else '')
      || (if (contains($lit, '#&quot;&quot;;')) then replace($lit, '#&quot;&quot;;', '') else $lit)
      || (if ($core and f:space(substring($d, string-length($d)))) then ' ' else '')"/>
  </xsl:function>

  <xsl:function name="f:space" as="xs:boolean">
    <xsl:param name="c" as="xs:string"/>
    <xsl:sequence select="$c = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>

  <!-- Plain text of an element, whitespace normalised (for metadata and the index). -->
  <xsl:function name="f:plain" as="xs:string">
    <xsl:param name="e" as="node()?"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::tei:note | ancestor::tei:sic)], ''))"/>
  </xsl:function>

  <!-- Elements whose text starts and ends a Typst paragraph (edge spaces are dropped). -->
  <xsl:function name="f:is-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:p or self::tei:head or self::tei:quote[parent::tei:cit]
      or self::tei:bibl[parent::tei:listBibl or parent::tei:cit] or self::tei:note or self::tei:item])"/>
  </xsl:function>

  <!-- The unit's number (common/units.xsl) as a checked integer (a label <p{n}> is built from it). -->
  <xsl:function name="f:n" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="xs:integer(c:n($e))"/>
  </xsl:function>

  <!-- The register ids a mention points to (`#miasnikov` → `miasnikov`). -->
  <xsl:function name="f:refs" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="tokenize($e/@ref)[starts-with(., '#')] ! substring(., 2)"/>
  </xsl:function>

  <!-- A date from the header as "27 November 2026" (common/dates.xsl), or the element's text. -->
  <xsl:function name="f:date-text" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:sequence select="if ($d/@when castable as xs:date) then c:date($d/@when) else f:plain($d)"/>
  </xsl:function>

</xsl:stylesheet>
