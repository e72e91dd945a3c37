<?xml version="1.0" encoding="UTF-8"?>
<!-- EPUB: the container, the navigation document (contents, a list of the citable units as the
     page list, landmarks) and the package document (metadata from the header, accessibility
     metadata, manifest and spine). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:epub="http://www.idpf.org/2007/ops"
  xmlns:opf="http://www.idpf.org/2007/opf"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="nav" on-no-match="shallow-skip"/>

  <!-- The content documents in reading order (the spine). -->
  <xsl:variable name="spine" as="xs:string*" select="('title.xhtml', 'nav.xhtml', 'index.html', $back-matter ! ?file) ! f:xhtml(.)"/>

  <xsl:template name="container">
    <xsl:result-document href="META-INF/container.xml" format="xml">
      <container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
        <rootfiles>
          <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
        </rootfiles>
      </container>
    </xsl:result-document>
  </xsl:template>

  <xsl:template name="nav-document">
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'nav.xhtml'"/>
      <xsl:with-param name="heading" select="'Contents'"/>
      <xsl:with-param name="matter" select="'frontmatter'"/>
      <xsl:with-param name="type" select="()"/>
      <xsl:with-param name="content">
        <nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-h">
          <h1 id="toc-h">Contents</h1>
          <ol>
            <li><a href="title.xhtml">Title page and colophon</a></li>
            <xsl:apply-templates select="$tei/tei:text/tei:body/tei:div" mode="nav"/>
            <xsl:for-each select="$back-matter">
              <li><a href="{?file}"><xsl:value-of select="?title"/></a></li>
            </xsl:for-each>
          </ol>
        </nav>
        <!-- The page list: the citable units, by the number printed in their margin (the same
             in the web edition, the print edition and the TEI), at the page-break markers that
             open the units. The print edition's pages depend on the paper size and break inside
             paragraphs; the units are this edition's own reference points. The package names the
             published TEI as the source of this pagination. -->
        <nav epub:type="page-list" role="doc-pagelist" aria-label="Paragraphs" hidden="hidden">
          <ol>
            <xsl:for-each select="$c:units">
              <li><a href="index.html#pb_{c:n(.)}"><xsl:value-of select="c:n(.)"/></a></li>
            </xsl:for-each>
          </ol>
        </nav>
        <nav epub:type="landmarks" aria-label="Landmarks" hidden="hidden">
          <ol>
            <li><a epub:type="titlepage" href="title.xhtml">Title page</a></li>
            <li><a epub:type="toc" href="nav.xhtml#toc">Contents</a></li>
            <li><a epub:type="bodymatter" href="index.html">Text</a></li>
            <xsl:if test="$back-matter?file = 'bibliography.html'">
              <li><a epub:type="bibliography" href="bibliography.html">Bibliography</a></li>
            </xsl:if>
          </ol>
        </nav>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A section of the text, as the web edition's contents name it (c:section-title). -->
  <xsl:template match="tei:div" mode="nav">
    <li>
      <a href="index.html#{@xml:id}">
        <xsl:sequence select="f:lang(tei:head[not(@type = 'short')][1])"/>
        <xsl:value-of select="c:section-title(.)"/>
      </a>
      <xsl:if test="tei:div[@xml:id]">
        <ol><xsl:apply-templates select="tei:div[@xml:id]" mode="nav"/></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="package-document">
    <xsl:variable name="licence-url" select="f:safe-url($licence/@target)"/>
    <xsl:result-document href="EPUB/package.opf" format="xml">
      <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{$lang}">
        <metadata>
          <xsl:namespace name="dc" select="'http://purl.org/dc/elements/1.1/'"/>
          <dc:identifier id="uid"><xsl:value-of select="$base"/></dc:identifier>
          <dc:title><xsl:value-of select="$full-title"/></dc:title>
          <xsl:for-each select="$authors">
            <dc:creator id="author-{position()}"><xsl:value-of select="."/></dc:creator>
            <meta refines="#author-{position()}" property="role" scheme="marc:relators">aut</meta>
          </xsl:for-each>
          <xsl:for-each select="$editors">
            <dc:contributor id="editor-{position()}"><xsl:value-of select="."/></dc:contributor>
            <meta refines="#editor-{position()}" property="role" scheme="marc:relators">edt</meta>
          </xsl:for-each>
          <xsl:if test="$publisher"><dc:publisher><xsl:value-of select="$publisher"/></dc:publisher></xsl:if>
          <dc:date><xsl:value-of select="$pub-date"/></dc:date>
          <meta property="dcterms:modified"><xsl:value-of select="$pub-date || 'T00:00:00Z'"/></meta>
          <dc:language><xsl:value-of select="$lang"/></dc:language>
          <xsl:variable name="abstract" select="c:reading-text($header/tei:profileDesc/tei:abstract)"/>
          <xsl:if test="$abstract"><dc:description><xsl:value-of select="$abstract"/></dc:description></xsl:if>
          <xsl:for-each select="$header/tei:profileDesc/tei:textClass/tei:keywords/tei:term">
            <dc:subject><xsl:value-of select="c:reading-text(.)"/></dc:subject>
          </xsl:for-each>
          <xsl:if test="$source-bibl">
            <dc:source><xsl:value-of select="c:reading-text($source-bibl)"/></dc:source>
          </xsl:if>
          <!-- the source of the page list: the published TEI, whose unit numbers it follows -->
          <dc:source id="pagination"><xsl:value-of select="resolve-uri('downloads/' || $tei-file, $base)"/></dc:source>
          <meta refines="#pagination" property="source-of">pagination</meta>
          <xsl:if test="$licence">
            <dc:rights><xsl:value-of select="c:reading-text($licence)"/></dc:rights>
          </xsl:if>
          <xsl:if test="$licence-url">
            <link rel="dcterms:license" href="{$licence-url}"/>
          </xsl:if>
          <xsl:call-template name="accessibility-metadata"/>
        </metadata>
        <manifest>
          <xsl:for-each select="$spine">
            <item id="{substring-before(., '.xhtml')}" href="{.}" media-type="application/xhtml+xml">
              <xsl:if test=". = 'nav.xhtml'"><xsl:attribute name="properties" select="'nav'"/></xsl:if>
            </item>
          </xsl:for-each>
          <item id="css" href="edition.css" media-type="text/css"/>
        </manifest>
        <spine>
          <xsl:for-each select="$spine">
            <itemref idref="{substring-before(., '.xhtml')}"/>
          </xsl:for-each>
        </spine>
      </package>
    </xsl:result-document>
  </xsl:template>

  <!-- Accessibility metadata (schema.org, EPUB Accessibility 1.1): what the tests check
       (epubcheck, Ace by DAISY) and what the edition does. -->
  <xsl:template name="accessibility-metadata">
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessMode">textual</meta>
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessModeSufficient">textual</meta>
    <xsl:for-each select="('structuralNavigation', 'tableOfContents', 'readingOrder', 'index', 'pageNavigation', 'ARIA')">
      <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessibilityFeature"><xsl:value-of select="."/></meta>
    </xsl:for-each>
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessibilityHazard">none</meta>
    <meta xmlns="http://www.idpf.org/2007/opf" property="schema:accessibilitySummary">Text only:
      no images, audio or video. Headings, a table of contents and a page list give structural
      navigation; the page list goes to the numbered paragraphs, the edition's reference points (the
      same numbers as in the web and print editions), not to print pages. Every note, name and
      reference is a link, and every register entry links back to the paragraphs that mention it.</meta>
    <meta xmlns="http://www.idpf.org/2007/opf" property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>
    <xsl:if test="$publisher">
      <meta xmlns="http://www.idpf.org/2007/opf" property="a11y:certifiedBy"><xsl:value-of select="$publisher"/></meta>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
