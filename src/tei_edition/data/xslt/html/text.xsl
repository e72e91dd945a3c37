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

  <xsl:function name="f:heading-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="($div/@xml:id, 'div-' || generate-id($div))[1] || '-h'"/>
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
    <xsl:apply-templates mode="text"/>
  </xsl:template>
  <xsl:template match="tei:quote" mode="text-block">
    <p><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="tei:lg" mode="text">
    <div class="lg"><xsl:apply-templates mode="text"/></div>
  </xsl:template>
  <xsl:template match="tei:l" mode="text">
    <span class="l"><xsl:apply-templates mode="text"/></span><br/>
  </xsl:template>

  <!-- Phrase level -->

  <!-- Text, with the source's straight quotation marks set as typographic ones (as the print
       edition does): a mark after a space, an opening bracket or dash, an opening mark, or at
       the start of its block opens, any other closes (so an apostrophe is ’). String functions
       only: regular expressions here cost the site 45 ms. -->
  <xsl:template match="text()" mode="text">
    <xsl:choose>
      <xsl:when test="not(contains(., '&quot;') or contains(., &quot;'&quot;))"><xsl:value-of select="."/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="f:curly(., if (starts-with(., '&quot;') or starts-with(., &quot;'&quot;)) then f:char-before(.) else '')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- $before: the character before $text in its block, "" at the block's start. -->
  <xsl:function name="f:curly" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <!-- The text as pieces and single marks, in order. -->
    <xsl:variable name="doubles" select="tokenize($text, '&quot;')"/>
    <xsl:variable name="tokens" select="for $i in 1 to count($doubles) return (
        let $singles := tokenize($doubles[$i], &quot;'&quot;)
        return (for $j in 1 to count($singles) return ($singles[$j], &quot;'&quot;[$j lt count($singles)])),
        '&quot;'[$i lt count($doubles)])"/>
    <xsl:sequence select="string-join(fold-left($tokens, (), function($done, $token) {
        if (not($token = ('&quot;', &quot;'&quot;))) then ($done, $token)
        else
          let $so-far := string-join($done),
              $last := if ($so-far) then substring($so-far, string-length($so-far)) else $before,
              $opens := $last = '' or normalize-space($last) = '' or contains('([{—–/‘“-', $last)
          return ($done, if ($token = '&quot;') then (if ($opens) then '“' else '”') else (if ($opens) then '‘' else '’'))
      }))"/>
  </xsl:function>

  <!-- The character before a text node in its block (paragraph, heading, note, item …), or "". -->
  <xsl:function name="f:char-before" as="xs:string">
    <xsl:param name="node" as="text()"/>
    <xsl:variable name="block" select="f:block($node)"/>
    <!-- Usually the text node just before; after a note or at a block's start, a search. -->
    <xsl:variable name="previous" select="($node/preceding::text()[1][f:block(.) is $block],
                                           ($block//text()[. &lt;&lt; $node][f:block(.) is $block])[last()])[1]"/>
    <xsl:sequence select="substring(string($previous), string-length(string($previous)))"/>
  </xsl:function>

  <xsl:function name="f:block" as="node()">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="($node/ancestor::*[self::tei:p or self::tei:head or self::tei:note or self::tei:l
                            or self::tei:item or self::tei:quote[parent::tei:cit] or self::tei:bibl
                            or self::tei:desc or self::tei:cell or self::tei:label][1], $node/..)[1]"/>
  </xsl:function>

  <!-- Names and references become links, except inside another link (HTML does not nest
       links): there the tunnel parameter $in-link is true and they stay plain. -->
  <xsl:template match="tei:persName[@ref] | tei:placeName[@ref] | tei:orgName[@ref] | tei:name[@ref]" mode="text">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="id" select="f:local-ids(@ref)[f:by-id(current(), .)][1]"/>
    <xsl:variable name="entry" select="f:by-id(., $id)"/>
    <xsl:variable name="href" select="$entry[self::tei:person | self::tei:personGrp | self::tei:place | self::tei:org]
                                      ! f:href(., $id, 'index.html')"/>
    <xsl:choose>
      <xsl:when test="$href and not($in-link)">
        <a class="name name-{f:kind($entry)}" href="{$href}" data-card="{$id}">
          <xsl:call-template name="lang"/>
          <xsl:apply-templates mode="text"><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise><span class="name"><xsl:apply-templates mode="text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

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
      </xsl:when>
      <xsl:when test="$href and $local"><a class="xref" href="{$href}"><xsl:sequence select="$label"/></a></xsl:when>
      <xsl:when test="$href"><a class="external" href="{$href}"><xsl:sequence select="$label"/></a></xsl:when>
      <xsl:otherwise><span class="ref"><xsl:sequence select="$label"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

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

  <xsl:template match="tei:emph | tei:hi[matches(@rend, 'italic')] | tei:foreign | tei:term | tei:mentioned" mode="text">
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

  <!-- Editorial interventions -->

  <xsl:template match="tei:choice[tei:corr]" mode="text">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:variable name="sic" select="normalize-space(string-join(tei:sic//text()))"/>
    <span class="corr" title="source reads: {$sic}" data-sic="{$sic}">
      <xsl:if test="not($in-link)"><xsl:attribute name="tabindex" select="0"/></xsl:if>
      <xsl:apply-templates select="tei:corr[1]/node()" mode="text"/>
      <xsl:sequence select="f:sr(' (editorial correction; the source reads “' || $sic || '”)')"/>
    </span>
  </xsl:template>

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

  <xsl:template match="tei:supplied" mode="text">
    <span class="supplied" title="supplied by the editors">[<xsl:apply-templates mode="text"/>]</span>
  </xsl:template>

  <xsl:template match="tei:gap" mode="text">
    <span class="gap" title="{string-join(('text omitted', @reason), ': ')}">[…]</span>
  </xsl:template>

  <xsl:template match="tei:del" mode="text"/>

  <!-- Notes: a numbered reference in the text; the note itself in the list after the text. -->
  <xsl:template match="tei:note[ancestor::tei:body]" mode="text">
    <xsl:variable name="k" select="f:note-number(.)"/>
    <sup class="noteref"><a id="nr-{f:note-id(.)}" href="#{f:note-id(.)}" role="doc-noteref"><span class="visually-hidden">Note </span><xsl:value-of select="$k"/></a></sup>
  </xsl:template>

  <!-- A note outside the body (in the header, a register or a bibliography entry) stays inline. -->
  <xsl:template match="tei:note" mode="text">
    <span class="note-inline"><xsl:text> </xsl:text><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <xsl:function name="f:note-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($note/@xml:id, 'note-' || f:note-number($note))[1]"/>
  </xsl:function>

  <!-- A note's number: 1 + the notes of the body before it. Counted once for all the body's notes
       (by generate-id(); a note's ancestor notes come before it in the list but do not precede
       it): counting from every note was quadratic in the length of the text. -->
  <xsl:variable name="f:note-numbers" as="map(xs:string, xs:integer)" select="map:merge(
    $tei/tei:text/tei:body//tei:note ! map{generate-id(.): position() - count(ancestor::tei:note)})"/>

  <xsl:function name="f:note-number" as="xs:integer">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($f:note-numbers(generate-id($note)),
                           count($note/preceding::tei:note[ancestor::tei:body]) + 1)[1]"/>
  </xsl:function>

  <xsl:template name="notes">
    <xsl:variable name="notes" select="$tei/tei:text/tei:body//tei:note"/>
    <xsl:if test="$notes">
      <section class="notes" aria-labelledby="notes-h">
        <h2 id="notes-h">Editorial notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <xsl:variable name="unit" select="c:unit(.)"/>
            <li id="{f:note-id(.)}">
              <xsl:apply-templates mode="text"/>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#nr-{f:note-id(.)}" role="doc-backlink">
                <span aria-hidden="true">↩ </span>
                <xsl:value-of select="'back to ' || ($unit ! ('paragraph ' || c:n(.)), 'the text')[1]"/>
              </a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Copy xml:lang to the HTML lang attribute. -->
  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
  </xsl:template>
</xsl:stylesheet>
