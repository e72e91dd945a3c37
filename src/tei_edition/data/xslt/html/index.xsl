<?xml version="1.0" encoding="UTF-8"?>
<!-- index.html (title block, abstract, contents, the whole reading text, notes) and
     search.html (a form; results come from assets/search.js over search-index.js). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="toc" on-no-match="shallow-skip"/>

  <xsl:template name="index-page">
    <xsl:variable name="abstract" select="$header/tei:profileDesc/tei:abstract"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'index.html'"/>
      <xsl:with-param name="heading" select="$title"/>
      <xsl:with-param name="description" select="(normalize-space($abstract)[.], $full-title)[1]"/>
      <xsl:with-param name="scripts" select="('cards.js', 'citations.js'[$citation-data])"/>
      <xsl:with-param name="content">
        <article class="edition">
          <header class="title-block">
            <h1><xsl:value-of select="$title"/></h1>
            <xsl:if test="$subtitle"><p class="subtitle"><xsl:value-of select="$subtitle"/></p></xsl:if>
            <p class="author"><xsl:value-of select="string-join($authors, ', ')"/></p>
            <xsl:if test="exists($editors)">
              <p class="editors">Edited by <xsl:value-of select="string-join($editors ! c:in-sentence(.), ', ')"/></p>
            </xsl:if>
            <xsl:if test="$source-bibl">
              <p class="source">Source: <xsl:apply-templates select="$source-bibl/node()[not(self::tei:note)]" mode="text"/></p>
            </xsl:if>
          </header>
          <xsl:if test="normalize-space($abstract)">
            <section class="abstract" aria-labelledby="abstract_h">
              <h2 id="abstract_h">Abstract</h2>
              <xsl:apply-templates select="$abstract/node()" mode="abstract"/>
            </section>
          </xsl:if>
          <nav class="toc" aria-labelledby="toc_h">
            <h2 id="toc_h">Contents</h2>
            <ol><xsl:apply-templates select="$tei/tei:text/tei:body/tei:div" mode="toc"/></ol>
          </nav>
          <div class="reading-text">
            <xsl:sequence select="f:lang($tei/tei:text/tei:body)"/>
            <xsl:apply-templates select="$tei/tei:text/tei:body/node()" mode="text"/>
          </div>
          <xsl:call-template name="notes"/>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The abstract: its paragraphs, or its text as one paragraph. -->
  <xsl:template match="tei:p" mode="abstract">
    <p><xsl:apply-templates mode="text"/></p>
  </xsl:template>
  <xsl:template match="text()[normalize-space()]" mode="abstract">
    <p><xsl:value-of select="."/></p>
  </xsl:template>
  <xsl:template match="node()" mode="abstract"/>

  <xsl:template match="tei:div" mode="toc">
    <xsl:variable name="first" select="(.//*[c:is-unit(.)])[1]"/>
    <li>
      <a href="#{(@xml:id, $first/@xml:id)[1]}">
        <xsl:sequence select="f:lang(tei:head[not(@type = 'short')][1])"/>
        <xsl:value-of select="c:section-title(.)"/>
      </a>
      <xsl:if test="$first">
        <span class="toc-range"><xsl:text> </xsl:text><xsl:sequence select="f:spoken-label($first)"/></span>
      </xsl:if>
      <xsl:if test="tei:div">
        <ol><xsl:apply-templates select="tei:div" mode="toc"/></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="search-page">
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'search.html'"/>
      <xsl:with-param name="heading" select="'Search'"/>
      <xsl:with-param name="description" select="'Full-text search of ' || $full-title"/>
      <xsl:with-param name="scripts" select="('search-index.js', 'assets/search.js')"/>
      <xsl:with-param name="content">
        <h1>Search</h1>
        <form class="search-form" role="search" aria-label="Search the text" action="search.html" method="get">
          <label for="q">Words to find (all must occur in a paragraph; a word also matches its beginning)</label>
          <input id="q" name="q" type="search" autocomplete="off"/>
          <button type="submit">Search</button>
        </form>
        <p id="search-status" class="search-status" role="status" aria-live="polite">
          <noscript>Search needs JavaScript. The whole text is on one page: use your browser's find (Ctrl+F) on <a href="index.html">the text</a>.</noscript>
        </p>
        <ol id="search-results" class="search-results"></ol>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
