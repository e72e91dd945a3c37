<?xml version="1.0" encoding="UTF-8"?>
<!-- sources.html: the works consulted by the editors (standOff/listBibl[@type='consulted']),
     apart from the essay's own bibliography, grouped by type, each a full citation with links
     back to the facts that cite it; and the short citations that stand beside those facts on
     the register pages, the events, the glossary and the notes ("Life dates: Wikipedia,
     “Gavril Myasnikov”"), each a link to its full entry. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template name="sources-page">
    <xsl:variable name="works" select="c:works-consulted($tei)"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'sources.html'"/>
      <xsl:with-param name="heading" select="$c:register-titles?consulted"/>
      <xsl:with-param name="description" select="'The works the editors of ' || $full-title || ' consulted for the registers, events, glossary and notes'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$c:register-titles?consulted"/></h1>
        <p class="lede">
          <xsl:value-of select="count($works) || (if (count($works) = 1) then ' work' else ' works')
            || ' the editors consulted for the apparatus of this edition: life dates, coordinates, identifiers and descriptions in the registers, the events, the glossary and the notes. Each entry lists what cites it. The works the essay itself cites are in the '"/>
          <a href="bibliography.html">bibliography</a>
          <xsl:text>.</xsl:text>
        </p>
        <xsl:if test="$works">
          <nav class="toc" aria-label="Types of work">
            <ul class="inline">
              <xsl:for-each select="c:work-groups($works)">
                <li><a href="#sources_{.}"><xsl:value-of select="c:work-type-label(.)"/></a></li>
              </xsl:for-each>
            </ul>
          </nav>
        </xsl:if>
        <xsl:for-each select="c:work-groups($works)">
          <xsl:variable name="type" select="."/>
          <xsl:variable name="group" select="$works[string(@type) = $type]"/>
          <section class="bibliography sources" id="sources_{$type}" aria-labelledby="sources_{$type}_h">
            <h2 id="sources_{$type}_h"><xsl:value-of select="c:work-type-label($type) || ' (' || count($group) || ')'"/></h2>
            <ul class="bibl-list">
              <xsl:for-each select="$group">
                <li class="bibl-entry" id="{@xml:id}">
                  <p class="bibl-text"><xsl:apply-templates mode="text"/></p>
                  <dl class="bibl-meta">
                    <xsl:call-template name="cited-for"/>
                  </dl>
                </li>
              </xsl:for-each>
            </ul>
          </section>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Links back from a work consulted to what cites it: register entries, events, glossary
       terms (with the facts it supports) and notes. -->
  <xsl:template name="cited-for">
    <xsl:variable name="facts" select="key('sourcing', string(@xml:id))"/>
    <dt>Cited for</dt>
    <dd>
      <xsl:choose>
        <xsl:when test="$facts">
          <ul class="cited-for">
            <xsl:for-each-group select="$facts" group-by="generate-id(f:fact-owner(.))">
              <xsl:variable name="owner" select="f:fact-owner(.)"/>
              <li>
                <xsl:call-template name="owner-link"><xsl:with-param name="owner" select="$owner"/></xsl:call-template>
                <xsl:if test="not($owner/self::tei:note)">
                  <xsl:value-of select="': ' || f:lower-first(f:fact-labels(current-group()))"/>
                </xsl:if>
              </li>
            </xsl:for-each-group>
          </ul>
        </xsl:when>
        <xsl:otherwise>nothing in this edition cites it</xsl:otherwise>
      </xsl:choose>
    </dd>
  </xsl:template>

  <!-- What a sourced fact belongs to: its register entry, event, glossary item or note. -->
  <xsl:function name="f:fact-owner" as="element()">
    <xsl:param name="fact" as="element()"/>
    <xsl:sequence select="($fact/ancestor-or-self::*[self::tei:person or self::tei:personGrp or self::tei:place
      or self::tei:org or self::tei:event or self::tei:item or self::tei:note[ancestor::tei:body]][1], $fact)[1]"/>
  </xsl:function>

  <xsl:template name="owner-link">
    <xsl:param name="owner" as="element()"/>
    <xsl:choose>
      <xsl:when test="$owner/self::tei:note[ancestor::tei:body]">
        <a href="index.html#{f:note-id($owner)}"><xsl:value-of select="c:note-kind($owner) || ' ' || c:note-label($owner)"/></a>
        <xsl:for-each select="c:unit($owner)"> (<xsl:sequence select="f:spoken-label(.)"/>)</xsl:for-each>
      </xsl:when>
      <xsl:when test="f:page-of($owner) and $owner/@xml:id">
        <a href="{f:page-of($owner)}#{$owner/@xml:id}"><xsl:sequence select="f:name-lang($owner)"/><xsl:value-of select="f:name($owner)"/></a>
        <xsl:value-of select="' (' || f:kind($owner) || ')'"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="c:fact-label($owner)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The facts' names joined: "Life dates, Wikipedia article" (a birth and a death together
       are life dates). -->
  <xsl:function name="f:fact-labels" as="xs:string">
    <xsl:param name="facts" as="element()*"/>
    <xsl:variable name="labels" select="distinct-values($facts ! c:fact-label(.))"/>
    <xsl:variable name="joined" select="if ($labels = 'Birth' and $labels = 'Death')
      then ('Life dates', $labels[not(. = ('Birth', 'Death'))]) else $labels"/>
    <xsl:sequence select="string-join(($joined[1], $joined[position() gt 1] ! f:lower-first(.)), ', ')"/>
  </xsl:function>
  <xsl:function name="f:lower-first" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (matches($s, '^(Wikipedia|GeoNames)')) then $s else lower-case(substring($s, 1, 1)) || substring($s, 2)"/>
  </xsl:function>

  <!-- dt/dd "Sources" of the context entry (a register entry, an event, a glossary item): for
       the entry itself and each of its parts that cite works consulted (@source) or restate
       the essay (@corresp), what it states and where that is published. -->
  <xsl:template name="sources-field">
    <xsl:variable name="entry" select="."/>
    <xsl:variable name="facts" select="(., *)[@source or @corresp]"/>
    <xsl:variable name="groups" as="element()*">
      <xsl:for-each-group select="$facts" group-by="normalize-space(@source) || '|' || normalize-space(@corresp)">
        <xsl:variable name="refs"><xsl:call-template name="source-refs"/></xsl:variable>
        <li>
          <xsl:if test="not(count(current-group()) = 1 and current-group() is $entry)">
            <span class="fact"><xsl:value-of select="f:fact-labels(current-group()) || ': '"/></span>
          </xsl:if>
          <xsl:sequence select="$refs"/>
        </li>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:if test="$groups">
      <dt>Sources</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="count($groups) = 1"><xsl:sequence select="$groups/node()"/></xsl:when>
          <xsl:otherwise><ul class="sources"><xsl:sequence select="$groups"/></ul></xsl:otherwise>
        </xsl:choose>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- The context element's sources as links: each work consulted ($sources), then the
       paragraphs of the essay it restates (@corresp). -->
  <xsl:template name="source-refs">
    <xsl:variable name="works" select="c:sources(.)"/>
    <xsl:variable name="units" select="f:local-ids(@corresp) ! f:by-id($tei, .)[c:is-unit(.)]"/>
    <xsl:for-each select="$works">
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:sequence select="f:source-link(.)"/>
    </xsl:for-each>
    <xsl:if test="$units">
      <xsl:if test="$works">; </xsl:if>
      <xsl:text>the essay, </xsl:text>
      <xsl:for-each select="$units">
        <xsl:if test="position() gt 1">, </xsl:if>
        <a class="unit-ref" href="index.html#{@xml:id}" aria-label="paragraph {c:n(.)}"><xsl:value-of select="c:label(.)"/></a>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- A short citation linking to the work's entry: who, and the title (an article's in
       quotation marks, a work's in italics), each a <bdi> (registers.xsl says why). -->
  <xsl:function name="f:source-link" as="element()">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <xsl:variable name="p" select="c:short-citation-parts($work)"/>
    <xsl:variable name="title-lang" select="f:lang($work/tei:title[@level = $p?level][1])"/>
    <a class="source-ref" href="sources.html#{$work/@xml:id}">
      <xsl:if test="$p?who"><bdi><xsl:value-of select="c:curly($p?who, '')"/></bdi></xsl:if>
      <xsl:if test="$p?who and $p?title">, </xsl:if>
      <xsl:choose>
        <xsl:when test="$p?level = 'a'">“<bdi><xsl:sequence select="$title-lang"/><xsl:value-of select="c:curly($p?title, '“')"/></bdi>”</xsl:when>
        <xsl:otherwise><cite><bdi><xsl:sequence select="$title-lang"/><xsl:value-of select="c:curly($p?title, '')"/></bdi></cite></xsl:otherwise>
      </xsl:choose>
    </a>
  </xsl:function>
</xsl:stylesheet>
