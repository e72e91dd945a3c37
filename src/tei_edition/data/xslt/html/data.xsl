<?xml version="1.0" encoding="UTF-8"?>
<!-- cards.js: what the hover/focus card of a name or citation shows, one JSON object keyed by
     xml:id, loaded as a classic script (works from file://). Every value is plain text. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:j="http://www.w3.org/2005/xpath-functions"
  exclude-result-prefixes="#all">

  <xsl:template name="card-data">
    <xsl:variable name="entries" select="$registers?entries | $events | $glossary | $tei/tei:text/tei:back//tei:listBibl/tei:bibl[@xml:id]"/>
    <xsl:variable name="json" as="element(j:map)">
      <j:map>
        <xsl:for-each select="$entries[c:entry-id(.)]">
          <xsl:sort select="c:entry-id(.)"/>
          <j:map key="{c:entry-id(.)}">
            <j:string key="kind"><xsl:value-of select="f:kind(.)"/></j:string>
            <j:string key="name"><xsl:value-of select="if (self::tei:bibl) then f:plain(.) else f:name(.)"/></j:string>
            <xsl:for-each select="(if (self::tei:bibl) then () else f:name-lang(.))">
              <j:string key="lang"><xsl:value-of select="."/></j:string>
            </xsl:for-each>
            <xsl:for-each select="(self::tei:event ! c:event-date(.), f:life(.), f:coordinates(.))[1]">
              <j:string key="dates"><xsl:value-of select="."/></j:string>
            </xsl:for-each>
            <xsl:for-each select="(tei:note | tei:desc | tei:gloss)[1]">
              <j:string key="about"><xsl:value-of select="f:plain(.)"/></j:string>
            </xsl:for-each>
          </j:map>
        </xsl:for-each>
      </j:map>
    </xsl:variable>
    <xsl:result-document href="cards.js" method="text" encoding="UTF-8">
      <xsl:text>/* Register cards of the edition, generated from the TEI. */&#10;window.TEI_CARDS = </xsl:text>
      <xsl:value-of select="f:script-safe(xml-to-json($json))"/>
      <xsl:text>;&#10;</xsl:text>
    </xsl:result-document>
  </xsl:template>

  <!-- The reading text of an element (common/text.xsl) as printed: typographic quotation marks. -->
  <xsl:function name="f:plain" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="c:curly(c:reading-text($e), '')"/>
  </xsl:function>
</xsl:stylesheet>
