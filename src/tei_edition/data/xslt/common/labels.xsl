<?xml version="1.0" encoding="UTF-8"?>
<!-- Words for readers that the HTML and the print edition share: how units are named ("¶ 42",
     "¶¶ 10–20") and what the registers are called. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- "¶ 7" for a unit, "¶¶ 10–20" for a run of units (common/units.xsl gives the numbers). -->
  <xsl:function name="c:label" as="xs:string">
    <xsl:param name="units" as="element()+"/>
    <xsl:variable name="first" select="c:n($units[1])"/>
    <xsl:variable name="last" select="c:n($units[last()])"/>
    <xsl:sequence select="if ($first = $last) then '¶ ' || $first else '¶¶ ' || $first || '–' || $last"/>
  </xsl:function>

  <!-- The registers' titles, by the name of their list. -->
  <xsl:variable name="c:register-titles" as="map(xs:string, xs:string)"
    select="map{'listPerson': 'Persons', 'listPlace': 'Places', 'listOrg': 'Organisations'}"/>
</xsl:stylesheet>
