<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: the shared functions. The only way TEI text reaches the Typst source is
     f:str (a Typst string literal: only `\` and `"` are special there, and both are escaped)
     and f:text (f:str runs, plus straight quotes as Typst smart-quote calls and spaces as
     markup spaces). Nothing from the TEI is ever written as Typst markup or code. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:fn="http://www.w3.org/2005/xpath-functions"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
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

  <!-- Running text as safe Typst markup: `#"…";` runs; `"` and `'` become the smart-quote
       values `dq`/`sq` (so Typst sets “ ” ‘ ’ and apostrophes); whitespace becomes one markup
       space; a hyphen spaced on both sides within a line, used in the source as a dash, is set
       as an en dash. -->
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="t" select="replace(replace($s, '(\S)[ \t]+-[ \t]+(\S)', '$1 – $2'), '\s+', ' ')"/>
    <xsl:sequence select="string-join(
      for $piece in analyze-string($t, '[&quot;'']')/* return
        if ($piece/self::fn:match) then (if ($piece = '&quot;') then '#dq;' else '#sq;')
        else f:run(string($piece)), '')"/>
  </xsl:function>

  <xsl:function name="f:run" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="core" select="replace($s, '^ +| +$', '')"/>
    <xsl:sequence select="(if (starts-with($s, ' ')) then ' ' else '')
      || (if ($core) then '#' || f:str($core) || ';' else '')
      || (if (ends-with($s, ' ') and $core) then ' ' else '')"/>
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

  <!-- A citable unit of the body: `p` or `cit` with a number. -->
  <xsl:function name="f:is-unit" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:p or self::tei:cit][@n][ancestor::tei:body]
      [not(ancestor::tei:cit | ancestor::tei:note)])"/>
  </xsl:function>

  <!-- The unit's number as a checked integer (a label <p{n}> is built from it). -->
  <xsl:function name="f:n" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="xs:integer($e/@n)"/>
  </xsl:function>

  <!-- The register ids a mention points to (`#miasnikov` → `miasnikov`). -->
  <xsl:function name="f:refs" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="tokenize($e/@ref)[starts-with(., '#')] ! substring(., 2)"/>
  </xsl:function>

  <!-- A date from the header as "27 November 2026" (or the element's text). -->
  <xsl:function name="f:date-text" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:sequence select="if ($d/@when castable as xs:date)
      then format-date(xs:date($d/@when), '[D] [MNn] [Y]', 'en', (), ())
      else f:plain($d)"/>
  </xsl:function>
</xsl:stylesheet>
