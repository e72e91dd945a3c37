<?xml version="1.0" encoding="UTF-8"?>
<!-- Entries of the registers, the events and the glossary as every output names them: the
     preferred name (the ODD: the name without type="variant"), a glossary item's term and its
     anchor (list[@type='glossary'] holds items with term and gloss, or label + item pairs). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- The element that holds an entry's preferred name: its first name that is not a variant,
       else its first name; an event its label, a work its title; a glossary item (or the label
       before one) its term. -->
  <xsl:function name="c:name-element" as="element()?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="item" select="c:gloss-item($e)"/>
    <xsl:variable name="names" select="$e/(tei:persName | tei:placeName | tei:orgName | tei:name)"/>
    <xsl:sequence select="if ($item) then ($item/preceding-sibling::*[1][self::tei:label], $item/tei:term)[1]
      else ($names[not(@type = 'variant')], $names, $e/tei:title, $e/tei:label)[1]"/>
  </xsl:function>

  <!-- The preferred name as plain text (common/text.xsl; quotation marks as in the TEI). -->
  <xsl:function name="c:preferred-name" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="c:reading-text(c:name-element($e))"/>
  </xsl:function>

  <!-- The glossary entry an element is or names: a glossary item, or the label before one. -->
  <xsl:function name="c:gloss-item" as="element(tei:item)?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/(self::tei:item, self::tei:label/following-sibling::*[1][self::tei:item])
                          [parent::tei:list[@type = 'glossary']][1]"/>
  </xsl:function>

  <!-- A glossary item's anchor: its xml:id, else its label's. -->
  <xsl:function name="c:gloss-id" as="xs:string?">
    <xsl:param name="item" as="element(tei:item)"/>
    <xsl:sequence select="($item/@xml:id, $item/preceding-sibling::*[1][self::tei:label]/@xml:id)[1] ! string(.)"/>
  </xsl:function>

  <!-- What a glossary item says of its term: its gloss, else the item without its term. -->
  <xsl:function name="c:gloss-definition" as="node()*">
    <xsl:param name="item" as="element(tei:item)"/>
    <xsl:sequence select="if ($item/tei:gloss) then $item/tei:gloss/node() else $item/(node() except tei:term)"/>
  </xsl:function>

  <!-- The anchor of an entry: a glossary item's (c:gloss-id), else its xml:id. -->
  <xsl:function name="c:entry-id" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:item) then c:gloss-id($e) else $e/@xml:id ! string(.)"/>
  </xsl:function>
</xsl:stylesheet>
