<?xml version="1.0" encoding="UTF-8"?>
<!-- glossary.html: the terms a reader needs (list[@type='glossary']), in the order of the sort
     keys, each with its definition, sources and links back to every paragraph that marks it
     (term ref). The EPUB renders the same page. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template name="glossary-page">
    <xsl:call-template name="apparatus-page">
      <xsl:with-param name="file" select="'glossary.html'"/>
      <xsl:with-param name="title" select="$c:register-titles?gloss"/>
      <xsl:with-param name="entries" select="$glossary"/>
      <xsl:with-param name="word" select="('term', 'terms')"/>
      <xsl:with-param name="lede" select="' a reader of the essay may need explained, each with its sources and links to every paragraph that uses it.'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:item" mode="register">
    <xsl:variable name="id" select="c:gloss-id(.)"/>
    <article class="entry entry-term" id="{$id}" aria-labelledby="{$id}_h">
      <h2 id="{$id}_h"><dfn><xsl:sequence select="f:name-lang(.)"/><xsl:value-of select="f:name(.)"/></dfn></h2>
      <dl>
        <dt>Meaning</dt>
        <dd>
          <xsl:apply-templates select="c:gloss-definition(.)" mode="text"/>
        </dd>
        <xsl:call-template name="sources-field"/>
        <xsl:call-template name="mentions">
          <xsl:with-param name="nodes" select="key('mentions', (@xml:id, preceding-sibling::*[1][self::tei:label]/@xml:id))"/>
        </xsl:call-template>
      </dl>
    </article>
  </xsl:template>
</xsl:stylesheet>
