<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition, mode "colophon": how to cite (with the permanent link), what this print
     contains, edition, responsibility, source, licence. One (label, content) pair per item;
     edition.typ lays them out. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">
  <xsl:mode name="colophon" on-no-match="shallow-skip"/>

  <xsl:function name="f:item" as="xs:string">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="content" as="xs:string"/>
    <xsl:sequence select="'  ([' || f:text($label) || '], [' || $content || ']),&#10;'"/>
  </xsl:function>

  <xsl:function name="f:link" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:sequence select="'#url(' || f:str($url) || ');'"/>
  </xsl:function>

  <xsl:template match="tei:teiHeader" mode="colophon">
    <xsl:text>#back-head([#"Colophon";], "colophon")&#10;#colophon((&#10;</xsl:text>
    <xsl:apply-templates select="." mode="cite"/>
    <xsl:apply-templates select="." mode="units"/>
    <xsl:apply-templates select="tei:fileDesc/(tei:editionStmt | tei:titleStmt | tei:sourceDesc | tei:publicationStmt/tei:availability)" mode="colophon"/>
    <xsl:value-of select="f:item('This print', 'Typeset from the TEI P5 master with Typst in Libertinus Serif, as a tagged, accessible and archival PDF (PDF/UA-1, PDF/A-2a).' ! f:text(.))"/>
    <xsl:text>))&#10;</xsl:text>
  </xsl:template>

  <!-- A citation with its URL (at the end) as a link. -->
  <xsl:function name="f:cite-text" as="xs:string">
    <xsl:param name="c" as="xs:string"/>
    <xsl:variable name="url" select="'^(.*?)(https?://\S+?)(\.?)$'"/>
    <xsl:sequence select="if (matches($c, $url, 's'))
      then f:text(replace($c, $url, '$1', 's')) || f:link(replace($c, $url, '$2', 's')) || f:text(replace($c, $url, '$3', 's'))
      else f:text($c)"/>
  </xsl:function>

  <!-- …with the book's title in italics. -->
  <xsl:function name="f:cite-title" as="xs:string">
    <xsl:param name="c" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:sequence select="if ($title and contains($c, $title))
      then f:cite-text(substring-before($c, $title)) || '#emph[' || f:text($title) || ']'
        || f:cite-text(substring-after($c, $title))
      else f:cite-text($c)"/>
  </xsl:function>

  <!-- How to cite: the citation of what is printed, as `tei-edition cite` gives it (handed in
       by outputs/pdf.py), never rebuilt here; only its title is set in italics. -->
  <xsl:template match="tei:teiHeader" mode="cite">
    <xsl:param name="book" as="map(*)" tunnel="yes"/>
    <xsl:value-of select="f:item('How to cite', f:cite-title($book?citation, $full-title))"/>
    <xsl:if test="$book?citation-note">
      <xsl:value-of select="f:item('Note form', f:cite-title($book?citation-note, $full-title))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:teiHeader" mode="units">
    <xsl:param name="units" as="element()*" tunnel="yes"/>
    <xsl:param name="partial" as="xs:boolean" tunnel="yes"/>
    <xsl:param name="book" as="map(*)" tunnel="yes"/>
    <xsl:variable name="volume" select="string($book?volume)"/>
    <xsl:value-of select="f:item('Paragraphs',
      f:text('The numbers in the margin are the edition''s paragraph numbers, the same in its web and XML forms'
        || (if ($volume) then '; this volume (' || lower-case(substring($volume, 1, 1)) || substring($volume, 2)
              || ') contains ' || c:label($units)
            else if ($partial) then '; this print contains ' || c:label($units) || ' only' else '')
        || '. Cite a paragraph by its number (' || c:label($units[1]) || ') or its permanent link, ')
      || f:link(c:permalink($units[1])) || '#&quot;.&quot;;')"/>
  </xsl:template>

  <xsl:template match="tei:editionStmt" mode="colophon">
    <xsl:variable name="ps" select="../tei:publicationStmt"/>
    <xsl:value-of select="f:item('Edition', f:text(string-join((c:reading-text(tei:edition[1])[.],
      c:reading-text($ps/tei:publisher[1])[.] ! c:in-sentence(.), f:date-text($ps/tei:date[1])[not(contains(c:reading-text(current()/tei:edition[1]), .))]), '; ') || '.'))"/>
  </xsl:template>

  <xsl:template match="tei:titleStmt" mode="colophon">
    <xsl:variable name="lines" select="(tei:editor[1] ! ('Editors: ' || c:reading-text(.)),
      tei:respStmt ! (c:reading-text(tei:resp) || ': ' || string-join((tei:persName | tei:orgName | tei:name) ! c:reading-text(.), ', ')))"/>
    <xsl:if test="exists($lines)">
      <xsl:value-of select="f:item('Responsibility', string-join($lines ! f:text(. || '.'), '#linebreak();'))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:sourceDesc" mode="colophon">
    <xsl:variable name="bibl" select="(tei:bibl[@type = 'source'], tei:bibl)[1]"/>
    <xsl:if test="$bibl">
      <xsl:variable name="content" as="xs:string*">
        <xsl:apply-templates select="$bibl/node()" mode="text"/>
      </xsl:variable>
      <xsl:value-of select="f:item('Source', string-join($content))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:availability" mode="colophon">
    <xsl:value-of select="f:item('Licence', string-join((
      tei:licence ! (f:text(c:reading-text(.)) || (if (@target) then ' ' || f:link(@target) else '')),
      tei:p ! f:text(c:reading-text(.))), ' '))"/>
  </xsl:template>
</xsl:stylesheet>
