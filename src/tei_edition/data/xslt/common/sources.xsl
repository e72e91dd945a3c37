<?xml version="1.0" encoding="UTF-8"?>
<!-- Sources of the apparatus, shared by every output: the works consulted by the editors
     (standOff/listBibl[@type='consulted']), the short citation that stands for one of them
     beside a fact ("Wikipedia, “Gavril Myasnikov”"), and the names of the facts that cite
     them ("Life dates", "Coordinates", "Description" …). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- The works consulted, in the edition's order (by @sortKey: c:sorted), which every list of
       them keeps within each type. -->
  <xsl:function name="c:works-consulted" as="element(tei:bibl)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="c:sorted(root($doc)/tei:TEI/tei:standOff/tei:listBibl[@type = 'consulted']/tei:bibl)"/>
  </xsl:function>

  <!-- The types of work, in the order the list of works consulted groups them, and their names. -->
  <xsl:variable name="c:work-types" as="xs:string+"
    select="('scholarship', 'reference', 'authority', 'archive', 'wikipedia', 'wikidata', 'geonames')"/>
  <xsl:variable name="c:work-type-labels" as="map(xs:string, xs:string)"
    select="map{'scholarship': 'Scholarship', 'reference': 'Reference works', 'authority': 'Authority files',
                'archive': 'Primary-source archives', 'wikipedia': 'Wikipedia articles',
                'wikidata': 'Wikidata items', 'geonames': 'GeoNames records'}"/>

  <!-- The types of $works present, in the order of $c:work-types (types the schema does not
       know after them), and a type's name. -->
  <xsl:function name="c:work-groups" as="xs:string*">
    <xsl:param name="works" as="element()*"/>
    <xsl:variable name="present" select="distinct-values($works/string(@type))"/>
    <xsl:sequence select="($c:work-types[. = $present], $present[not(. = $c:work-types)])"/>
  </xsl:function>
  <xsl:function name="c:work-type-label" as="xs:string">
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="($c:work-type-labels($type), $type[.] ! (upper-case(substring(., 1, 1)) || substring(., 2)), 'Other works')[1]"/>
  </xsl:function>

  <!-- The works an element's @source names that are in the list, in the order it names them
       (unknown pointers dropped: the schema reports them). By key: sorting the whole list for
       each fact cost the three transforms 70 ms. -->
  <xsl:key name="c:work-consulted" match="tei:standOff/tei:listBibl[@type = 'consulted']/tei:bibl" use="@xml:id"/>
  <xsl:function name="c:sources" as="element(tei:bibl)*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="for $id in tokenize(normalize-space($e/@source))[starts-with(., '#')] ! substring(., 2)
                          return key('c:work-consulted', $id, root($e))[1]"/>
  </xsl:function>

  <!-- The parts of a short citation: who ("Wikipedia", the author, else the work it is part of,
       else its publisher), the title (the article's, else the work's; a trailing bracketed
       comment left out) and its level ("a": an article, set in quotation marks; "m": a work,
       set in italics). -->
  <xsl:function name="c:short-citation-parts" as="map(xs:string, xs:string)">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="container" select="c:reading-text($bibl/tei:title[@level = 'm'][1])"/>
    <xsl:variable name="edition" select="c:reading-text($bibl/tei:edition[1])"/>
    <xsl:variable name="authors" select="$bibl/tei:author ! c:reading-text(.)"/>
    <xsl:variable name="who" select="
      if ($bibl/@type = 'wikipedia') then 'Wikipedia' || ($edition[. and . != 'English'] ! (' (' || . || ')'))
      else if ($bibl/@type = 'geonames') then 'GeoNames'
      else if (exists($authors)) then string-join($authors, ', ')
      else if ($container and $bibl/tei:title[@level = 'a']) then c:trim-comment(replace($container, ',.*$', ''))
      else c:reading-text($bibl/tei:publisher[1])"/>
    <xsl:variable name="article" select="c:trim-comment(c:reading-text($bibl/tei:title[@level = 'a'][1]))"/>
    <xsl:sequence select="map{'who': $who,
      'title': if ($article) then $article else c:trim-comment($container),
      'level': if ($article) then 'a' else 'm'}"/>
  </xsl:function>

  <!-- The short citation as plain text: Wikipedia, “Gavril Myasnikov”. -->
  <xsl:function name="c:short-citation" as="xs:string">
    <xsl:param name="bibl" as="element(tei:bibl)"/>
    <xsl:variable name="p" select="c:short-citation-parts($bibl)"/>
    <xsl:sequence select="string-join(($p?who[.], ($p?title[.] ! (if ($p?level = 'a') then '“' || . || '”' else .))), ', ')"/>
  </xsl:function>

  <!-- What a sourced element of the apparatus states, for readers: "Birth", "Coordinates",
       "Wikipedia article", "GeoNames record", "Description" … -->
  <xsl:function name="c:fact-label" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="idno-type" select="lower-case($e/self::tei:idno/@type)"/>
    <xsl:sequence select="
      if ($e/self::tei:birth) then 'Birth'
      else if ($e/self::tei:death) then 'Death'
      else if ($e/self::tei:location) then 'Coordinates'
      else if ($idno-type = 'wikipedia') then 'Wikipedia article'
      else if ($idno-type = 'geonames') then 'GeoNames record'
      else if ($e/self::tei:idno) then 'Identifier (' || $e/@type || ')'
      else if ($e/self::tei:note[@type = 'description']) then 'Description'
      else if ($e/self::tei:note) then c:note-kind($e)
      else if ($e/self::tei:event) then 'Dates and description'
      else if ($e/self::tei:item) then 'Definition'
      else 'Entry'"/>
  </xsl:function>

  <!-- "A Letter to G. Myasnikov (5 August 1921; …)" → "A Letter to G. Myasnikov". -->
  <xsl:function name="c:trim-comment" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="t" select="normalize-space(replace($s, '\s*(\([^()]*\)|\[[^\[\]]*\])$', ''))"/>
    <xsl:sequence select="if ($t) then $t else $s"/>
  </xsl:function>
</xsl:stylesheet>
