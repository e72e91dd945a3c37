<?xml version="1.0" encoding="UTF-8"?>
<!-- The page shell shared by every page: head, banner with navigation and search, footer. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:variable name="nav" as="map(*)*" select="(
    map{'file':'index.html', 'label':'Text'},
    map{'file':'persons.html', 'label': $c:register-titles?listPerson},
    map{'file':'places.html', 'label': $c:register-titles?listPlace},
    map{'file':'organisations.html', 'label': $c:register-titles?listOrg},
    map{'file':'events.html', 'label': $c:register-titles?listEvent},
    map{'file':'glossary.html', 'label': $c:register-titles?gloss},
    map{'file':'bibliography.html', 'label':'Bibliography'},
    map{'file':'sources.html', 'label':'Works consulted'},
    map{'file':'chronology.html', 'label':'Chronology'},
    map{'file':'emendations.html', 'label': $c:register-titles?emendations},
    map{'file':'about.html', 'label':'About'})"/>

  <!-- Write one page. $content goes into <main>; $head into <head> after the common part. -->
  <xsl:template name="page">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="heading" as="xs:string"/>
    <xsl:param name="description" as="xs:string" select="''"/>
    <xsl:param name="head" as="node()*" select="()"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <!-- A class of <main> for a page that needs another layout (e.g. 'wide'), or empty. -->
    <xsl:param name="class" as="xs:string" select="''"/>
    <!-- NFC: the master may spell a letter decomposed (e + U+0301, which the print fonts set);
         a web page is expected in Normalization Form C (vnu warns), the same text to a reader -->
    <xsl:result-document href="{$file}" method="html" html-version="5" encoding="UTF-8" indent="no"
                         normalization-form="NFC">
      <html lang="{($tei/@xml:lang, 'en')[1]}">
        <head>
          <meta charset="utf-8"/>
          <meta name="viewport" content="width=device-width, initial-scale=1"/>
          <title><xsl:value-of select="string-join(($heading[. != $title], $title), ' — ')"/></title>
          <xsl:if test="$description">
            <meta name="description" content="{$description}"/>
          </xsl:if>
          <xsl:if test="$base">
            <link rel="canonical" href="{if ($file = 'index.html') then $base else resolve-uri($file, $base)}"/>
          </xsl:if>
          <link rel="icon" href="assets/favicon.svg" type="image/svg+xml"/>
          <link rel="stylesheet" href="assets/edition.css"/>
          <link rel="stylesheet" href="assets/print.css" media="print"/>
          <xsl:call-template name="metadata">
            <xsl:with-param name="file" select="$file"/>
            <xsl:with-param name="heading" select="$heading"/>
          </xsl:call-template>
          <xsl:sequence select="$head"/>
          <xsl:for-each select="($scripts, 'assets/edition.js')">
            <script src="{.}" defer=""></script>
          </xsl:for-each>
        </head>
        <body>
          <a class="skip-link" href="#_main">Skip to content</a>
          <xsl:call-template name="banner">
            <xsl:with-param name="file" select="$file"/>
          </xsl:call-template>
          <main id="_main" tabindex="-1">
            <xsl:if test="$class"><xsl:attribute name="class" select="$class"/></xsl:if>
            <xsl:sequence select="$content"/>
          </main>
          <xsl:call-template name="footer"/>
        </body>
      </html>
    </xsl:result-document>
  </xsl:template>

  <xsl:template name="banner">
    <xsl:param name="file" as="xs:string"/>
    <header class="site-header">
      <p class="site-title"><a href="index.html"><xsl:value-of select="$title"/></a></p>
      <nav class="site-nav" aria-label="Edition">
        <ul>
          <xsl:for-each select="$nav">
            <li>
              <a href="{?file}">
                <xsl:if test="?file = $file"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                <xsl:value-of select="?label"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
      <form class="site-search" role="search" aria-label="Quick search" action="search.html" method="get">
        <label for="q_top">Search the text</label>
        <input id="q_top" name="q" type="search" autocomplete="off"/>
        <button type="submit">Search</button>
      </form>
    </header>
  </xsl:template>

  <xsl:template name="footer">
    <footer class="site-footer">
      <p>
        <xsl:value-of select="string-join($authors, ', ')"/>
        <xsl:text>, </xsl:text><cite><xsl:value-of select="$full-title"/></cite>
        <xsl:if test="$publisher">
          <xsl:text>. Edition published by </xsl:text><xsl:value-of select="c:in-sentence($publisher)"/>
        </xsl:if>
        <xsl:if test="$pub-date">
          <xsl:text>, </xsl:text><xsl:value-of select="c:date($pub-date)"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <xsl:if test="$licence">
        <p class="licence">
          <xsl:text>Licence: </xsl:text>
          <xsl:variable name="href" select="f:safe-url($licence/@target)"/>
          <xsl:choose>
            <xsl:when test="$href"><a rel="license" href="{$href}"><xsl:value-of select="c:reading-text($licence)"/></a></xsl:when>
            <xsl:otherwise><xsl:value-of select="c:reading-text($licence)"/></xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:if>
      <p><a href="about.html#cite">How to cite</a> · <a href="about.html#downloads">Downloads (TEI, PDF<xsl:if test="$epub-download">, EPUB</xsl:if>)</a></p>
    </footer>
  </xsl:template>

  <!-- A visually hidden text for assistive technology. -->
  <xsl:function name="f:sr" as="element()">
    <xsl:param name="text" as="xs:string"/>
    <span class="visually-hidden"><xsl:value-of select="$text"/></span>
  </xsl:function>
</xsl:stylesheet>
