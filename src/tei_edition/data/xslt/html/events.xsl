<?xml version="1.0" encoding="UTF-8"?>
<!-- events.html: the register of events (standOff/listEvent), in the order of the sort keys.
     Each event: its date (Gregorian; the description states Old Style dates in words), places
     and participants linked to their registers, description, sources, and links back to every
     paragraph that mentions it (rs type="event"). The EPUB renders the same page. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template name="events-page">
    <xsl:call-template name="apparatus-page">
      <xsl:with-param name="file" select="'events.html'"/>
      <xsl:with-param name="title" select="$c:register-titles?listEvent"/>
      <xsl:with-param name="entries" select="$events"/>
      <xsl:with-param name="lede" select="' of the history the essay refers to, each with its dates, places, participants, sources and links to every paragraph that mentions it. Dates are Gregorian (New Style); where Russia still used the Julian calendar (Old Style, before February 1918), the description gives both.'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A page of the apparatus: heading, lede (count + $lede), the entries sorted by their keys. -->
  <xsl:template name="apparatus-page">
    <xsl:param name="file" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="lede" as="xs:string"/>
    <xsl:param name="word" as="xs:string+" select="('event', 'events')"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="$file"/>
      <xsl:with-param name="heading" select="$title"/>
      <xsl:with-param name="description" select="$title || ' of ' || $full-title"/>
      <xsl:with-param name="scripts" select="'cards.js'"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$title"/></h1>
        <p class="lede">
          <xsl:value-of select="count($entries) || ' ' || (if (count($entries) = 1) then $word[1] else $word[2]) || $lede"/>
        </p>
        <xsl:if test="$entries">
          <div class="register">
            <xsl:apply-templates select="c:sorted($entries)" mode="register"/>
          </div>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:event" mode="register">
    <article class="entry entry-event" id="{@xml:id}" aria-labelledby="{@xml:id}_h">
      <h2 id="{@xml:id}_h"><xsl:sequence select="f:name-lang(.)"/><xsl:value-of select="f:name(.)"/></h2>
      <dl>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Kind'"/>
          <xsl:with-param name="value" select="@type ! ($c:event-kinds(string(.)), f:label(.))[1]"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Date'"/>
          <xsl:with-param name="value" select="c:event-date(.)"/>
        </xsl:call-template>
        <xsl:call-template name="entry-links">
          <xsl:with-param name="label" select="$c:register-titles?listPlace"/>
          <xsl:with-param name="ids" select="f:local-ids(@where)"/>
        </xsl:call-template>
        <xsl:call-template name="entry-links">
          <xsl:with-param name="label" select="'Participants'"/>
          <xsl:with-param name="ids" select="tei:ptr[@type = 'participant'] ! f:local-ids(@target)"/>
        </xsl:call-template>
        <xsl:for-each select="tei:desc[normalize-space()]">
          <dt>About</dt>
          <dd><xsl:apply-templates mode="text"/></dd>
        </xsl:for-each>
        <xsl:call-template name="sources-field"/>
        <xsl:call-template name="mentions"/>
      </dl>
    </article>
  </xsl:template>

  <!-- dt/dd with links to the register entries $ids (persons, places, organisations …). -->
  <xsl:template name="entry-links">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="ids" as="xs:string*"/>
    <xsl:variable name="entries" select="distinct-values($ids) ! f:by-id($tei, .)[f:page-of(.)]"/>
    <xsl:if test="$entries">
      <dt><xsl:value-of select="$label"/></dt>
      <dd>
        <ul class="inline">
          <xsl:for-each select="$entries">
            <li><a class="name name-{f:kind(.)}" href="{f:page-of(.)}#{@xml:id}" data-card="{@xml:id}"><xsl:sequence select="f:name-lang(.)"/><xsl:value-of select="f:name(.)"/></a></li>
          </xsl:for-each>
        </ul>
      </dd>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
