<?xml version="1.0" encoding="UTF-8"?>
<!-- Words for readers that the HTML, the EPUB and the print edition share: how units are named
     ("¶ 42", "¶¶ 10–20"), what the registers and apparatus lists are called, a note's label and
     kind. Interventions: common/interventions.xsl. Short citations of the works consulted: common/sources.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- "¶ 7" for a unit, "¶¶ 10–20" for a run of units (common/units.xsl gives the numbers). -->
  <xsl:function name="c:label" as="xs:string">
    <xsl:param name="units" as="element()+"/>
    <xsl:variable name="first" select="c:n($units[1])"/>
    <xsl:variable name="last" select="c:n($units[last()])"/>
    <xsl:sequence select="if ($first = $last) then '¶ ' || $first else '¶¶ ' || $first || '–' || $last"/>
  </xsl:function>

  <!-- A name as it stands inside a sentence ("Edited by the tei-edition editorial team"): the
       article a name begins with in lowercase (Chicago, and the citations: citation/cite.py). -->
  <xsl:function name="c:in-sentence" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="if (starts-with($name, 'The ')) then 'the' || substring($name, 4) else $name"/>
  </xsl:function>

  <!-- A section as the contents, the navigation and the bookmarks name it: its heading (the
       reading text, quotation marks set), or "[Opening]" for the untitled opening. -->
  <xsl:function name="c:section-title" as="xs:string">
    <xsl:param name="div" as="element(tei:div)"/>
    <xsl:sequence select="if ($div/tei:head) then c:curly(c:reading-text($div/tei:head[1]), '') else '[Opening]'"/>
  </xsl:function>

  <!-- The registers' titles, by the name of their list (the glossary: list[@type='glossary'] as
       'gloss'; the works consulted: listBibl[@type='consulted'] as 'consulted'). -->
  <xsl:variable name="c:register-titles" as="map(xs:string, xs:string)"
    select="map{'listPerson': 'Persons', 'listPlace': 'Places', 'listOrg': 'Organisations',
                'listEvent': 'Events', 'gloss': 'Glossary', 'consulted': 'Works consulted by the editors',
                'emendations': 'Emendations'}"/>

  <!-- A list's title, as every output names it: by its key in $c:register-titles (a list's own
       head is for readers of the TEI; the outputs name their lists alike). -->
  <xsl:function name="c:register-title" as="xs:string">
    <xsl:param name="list" as="element()"/>
    <xsl:variable name="key" select="if ($list/self::tei:list[@type = 'glossary']) then 'gloss'
      else if ($list/self::tei:listBibl[@type = 'consulted']) then 'consulted' else local-name($list)"/>
    <xsl:sequence select="($c:register-titles($key), normalize-space($list/tei:head[1]))[1]"/>
  </xsl:function>

  <!-- The kinds of event (event/@type, the schema's closed list), as words for readers. -->
  <xsl:variable name="c:event-kinds" as="map(xs:string, xs:string)"
    select="map{'revolution': 'Revolution', 'congress': 'Congress', 'uprising': 'Uprising', 'war': 'War',
                'treaty': 'Treaty', 'policy': 'Decision or policy', 'repression': 'Repression',
                'personal': 'Life event', 'publication': 'Publication'}"/>

  <!-- A note's label, the one every output prints: its @n (the schema requires it on the notes
       of the body: 1…K in reading order over editorial and commentary notes); a note without
       one is counted among the notes of the body. -->
  <xsl:function name="c:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if (normalize-space($note/@n)) then normalize-space($note/@n)
      else string(count($note/preceding::tei:note[ancestor::tei:body]) + 1)"/>
  </xsl:function>

  <!-- The kind of a note of the body, as a word printed beside its label. -->
  <xsl:variable name="c:note-kinds" as="map(xs:string, xs:string)"
    select="map{'editorial': 'Editorial note', 'commentary': 'Commentary'}"/>
  <xsl:function name="c:note-kind" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($c:note-kinds(string($note/@type)), 'Note')[1]"/>
  </xsl:function>
</xsl:stylesheet>
