<?xml version="1.0" encoding="UTF-8"?>
<!-- The order of every register, list and index of the edition (HTML, print, EPUB; the works
     consulted within each kind of work): by the
     entry's @sortKey alone (lowercase ASCII words joined by hyphens, persons surname first,
     rulers and grand dukes under their given names: the ODD's edition.sortKey), compared by
     code point so that every output and Python sort the same way; ties by xml:id. No
     stylesheet derives an order from names. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- An entry's sort key: its @sortKey ("" when the entry has none, which the schema forbids). -->
  <xsl:function name="c:sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="string($entry/@sortKey)"/>
  </xsl:function>

  <!-- $entries in the edition's order: by sort key, then by xml:id. -->
  <xsl:function name="c:sorted" as="element()*">
    <xsl:param name="entries" as="element()*"/>
    <xsl:perform-sort select="$entries">
      <xsl:sort select="c:sort-key(.)" collation="http://www.w3.org/2005/xpath-functions/collation/codepoint"/>
      <xsl:sort select="string(@xml:id)" collation="http://www.w3.org/2005/xpath-functions/collation/codepoint"/>
    </xsl:perform-sort>
  </xsl:function>
</xsl:stylesheet>
