<?xml version="1.0" encoding="UTF-8"?>
<!-- The editors' interventions in the text, shared by the HTML, the EPUB and the print edition.
     Their rows (kind, place, both readings with the words around them) are computed once, in
     Python (tei_edition.outputs.emendations), and handed in as $emendations; the stylesheets
     render them. Here: the rows, which element of the text each row is (its sign ° in the text
     carries the row's id e{k}), and the names of the kinds. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:c="urn:tei-edition:common"
  xmlns:em="urn:tei-edition:emendations"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <!-- <em:emendations><em:emendation id="e1" kind unit n …><em:source>…</em:source><em:edition>…</em:edition>… -->
  <xsl:param name="emendations" as="document-node(element(em:emendations))" required="yes"/>
  <xsl:variable name="c:emendation-rows" as="element(em:emendation)*" select="$emendations/em:emendations/em:emendation"/>
  <xsl:key name="c:emendation" match="em:emendation" use="@id"/>

  <!-- The interventions of the text (body and reference list), in document order: every choice
       with a correction and every supplied text; the k-th is row e{k} (the same elements, in the
       same order, as tei_edition.core.text.INTERVENTIONS). -->
  <xsl:function name="c:interventions" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="root($doc)/tei:TEI/tei:text//(tei:choice[tei:corr] | tei:supplied)"/>
  </xsl:function>

  <!-- found once: a look-up per row walking the whole text made the print edition quadratic -->
  <xsl:variable name="c:all-interventions" as="element()*" select="c:interventions($c:edition)"/>
  <xsl:variable name="c:intervention-numbers" as="map(xs:string, xs:integer)"
    select="map:merge(for $i in 1 to count($c:all-interventions) return map{generate-id($c:all-interventions[$i]): $i})"/>

  <!-- The id of an intervention's row, e{k}; () for one outside the text's list (the header's prose). -->
  <xsl:function name="c:emendation-id" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$c:intervention-numbers(generate-id($e)) ! ('e' || .)"/>
  </xsl:function>

  <!-- The element of the text a row stands for. -->
  <xsl:function name="c:intervention" as="element()?">
    <xsl:param name="row" as="element(em:emendation)"/>
    <xsl:sequence select="$c:all-interventions[xs:integer(substring($row/@id, 2))]"/>
  </xsl:function>

  <!-- The kind of an intervention, as its row gives it (corr/@type, "supplied-word",
       "supplied-punctuation", "untyped"); "untyped" outside the list. -->
  <xsl:function name="c:intervention-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(c:emendation-id($e) ! key('c:emendation', ., $emendations)/@kind ! string(.), 'untyped')[1]"/>
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
