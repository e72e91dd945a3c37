<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition, the editors' apparatus after the essay's references: the key to the signs and
     the list of emendations (mode "emendations"), the glossary and the events (mode "apparatus")
     and the works the editors consulted (mode "consulted"). Names in them carry no index
     markers ($marks false): the index lists the text's mentions only. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">
  <xsl:mode name="apparatus" on-no-match="shallow-skip"/>
  <xsl:mode name="consulted" on-no-match="shallow-skip"/>

  <!-- ============================================================ key and emendations -->
  <!-- $printed: the units and the reference list as printed. -->
  <xsl:template name="emendations">
    <xsl:param name="printed" as="element()*"/>
    <xsl:variable name="rows" select="$interventions[ancestor::* intersect $printed]"/>
    <xsl:variable name="notes" select="$printed//tei:note[@type = ('editorial', 'commentary')]"/>
    <xsl:variable name="signs" as="xs:string*">
      <xsl:sequence select="f:sign('#&quot;12&quot;;', 'Numbers in the margin: the edition’s paragraph numbers, the same in its web and XML forms; cite “¶ 12”.')"/>
      <xsl:if test="$notes">
        <xsl:sequence select="f:sign('#super[#&quot;1&quot;;]', 'A note of the editors, labelled as in the web edition. '
          || (if ($notes[@type = 'editorial']) then '“' || $note-kinds('editorial') || '” notes point out a slip of fact or date. ' else '')
          || (if ($notes[@type = 'commentary']) then '“' || $note-kinds('commentary') || '” notes give what a reader needs to follow the passage (context, an anachronism, a figure far from the standard accounts). ' else '')
          || (if ($notes/@source) then 'Each ends with short citations of the works the editors consulted, listed in full under “'
              || $consulted-title || '”.' else ''))"/>
      </xsl:if>
      <xsl:if test="$rows/self::tei:choice">
        <xsl:sequence select="f:sign('#emended(none)[#&quot;word&quot;;]', 'The editors corrected the source’s reading of the word; the source reading is listed below.')"/>
      </xsl:if>
      <xsl:if test="$rows/self::tei:supplied">
        <xsl:sequence select="f:sign('#supplied(none)[#&quot;word&quot;;]', 'A word or a mark the source lacks, supplied by the editors; listed below.')"/>
      </xsl:if>
      <xsl:if test="$printed//tei:sic[not(parent::tei:choice)]">
        <xsl:sequence select="f:sign('#&quot;[sic]&quot;;', 'The source’s reading, kept as written.')"/>
      </xsl:if>
      <xsl:if test="$printed//tei:gap">
        <xsl:sequence select="f:sign('#&quot;[…]&quot;;', 'Text of the source left out.')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:text>#back-head([#"Key to the signs and emendations";], "emendations")&#10;</xsl:text>
    <xsl:text>#bibl-head([#"Key to the signs";])&#10;#signs((</xsl:text>
    <xsl:value-of select="$signs" separator=" "/>
    <xsl:text>))&#10;</xsl:text>
    <xsl:if test="$rows">
      <xsl:text>#bibl-head([#"Emendations";])&#10;</xsl:text>
      <xsl:value-of select="f:text('Every intervention of the editors in the text, in reading order: the paragraph (linked), '
        || 'the source’s reading and the edition’s, each with the word before or after it, and the kind of slip.')"/>
      <xsl:text>&#10;&#10;#emendations((</xsl:text>
      <xsl:apply-templates select="$rows" mode="emendations"/>
      <xsl:text>))&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:function name="f:sign" as="xs:string">
    <xsl:param name="sign" as="xs:string"/>
    <xsl:param name="meaning" as="xs:string"/>
    <xsl:sequence select="'([' || $sign || '], [' || f:text($meaning) || ']),'"/>
  </xsl:function>

  <!-- A row: (id, where, source reading, edition reading, kind). -->
  <xsl:template match="tei:choice | tei:supplied" mode="emendations">
    <xsl:variable name="unit" select="c:unit(.)"/>
    <xsl:variable name="where" select="if ($unit) then '#ref-to(' || f:str(string($unit/@xml:id)) || ')[' || f:text(c:label($unit)) || ']'
      else '#ref-to(' || f:str(string(ancestor::tei:bibl[@xml:id][1]/@xml:id)) || ')[#&quot;References&quot;;]'"/>
    <xsl:variable name="block" select="ancestor::*[f:is-block(.)][1]"/>
    <xsl:variable name="shown" select="$block//text()[not(ancestor::tei:note | ancestor::tei:sic | ancestor::tei:orig)]"/>
    <!-- (a few text nodes either side hold the words wanted) -->
    <xsl:variable name="before" select="f:shown(($shown[. &lt;&lt; current()])[position() gt last() - 4])"/>
    <xsl:variable name="after" select="f:shown(($shown[. &gt;&gt; current()] except .//text())[position() le 4])"/>
    <!-- the word the intervention is part of, or else the word before it, and the same after -->
    <xsl:variable name="left" select="if (matches($before, '\S$')) then replace($before, '^.*?(\S+)$', '$1', 's')
      else if (matches($before, '\S')) then replace($before, '^.*?(\S+\s+)$', '$1', 's') else ''"/>
    <xsl:variable name="right" select="if (matches($after, '^\S')) then replace($after, '^(\S+).*$', '$1', 's')
      else if (matches($after, '\S')) then replace($after, '^(\s+\S+).*$', '$1', 's') else ''"/>
    <xsl:variable name="source" select="if (self::tei:choice) then f:shown(tei:sic//text()) else ''"/>
    <xsl:variable name="edition" select="if (self::tei:choice) then f:shown(tei:corr//text()) else f:shown(.//text())"/>
    <xsl:variable name="kind" select="f:intervention-kind(.)"/>
    <xsl:variable name="edition" select="if (self::tei:choice) then $edition
      else (' '[matches($edition, '^\s')]) || '[' || normalize-space($edition) || ']' || (' '[matches($edition, '\s$')])"/>
    <xsl:value-of select="'(' || f:str(f:emendation-id(.)) || ', [' || $where || '], ['
      || f:text(normalize-space($left || $source || $right)) || '], ['
      || f:text(normalize-space($left || $edition || $right)) || '], [' || f:text($kind) || ']),&#10;'"/>
  </xsl:template>

  <!-- Text nodes as the text shows them (quotation marks set), joined. -->
  <xsl:function name="f:shown" as="xs:string">
    <xsl:param name="texts" as="text()*"/>
    <xsl:sequence select="string-join($texts ! f:curly(string(.), if (starts-with(., '&quot;') or starts-with(., &quot;'&quot;))
                                                                  then f:char-before(.) else ''))"/>
  </xsl:function>

  <xsl:variable name="consulted-title" select="(/tei:TEI/tei:standOff/tei:listBibl[@type = 'consulted']/tei:head ! f:plain(.)[.],
                                                'Works consulted by the editors')[1]"/>

  <!-- ============================================================ glossary and events -->
  <!-- $mentioned: ids mentioned in the printed text (a part lists only those); () = all. -->
  <xsl:template match="tei:list[@type = 'gloss']" mode="apparatus">
    <xsl:param name="mentioned" as="xs:string*" tunnel="yes"/>
    <xsl:variable name="items" select="tei:item[empty($mentioned) or @xml:id = $mentioned]"/>
    <xsl:if test="$items">
      <xsl:text>#back-head([</xsl:text>
      <xsl:value-of select="f:text((f:plain(tei:head)[.], 'Glossary')[1])"/>
      <xsl:text>], "glossary")&#10;</xsl:text>
      <xsl:for-each select="$items">
        <xsl:sort select="f:sort-key(.)"/>
        <xsl:sort select="@xml:id"/>
        <xsl:value-of select="'#gloss-entry(' || f:str(string(@xml:id)) || ', ['"/>
        <xsl:apply-templates select="tei:term[1]/node()" mode="text"/>
        <xsl:text>], [</xsl:text>
        <xsl:apply-templates select="tei:gloss" mode="text"/>
        <xsl:value-of select="'], sources: ' || f:short-citations(@source) || ')&#10;'"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- Events in the order of their dates; those the register does not date at the end. -->
  <xsl:template match="tei:listEvent" mode="apparatus">
    <xsl:param name="mentioned" as="xs:string*" tunnel="yes"/>
    <xsl:variable name="events" select="tei:event[empty($mentioned) or @xml:id = $mentioned]"/>
    <xsl:if test="$events">
      <xsl:text>#back-head([</xsl:text>
      <xsl:value-of select="f:text((f:plain(tei:head)[.], 'Events')[1])"/>
      <xsl:text>], "events")&#10;</xsl:text>
      <xsl:for-each select="$events">
        <xsl:sort select="empty(f:event-date(.)[.])"/>
        <xsl:sort select="(@when, @from, @notBefore, @to, @notAfter)[1]"/>
        <xsl:sort select="f:sort-key(.)"/>
        <xsl:value-of select="'#event-entry(' || f:str(string(@xml:id)) || ', '
          || (f:event-date(.)[.] ! ('[' || f:text(.) || ']'), 'none')[1] || ', ['"/>
        <xsl:apply-templates select="tei:label[1]/node()" mode="text"/>
        <xsl:text>], [</xsl:text>
        <xsl:apply-templates select="tei:desc[1]" mode="text"/>
        <xsl:value-of select="'], sources: ' || f:short-citations(@source) || ')&#10;'"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- "23–31 January 1918", "from 1929", "not after 16 November 1945", or '' for none. -->
  <xsl:function name="f:event-date" as="xs:string">
    <xsl:param name="e" as="element(tei:event)"/>
    <xsl:sequence select="if ($e/@when or ($e/@from and $e/@to) or $e/@notBefore or $e/@notAfter) then c:dating($e)
      else if ($e/@from) then 'from ' || c:date($e/@from)
      else if ($e/@to) then 'until ' || c:date($e/@to)
      else ''"/>
  </xsl:function>

  <!-- ============================================================ works consulted -->
  <!-- Grouped by kind, each group in the list's order. -->
  <!-- (the web edition's groups and names, common/sources.xsl; the lead folds the two) -->
  <xsl:variable name="work-kinds" as="map(xs:string, xs:string)" select="map{
    'scholarship': 'Scholarship', 'reference': 'Reference works', 'authority': 'Authority files',
    'archive': 'Primary-source archives', 'wikipedia': 'Wikipedia articles', 'wikidata': 'Wikidata items',
    'geonames': 'GeoNames records'}"/>
  <xsl:template match="tei:listBibl[@type = 'consulted']" mode="consulted">
    <xsl:variable name="list" select="."/>
    <xsl:if test="tei:bibl">
      <xsl:text>#back-head([</xsl:text>
      <xsl:value-of select="f:text($consulted-title)"/>
      <xsl:text>], "consulted")&#10;</xsl:text>
      <xsl:value-of select="f:text('The works on which the editors’ notes, glossary, events and registers rest; the essay’s own references are listed under “'
        || (f:plain(/tei:TEI/tei:text/tei:back//tei:div[@type = 'bibliography']/tei:head)[.], 'Bibliography')[1] || '”.')"/>
      <xsl:text>&#10;&#10;</xsl:text>
      <xsl:variable name="order" select="('scholarship', 'reference', 'authority', 'archive', 'wikipedia', 'wikidata', 'geonames')"/>
      <xsl:for-each select="$order, distinct-values($list/tei:bibl/string(@type))[not(. = $order)]">
        <xsl:variable name="kind" select="."/>
        <xsl:variable name="works" select="$list/tei:bibl[string(@type) = $kind]"/>
        <xsl:if test="$works">
          <xsl:value-of select="'#bibl-head[' || f:text(($work-kinds($kind), 'Other works')[1]) || ']&#10;'"/>
          <xsl:apply-templates select="$works" mode="bibl"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
