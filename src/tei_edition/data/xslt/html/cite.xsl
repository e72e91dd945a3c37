<?xml version="1.0" encoding="UTF-8"?>
<!-- Citing: the per-paragraph cite control and the Chicago-style citation built from the header.
     The control works without JavaScript (a <details> with the citation text); assets/edition.js
     adds a copy button and, when citations.js exists (written by site.py from
     tei_edition.cite), a choice of every citation style. -->
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

  <!-- The citation of the edition or of one unit: tei_edition.cite's Chicago form when the build
       passed it in $cites, else one built here from the header. -->
  <xsl:template name="citation">
    <xsl:param name="unit" as="element()?" select="()"/>
    <xsl:variable name="url" select="f:permalink($base, $unit/@xml:id)"/>
    <xsl:variable name="given" select="if ($unit) then $cites?units?(string($unit/@xml:id)) else $cites?edition"/>
    <p class="citation" data-style="{if ($unit) then 'chicago-note' else 'chicago'}">
      <xsl:choose>
        <xsl:when test="$given instance of xs:string and normalize-space($given)">
          <xsl:sequence select="f:link-url($given)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="chicago-from-header">
            <xsl:with-param name="unit" select="$unit"/>
            <xsl:with-param name="url" select="$url"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
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

  <!-- A Chicago-style (notes and bibliography) reference built from the header. -->
  <xsl:template name="chicago-from-header">
    <xsl:param name="unit" as="element()?"/>
    <xsl:param name="url" as="xs:string"/>
    <xsl:value-of select="f:chicago-names($authors, true())"/>
    <xsl:text>. “</xsl:text><xsl:value-of select="$full-title"/><xsl:text>.” </xsl:text>
    <xsl:if test="exists($editors)">
      <xsl:value-of select="'Edited by ' || f:chicago-names($editors, false()) || '. '"/>
    </xsl:if>
    <xsl:text>TEI edition</xsl:text>
    <xsl:value-of select="string-join(('', $publisher[.], substring($pub-date, 1, 4)[.]), ', ')"/>
    <xsl:text>. </xsl:text>
    <xsl:if test="$unit">
      <xsl:value-of select="'Paragraph ' || c:n($unit) || '. '"/>
    </xsl:if>
    <a class="permalink" href="{$url}"><xsl:value-of select="$url"/></a>
    <xsl:text>.</xsl:text>
  </xsl:template>

  <!-- Names for a reference list: the first inverted ("Lawson, Tommy") when $invert, the rest as
       written, joined with commas and "and". -->
  <xsl:function name="f:chicago-names" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:param name="invert" as="xs:boolean"/>
    <xsl:variable name="first" select="$names[1]"/>
    <xsl:variable name="words" select="tokenize($first)"/>
    <xsl:variable name="lead" select="
      if ($invert and count($words) gt 1 and not(matches($first, '^the\s', 'i')))
      then $words[last()] || ', ' || string-join($words[position() lt last()], ' ')
      else $first"/>
    <xsl:variable name="all" select="($lead, $names[position() gt 1])"/>
    <xsl:sequence select="
      if (count($all) le 1) then string($all)
      else string-join($all[position() lt last()], ', ') || ' and ' || $all[last()]"/>
  </xsl:function>
</xsl:stylesheet>
