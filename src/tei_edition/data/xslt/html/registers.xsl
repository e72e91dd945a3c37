<?xml version="1.0" encoding="UTF-8"?>
<!-- The register pages (persons, places, organisations), in the order of the sort keys, and
     mode "register" for one entry: name, variants, dates or coordinates, description, links
     (only from idno), the sources of each fact, and links back to every paragraph that
     mentions it. A name printed beside text the page adds (another name, coordinates) is a
     <bdi>: a right-to-left name is isolated from it (UAX #9), left-to-right text shows as it
     would without. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:svg="http://www.w3.org/2000/svg"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:mode name="register" on-no-match="shallow-skip"/>

  <!-- The map of places (SVG text from tei_edition.outputs.map), or empty. -->
  <xsl:param name="place-map" as="xs:string" select="''"/>

  <xsl:template name="register-page">
    <xsl:param name="register" as="map(*)"/>
    <xsl:variable name="entries" as="element()*" select="c:sorted($register?entries)"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="$register?file"/>
      <xsl:with-param name="heading" select="$register?title"/>
      <xsl:with-param name="description" select="$register?title || ' mentioned in ' || $full-title"/>
      <xsl:with-param name="class" select="if ($register?file = 'places.html' and normalize-space($place-map)) then 'wide with-map' else ''"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$register?title"/></h1>
        <p class="lede">
          <xsl:value-of select="count($entries) || (if (count($entries) = 1) then ' entry' else ' entries')
                                || ', with links to every paragraph of the text that mentions each.'"/>
        </p>
        <xsl:if test="$register?file = 'places.html' and normalize-space($place-map)">
          <xsl:call-template name="place-map">
            <xsl:with-param name="places" select="$entries"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="$entries">
          <div class="register">
            <xsl:apply-templates select="$entries" mode="register"/>
          </div>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:person | tei:personGrp | tei:place | tei:org" mode="register">
    <article class="entry entry-{f:kind(.)}" id="{@xml:id}" aria-labelledby="{@xml:id}_h">
      <h2 id="{@xml:id}_h"><xsl:sequence select="f:name-lang(.)"/><xsl:value-of select="f:name(.)"/></h2>
      <dl>
        <xsl:variable name="variants" select="f:variants(.)[normalize-space()]"/>
        <xsl:if test="exists($variants)">
          <dt>Also</dt>
          <dd><xsl:variable name="entry" select="."/><xsl:for-each select="$variants"><xsl:if test="position() gt 1">; </xsl:if><bdi><xsl:sequence select="f:variant-lang($entry, .)"/><xsl:value-of select="."/></bdi></xsl:for-each></dd>
        </xsl:if>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Dates'"/>
          <xsl:with-param name="value" select="f:life(.)"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Coordinates'"/>
          <xsl:with-param name="value" select="f:coordinates(.)"/>
        </xsl:call-template>
        <xsl:for-each-group select="tei:note | tei:desc" group-by="(@type, 'about')[1]">
          <dt><xsl:value-of select="(map{'about':'About', 'description':'About', 'source':'Sources'}(current-grouping-key()),
                                     f:label(current-grouping-key()))[1]"/></dt>
          <xsl:for-each select="current-group()"><dd><xsl:apply-templates mode="text"/></dd></xsl:for-each>
        </xsl:for-each-group>
        <xsl:apply-templates select="tei:occupation | tei:affiliation | tei:residence" mode="register"/>
        <xsl:call-template name="authorities"/>
        <xsl:call-template name="sources-field"/>
        <xsl:call-template name="mentions"/>
      </dl>
    </article>
  </xsl:template>

  <!-- The map, and beside it the places it cannot show: those without coordinates and those
       whose coordinates lie beyond its coastlines (the SVG links every place it shows). -->
  <xsl:template name="place-map">
    <xsl:param name="places" as="element()*"/>
    <xsl:variable name="map" select="parse-xml($place-map)/svg:svg"/>
    <xsl:variable name="shown" select="$map//svg:a/@href ! substring(., 2)"/>
    <xsl:variable name="unlocated" select="$places[not(normalize-space(tei:location/tei:geo))]"/>
    <xsl:variable name="beyond" select="$places[normalize-space(tei:location/tei:geo)][not(@xml:id = $shown)]"/>
    <div class="place-map">
      <figure class="map" aria-labelledby="map_caption">
        <div class="map-scroll">
          <xsl:copy-of select="$map"/>
        </div>
        <figcaption id="map_caption">
          <xsl:value-of select="'The ' || count($shown) || ' places of the text with coordinates in the register. '
                                || 'Each circle links to its entry; its area shows how often the text mentions the place. '
                                || normalize-space($map/svg:desc)"/>
          <span class="map-hint"> On a narrow screen the map scrolls sideways.</span>
        </figcaption>
      </figure>
      <xsl:if test="$unlocated or $beyond">
        <section class="map-missing" aria-labelledby="map_missing_h">
          <h2 id="map_missing_h">Not on the map</h2>
          <xsl:if test="$beyond">
            <p>Beyond the map's area:</p>
            <ul class="inline places-list">
              <xsl:for-each select="$beyond">
                <li><a href="#{@xml:id}"><bdi><xsl:sequence select="f:name-lang(.)"/><xsl:value-of select="f:name(.)"/></bdi></a> (<xsl:value-of select="f:coordinates(.)"/>)</li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <xsl:if test="$unlocated">
            <p><xsl:value-of select="count($unlocated)"/> without coordinates in the register:</p>
            <ul class="inline places-list">
              <xsl:for-each select="$unlocated">
                <li><a href="#{@xml:id}"><xsl:sequence select="f:name-lang(.)"/><xsl:value-of select="f:name(.)"/></a></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </section>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:if test="normalize-space($value)">
      <dt><xsl:value-of select="$label"/></dt>
      <dd><xsl:value-of select="$value"/></dd>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:occupation | tei:affiliation | tei:residence" mode="register">
    <dt><xsl:value-of select="f:label(local-name())"/></dt>
    <dd><xsl:apply-templates mode="text"/></dd>
  </xsl:template>

  <xsl:function name="f:label" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="upper-case(substring($name, 1, 1)) || substring($name, 2)"/>
  </xsl:function>

  <!-- Authority links: only for idno elements present in the TEI that give a safe URL. -->
  <xsl:template name="authorities">
    <xsl:variable name="idnos" select="tei:idno[f:authority-url(.)]"/>
    <xsl:if test="$idnos">
      <dt>Authority</dt>
      <dd>
        <ul class="inline">
          <xsl:for-each select="$idnos">
            <li><a class="authority" href="{f:authority-url(.)}"><xsl:value-of select="f:authority-label(.)"/></a></li>
          </xsl:for-each>
        </ul>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- Links back to every paragraph that mentions (or, for works, cites) the context entry. -->
  <xsl:template name="mentions">
    <xsl:param name="nodes" as="node()*" select="key('mentions', @xml:id) | key('citing', @xml:id)"/>
    <xsl:variable name="units" select="f:units($nodes)"/>
    <dt><xsl:value-of select="if (self::tei:bibl) then 'Cited in' else 'Mentioned in'"/></dt>
    <dd>
      <xsl:choose>
        <xsl:when test="$units">
          <ul class="inline mentions">
            <xsl:for-each select="$units">
              <li><a href="index.html#{@xml:id}" aria-label="paragraph {c:n(.)}"><xsl:value-of select="c:label(.)"/></a></li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="if (self::tei:bibl) then 'not cited in the text' else 'not mentioned in the text'"/></xsl:otherwise>
      </xsl:choose>
    </dd>
  </xsl:template>
</xsl:stylesheet>
