<?xml version="1.0" encoding="UTF-8"?>
<!-- Machine-readable metadata of the edition on every page: Highwire citation_* tags (Zotero,
     Google Scholar), Dublin Core, OpenGraph's type and schema.org JSON-LD. The record itself is
     computed once in Python (tei_edition.citation.webmeta, parameter $edition-metadata); here
     only what the stylesheets know is added: the PDF's address, the page's own URL, and on the
     index the register entries it mentions and its units with their permanent links. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:j="http://www.w3.org/2005/xpath-functions"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- {"meta": [[name, content]…], "og": [[property, content]…], "jsonld": "…"} or empty. -->
  <xsl:param name="edition-metadata" as="xs:string" select="''"/>
  <xsl:variable name="web-meta" as="map(*)?"
    select="if (normalize-space($edition-metadata) and $base) then parse-json($edition-metadata) else ()"/>

  <xsl:template name="metadata">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="heading" as="xs:string"/>
    <xsl:if test="exists($web-meta)">
      <xsl:for-each select="$web-meta?meta?*">
        <meta name="{?1}" content="{?2}"/>
        <!-- one PDF of the whole text only: a volume is not the full text -->
        <xsl:if test="?1 = 'citation_fulltext_html_url' and not($pdf-volumes)">
          <meta name="citation_pdf_url" content="{resolve-uri($pdf-download, $base)}"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="$web-meta?og?*">
        <meta name="{?1}" content="{?2}"/>
      </xsl:for-each>
      <meta name="og:url" content="{f:page-url($file)}"/>
      <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
      <script type="application/ld+json">
        <xsl:value-of select="f:script-safe('{&quot;@context&quot;:&quot;https://schema.org&quot;,&quot;@graph&quot;:['
          || $web-meta?jsonld || ',' || xml-to-json(f:page-node($file, $heading), map{'indent': false()}) || ']}')"/>
      </script>
    </xsl:if>
  </xsl:template>

  <xsl:function name="f:page-url" as="xs:string">
    <xsl:param name="file" as="xs:string"/>
    <xsl:sequence select="if ($file = 'index.html') then $base else resolve-uri($file, $base)"/>
  </xsl:function>

  <!-- The page in the graph: the index is the edition itself (its units and what it mentions);
       every other page is a WebPage of the edition. -->
  <xsl:function name="f:page-node" as="element(j:map)">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="heading" as="xs:string"/>
    <j:map>
      <xsl:choose>
        <xsl:when test="$file = 'index.html'">
          <j:string key="@id"><xsl:value-of select="$base"/></j:string>
          <j:array key="hasPart">
            <xsl:for-each select="$c:units">
              <j:map>
                <j:string key="@type">CreativeWork</j:string>
                <j:string key="@id"><xsl:value-of select="c:permalink(.)"/></j:string>
                <j:string key="url"><xsl:value-of select="c:permalink(.)"/></j:string>
                <j:number key="position"><xsl:value-of select="c:n(.)"/></j:number>
              </j:map>
            </xsl:for-each>
          </j:array>
          <j:array key="mentions">
            <xsl:for-each select="$registers?entries[key('mentions', @xml:id)]">
              <xsl:sequence select="f:json-ld-entry(.)"/>
            </xsl:for-each>
          </j:array>
        </xsl:when>
        <xsl:otherwise>
          <j:string key="@type">WebPage</j:string>
          <j:string key="@id"><xsl:value-of select="f:page-url($file)"/></j:string>
          <j:string key="url"><xsl:value-of select="f:page-url($file)"/></j:string>
          <j:string key="name"><xsl:value-of select="$heading"/></j:string>
          <j:map key="isPartOf"><j:string key="@id"><xsl:value-of select="$base"/></j:string></j:map>
        </xsl:otherwise>
      </xsl:choose>
    </j:map>
  </xsl:function>

  <xsl:function name="f:json-ld-entry" as="element(j:map)">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="same" select="$e/tei:idno ! f:authority-url(.)"/>
    <j:map>
      <j:string key="@type"><xsl:value-of select="map{'person':'Person','place':'Place','organisation':'Organization'}(f:kind($e))"/></j:string>
      <j:string key="@id"><xsl:value-of select="resolve-uri(f:page-of($e), $base) || '#' || $e/@xml:id"/></j:string>
      <j:string key="name"><xsl:value-of select="f:name($e)"/></j:string>
      <xsl:if test="exists($same)">
        <j:array key="sameAs"><xsl:for-each select="$same"><j:string><xsl:value-of select="."/></j:string></xsl:for-each></j:array>
      </xsl:if>
    </j:map>
  </xsl:function>
</xsl:stylesheet>
