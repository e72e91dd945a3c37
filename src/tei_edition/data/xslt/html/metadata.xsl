<?xml version="1.0" encoding="UTF-8"?>
<!-- Machine-readable metadata of the edition for the index page: Highwire citation_* tags
     (Zotero, Google Scholar), Dublin Core, and schema.org JSON-LD with the register entries as
     "mentions". Every value comes from the TEI header or the registers. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:j="http://www.w3.org/2005/xpath-functions"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template name="metadata">
    <xsl:variable name="date" select="replace($pub-date, '-', '/')"/>
    <meta name="citation_title" content="{$full-title}"/>
    <xsl:for-each select="$authors"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <xsl:if test="$pub-date"><meta name="citation_publication_date" content="{$date}"/></xsl:if>
    <xsl:if test="$publisher"><meta name="citation_publisher" content="{$publisher}"/></xsl:if>
    <meta name="citation_language" content="{($tei/@xml:lang, 'en')[1]}"/>
    <xsl:if test="$base">
      <meta name="citation_public_url" content="{$base}"/>
      <meta name="citation_fulltext_html_url" content="{$base}"/>
      <meta name="citation_pdf_url" content="{resolve-uri($pdf-download, $base)}"/>
    </xsl:if>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <meta name="DC.title" content="{$full-title}"/>
    <xsl:for-each select="$authors"><meta name="DC.creator" content="{.}"/></xsl:for-each>
    <xsl:for-each select="$editors"><meta name="DC.contributor" content="{.}"/></xsl:for-each>
    <xsl:if test="$publisher"><meta name="DC.publisher" content="{$publisher}"/></xsl:if>
    <xsl:if test="$pub-date"><meta name="DC.date" content="{$pub-date}"/></xsl:if>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <meta name="DC.language" content="{($tei/@xml:lang, 'en')[1]}"/>
    <xsl:if test="$base"><meta name="DC.identifier" content="{$base}"/></xsl:if>
    <xsl:if test="$licence"><meta name="DC.rights" content="{normalize-space($licence)}"/></xsl:if>
    <xsl:if test="$source-bibl"><meta name="DC.source" content="{normalize-space($source-bibl)}"/></xsl:if>
    <script type="application/ld+json">
      <xsl:value-of select="f:script-safe(xml-to-json(f:json-ld(), map{'indent': false()}))"/>
    </script>
  </xsl:template>

  <xsl:function name="f:json-ld" as="element(j:map)">
    <j:map>
      <j:string key="@context">https://schema.org</j:string>
      <j:string key="@type">ScholarlyArticle</j:string>
      <xsl:if test="$base">
        <j:string key="@id"><xsl:value-of select="$base"/></j:string>
        <j:string key="url"><xsl:value-of select="$base"/></j:string>
      </xsl:if>
      <j:string key="headline"><xsl:value-of select="$title"/></j:string>
      <j:string key="name"><xsl:value-of select="$full-title"/></j:string>
      <xsl:if test="$subtitle"><j:string key="alternativeHeadline"><xsl:value-of select="$subtitle"/></j:string></xsl:if>
      <j:string key="inLanguage"><xsl:value-of select="($tei/@xml:lang, 'en')[1]"/></j:string>
      <j:array key="author">
        <xsl:for-each select="$authors"><j:map><j:string key="@type">Person</j:string><j:string key="name"><xsl:value-of select="."/></j:string></j:map></xsl:for-each>
      </j:array>
      <xsl:if test="exists($editors)">
        <j:array key="editor">
          <xsl:for-each select="$editors"><j:map><j:string key="@type">Organization</j:string><j:string key="name"><xsl:value-of select="."/></j:string></j:map></xsl:for-each>
        </j:array>
      </xsl:if>
      <xsl:if test="$publisher">
        <j:map key="publisher"><j:string key="@type">Organization</j:string><j:string key="name"><xsl:value-of select="$publisher"/></j:string></j:map>
      </xsl:if>
      <xsl:if test="$pub-date"><j:string key="datePublished"><xsl:value-of select="$pub-date"/></j:string></xsl:if>
      <xsl:if test="$licence">
        <j:string key="license"><xsl:value-of select="(f:safe-url($licence/@target), normalize-space($licence))[1]"/></j:string>
      </xsl:if>
      <xsl:variable name="abstract" select="normalize-space($header/tei:profileDesc/tei:abstract)"/>
      <xsl:if test="$abstract"><j:string key="abstract"><xsl:value-of select="$abstract"/></j:string></xsl:if>
      <xsl:if test="$source-bibl">
        <j:map key="isBasedOn">
          <j:string key="@type">CreativeWork</j:string>
          <j:string key="name"><xsl:value-of select="normalize-space($source-bibl)"/></j:string>
          <xsl:for-each select="($source-bibl//tei:date/@when)[1]"><j:string key="datePublished"><xsl:value-of select="."/></j:string></xsl:for-each>
        </j:map>
      </xsl:if>
      <j:array key="mentions">
        <xsl:for-each select="$registers?entries[key('mentions', @xml:id)]">
          <xsl:sequence select="f:json-ld-entry(.)"/>
        </xsl:for-each>
      </j:array>
    </j:map>
  </xsl:function>

  <xsl:function name="f:json-ld-entry" as="element(j:map)">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="same" select="$e/tei:idno ! f:authority-url(.)"/>
    <j:map>
      <j:string key="@type"><xsl:value-of select="map{'person':'Person','place':'Place','organisation':'Organization'}(f:kind($e))"/></j:string>
      <xsl:if test="$base"><j:string key="@id"><xsl:value-of select="resolve-uri(f:page-of($e), $base) || '#' || $e/@xml:id"/></j:string></xsl:if>
      <j:string key="name"><xsl:value-of select="f:name($e)"/></j:string>
      <xsl:if test="exists($same)">
        <j:array key="sameAs"><xsl:for-each select="$same"><j:string><xsl:value-of select="."/></j:string></xsl:for-each></j:array>
      </xsl:if>
    </j:map>
  </xsl:function>
</xsl:stylesheet>
