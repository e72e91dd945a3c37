<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition, back matter: bibliography (mode "bibl"), the map of places and the index of
     names, events and glossary terms (mode "index"), each section in the order of the entries'
     sort keys (@sortKey). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  xmlns:svg="http://www.w3.org/2000/svg"
  exclude-result-prefixes="#all">
  <xsl:mode name="bibl" on-no-match="shallow-skip"/>

  <!-- The map of places without links (tei_edition.outputs.map.svg(tree, interactive=False)), or
       empty for none. It goes into Typst as a string literal, read as SVG bytes. -->
  <xsl:param name="place-map" as="xs:string" select="''"/>
  <xsl:mode name="index" on-no-match="shallow-skip"/>

  <xsl:key name="mentions" match="tei:text//*[@ref]" use="f:refs(.)"/>

  <!-- ============================================================ bibliography -->
  <xsl:template match="tei:div[@type = 'bibliography']" mode="bibl">
    <xsl:text>#back-head([</xsl:text>
    <!-- as the text's headings: a correction or a supplied word with its sign and brackets -->
    <xsl:choose>
      <xsl:when test="tei:head"><xsl:apply-templates select="tei:head[1]/node()" mode="text"/></xsl:when>
      <xsl:otherwise>#"Bibliography";</xsl:otherwise>
    </xsl:choose>
    <xsl:text>], "bibliography")&#10;</xsl:text>
    <xsl:apply-templates select=".//tei:listBibl" mode="bibl"/>
  </xsl:template>

  <xsl:template match="tei:listBibl" mode="bibl">
    <xsl:if test="tei:head">
      <xsl:text>#bibl-head[</xsl:text>
      <xsl:apply-templates select="tei:head/node()" mode="text"/>
      <xsl:text>]&#10;</xsl:text>
    </xsl:if>
    <xsl:apply-templates select="tei:bibl | tei:biblStruct" mode="bibl"/>
  </xsl:template>

  <xsl:template match="tei:bibl | tei:biblStruct" mode="bibl">
    <xsl:text>#bibl-entry(</xsl:text>
    <xsl:value-of select="f:str(string(@xml:id))"/>
    <xsl:text>)[</xsl:text>
    <xsl:apply-templates mode="text"/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ index -->
  <!-- Only entries mentioned in the printed units (or the headings printed with them). -->
  <xsl:template match="tei:standOff" mode="index">
    <xsl:param name="scope" as="element()*" tunnel="yes"/>
    <xsl:variable name="groups" as="xs:string*">
      <xsl:apply-templates select="tei:listPerson | tei:listPlace | tei:listOrg | tei:listEvent | tei:list[@type = 'glossary']" mode="index"/>
    </xsl:variable>
    <xsl:call-template name="place-map"/>
    <xsl:if test="exists($groups)">
      <xsl:text>#back-head([#"Index";], "index")&#10;#index((</xsl:text>
      <xsl:value-of select="$groups" separator=" "/>
      <xsl:text>))&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="place-map">
    <xsl:param name="book" as="map(*)" tunnel="yes"/>
    <xsl:if test="$book?map and normalize-space($place-map)">
      <xsl:variable name="map" select="parse-xml($place-map)/svg:svg"/>
      <xsl:variable name="places" select="$map/svg:g[@class = 'place']/svg:title ! normalize-space()"/>
      <xsl:text>#back-head([#"Map of places";], "map")&#10;#figure(image(bytes(</xsl:text>
      <xsl:value-of select="f:str($place-map)"/>
      <xsl:text>), format: "svg", width: 100%, alt: </xsl:text>
      <xsl:value-of select="f:str('Map of the places of the text with coordinates: ' || string-join($places, '; ') || '.')"/>
      <xsl:text>), caption: [</xsl:text>
      <xsl:value-of select="f:text('The ' || count($places) || ' places of the text with coordinates in the register; '
                                   || 'the area of a circle shows how often the text mentions the place. '
                                   || normalize-space($map/svg:desc))"/>
      <xsl:text>])&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:listPerson | tei:listPlace | tei:listOrg | tei:listEvent | tei:list[@type = 'glossary']" mode="index">
    <xsl:param name="scope" as="element()*" tunnel="yes"/>
    <xsl:variable name="entries" select="(tei:person | tei:place | tei:org | tei:event | tei:item)
      [exists(key('mentions', c:entry-id(.))/ancestor::* intersect $scope)]"/>
    <xsl:if test="exists($entries)">
      <xsl:variable name="title" select="c:register-title(.)"/>
      <xsl:variable name="rows" as="xs:string*">
        <xsl:apply-templates select="c:sorted($entries)" mode="index"/>
      </xsl:variable>
      <xsl:sequence select="'([' || f:text($title) || '], (' || string-join($rows, ' ') || ')),'"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:person | tei:place | tei:org" mode="index">
    <xsl:sequence select="'(' || f:str(string(@xml:id)) || ', [' || f:text(f:index-name(.), '', $f:long-index) || ']),'"/>
  </xsl:template>
  <xsl:template match="tei:event | tei:item" mode="index">
    <xsl:sequence select="'(' || f:str(c:entry-id(.)) || ', [' || f:text(c:preferred-name(.), '', $f:long-index) || ']),'"/>
  </xsl:template>

  <!-- The entry as the index prints it, in the form its sort key files it under: a name whose
       first word begins the key as written ("Daia Grigor'evna", "Nicholas II"); a person
       otherwise inverted ("Miasnikov, Gavril"; "Michael Alexandrovich, Grand Duke"); a title
       after its article ("Voice of Labour, The"; "Ouvrier Communiste, L'"); else the variant name the key follows, then
       the main name ("Bolshevik Party – Russian Communist Party (Bolsheviks)"). -->
  <xsl:function name="f:index-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="name" select="c:name-element($entry)"/>
    <xsl:variable name="plain" select="c:reading-text($name)"/>
    <xsl:variable name="key" select="c:sort-key($entry) || '-'"/>
    <xsl:variable name="words" select="tokenize($plain)"/>
    <xsl:variable name="variant" select="$entry/(tei:persName | tei:placeName | tei:orgName)
      [starts-with($key, f:key-word(tokenize(c:reading-text(.))[1]) || '-')][1]"/>
    <xsl:sequence select="if ($name/tei:surname)
      then string-join((c:reading-text($name/tei:surname[1]), c:reading-text($name/tei:forename[1])[.]), ', ')
      else if (starts-with($key, f:key-word($words[1]) || '-')) then $plain
      else if ($entry/self::tei:person and not(matches($plain, '[,(]'))) then f:invert($plain)
      else if ($words[1] = ('The', 'A', 'An') and starts-with($key, f:key-word($words[2]) || '-'))
      then string-join(subsequence($words, 2), ' ') || ', ' || $words[1]
      else if (matches($plain, &quot;^[LD]['’]\w&quot;) and starts-with($key, f:key-word(substring($words[1], 3)) || '-'))
      then substring($plain, 3) || ', ' || substring($plain, 1, 2)
      else if ($variant) then c:reading-text($variant) || ' – ' || $plain
      else $plain"/>
  </xsl:function>

  <!-- A word as a sort key writes it: "André" → "andre", "Grigor'evna" → "grigorevna". -->
  <xsl:function name="f:key-word" as="xs:string">
    <xsl:param name="word" as="xs:string?"/>
    <xsl:sequence select="replace(lower-case(normalize-unicode(string($word), 'NFD')), '[^a-z0-9]', '')"/>
  </xsl:function>

  <!-- "Gavril Il'ich Miasnikov" → "Miasnikov, Gavril Il'ich"; "Grand Duke Michael Alexandrovich"
       → "Michael Alexandrovich, Grand Duke". -->
  <xsl:variable name="honorific" select="'^(Grand Duke|Grand Duchess|Tsar|Tsarina|Kaiser|Emperor|King|Queen|Prince|Princess|Saint|St\.) (.+)$'"/>
  <xsl:function name="f:invert" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="words" select="tokenize($name)"/>
    <xsl:sequence select="if (matches($name, $honorific)) then replace($name, $honorific, '$2, $1')
      else if (count($words) lt 2 or matches($words[last()], '^[IVXLC]+$')) then $name
      else $words[last()] || ', ' || string-join($words[position() lt last()], ' ')"/>
  </xsl:function>
</xsl:stylesheet>
