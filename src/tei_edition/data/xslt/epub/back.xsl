<?xml version="1.0" encoding="UTF-8"?>
<!-- EPUB back matter: the web edition's register and bibliography pages, and pages for what
     the web edition does not show yet, a register of events (standOff/listEvent/event) and a
     glossary (list[@type='gloss']: label + item pairs, or items holding term + gloss). Each
     entry links to every paragraph that mentions it; each mention in the text links to it. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template name="back-page">
    <xsl:param name="part" as="map(*)"/>
    <xsl:choose>
      <xsl:when test="$part?kind = 'register'">
        <xsl:call-template name="register-page"><xsl:with-param name="register" select="$part"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$part?kind = 'bibliography'"><xsl:call-template name="bibliography-page"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="page">
          <xsl:with-param name="file" select="$part?file"/>
          <xsl:with-param name="heading" select="$part?title"/>
          <xsl:with-param name="content">
            <h1><xsl:value-of select="$part?title"/></h1>
            <p class="lede">
              <xsl:value-of select="count($part?entries) || (if (count($part?entries) = 1) then ' entry' else ' entries')
                                    || ', with links to every paragraph of the text that mentions each.'"/>
            </p>
            <div class="register"><xsl:apply-templates select="$part?entries" mode="register"/></div>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:event" mode="register">
    <article class="entry entry-event" id="{@xml:id}" aria-labelledby="{@xml:id}-h">
      <h2 id="{@xml:id}-h"><xsl:value-of select="normalize-space((tei:label, tei:head, tei:desc)[1])"/></h2>
      <dl>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Dates'"/>
          <xsl:with-param name="value" select="if (@when or @from or @to or @notBefore or @notAfter) then c:dating(.) else ()"/>
        </xsl:call-template>
        <xsl:for-each select="(tei:desc, tei:note)[normalize-space()]">
          <dt><xsl:value-of select="if (self::tei:note[@type = 'source']) then 'Sources' else 'About'"/></dt>
          <dd><xsl:apply-templates mode="text"/></dd>
        </xsl:for-each>
        <xsl:call-template name="authorities"/>
        <xsl:call-template name="mentions"/>
      </dl>
    </article>
  </xsl:template>

  <xsl:template match="tei:item" mode="register">
    <xsl:variable name="id" select="f:gloss-id(.)"/>
    <article class="entry entry-term" id="{$id}" aria-labelledby="{$id}-h">
      <h2 id="{$id}-h"><dfn><xsl:value-of select="f:gloss-term(.)"/></dfn></h2>
      <dl>
        <dt>Meaning</dt>
        <dd><xsl:apply-templates select="node() except tei:term" mode="text"/></dd>
        <xsl:call-template name="mentions">
          <xsl:with-param name="nodes" select="key('mentions', (@xml:id, f:gloss-label(.)/@xml:id))"/>
        </xsl:call-template>
      </dl>
    </article>
  </xsl:template>

  <!-- A glossary item's label (the label element before it), its term and its id (the item's,
       else its label's). -->
  <xsl:function name="f:gloss-label" as="element(tei:label)?">
    <xsl:param name="item" as="element(tei:item)"/>
    <xsl:sequence select="$item/preceding-sibling::*[1][self::tei:label]"/>
  </xsl:function>
  <xsl:function name="f:gloss-term" as="xs:string">
    <xsl:param name="item" as="element(tei:item)"/>
    <xsl:sequence select="normalize-space((f:gloss-label($item), $item/tei:term)[1])"/>
  </xsl:function>
  <xsl:function name="f:gloss-id" as="xs:string?">
    <xsl:param name="item" as="element(tei:item)"/>
    <xsl:sequence select="($item/@xml:id, f:gloss-label($item)/@xml:id)[1] ! string(.)"/>
  </xsl:function>

  <!-- Where a mention of an event or a glossary term links to, or (). -->
  <xsl:function name="f:back-href" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="target" select="(f:local-ids($e/@ref) ! f:by-id($e, .))[1]"/>
    <xsl:variable name="item" select="$target/(self::tei:item, self::tei:label/following-sibling::*[1][self::tei:item])
                                      [parent::tei:list[@type = 'gloss']][1]"/>
    <xsl:sequence select="if ($target/self::tei:event) then 'events.xhtml#' || $target/@xml:id
                          else if ($item) then 'glossary.xhtml#' || f:gloss-id($item) else ()"/>
  </xsl:function>

  <xsl:template match="tei:*[@ref][exists($events | $glossary)][f:back-href(.)]" mode="text" priority="3">
    <xsl:param name="in-link" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$in-link"><xsl:next-match/></xsl:when>
      <xsl:otherwise>
        <a class="name name-{if (starts-with(f:back-href(.), 'events')) then 'event' else 'term'}" href="{f:back-href(.)}">
          <xsl:next-match><xsl:with-param name="in-link" select="true()" tunnel="yes"/></xsl:next-match>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
