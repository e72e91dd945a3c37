<?xml version="1.0" encoding="UTF-8"?>
<!-- Citing: the per-paragraph cite control and the citation text of tei_edition.citation.cite.
     The control works without JavaScript (a <details> with the citation text); assets/edition.js
     adds a copy button and, when citations.js exists (written by outputs/html_extras.py from
     tei_edition.citation.cite), a choice of every citation style. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- The context item is the citable unit. -->
  <xsl:template name="cite-control">
    <details class="cite" data-pid="{@xml:id}" data-n="{c:n(.)}">
      <summary>Cite<span class="visually-hidden"> paragraph <xsl:value-of select="c:n(.)"/></span></summary>
      <div class="cite-panel">
        <xsl:call-template name="citation">
          <xsl:with-param name="unit" select="."/>
        </xsl:call-template>
      </div>
    </details>
  </xsl:template>

  <!-- The citation of the edition or of one unit, as tei_edition.citation.cite writes it
       (Chicago; the note form for a unit), handed in as $citations: rendered, never rebuilt. -->
  <xsl:template name="citation">
    <xsl:param name="unit" as="element()?" select="()"/>
    <xsl:variable name="given" select="if ($unit) then $cites?units?(string($unit/@xml:id)) else $cites?edition"/>
    <xsl:if test="not($given instance of xs:string and normalize-space($given))">
      <xsl:message terminate="yes" error-code="f:no-citation">no citation was handed in for <xsl:value-of
        select="($unit/@xml:id, 'the edition')[1]"/></xsl:message>
    </xsl:if>
    <p class="citation" data-style="{if ($unit) then 'chicago-note' else 'chicago'}">
      <xsl:sequence select="f:link-url($given)"/>
    </p>
  </xsl:template>

  <!-- Text with its http(s) URLs as links (class permalink). -->
  <xsl:function name="f:link-url" as="node()*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:analyze-string select="$text" regex="https?://[^\s]*[^\s.,;)]">
      <xsl:matching-substring>
        <xsl:variable name="href" select="f:safe-url(.)"/>
        <xsl:choose>
          <xsl:when test="$href"><a class="permalink" href="{$href}"><xsl:value-of select="."/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:matching-substring>
      <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:function>
</xsl:stylesheet>
