<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: TEI to the Typst source compiled by src/tei_edition/pdf.py.
     Content only; the layout is xslt/pdf/edition.typ. Every TEI text reaches the output
     through f:str / f:text (functions.xsl), i.e. as Typst string literals, never as markup.

     Parameters choose a part of the edition; units keep their original numbers. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:include href="../common/units.xsl"/>
  <xsl:include href="../common/dates.xsl"/>
  <xsl:include href="../common/labels.xsl"/>
  <xsl:include href="functions.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="text.xsl"/>
  <xsl:include href="back.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="colophon.xsl"/>

  <!-- xml:id of the section printed, or '' -->
  <xsl:param name="section" as="xs:string" select="''"/>
  <!-- the xml:ids of the units printed (chosen by outputs/pdf.py), space-separated; '' = all -->
  <xsl:param name="selection" as="xs:string" select="''"/>
  <!-- the edition's base URL, as tei_edition.citation.cite.base_url resolves it (the option base-url,
       else the header's publicationStmt/idno[@type='URI']) -->
  <xsl:param name="base-url" as="xs:string" required="yes"/>
  <!-- the edition's citation of what is printed (`tei-edition cite`), entry and note form
       ('' for the whole edition: no note form) -->
  <xsl:param name="citation" as="xs:string" required="yes"/>
  <xsl:param name="citation-note" as="xs:string" select="''"/>

  <xsl:variable name="all-units" select="$c:units"/>
  <xsl:variable name="units" select="if ($selection) then $all-units[@xml:id = tokenize($selection)] else $all-units"/>

  <xsl:template match="/">
    <xsl:variable name="divs" select="$units/ancestor::tei:div[parent::tei:body]"/>
    <xsl:text>#import "edition.typ": *&#10;</xsl:text>
    <xsl:apply-templates select="/tei:TEI/tei:teiHeader" mode="meta">
      <xsl:with-param name="units" select="$units" tunnel="yes"/>
      <xsl:with-param name="partial" select="count($units) ne count($all-units)" tunnel="yes"/>
      <xsl:with-param name="section" select="//tei:body//tei:div[@xml:id = $section][$section]" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:text>#show: edition.with(meta)&#10;&#10;</xsl:text>
    <xsl:apply-templates select="$divs" mode="text">
      <xsl:with-param name="units" select="$units" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:text>&#10;</xsl:text>
    <xsl:variable name="references" select="/tei:TEI/tei:text/tei:back//tei:div[@type = 'bibliography']"/>
    <xsl:variable name="partial" select="count($units) ne count($all-units)"/>
    <!-- the back matter's names carry no index markers: the index lists the text's mentions -->
    <xsl:apply-templates select="$references" mode="bibl">
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:call-template name="emendations">
      <xsl:with-param name="printed" select="$units | $divs/tei:head | $references"/>
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:call-template>
    <xsl:apply-templates select="/tei:TEI/tei:standOff/tei:list[@type = 'gloss'], /tei:TEI/tei:standOff/tei:listEvent" mode="apparatus">
      <xsl:with-param name="mentioned" select="if ($partial) then distinct-values(($units | $divs/tei:head)//*[@ref] ! f:refs(.)) else ()" tunnel="yes"/>
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="/tei:TEI/tei:standOff/tei:listBibl[@type = 'consulted']" mode="consulted">
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="/tei:TEI/tei:standOff" mode="index">
      <xsl:with-param name="scope" select="$units | $divs/tei:head" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="/tei:TEI/tei:teiHeader" mode="colophon">
      <xsl:with-param name="units" select="$units" tunnel="yes"/>
      <xsl:with-param name="partial" select="count($units) ne count($all-units)" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
