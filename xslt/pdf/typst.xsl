<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: TEI to Typst markup. Every text node goes through tei:typst-escape. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  exclude-result-prefixes="#all">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:function name="f:esc" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '([\\#$*_@&lt;&gt;`\[\]~/=+\-&quot;''])', '\\$1')"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:text>#set document(title: "</xsl:text>
    <xsl:value-of select="replace(normalize-space(//tei:titleStmt/tei:title[1]), '[&quot;\\]', '\\$0')"/>
    <xsl:text>")&#10;#set text(lang: "en", hyphenate: true)&#10;#set par(justify: true)&#10;</xsl:text>
    <xsl:apply-templates select="//tei:body"/>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:text>&#10;= </xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="tei:p | tei:cit">
    <xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="tei:note"/>
  <xsl:template match="tei:choice"><xsl:apply-templates select="tei:corr | tei:reg"/></xsl:template>
  <xsl:template match="text()"><xsl:value-of select="f:esc(.)"/></xsl:template>
</xsl:stylesheet>
