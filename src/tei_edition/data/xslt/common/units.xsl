<?xml version="1.0" encoding="UTF-8"?>
<!-- The citable units, shared by the HTML and the print edition. What a unit is (its anchor,
     number and section) is decided once, in Python, from the citation scheme
     (tei_edition.citation.units), and handed in as $citable-units; these functions only look
     it up, so no stylesheet has its own idea of a unit. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:tei-edition:common"
  xmlns:u="urn:tei-edition:units"
  exclude-result-prefixes="#all">

  <!-- <u:units><u:unit id="p1" n="1" section="s1" permalink="https://…#p1"/>…</u:units>, in reading order. -->
  <xsl:param name="citable-units" as="document-node(element(u:units))" required="yes"/>

  <xsl:key name="c:unit" match="u:unit" use="@id"/>

  <!-- The document whose units they are (the global context item). -->
  <xsl:variable name="c:edition" select="/"/>

  <!-- The elements of every unit, in reading order. -->
  <xsl:variable name="c:units" as="element()*" select="$citable-units/u:units/u:unit ! id(@id, $c:edition)"/>

  <xsl:function name="c:is-unit" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/@xml:id) and exists(key('c:unit', string($e/@xml:id), $citable-units))"/>
  </xsl:function>

  <!-- The unit that holds $node (or is it), if any. -->
  <xsl:function name="c:unit" as="element()?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::*[c:is-unit(.)][1]"/>
  </xsl:function>

  <!-- A unit's permanent link (tei_edition.citation.record.permalink). -->
  <xsl:function name="c:permalink" as="xs:string">
    <xsl:param name="unit" as="element()"/>
    <xsl:sequence select="string(key('c:unit', string($unit/@xml:id), $citable-units)/@permalink)"/>
  </xsl:function>

  <!-- The unit the edition's explanations take as their example: ¶ 42, or the last of a
       shorter text. -->
  <xsl:variable name="c:example-unit" as="element()?" select="($c:units[42], $c:units[last()])[1]"/>

  <!-- A unit's number: the margin number, "¶ 42". -->
  <xsl:function name="c:n" as="xs:string">
    <xsl:param name="unit" as="element()"/>
    <xsl:sequence select="string(key('c:unit', string($unit/@xml:id), $citable-units)/@n)"/>
  </xsl:function>
</xsl:stylesheet>
