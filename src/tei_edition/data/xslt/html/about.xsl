<?xml version="1.0" encoding="UTF-8"?>
<!-- about.html: principles (projectDesc, editorialDecl), the key to the signs (emendations.xsl),
     the source and its reconstruction
     (sourceDesc, notesStmt), responsibility, the encoding manual (parameter $manual), how to
     cite, licence, downloads, revisions. Mode "manual" copies the manual fragment safely. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:h="http://www.w3.org/1999/xhtml"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="about" on-no-match="shallow-skip"/>
  <xsl:mode name="manual" on-no-match="shallow-skip"/>

  <xsl:template name="about-page">
    <xsl:variable name="enc" select="$header/tei:encodingDesc"/>
    <xsl:variable name="file" select="$header/tei:fileDesc"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'about.html'"/>
      <xsl:with-param name="heading" select="'About this edition'"/>
      <xsl:with-param name="description" select="'Editorial principles, sources, encoding and citation of ' || $full-title"/>
      <xsl:with-param name="content">
        <h1>About this edition</h1>
        <nav class="toc" aria-label="On this page">
          <ul class="inline">
            <li><a href="#principles">Principles</a></li>
            <li><a href="#signs">Key to the signs</a></li>
            <li><a href="#source">Source</a></li>
            <xsl:if test="normalize-space($manual)"><li><a href="#manual">Encoding manual</a></li></xsl:if>
            <li><a href="#cite">How to cite</a></li>
            <li><a href="#licence">Licence</a></li>
            <li><a href="#downloads">Downloads</a></li>
          </ul>
        </nav>
        <xsl:call-template name="about-section">
          <xsl:with-param name="id" select="'principles'"/>
          <xsl:with-param name="heading" select="'Editorial principles'"/>
          <xsl:with-param name="content" select="$enc/(tei:projectDesc | tei:samplingDecl | tei:editorialDecl)"/>
        </xsl:call-template>
        <xsl:call-template name="sign-key"/>
        <xsl:call-template name="about-section">
          <xsl:with-param name="id" select="'source'"/>
          <xsl:with-param name="heading" select="'The source and how the text was reconstructed'"/>
          <xsl:with-param name="content" select="$file/(tei:sourceDesc | tei:notesStmt)"/>
        </xsl:call-template>
        <xsl:call-template name="about-section">
          <xsl:with-param name="id" select="'responsibility'"/>
          <xsl:with-param name="heading" select="'Responsibility'"/>
          <xsl:with-param name="content" select="$file/(tei:titleStmt | tei:editionStmt)"/>
        </xsl:call-template>
        <xsl:if test="normalize-space($manual)">
          <xsl:variable name="fragment" select="parse-xml($manual)"/><!-- a document: parse-xml-fragment caps its input at 100,000 characters -->
          <xsl:variable name="top" select="min(($fragment//*[matches(local-name(), '^h[1-6]$')]
                                                ! xs:integer(substring(local-name(), 2)), 2))"/>
          <div id="manual" class="manual">
            <xsl:apply-templates select="$fragment" mode="manual">
              <xsl:with-param name="shift" select="2 - $top" tunnel="yes"/>
            </xsl:apply-templates>
          </div>
        </xsl:if>
        <xsl:call-template name="how-to-cite"/>
        <section id="licence" aria-labelledby="licence_h">
          <h2 id="licence_h">Licence</h2>
          <xsl:apply-templates select="$pub/tei:availability" mode="about"/>
          <xsl:if test="empty($pub/tei:availability)"><p>No licence is stated.</p></xsl:if>
        </section>
        <xsl:call-template name="downloads"/>
        <xsl:call-template name="about-section">
          <xsl:with-param name="id" select="'revisions'"/>
          <xsl:with-param name="heading" select="'Revisions'"/>
          <xsl:with-param name="content" select="$header/tei:revisionDesc"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="about-section">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="heading" as="xs:string"/>
    <xsl:param name="content" as="element()*"/>
    <xsl:if test="exists($content)">
      <section id="{$id}" aria-labelledby="{$id}_h">
        <h2 id="{$id}_h"><xsl:value-of select="$heading"/></h2>
        <xsl:apply-templates select="$content" mode="about"/>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Header prose. Containers pass through; paragraphs and lists go through mode text;
       named parts of editorialDecl and typed notes get a heading. -->
  <xsl:template match="tei:projectDesc | tei:samplingDecl | tei:editorialDecl | tei:sourceDesc
                       | tei:notesStmt | tei:revisionDesc | tei:availability | tei:licence[tei:p]" mode="about">
    <xsl:apply-templates mode="about"/>
  </xsl:template>

  <xsl:template match="tei:p | tei:list" mode="about">
    <xsl:apply-templates select="." mode="text"/>
  </xsl:template>

  <xsl:template match="tei:licence" mode="about">
    <p>
      <xsl:variable name="href" select="f:safe-url(@target)"/>
      <xsl:choose>
        <xsl:when test="$href"><a rel="license" href="{$href}"><xsl:apply-templates mode="text"/></a></xsl:when>
        <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

  <xsl:template match="tei:editorialDecl/* | tei:note" mode="about">
    <xsl:if test="self::tei:note[@type] or not(self::tei:note)">
      <h3><xsl:value-of select="(@type ! f:label(replace(., '[-_]', ' ')), f:label(local-name()))[1]"/></h3>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="tei:p | tei:list"><xsl:apply-templates mode="about"/></xsl:when>
      <xsl:otherwise><p><xsl:apply-templates mode="text"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:sourceDesc/tei:bibl | tei:sourceDesc/tei:biblStruct" mode="about">
    <p class="source-bibl"><xsl:apply-templates select="node()[not(self::tei:note)]" mode="text"/></p>
    <xsl:apply-templates select="tei:note" mode="about"/>
  </xsl:template>

  <xsl:template match="tei:listBibl" mode="about">
    <xsl:for-each select="tei:head[1]"><h3><xsl:apply-templates mode="text"/></h3></xsl:for-each>
    <ul><xsl:for-each select="tei:bibl"><li><xsl:apply-templates mode="text"/></li></xsl:for-each></ul>
  </xsl:template>

  <xsl:template match="tei:titleStmt" mode="about">
    <ul>
      <xsl:for-each select="tei:author"><li>Author: <xsl:value-of select="c:reading-text(.)"/></li></xsl:for-each>
      <xsl:for-each select="tei:editor"><li>Editors: <xsl:value-of select="c:reading-text(.)"/></li></xsl:for-each>
      <xsl:for-each select="tei:respStmt">
        <li><xsl:value-of select="f:label(normalize-space(tei:resp[1]))"/>: <xsl:value-of select="string-join((tei:name | tei:persName | tei:orgName) ! c:reading-text(.), ', ')"/></li>
      </xsl:for-each>
    </ul>
  </xsl:template>
  <xsl:template match="tei:editionStmt" mode="about">
    <p><xsl:apply-templates select="tei:edition/node()" mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:revisionDesc/tei:listChange | tei:revisionDesc[tei:change]" mode="about" priority="2">
    <ul><xsl:apply-templates select=".//tei:change" mode="about"/></ul>
  </xsl:template>
  <xsl:template match="tei:change" mode="about">
    <li>
      <xsl:if test="@when"><time datetime="{@when}"><xsl:value-of select="c:date(@when)"/></time>: </xsl:if>
      <xsl:apply-templates mode="text"/>
    </li>
  </xsl:template>

  <xsl:template name="how-to-cite">
    <section id="cite" aria-labelledby="cite_h">
      <h2 id="cite_h">How to cite</h2>
      <p>Cite the edition as:</p>
      <xsl:call-template name="citation"/>
      <p>Every paragraph and block quotation has a number, shown in the margin of
        <a href="index.html">the text</a>; it is stable across versions of the edition. To cite a
        passage, add the paragraph number and link to it as <code><xsl:value-of select="$c:example-unit ! c:permalink(.)"/></code>.
        The “Cite” control beside each paragraph gives the reference ready to copy.</p>
    </section>
  </xsl:template>

  <xsl:template name="downloads">
    <section id="downloads" aria-labelledby="downloads_h">
      <h2 id="downloads_h">Downloads</h2>
      <ul>
        <li><a href="{$tei-download}" type="application/tei+xml">The TEI P5 source of this edition (XML)</a></li>
        <xsl:choose>
          <xsl:when test="$pdf-volumes">
            <xsl:variable name="volumes" select="parse-json($pdf-volumes)?*"/>
            <li>The print edition (PDF), in <xsl:value-of select="count($volumes)"/> volumes:
              <ul>
                <xsl:for-each select="$volumes">
                  <li><a href="{?1}" type="application/pdf"><xsl:value-of select="?2"/></a></li>
                </xsl:for-each>
              </ul>
            </li>
          </xsl:when>
          <xsl:otherwise>
            <li><a href="{$pdf-download}" type="application/pdf">The print edition (PDF)</a></li>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$epub-download">
          <li><a href="{$epub-download}" type="application/epub+zip">The e-book (EPUB 3), for e-readers and reading apps</a></li>
        </xsl:if>
        <li><a href="search-index.js">The search index (JavaScript data)</a></li>
      </ul>
    </section>
  </xsl:template>

  <!-- The manual fragment: HTML elements rebuilt in the XHTML namespace, headings moved so its
       top heading is an h2 of this page; scripts, styles, event handlers and unsafe links are
       dropped. -->
  <xsl:template match="*" mode="manual">
    <xsl:param name="shift" as="xs:integer" select="0" tunnel="yes"/>
    <xsl:variable name="name" select="lower-case(local-name())"/>
    <xsl:variable name="level" select="if (matches($name, '^h[1-6]$')) then max((min((xs:integer(substring($name, 2)) + $shift, 6)), 2)) else 0"/>
    <xsl:choose>
      <xsl:when test="$name = ('script', 'style', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'form', 'head', 'title')"/>
      <xsl:when test="$name = ('html', 'body')"><xsl:apply-templates mode="manual"/></xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if ($level) then 'h' || $level else $name}" namespace="http://www.w3.org/1999/xhtml">
          <xsl:apply-templates select="@*" mode="manual"/>
          <xsl:apply-templates mode="manual"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="text()" mode="manual"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="@*" mode="manual">
    <xsl:if test="not(matches(local-name(), '^on|^style$', 'i'))"><xsl:copy/></xsl:if>
  </xsl:template>
  <xsl:template match="@href | @src" mode="manual">
    <xsl:variable name="v" select="normalize-space(.)"/>
    <xsl:if test="f:safe-url($v) or matches($v, '^#[\w.:-]*$|^[\w.-]+\.html(#[\w.:-]*)?$')">
      <xsl:attribute name="{local-name()}" select="$v"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
