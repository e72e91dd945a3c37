<?xml version="1.0" encoding="UTF-8"?>
<!-- Words for readers that the HTML, the EPUB and the print edition share: how units are named
     ("¶ 42", "¶¶ 10–20"), what the registers and apparatus lists are called, a note's label and
     kind, the kinds of intervention. Short citations of the works consulted: common/sources.xsl. -->
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

  <!-- The registers' titles, by the name of their list (the glossary: list[@type='gloss'] as
       'gloss'; the works consulted: listBibl[@type='consulted'] as 'consulted'). -->
  <xsl:variable name="c:register-titles" as="map(xs:string, xs:string)"
    select="map{'listPerson': 'Persons', 'listPlace': 'Places', 'listOrg': 'Organisations',
                'listEvent': 'Events', 'gloss': 'Glossary', 'consulted': 'Works consulted by the editors',
                'emendations': 'Emendations'}"/>

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

  <!-- Interventions in the text (body and reference list), in document order: every choice
       with a correction and every supplied text. -->
  <xsl:function name="c:interventions" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="root($doc)/tei:TEI/tei:text//(tei:choice[tei:corr] | tei:supplied)"/>
  </xsl:function>

  <!-- The kind of an intervention: corr/@type, or "supplied-word" / "supplied-punctuation"
       (what tei-edition audit counts). -->
  <xsl:function name="c:intervention-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/self::tei:supplied) then (if (matches(string($e), '[\p{L}\p{N}]')) then 'supplied-word' else 'supplied-punctuation')
      else (normalize-space($e/tei:corr[1]/@type)[.], 'untyped')[1]"/>
  </xsl:function>

  <!-- The kinds in the order of the correction policy, with their names. -->
  <xsl:variable name="c:intervention-kinds" as="xs:string+"
    select="('possessive', 'supplied-word', 'doubled-word', 'agreement', 'misspelling', 'misspelt-name',
             'supplied-punctuation', 'untyped')"/>
  <xsl:variable name="c:intervention-labels" as="map(xs:string, xs:string)"
    select="map{'possessive': 'Possessive without apostrophe', 'supplied-word': 'Missing word, supplied',
                'doubled-word': 'Doubled word, removed', 'agreement': 'Agreement',
                'misspelling': 'Misspelt word', 'misspelt-name': 'Misspelt name',
                'supplied-punctuation': 'Missing punctuation, supplied', 'untyped': 'Other correction'}"/>
  <xsl:function name="c:intervention-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="($c:intervention-labels($kind), $kind)[1]"/>
  </xsl:function>
</xsl:stylesheet>
