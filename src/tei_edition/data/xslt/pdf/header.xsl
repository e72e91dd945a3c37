<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition, from the TEI header: the document's metadata (mode "meta"). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">
  <xsl:mode name="meta" on-no-match="shallow-skip"/>

  <xsl:function name="f:title" as="xs:string">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:variable name="titles" select="$header/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:sequence select="c:reading-text(if ($type = 'main') then ($titles[@type = 'main'], $titles[not(@type)], $titles)[1]
      else $titles[@type = $type][1])"/>
  </xsl:function>

  <xsl:function name="f:editors" as="xs:string">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="ed" select="$header/tei:fileDesc/tei:titleStmt/tei:editor"/>
    <xsl:sequence select="string-join(($ed[@xml:id = 'editors'], $ed)[1] ! c:reading-text(.), '')"/>
  </xsl:function>

  <!-- The headings a running head may name (edition.typ `running-head`), as a Typst dictionary by
       the heading's label: the sections' and the bibliography's (the back matter's other headings
       are the edition's own, and short), each its words (for a cut) and its short form or none.
       Quotation marks as the heading sets them; a bibliography without a heading is
       "Bibliography", as back.xsl prints it. -->
  <xsl:function name="f:heads" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="bibliography" select="$tei/tei:text/tei:back//tei:div[@type = 'bibliography'][1]"/>
    <xsl:variable name="entries" select="(
      $tei/tei:text/tei:body/tei:div[@xml:id][tei:head] ! (f:str(@xml:id) || ': ' || f:head(tei:head[not(@type)][1], tei:head[@type = 'short'][1])),
      $bibliography ! ('&quot;edition:bibliography&quot;: ' || f:head(tei:head[1], ())))"/>
    <xsl:sequence select="if (empty($entries)) then '(:)' else '(' || string-join($entries ! (. || ','), ' ') || ')'"/>
  </xsl:function>
  <xsl:function name="f:head" as="xs:string">
    <xsl:param name="head" as="element(tei:head)?"/>
    <xsl:param name="short" as="element(tei:head)?"/>
    <xsl:sequence select="'(' || f:str((c:curly(c:reading-text($head), '')[.], 'Bibliography')[1]) || ', '
      || (if ($short) then f:str(c:curly(c:reading-text($short), '')) else 'none') || ')'"/>
  </xsl:function>

  <!-- ============================================================ metadata -->
  <xsl:template match="tei:teiHeader" mode="meta">
    <xsl:param name="units" as="element()*" tunnel="yes"/>
    <xsl:param name="partial" as="xs:boolean" tunnel="yes"/>
    <xsl:param name="section" as="element()?" tunnel="yes"/>
    <xsl:param name="book" as="map(*)" tunnel="yes"/>
    <xsl:variable name="fd" select="tei:fileDesc"/>
    <xsl:variable name="part" select="if (not($partial)) then ''
      else string-join((c:reading-text($section/tei:head)[.], c:label($units)), ', ')"/>
    <xsl:variable name="source" select="c:reading-text($fd/tei:sourceDesc/tei:bibl[1])"/>
    <!-- every author, as the web edition and the EPUB name them (the first alone lost the others) -->
    <xsl:variable name="authors" select="$fd/tei:titleStmt/tei:author ! c:reading-text(.)[.]"/>
    <xsl:variable name="fields" select="map{
      'title': f:title(., 'main'),
      'subtitle': f:title(., 'sub'),
      'full-title': $full-title,
      'desc': f:title(., 'desc'),
      'short-title': f:title(., 'short'),
      'author': string-join($authors, ', '),
      'edition': c:reading-text($fd/tei:editionStmt/tei:edition[1]),
      'editors': c:in-sentence(f:editors(.)),
      'publisher': c:reading-text($fd/tei:publicationStmt/tei:publisher[1]),
      'date-text': f:date-text($fd/tei:publicationStmt/tei:date[1]),
      'part': $part,
      'volume': string($book?volume),
      'description': (c:reading-text(tei:profileDesc/tei:abstract)[.], 'A scholarly edition of ' || $source)[1]
      }"/>
    <xsl:text>#let meta = (</xsl:text>
    <xsl:for-each select="map:keys($fields)" xmlns:map="http://www.w3.org/2005/xpath-functions/map">
      <xsl:sort select="."/>
      <xsl:value-of select="'&#10;  ' || . || ': ' || f:str($fields(.)) || ','"/>
    </xsl:for-each>
    <xsl:text>&#10;  authors: </xsl:text>
    <xsl:value-of select="f:str-array($authors)"/>
    <xsl:text>,&#10;  keywords: </xsl:text>
    <xsl:value-of select="f:str-array(tei:profileDesc/tei:textClass/tei:keywords//tei:term ! c:reading-text(.))"/>
    <xsl:text>,&#10;  heads: </xsl:text>
    <xsl:value-of select="f:heads(..)"/>
    <xsl:text>,&#10;)&#10;</xsl:text>
  </xsl:template>

</xsl:stylesheet>
