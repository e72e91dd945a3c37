<?xml version="1.0" encoding="UTF-8"?>
<!-- EPUB: the page shell, the title page and the text (index.html), and the overrides of the
     web edition's text templates: notes become EPUB footnotes, the cite control goes. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:epub="http://www.idpf.org/2007/ops"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- The shell of every content document (the web edition's register and bibliography pages
       call it too). $type: the epub:type of the body's section, with its DPUB-ARIA role. -->
  <xsl:template name="page">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="heading" as="xs:string"/>
    <xsl:param name="description" as="xs:string" select="''"/>
    <xsl:param name="head" as="node()*" select="()"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <xsl:param name="class" as="xs:string" select="''"/>
    <xsl:param name="matter" as="xs:string" select="'backmatter'"/>
    <xsl:param name="type" as="xs:string?" select="f:section-type($file)"/>
    <xsl:result-document href="EPUB/{f:xhtml($file)}" format="xhtml">
      <html lang="{$lang}" xml:lang="{$lang}">
        <xsl:namespace name="epub" select="$epub-ns"/>
        <head>
          <meta charset="utf-8"/>
          <title><xsl:value-of select="string-join(($heading[. != $title], $title), ' — ')"/></title>
          <link rel="stylesheet" type="text/css" href="edition.css"/>
        </head>
        <body epub:type="{$matter}">
          <section aria-label="{$heading}">
            <xsl:if test="$type">
              <xsl:attribute name="epub:type" select="$type"/>
              <xsl:attribute name="role" select="'doc-' || $type"/>
            </xsl:if>
            <xsl:apply-templates select="$content" mode="epub"/>
          </section>
        </body>
      </html>
    </xsl:result-document>
  </xsl:template>

  <!-- The EPUB's name of a content document: the web page's name, with the extension EPUB
       expects (index.html → index.xhtml). -->
  <xsl:function name="f:xhtml" as="xs:string">
    <xsl:param name="file" as="xs:string"/>
    <xsl:sequence select="replace($file, '\.html$', '.xhtml')"/>
  </xsl:function>

  <!-- Mode "epub": the web templates' markup as the EPUB needs it. Links to the web pages
       (persons.html#miasnikov) go to the EPUB's documents (only relative links to a page of
       ours have that form); each unit begins with the marker the page list points to. -->
  <xsl:mode name="epub" on-no-match="shallow-copy"/>
  <xsl:template match="@href[matches(., '^[a-z][a-z-]*\.html(#|$)')]" mode="epub">
    <xsl:attribute name="href" select="replace(., '^([a-z][a-z-]*)\.html', '$1.xhtml')"/>
  </xsl:template>
  <xsl:template match="*:div[@class = 'unit'][matches(@id, '^p[0-9]+$')]" mode="epub">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="epub"/>
      <span id="pb_{substring(@id, 2)}" epub:type="pagebreak" role="doc-pagebreak" aria-label="{substring(@id, 2)}"/>
      <xsl:apply-templates mode="epub"/>
    </xsl:copy>
  </xsl:template>

  <!-- The DPUB-ARIA name of a page's section: the bibliography and the appendices (registers,
       events, glossary); () for the text and the title page. -->
  <xsl:function name="f:section-type" as="xs:string?">
    <xsl:param name="file" as="xs:string"/>
    <xsl:sequence select="if ($file = 'bibliography.html') then 'bibliography'
                          else if ($file = ('index.html', 'title.xhtml')) then () else 'appendix'"/>
  </xsl:function>

  <xsl:template name="title-page">
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'title.xhtml'"/>
      <xsl:with-param name="heading" select="$title"/>
      <xsl:with-param name="matter" select="'frontmatter'"/>
      <xsl:with-param name="content">
        <header class="title-block" epub:type="titlepage">
          <h1><xsl:value-of select="$title"/></h1>
          <xsl:if test="$subtitle"><p class="subtitle"><xsl:value-of select="$subtitle"/></p></xsl:if>
          <p class="author"><xsl:value-of select="string-join($authors, ', ')"/></p>
          <xsl:if test="exists($editors)">
            <p class="editors">Edited by <xsl:value-of select="string-join($editors ! c:in-sentence(.), ', ')"/></p>
          </xsl:if>
          <p class="imprint">
            <xsl:value-of select="string-join(($publisher[.], c:date($pub-date)[.]), ', ')"/>
          </p>
        </header>
        <xsl:variable name="abstract" select="$header/tei:profileDesc/tei:abstract"/>
        <xsl:if test="normalize-space($abstract)">
          <section class="abstract" aria-labelledby="abstract_h">
            <h2 id="abstract_h">Abstract</h2>
            <xsl:apply-templates select="$abstract/node()" mode="abstract"/>
          </section>
        </xsl:if>
        <section class="colophon" epub:type="colophon" role="doc-colophon" aria-labelledby="colophon_h">
          <h2 id="colophon_h">About this edition</h2>
          <xsl:if test="$source-bibl">
            <p class="source">Source: <xsl:apply-templates select="$source-bibl/node()[not(self::tei:note)]" mode="text"/></p>
          </xsl:if>
          <p>Every paragraph and block quotation carries its number in the margin: the same number as in
            the web edition (<code><xsl:value-of select="$c:example-unit ! c:permalink(.)"/></code> is
            paragraph <xsl:value-of select="$c:example-unit ! c:n(.)"/>), the print edition and the TEI.</p>
          <h3>How to cite</h3>
          <xsl:call-template name="citation"/>
          <h3>Licence</h3>
          <xsl:apply-templates select="$pub/tei:availability" mode="about"/>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The text, as in the web edition's index.html (title, sections, units, notes). -->
  <xsl:template name="text-page">
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'index.html'"/>
      <xsl:with-param name="heading" select="$title"/>
      <xsl:with-param name="matter" select="'bodymatter'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$title"/></h1>
        <xsl:if test="$subtitle"><p class="subtitle"><xsl:value-of select="$subtitle"/></p></xsl:if>
        <p class="author"><xsl:value-of select="string-join($authors, ', ')"/></p>
        <div class="reading-text">
          <xsl:sequence select="f:lang($tei/tei:text/tei:body)"/>
          <xsl:apply-templates select="$tei/tei:text/tei:body/node()" mode="text"/>
        </div>
        <!-- notes outside the units (in a heading): after the text -->
        <xsl:for-each select="$tei/tei:text/tei:body//tei:note[empty(c:unit(.))]">
          <xsl:call-template name="footnote"/>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A note's reference: as in the web edition, marked as an EPUB note reference. -->
  <xsl:template match="tei:note[ancestor::tei:body]" mode="text">
    <sup class="noteref noteref-{f:note-class(.)}"><a id="nr_{f:note-id(.)}" href="#{f:note-id(.)}" epub:type="noteref"
      role="doc-noteref"><xsl:sequence select="f:sr(c:note-kind(.) || ' ')"/><xsl:value-of select="c:note-label(.)"/></a></sup>
  </xsl:template>

  <!-- Where the web edition puts a unit's cite control, the EPUB puts the unit's notes, as
       footnotes (reading systems show them where they are referenced). -->
  <xsl:template name="cite-control">
    <xsl:for-each select=".//tei:note[c:unit(.) is current()]">
      <xsl:call-template name="footnote"/>
    </xsl:for-each>
  </xsl:template>

  <!-- A footnote as the web edition's note: label, kind, text, sources, and a link back to
       its reference. -->
  <xsl:template name="footnote">
    <aside id="{f:note-id(.)}" class="footnote footnote-{f:note-class(.)}" epub:type="footnote" role="doc-footnote">
      <!-- a note of paragraphs brings its own <p>s, which a <p> around them could not hold -->
      <xsl:element name="{if (tei:p) then 'div' else 'p'}">
        <xsl:call-template name="note-content"/>
        <xsl:text> </xsl:text>
        <a class="backlink" href="#nr_{f:note-id(.)}" role="doc-backlink">
          <span aria-hidden="true">↩</span><xsl:sequence select="f:sr('Back to note ' || c:note-label(.))"/>
        </a>
      </xsl:element>
    </aside>
  </xsl:template>
</xsl:stylesheet>
