<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition, from the TEI header: the document's metadata (mode "meta") and the
     colophon with how to cite (mode "colophon"). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  exclude-result-prefixes="#all">
  <xsl:mode name="meta" on-no-match="shallow-skip"/>
  <xsl:mode name="colophon" on-no-match="shallow-skip"/>

  <xsl:function name="f:title" as="xs:string">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:variable name="titles" select="$header/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:sequence select="f:plain(if ($type = 'main') then ($titles[@type = 'main'], $titles[not(@type)], $titles)[1]
      else $titles[@type = $type][1])"/>
  </xsl:function>

  <xsl:function name="f:editors" as="xs:string">
    <xsl:param name="header" as="element(tei:teiHeader)"/>
    <xsl:variable name="ed" select="$header/tei:fileDesc/tei:titleStmt/tei:editor"/>
    <xsl:sequence select="string-join(($ed[@xml:id = 'editors'], $ed)[1] ! f:plain(.), '')"/>
  </xsl:function>

  <!-- ============================================================ metadata -->
  <xsl:template match="tei:teiHeader" mode="meta">
    <xsl:variable name="fd" select="tei:fileDesc"/>
    <xsl:variable name="source" select="f:plain($fd/tei:sourceDesc/tei:bibl[1])"/>
    <xsl:variable name="fields" select="map{
      'title': f:title(., 'main'),
      'subtitle': f:title(., 'sub'),
      'author': f:plain($fd/tei:titleStmt/tei:author[1]),
      'edition': f:plain($fd/tei:editionStmt/tei:edition[1]),
      'editors': f:editors(.),
      'publisher': f:plain($fd/tei:publicationStmt/tei:publisher[1]),
      'date-text': f:date-text($fd/tei:publicationStmt/tei:date[1]),
      'description': (f:plain(tei:profileDesc/tei:abstract)[.], 'A scholarly edition of ' || $source)[1]
      }"/>
    <xsl:text>#let meta = (</xsl:text>
    <xsl:for-each select="map:keys($fields)" xmlns:map="http://www.w3.org/2005/xpath-functions/map">
      <xsl:sort select="."/>
      <xsl:value-of select="'&#10;  ' || . || ': ' || f:str($fields(.)) || ','"/>
    </xsl:for-each>
    <xsl:text>&#10;  keywords: </xsl:text>
    <xsl:value-of select="f:str-array(tei:profileDesc/tei:textClass/tei:keywords//tei:term ! f:plain(.))"/>
    <xsl:text>,&#10;)&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ colophon -->
  <xsl:template match="tei:teiHeader" mode="colophon">
    <xsl:param name="units" as="element()*" tunnel="yes"/>
    <xsl:param name="partial" as="xs:boolean" tunnel="yes"/>
    <xsl:param name="base-url" as="xs:string" tunnel="yes"/>
    <xsl:variable name="fd" select="tei:fileDesc"/>
    <xsl:variable name="editors" select="f:editors(.)"/>
    <xsl:variable name="first" select="f:n($units[1])"/>
    <xsl:variable name="last" select="f:n($units[last()])"/>
    <xsl:variable name="span" select="if ($first = $last) then '¶ ' || $first else '¶¶ ' || $first || '–' || $last"/>
    <xsl:variable name="link" select="$base-url || (if ($partial) then '#p' || $first else '')"/>
    <xsl:text>#back-head([#"Colophon";], "colophon")&#10;#colophon[&#10;</xsl:text>
    <xsl:text>#strong[#"How to cite";]#linebreak();</xsl:text>
    <xsl:value-of select="f:text(f:plain($fd/tei:titleStmt/tei:author[1]) || ', ')"/>
    <xsl:text>#emph[</xsl:text>
    <xsl:value-of select="f:text(string-join((f:title(., 'main'), f:title(., 'sub')[.]), ': '))"/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="f:text(string-join(('', ('ed. by ' || $editors)[$editors],
      f:plain($fd/tei:editionStmt/tei:edition[1])[.], f:plain($fd/tei:publicationStmt/tei:publisher[1])[.],
      f:date-text($fd/tei:publicationStmt/tei:date[1]), $span[$partial]), ', ') || ', ')"/>
    <xsl:if test="$base-url">
      <xsl:value-of select="'#url-link(' || f:str($link) || ')[' || f:text($link) || ']'"/>
    </xsl:if>
    <xsl:text>#".";&#10;&#10;</xsl:text>
    <xsl:value-of select="f:text('Paragraph numbers in the margin are those of the whole edition, the same in its web and XML forms. '
      || 'Cite a paragraph by its number (¶ ' || $first || ')' || (if ($base-url) then ' or by its permanent link, ' else '.'))"/>
    <xsl:if test="$base-url">
      <xsl:value-of select="'#url-link(' || f:str($base-url || '#p' || $first) || ')[' || f:text($base-url || '#p' || $first) || ']#&quot;.&quot;;'"/>
    </xsl:if>
    <xsl:if test="$partial">
      <xsl:value-of select="f:text(' This print contains ' || $span || ' only.')"/>
    </xsl:if>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:apply-templates select="$fd/tei:publicationStmt/tei:availability" mode="colophon"/>
    <xsl:value-of select="f:text('Edition of ' || f:date-text($fd/tei:publicationStmt/tei:date[1]) || '. ')"/>
    <xsl:value-of select="f:text('Source: ' || f:plain($fd/tei:sourceDesc/tei:bibl[1]))"/>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="f:text('Typeset from the TEI P5 master with Typst in Libertinus Serif.')"/>
    <xsl:text>&#10;]&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:availability" mode="colophon">
    <xsl:for-each select="tei:licence">
      <xsl:text>#"Licence: ";</xsl:text>
      <xsl:value-of select="f:text(f:plain(.))"/>
      <xsl:if test="@target">
        <xsl:value-of select="' #url-link(' || f:str(@target) || ')[' || f:text(@target) || ']'"/>
      </xsl:if>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
