<?xml version="1.0" encoding="UTF-8"?>
<!-- bibliography.html: every listBibl of back/div[@type='bibliography'] as a section, each bibl
     (anchor id = its xml:id) with links back to every paragraph citing it. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="bibliography" on-no-match="shallow-skip"/>

  <xsl:template name="bibliography-page">
    <xsl:variable name="lists" select="$tei/tei:text/tei:back/tei:div[@type = 'bibliography']//tei:listBibl"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'bibliography.html'"/>
      <xsl:with-param name="heading" select="'Bibliography'"/>
      <xsl:with-param name="description" select="'Works cited in ' || $full-title"/>
      <xsl:with-param name="content">
        <h1>Bibliography</h1>
        <xsl:if test="empty($lists)"><p>The text cites no works.</p></xsl:if>
        <xsl:apply-templates select="$lists" mode="bibliography"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:listBibl" mode="bibliography">
    <xsl:variable name="id" select="(@xml:id, 'list_' || count(preceding::tei:listBibl[not(ancestor::tei:standOff)]) + 1)[1]"/>
    <section class="bibliography" id="{$id}" aria-labelledby="{$id}_h">
      <h2 id="{$id}_h">
        <xsl:value-of select="(normalize-space(tei:head[1])[.],
                               if (@type = 'editorial-additions') then 'Editorial additions' else 'Works cited')[1]"/>
      </h2>
      <xsl:if test="@type = 'editorial-additions'">
        <p class="note">Works the editors identified and added; the author's own reference list does not give them.</p>
      </xsl:if>
      <ul class="bibl-list">
        <xsl:apply-templates select="tei:bibl | tei:biblStruct" mode="bibliography"/>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="tei:bibl | tei:biblStruct" mode="bibliography">
    <li class="bibl-entry" id="{@xml:id}">
      <p class="bibl-text"><xsl:apply-templates mode="text"/></p>
      <xsl:if test="@xml:id">
        <dl class="bibl-meta">
          <xsl:call-template name="authorities"/>
          <xsl:call-template name="mentions"/>
        </dl>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
