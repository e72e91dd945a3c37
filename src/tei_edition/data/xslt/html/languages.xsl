<?xml version="1.0" encoding="UTF-8"?>
<!-- Languages: words the TEI marks in another language than the page's (xml:lang) keep it in
     the HTML and the EPUB, so that a screen reader speaks them in it (WCAG 3.1.2): in the text
     (mode "text"), and where a name or a title is printed away from its place (f:lang). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- Any other element in another language keeps it (a screen reader speaks it in that
       language, WCAG 3.1.2): on the one element its template writes, else on a span around
       what it writes. Below the unit's template, so the unit's number and "Cite" stay in the
       page's language; a note's language is its text's, in the list of notes (note-content). -->
  <xsl:template match="*[@xml:lang][not(self::tei:note)]" mode="text" priority="1.5">
    <xsl:variable name="lang" select="string(@xml:lang)"/>
    <xsl:variable name="out" as="node()*"><xsl:next-match/></xsl:variable>
    <xsl:variable name="elements" select="$out[self::*]"/>
    <xsl:choose>
      <xsl:when test="not($out[normalize-space()]) or $elements[1]/@lang = $lang">
        <xsl:sequence select="$out"/>
      </xsl:when>
      <xsl:when test="count($elements) = 1 and not($out[self::text()][normalize-space()])">
        <xsl:for-each select="$out">
          <xsl:copy>
            <xsl:if test="self::*"><xsl:attribute name="lang" select="$lang"/></xsl:if>
            <xsl:copy-of select="@* except @lang, node()"/>
          </xsl:copy>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><span lang="{$lang}"><xsl:sequence select="$out"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The lang attribute of words printed away from their place in the TEI (an entry's name
       in a heading or a link, a title in a list): their language where it is not the page's,
       so that a screen reader speaks them in it (WCAG 3.1.2). -->
  <xsl:function name="f:lang" as="attribute()?">
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="lang" select="string($e/ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
    <xsl:if test="$lang and $lang != string(($tei/@xml:lang, 'en')[1])">
      <xsl:attribute name="lang" select="$lang"/>
    </xsl:if>
  </xsl:function>

  <!-- The lang attribute of an entry's preferred name (f:name). -->
  <xsl:function name="f:name-lang" as="attribute()?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="f:lang(c:name-element($e))"/>
  </xsl:function>

  <!-- The lang attribute of the entry's name that reads $variant (f:variants). -->
  <xsl:function name="f:variant-lang" as="attribute()?">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="variant" as="xs:string"/>
    <xsl:sequence select="f:lang($e/(tei:persName | tei:placeName | tei:orgName | tei:name)
                                 [c:curly(c:reading-text(.), '') = $variant][1])"/>
  </xsl:function>
</xsl:stylesheet>
