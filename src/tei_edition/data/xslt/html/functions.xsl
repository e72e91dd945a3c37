<?xml version="1.0" encoding="UTF-8"?>
<!-- Shared functions of the HTML edition: links, safe URLs, names, dates, plain text, JSON.
     Every function here is pure; no templates that output HTML live in this module. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- The ids a pointer attribute (@ref, @target) names inside the document: "#a #b" → a, b. -->
  <xsl:function name="f:local-ids" as="xs:string*">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="tokenize(normalize-space($pointer))[starts-with(., '#')]
                          ! substring(., 2)[. castable as xs:NCName]"/>
  </xsl:function>

  <!-- The element with xml:id $id in the document of $context, if any. -->
  <xsl:function name="f:by-id" as="element()?">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="id" as="xs:string?"/>
    <xsl:sequence select="if ($id) then id($id, root($context))[1] else ()"/>
  </xsl:function>

  <!-- The page of the site on which an element of the TEI is shown, or () if it has none. -->
  <xsl:function name="f:page-of" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/self::tei:person or $e/self::tei:personGrp) then 'persons.html'
      else if ($e/self::tei:place) then 'places.html'
      else if ($e/self::tei:org) then 'organisations.html'
      else if ($e/self::tei:event) then 'events.html'
      else if (c:gloss-item($e)) then 'glossary.html'
      else if ($e/self::tei:bibl[parent::tei:listBibl[@type = 'consulted']]) then 'sources.html'
      else if ($e/self::tei:bibl[ancestor::tei:back]) then 'bibliography.html'
      else if ($e[ancestor::tei:body]) then 'index.html'
      else ()"/>
  </xsl:function>

  <!-- The register kind of an entry, as a word for readers (and the class name-{kind} of its
       mentions, which the highlight control offers). -->
  <xsl:function name="f:kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/self::tei:person or $e/self::tei:personGrp) then 'person'
      else if ($e/self::tei:place) then 'place'
      else if ($e/self::tei:org) then 'organisation'
      else if ($e/self::tei:event) then 'event'
      else if (c:gloss-item($e)) then 'term'
      else if ($e/self::tei:bibl[parent::tei:listBibl[@type = 'consulted']]) then 'source'
      else 'work'"/>
  </xsl:function>

  <!-- An in-site link to the element with xml:id $id (page + fragment), or () when there is
       no such element or it is not shown anywhere. $here is the page the link sits on. -->
  <xsl:function name="f:href" as="xs:string?">
    <xsl:param name="context" as="node()"/>
    <xsl:param name="id" as="xs:string?"/>
    <xsl:param name="here" as="xs:string"/>
    <xsl:variable name="target" select="f:by-id($context, $id)"/>
    <xsl:variable name="unit" select="$target ! c:unit(.)"/>
    <xsl:variable name="anchor" select="
      if ($target/self::tei:note[@type = ('editorial', 'commentary')]) then $id
      else if (c:gloss-item($target)) then c:gloss-id(c:gloss-item($target))
      else if ($unit) then string($unit/@xml:id)
      else $id"/>
    <xsl:variable name="page" select="$target ! f:page-of(.)"/>
    <xsl:sequence select="
      if (empty($page)) then ()
      else if ($page = $here) then '#' || $anchor
      else $page || '#' || $anchor"/>
  </xsl:function>

  <!-- An external URL that may become a link: http(s) or mailto only, no spaces or quotes.
       Anything else (javascript:, data:, relative paths…) gives (). -->
  <xsl:function name="f:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:sequence select="$u[matches(., '^(https?://[^\s&quot;&lt;&gt;`]+|mailto:[^\s&quot;&lt;&gt;`:/]+@[^\s&quot;&lt;&gt;`]+)$', 'i')]"/>
  </xsl:function>

  <!-- The distinct units holding $nodes, in reading order. -->
  <xsl:function name="f:units" as="element()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="($nodes ! c:unit(.)) / ."/>
  </xsl:function>

  <!-- An entry's preferred name (common/entries.xsl), with typographic quotation marks, as in the text. -->
  <xsl:function name="f:name" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="c:curly(c:preferred-name($e), '')"/>
  </xsl:function>

  <!-- A unit's label (c:label, "¶ 12") in a page's running text: the sign hidden from screen
       readers, which speak it as "pilcrow" or not at all, and the word said instead (as the
       margin's numbers do). -->
  <xsl:function name="f:spoken-label" as="node()+">
    <xsl:param name="unit" as="element()"/>
    <span xmlns="http://www.w3.org/1999/xhtml" class="visually-hidden">paragraph </span>
    <span xmlns="http://www.w3.org/1999/xhtml" aria-hidden="true">¶ </span>
    <xsl:value-of select="c:n($unit)"/>
  </xsl:function>

  <!-- The entry's other names, distinct, in document order. -->
  <xsl:function name="f:variants" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="main" select="f:name($e)"/>
    <xsl:sequence select="distinct-values(
      $e/(tei:persName | tei:placeName | tei:orgName | tei:name) ! c:curly(c:reading-text(.), ''))[. != $main]"/>
  </xsl:function>

  <!-- The life dates or existence dates of a register entry, e.g. "25 February 1889 – 16 November 1945". -->
  <xsl:function name="f:life" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="b" select="$e/tei:birth[1]"/>
    <xsl:variable name="d" select="$e/tei:death[1]"/>
    <xsl:variable name="fl" select="$e/tei:floruit[1]"/>
    <xsl:sequence select="
      if ($b or $d) then
        (if ($b) then c:dating($b) else '?') || ' – ' || (if ($d) then c:dating($d) else '?')
      else if ($fl) then 'active ' || c:dating($fl)
      else ()"/>
  </xsl:function>

  <!-- Coordinates of a place as "lat, long", if given. -->
  <xsl:function name="f:coordinates" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="geo" select="normalize-space(($e/tei:location/tei:geo)[1])"/>
    <xsl:sequence select="if ($geo) then string-join(tokenize(replace($geo, ',', ' ')), ', ') else ()"/>
  </xsl:function>

  <!-- The authority URL of an idno: its content if that is a safe URL, else built from a
       known authority type. Unknown types without a URL give (). -->
  <xsl:function name="f:authority-url" as="xs:string?">
    <xsl:param name="idno" as="element(tei:idno)"/>
    <xsl:variable name="v" select="normalize-space($idno)"/>
    <xsl:variable name="t" select="lower-case($idno/@type)"/>
    <xsl:sequence select="
      if (f:safe-url($v)) then f:safe-url($v)
      else if ($t = 'wikidata' and matches($v, '^Q[0-9]+$')) then 'https://www.wikidata.org/entity/' || $v
      else if ($t = 'viaf' and matches($v, '^[0-9]+$')) then 'https://viaf.org/viaf/' || $v
      else if ($t = 'geonames' and matches($v, '^[0-9]+$')) then 'https://sws.geonames.org/' || $v || '/'
      else if ($t = 'gnd' and matches($v, '^[0-9X-]+$')) then 'https://d-nb.info/gnd/' || $v
      else if ($t = 'lcnaf' and matches($v, '^[a-z]+[0-9]+$')) then 'https://id.loc.gov/authorities/names/' || $v
      else if ($t = 'orcid' and matches($v, '^[0-9X-]+$')) then 'https://orcid.org/' || $v
      else ()"/>
  </xsl:function>

  <!-- A readable label for an authority. -->
  <xsl:function name="f:authority-label" as="xs:string">
    <xsl:param name="idno" as="element(tei:idno)"/>
    <xsl:variable name="t" select="lower-case($idno/@type)"/>
    <xsl:variable name="known" select="map{'wikidata':'Wikidata','viaf':'VIAF','geonames':'GeoNames',
      'gnd':'GND','lcnaf':'Library of Congress','orcid':'ORCID','uri':'Web','wikipedia':'Wikipedia'}"/>
    <xsl:sequence select="($known($t), string($idno/@type)[.], 'Authority')[1] || ' ' || normalize-space($idno)"/>
  </xsl:function>

  <!-- JSON text made safe to sit inside an HTML <script> element or a JS file:
       "<", ">", "&", U+2028 and U+2029 become \u escapes (so "</script>" can never occur). -->
  <xsl:function name="f:script-safe" as="xs:string">
    <xsl:param name="json" as="xs:string"/>
    <xsl:sequence select="$json => replace('&lt;', '\\u003c') => replace('&gt;', '\\u003e')
                                => replace('&amp;', '\\u0026') => replace('&#x2028;', '\\u2028')
                                => replace('&#x2029;', '\\u2029')"/>
  </xsl:function>
</xsl:stylesheet>
