<?xml version="1.0" encoding="UTF-8"?>
<!-- EPUB back matter: the web edition's own pages, rendered by its templates (html/*.xsl) in
     the EPUB's page shell: the emendations, the registers (persons, places, organisations),
     the register of events and the glossary when the TEI has them, the bibliography and the
     works consulted. Each entry links to every paragraph that mentions it; each mention in the
     text links to it. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template name="back-page">
    <xsl:param name="part" as="map(*)"/>
    <xsl:choose>
      <xsl:when test="$part?kind = 'register'">
        <xsl:call-template name="register-page"><xsl:with-param name="register" select="$part"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$part?kind = 'events'"><xsl:call-template name="events-page"/></xsl:when>
      <xsl:when test="$part?kind = 'glossary'"><xsl:call-template name="glossary-page"/></xsl:when>
      <xsl:when test="$part?kind = 'emendations'"><xsl:call-template name="emendations-page"/></xsl:when>
      <xsl:when test="$part?kind = 'sources'"><xsl:call-template name="sources-page"/></xsl:when>
      <xsl:when test="$part?kind = 'bibliography'"><xsl:call-template name="bibliography-page"/></xsl:when>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
