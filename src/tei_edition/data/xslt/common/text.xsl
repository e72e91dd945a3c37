<?xml version="1.0" encoding="UTF-8"?>
<!-- The reading text of an element, as every output states it in plain text (names, headings,
     titles, cards, metadata): the edition's reading (a choice's corr, reg or expan; its sic,
     orig or abbr left out), without notes and deletions, spaces normalised. The straight
     quotation marks are left as they are; an output prints them by common/quotes.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <xsl:function name="c:reading-text" as="xs:string">
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$e/node()" mode="c:reading"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:mode name="c:reading" on-no-match="text-only-copy"/>
  <xsl:template match="tei:sic[parent::tei:choice] | tei:orig[parent::tei:choice] | tei:abbr[parent::tei:choice]
                       | tei:note | tei:del" mode="c:reading"/>
</xsl:stylesheet>
