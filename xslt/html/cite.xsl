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
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- The context item is the citable unit. -->
  <xsl:template name="cite-control">
    <details class="cite" data-pid="{@xml:id}" data-n="{@n}">
      <summary>Cite<span class="visually-hidden"> paragraph <xsl:value-of select="@n"/></span></summary>
      <div class="cite-panel">
        <xsl:call-template name="citation">
          <xsl:with-param name="unit" select="."/>
        </xsl:call-template>
      </div>
    </details>
  </xsl:template>

  <!-- A Chicago-style (notes and bibliography) reference to the edition or one of its units. -->
  <xsl:template name="citation">
    <xsl:param name="unit" as="element()?" select="()"/>
    <xsl:variable name="url" select="f:permalink($base, $unit/@xml:id)"/>
    <p class="citation" data-style="chicago">
      <xsl:value-of select="f:chicago-names($authors, true())"/>
      <xsl:text>. “</xsl:text><xsl:value-of select="$full-title"/><xsl:text>.” </xsl:text>
      <xsl:if test="exists($editors)">
        <xsl:value-of select="'Edited by ' || f:chicago-names($editors, false()) || '. '"/>
      </xsl:if>
      <xsl:text>TEI edition</xsl:text>
      <xsl:value-of select="string-join(('', $publisher[.], substring($pub-date, 1, 4)[.]), ', ')"/>
      <xsl:text>. </xsl:text>
      <xsl:if test="$unit">
        <xsl:value-of select="'Paragraph ' || $unit/@n || '. '"/>
      </xsl:if>
      <a class="permalink" href="{$url}"><xsl:value-of select="$url"/></a>
      <xsl:text>.</xsl:text>
    </p>
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
