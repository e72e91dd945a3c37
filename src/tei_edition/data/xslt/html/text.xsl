<?xml version="1.0" encoding="UTF-8"?>
<!-- Mode "text": the reading text of the body (sections, citable units, phrase-level markup),
     and the list of editorial notes. Links point into index.html or the other pages. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="text" on-no-match="shallow-skip"/>

  <!-- Structure -->

  <xsl:template match="tei:div[tei:head]" mode="text">
    <section class="section" id="{@xml:id}" aria-labelledby="{f:heading-id(.)}">
      <xsl:apply-templates mode="text"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:div" mode="text">
    <div class="section" id="{@xml:id}"><xsl:apply-templates mode="text"/></div>
  </xsl:template>

  <xsl:template match="tei:div/tei:head" mode="text">
    <xsl:element name="h{min((count(ancestor::tei:div) + 1, 6))}">
      <xsl:attribute name="id" select="f:heading-id(..)"/>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <!-- a section's short heading is for the print edition's running heads -->
  <xsl:template match="tei:div/tei:head[@type = 'short']" mode="text" priority="2"/>

  <xsl:function name="f:heading-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="($div/@xml:id, 'div-' || generate-id($div))[1] || '_h'"/>
  </xsl:function>

  <!-- A citable unit: anchor, paragraph number in the margin (a link to itself), the text, and
       the cite control (cite.xsl). -->
  <xsl:template match="*[c:is-unit(.)]" mode="text" priority="2">
    <div class="unit" id="{@xml:id}">
      <a class="pn" href="#{@xml:id}"><span class="visually-hidden">Paragraph </span><xsl:value-of select="c:n(.)"/></a>
      <xsl:next-match/>
      <xsl:call-template name="cite-control"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:p" mode="text">
    <p><xsl:call-template name="lang"/><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:cit" mode="text">
    <blockquote>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates select="tei:quote" mode="text-block"/>
    </blockquote>
    <xsl:if test="tei:bibl | tei:ref">
      <p class="cit-source"><xsl:apply-templates select="tei:bibl | tei:ref" mode="text"/></p>
    </xsl:if>
  </xsl:template>

  <!-- A block quotation's quote: its own paragraphs, or one paragraph. -->
  <xsl:template match="tei:quote[tei:p | tei:lg]" mode="text-block">
    <xsl:choose>
      <xsl:when test="@xml:lang"><div lang="{@xml:lang}"><xsl:apply-templates mode="text"/></div></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:quote" mode="text-block">
    <p><xsl:call-template name="lang"/><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <!-- A quotation run into the text is a span, so its paragraphs and stanzas are too: a <p> or
       <div> inside the paragraph around it would end that paragraph (the CSS sets them as blocks).
       So are the paragraphs of a note outside the body, which stays inline (below). -->
  <xsl:template match="tei:quote[not(parent::tei:cit)]/tei:p | tei:note[not(ancestor::tei:body)]/tei:p" mode="text">
    <span class="p"><xsl:call-template name="lang"/><xsl:apply-templates mode="text"/></span>
  </xsl:template>
  <xsl:template match="tei:quote[not(parent::tei:cit)]//tei:lg" mode="text">
    <span class="lg"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:template match="tei:lg" mode="text">
    <div class="lg"><xsl:apply-templates mode="text"/></div>
  </xsl:template>
  <xsl:template match="tei:l" mode="text">
    <span class="l"><xsl:apply-templates mode="text"/></span><br/>
  </xsl:template>

  <!-- Phrase level -->

  <!-- Text, with the source's straight quotation marks set as typographic ones (common/quotes.xsl). -->
  <xsl:template match="text()" mode="text">
    <xsl:value-of select="c:curly-text(.)"/>
  </xsl:template>

  <!-- Whitespace between the blocks of the text (TEI's body, div and the like hold elements
       only) is the file's indentation, which no page shows: not copied, so that re-indenting the
       master leaves every page byte for byte the same (and serve with its watch does not reload it). -->
  <xsl:template match="text()[not(normalize-space())][parent::tei:body or parent::tei:front or parent::tei:back
                       or parent::tei:div or parent::tei:cit or parent::tei:lg or parent::tei:list or parent::tei:listBibl]"
                mode="text"/>

  <!-- Names, mentions of events (rs) and glossary terms (term) become links to their entries,
     with a card (data-card), except inside another link (HTML does not nest links): there the
     tunnel parameter $in-link is true and they stay plain. Terms are not set in italics: the
     marked words are the author's running text, and italics stay his emphasis. -->
  <xsl:template match="tei:persName[@ref] | tei:placeName[@ref] | tei:orgName[@ref] | tei:name[@ref]
                       | tei:rs[@ref] | tei:term[@ref]" mode="text">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="id" select="f:local-ids(@ref)[f:by-id(current(), .)][1]"/>
    <xsl:variable name="entry" select="f:by-id(., $id)"/>
    <xsl:variable name="href" select="$entry[f:page-of(.) = $f:entry-pages] ! f:href(., $id, 'index.html')"/>
    <xsl:choose>
      <xsl:when test="$href and not($in-link)">
        <a class="name name-{f:kind($entry)}" href="{$href}" data-card="{$id}">
          <xsl:call-template name="lang"/>
          <xsl:apply-templates mode="text"><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
        </a>
        <xsl:call-template name="signs-inside"/>
      </xsl:when>
      <xsl:otherwise><span class="name"><xsl:apply-templates mode="text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The pages of entries a mention links to. -->
  <xsl:variable name="f:entry-pages" as="xs:string+"
    select="('persons.html', 'places.html', 'organisations.html', 'events.html', 'glossary.html')"/>

  <xsl:template match="tei:ref[@target] | tei:ptr[@target]" mode="text">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="local" select="f:local-ids(@target)[1]"/>
    <xsl:variable name="href" select="if ($in-link) then ()
                                      else if ($local) then f:href(., $local, 'index.html')
                                      else f:safe-url(@target)"/>
    <xsl:variable name="label" as="node()*">
      <xsl:apply-templates mode="text"><xsl:with-param name="in-link" select="exists($href)" tunnel="yes"/></xsl:apply-templates>
      <xsl:if test="self::tei:ptr"><xsl:value-of select="($href, @target)[1]"/></xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$href and $local and f:by-id(., $local)/self::tei:bibl">
        <a class="bibl-ref" href="{$href}" data-card="{$local}"><xsl:sequence select="$label"/></a>
        <xsl:call-template name="signs-inside"/>
      </xsl:when>
      <xsl:when test="$href and $local"><a class="xref" href="{$href}"><xsl:sequence select="f:pilcrow-name(string-join($label ! string(.)))"/><xsl:sequence select="$label"/></a><xsl:call-template name="signs-inside"/></xsl:when>
      <xsl:when test="$href"><a class="external" href="{$href}"><xsl:sequence select="$label"/></a><xsl:call-template name="signs-inside"/></xsl:when>
      <xsl:otherwise><span class="ref"><xsl:sequence select="$label"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A link that names paragraphs by the sign (an editor's "¶ 12"): screen readers speak ¶ as
       "pilcrow" or not at all, so its name says "paragraph", as the links the pages write
       themselves do (aria-label "paragraph 12"). -->
  <xsl:function name="f:pilcrow-name" as="attribute()?">
    <xsl:param name="label" as="xs:string"/>
    <xsl:variable name="text" select="normalize-space($label)"/>
    <xsl:if test="contains($text, '¶')">
      <xsl:attribute name="aria-label" select="replace(replace($text, '¶¶\s*', 'paragraphs '), '¶\s*', 'paragraph ')"/>
    </xsl:if>
  </xsl:function>

  <xsl:template match="tei:bibl" mode="text">
    <span class="bibl"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:template match="tei:date[@when]" mode="text">
    <xsl:variable name="w" select="string(@when)"/>
    <xsl:choose>
      <xsl:when test="$w castable as xs:date or $w castable as xs:gYearMonth or matches($w, '^[0-9]{4}$')">
        <time datetime="{$w}"><xsl:apply-templates mode="text"/></time>
      </xsl:when>
      <xsl:otherwise><span class="date"><xsl:apply-templates mode="text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:date" mode="text">
    <span class="date" title="{c:dating(.)}"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:template match="tei:title" mode="text">
    <cite class="title title-{(@level, 'm')[1]}"><xsl:call-template name="lang"/><xsl:apply-templates mode="text"/></cite>
  </xsl:template>

  <!-- Inline quotations and scare quotes: the author's quotation marks are text inside the
       element, so a span with a class (HTML <q> would add a second pair of marks). -->
  <xsl:template match="tei:quote | tei:q | tei:said | tei:soCalled" mode="text">
    <span class="{local-name()}"><xsl:call-template name="lang"/><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:template match="tei:emph | tei:hi[matches(@rend, 'italic')] | tei:foreign | tei:term[not(@ref)] | tei:mentioned" mode="text">
    <em class="{local-name()}"><xsl:call-template name="lang"/><xsl:apply-templates mode="text"/></em>
  </xsl:template>
  <xsl:template match="tei:hi[matches(@rend, 'bold')]" mode="text">
    <strong><xsl:apply-templates mode="text"/></strong>
  </xsl:template>
  <xsl:template match="tei:hi[matches(@rend, 'sup')]" mode="text">
    <sup><xsl:apply-templates mode="text"/></sup>
  </xsl:template>
  <xsl:template match="tei:hi" mode="text">
    <span class="hi"><xsl:apply-templates mode="text"/></span>
  </xsl:template>
  <xsl:template match="tei:lb" mode="text"><br/></xsl:template>

  <!-- Prose of the header (about.html): lists, element and attribute names. -->
  <xsl:template match="tei:list" mode="text">
    <ul><xsl:apply-templates select="tei:item" mode="text"/></ul>
  </xsl:template>
  <xsl:template match="tei:item" mode="text">
    <li><xsl:apply-templates mode="text"/></li>
  </xsl:template>
  <xsl:template match="tei:gi" mode="text">
    <code class="gi">&lt;<xsl:value-of select="."/>&gt;</code>
  </xsl:template>
  <xsl:template match="tei:att" mode="text">
    <code class="att">@<xsl:value-of select="."/></code>
  </xsl:template>
  <xsl:template match="tei:val | tei:code | tei:ident | tei:tag" mode="text">
    <code><xsl:value-of select="."/></code>
  </xsl:template>

  <xsl:template match="tei:*" mode="text">
    <xsl:apply-templates mode="text"/>
  </xsl:template>

  <!-- Editorial interventions: the edition's reading, and after it the emendation sign °, a
     link to the intervention's row in the list of emendations (emendations.html#e{k}), which
     links back to it. Inside a link the sign follows the link (signs-inside). -->

  <xsl:template match="tei:choice[tei:corr]" mode="text">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="sic" select="normalize-space(string-join(tei:sic//text()))"/>
    <span class="corr" title="source reads: {$sic}" data-sic="{$sic}" data-kind="{c:intervention-label(c:intervention-kind(.))}">
      <xsl:apply-templates select="tei:corr[1]/node()" mode="text"/>
      <xsl:choose>
        <xsl:when test="$in-link"><xsl:sequence select="f:sr(f:emendation-words(.))"/></xsl:when>
        <xsl:otherwise><xsl:sequence select="f:emendation-sign(.)"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="tei:supplied" mode="text">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="text" select="string-join(.//text())"/>
    <xsl:value-of select="replace($text, '\S[\s\S]*', '')"/>
    <span class="supplied" title="supplied by the editors">[<xsl:apply-templates mode="supplied"/>]<xsl:if test="not($in-link)"><xsl:sequence select="f:emendation-sign(.)"/></xsl:if></span>
    <xsl:value-of select="if (normalize-space($text)) then replace($text, '[\s\S]*\S', '') else ''"/>
  </xsl:template>

  <!-- Supplied text inside its brackets: the spaces at its edges go outside them. -->
  <xsl:template match="text()" mode="supplied">
    <xsl:variable name="texts" select="ancestor::tei:supplied[1]//text()"/>
    <xsl:variable name="t" select="if (. is $texts[1]) then replace(., '^\s+', '') else string(.)"/>
    <xsl:value-of select="if (. is $texts[last()]) then replace($t, '\s+$', '') else $t"/>
  </xsl:template>
  <xsl:template match="*" mode="supplied">
    <xsl:apply-templates select="." mode="text"/>
  </xsl:template>

  <!-- The signs of the interventions inside the link just written. -->
  <xsl:template name="signs-inside">
    <xsl:sequence select="(.//tei:choice[tei:corr] | .//tei:supplied) ! f:emendation-sign(.)"/>
  </xsl:template>

  <!-- What the sign says to assistive technology: the kind and the source's reading. -->
  <xsl:function name="f:emendation-words" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:supplied) then ' (supplied by the editors)'
      else ' (editorial correction; the source reads “' || normalize-space(string-join($e/tei:sic//text())) || '”)'"/>
  </xsl:function>

  <!-- The sign °: a link to the intervention's row (interventions outside the text's list, e.g.
       in the header's prose, get no sign). -->
  <xsl:function name="f:emendation-sign" as="element()*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="id" select="c:emendation-id($e)"/>
    <xsl:choose>
      <xsl:when test="$id">
        <a class="emend" id="sign_{$id}" href="emendations.html#{$id}">
          <span aria-hidden="true">°</span>
          <xsl:sequence select="f:sr(f:emendation-words($e))"/>
        </a>
      </xsl:when>
      <xsl:when test="$e/self::tei:choice"><xsl:sequence select="f:sr(f:emendation-words($e))"/></xsl:when>
    </xsl:choose>
  </xsl:function>

  <xsl:template match="tei:choice[tei:reg]" mode="text">
    <span class="reg" title="source spelling: {normalize-space(tei:orig[1])}">
      <xsl:apply-templates select="tei:reg[1]/node()" mode="text"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:choice[tei:expan]" mode="text">
    <abbr title="{normalize-space(tei:expan[1])}"><xsl:apply-templates select="tei:abbr[1]/node()" mode="text"/></abbr>
  </xsl:template>

  <xsl:template match="tei:sic[not(parent::tei:choice)]" mode="text">
    <span class="sic"><xsl:apply-templates mode="text"/></span>
    <span class="sic-mark"> [sic]</span>
  </xsl:template>

  <xsl:template match="tei:gap" mode="text">
    <span class="gap" title="{string-join(('text omitted', @reason), ': ')}">[…]</span>
  </xsl:template>

  <xsl:template match="tei:del" mode="text"/>

  <!-- Notes: a reference in the text, labelled by the note's @n (the label every output
     prints, c:note-label), and the note itself in the list after the text. Editorial notes
     and commentary share the numbering; each is named by its kind (a word, and a class). -->
  <xsl:template match="tei:note[ancestor::tei:body]" mode="text">
    <sup class="noteref noteref-{f:note-class(.)}"><a id="nr_{f:note-id(.)}" href="#{f:note-id(.)}" role="doc-noteref"><xsl:sequence select="f:sr(c:note-kind(.) || ' ')"/><xsl:value-of select="c:note-label(.)"/></a></sup>
  </xsl:template>

  <!-- A note outside the body (in the header, a register or a bibliography entry) stays inline,
       and so do its paragraphs (above): a <p> inside the entry's <p> would end it. -->
  <xsl:template match="tei:note" mode="text">
    <span class="note-inline"><xsl:text> </xsl:text><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:function name="f:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($note/@xml:id, 'note_' || c:note-label($note))[1]"/>
  </xsl:function>

  <xsl:function name="f:note-class" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if ($note/@type = 'commentary') then 'commentary' else 'editorial'"/>
  </xsl:function>

  <xsl:template name="notes">
    <xsl:variable name="notes" select="$tei/tei:text/tei:body//tei:note"/>
    <xsl:if test="$notes">
      <section class="notes" aria-labelledby="notes_h">
        <h2 id="notes_h">Notes</h2>
        <p class="notes-key">One numbering for both kinds: an <em>editorial note</em> questions or corrects a
          statement of fact; a <em>commentary</em> gives the context a reader needs. Corrections of the
          text are not notes: see the <a href="emendations.html">emendations</a>.</p>
        <ol class="notes-list">
          <xsl:for-each select="$notes">
            <xsl:call-template name="note-item"/>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A note as every rendering shows it (the web's list, the EPUB's footnotes): label, kind,
       text, sources. -->
  <xsl:template name="note-content">
    <span class="note-label"><xsl:value-of select="c:note-label(.)"/></span>
    <xsl:text> </xsl:text>
    <span class="note-kind"><xsl:value-of select="c:note-kind(.)"/></span>
    <xsl:text> </xsl:text>
    <xsl:variable name="lang" select="f:lang(.)"/>
    <xsl:choose>
      <xsl:when test="$lang"><span><xsl:sequence select="$lang"/><xsl:apply-templates mode="text"/></span></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="note-sources"/>
  </xsl:template>

  <!-- One note in the list: its content and a link back to its reference. -->
  <xsl:template name="note-item">
    <xsl:variable name="unit" select="c:unit(.)"/>
    <li id="{f:note-id(.)}" class="note note-{f:note-class(.)}">
      <xsl:call-template name="note-content"/>
      <xsl:text> </xsl:text>
      <a class="backlink" href="#nr_{f:note-id(.)}" role="doc-backlink">
        <span aria-hidden="true">↩ </span>
        <xsl:value-of select="'back to ' || ($unit ! ('paragraph ' || c:n(.)), 'the text')[1]"/>
      </a>
    </li>
  </xsl:template>

  <!-- After a note's text: the works it rests on, or the paragraphs it compares. -->
  <xsl:template name="note-sources">
    <xsl:if test="@source or @corresp">
      <xsl:text> </xsl:text>
      <span class="note-sources"><xsl:value-of select="if (@source) then 'Sources: ' else 'Compares '"/><xsl:call-template name="source-refs"/>.</span>
    </xsl:if>
  </xsl:template>

  <!-- Copy xml:lang to the HTML lang attribute. -->
  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
  </xsl:template>
</xsl:stylesheet>
