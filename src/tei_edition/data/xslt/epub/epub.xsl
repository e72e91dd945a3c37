<?xml version="1.0" encoding="UTF-8"?>
<!-- EPUB 3 edition: entry point. Imports the web edition whole (html/site.xsl), so the text,
     the registers and the bibliography come from the very templates that write the web pages;
     this module and its includes override what differs in an EPUB: the page shell (XHTML, no
     scripts, no site navigation), the notes (EPUB footnotes), no cite controls, and the
     package (OPF) and navigation documents. Every content document keeps the web page's file
     name, as .xhtml (index.xhtml, persons.xhtml …): the links the web templates make are
     rewritten to them, anchors and all.
     Files are written with xsl:result-document below the output folder; Python zips them. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:epub="http://www.idpf.org/2007/ops"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:import href="../html/site.xsl"/>
  <xsl:include href="pages.xsl"/>
  <xsl:include href="back.xsl"/>
  <xsl:include href="package.xsl"/>

  <!-- NFC, as the web edition's pages (html/layout.xsl): the master may spell a letter decomposed -->
  <xsl:output name="xhtml" method="xhtml" html-version="5" encoding="UTF-8" indent="no"
              omit-xml-declaration="no" normalization-form="NFC"/>
  <xsl:output name="xml" method="xml" encoding="UTF-8" indent="yes"/>

  <!-- The file name of the published TEI (the site has it in downloads/). -->
  <xsl:param name="tei-file" as="xs:string" select="'edition.xml'"/>

  <xsl:variable name="epub-ns" select="'http://www.idpf.org/2007/ops'"/>
  <xsl:variable name="lang" select="string(($tei/@xml:lang, 'en')[1])"/>

  <!-- Back matter in reading order: the emendations, the registers of the web edition, then
     (when the TEI has them) the register of events and the glossary, the bibliography and the
     works consulted. Each: file (the web page's), title, entries, kind. -->
  <xsl:variable name="back-matter" as="map(*)*" select="(
    map{'file':'emendations.html', 'title': $c:register-titles?emendations, 'kind':'emendations',
        'entries': c:interventions($tei)}[exists(?entries)],
    $registers[exists(?entries)] ! map:put(., 'kind', 'register'),
    map{'file':'events.html', 'title': $c:register-titles?listEvent, 'entries': $events, 'kind':'events'}[exists($events)],
    map{'file':'glossary.html', 'title': $c:register-titles?gloss, 'entries': $glossary, 'kind':'glossary'}[exists($glossary)],
    map{'file':'bibliography.html', 'title':'Bibliography', 'kind':'bibliography',
        'entries': $tei/tei:text/tei:back/tei:div[@type = 'bibliography']//tei:listBibl/*}[exists(?entries)],
    map{'file':'sources.html', 'title': $c:register-titles?consulted, 'kind':'sources',
        'entries': c:works-consulted($tei)}[exists(?entries)])"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>

  <xsl:template match="/">
    <xsl:call-template name="container"/>
    <xsl:call-template name="title-page"/>
    <xsl:call-template name="text-page"/>
    <xsl:for-each select="$back-matter">
      <xsl:call-template name="back-page">
        <xsl:with-param name="part" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="nav-document"/>
    <xsl:call-template name="package-document"/>
  </xsl:template>
</xsl:stylesheet>
