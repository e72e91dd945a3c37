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
  exclude-result-prefixes="#all">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:include href="functions.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="text.xsl"/>
  <xsl:include href="back.xsl"/>
  <xsl:include href="colophon.xsl"/>

  <!-- xml:id of one section, or '' for all -->
  <xsl:param name="section" as="xs:string" select="''"/>
  <!-- first and last unit number; 0 = open -->
  <xsl:param name="from" as="xs:integer" select="0"/>
  <xsl:param name="to" as="xs:integer" select="0"/>
  <!-- overrides the header's publicationStmt/idno[@type='URI'] -->
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <!-- the edition's citation of what is printed (`tei-edition cite`), entry and note form;
       '' = compose one from the header -->
  <xsl:param name="citation" as="xs:string" select="''"/>
  <xsl:param name="citation-note" as="xs:string" select="''"/>

  <xsl:variable name="all-units" select="//tei:text/tei:body//*[f:is-unit(.)]"/>
  <xsl:variable name="units" select="$all-units
    [$section = '' or ancestor::tei:div[@xml:id = $section]]
    [$from = 0 or f:n(.) ge $from]
    [$to = 0 or f:n(.) le $to]"/>

  <xsl:template match="/">
    <xsl:if test="empty($units)">
      <xsl:message terminate="yes" error-code="f:empty-selection">no citable unit in the selection (section '<xsl:value-of
        select="$section"/>', paragraphs <xsl:value-of select="$from"/>–<xsl:value-of select="$to"/>)</xsl:message>
    </xsl:if>
    <xsl:variable name="divs" select="$units/ancestor::tei:div[parent::tei:body]"/>
    <xsl:variable name="base" select="($base-url[.], normalize-space(/tei:TEI/tei:teiHeader//tei:publicationStmt/tei:idno[@type = 'URI'][1]))[1]"/>
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
    <xsl:apply-templates select="/tei:TEI/tei:text/tei:back//tei:div[@type = 'bibliography']" mode="bibl"/>
    <xsl:apply-templates select="/tei:TEI/tei:standOff" mode="index">
      <xsl:with-param name="scope" select="$units | $divs/tei:head" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="/tei:TEI/tei:teiHeader" mode="colophon">
      <xsl:with-param name="units" select="$units" tunnel="yes"/>
      <xsl:with-param name="partial" select="count($units) ne count($all-units)" tunnel="yes"/>
      <xsl:with-param name="base-url" select="$base" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
