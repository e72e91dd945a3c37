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
  xmlns:em="urn:tei-edition:emendations"
  exclude-result-prefixes="#all">
  <xsl:mode name="apparatus" on-no-match="shallow-skip"/>
  <xsl:mode name="consulted" on-no-match="shallow-skip"/>

  <!-- ============================================================ key and emendations -->
  <!-- $printed: the units and the reference list as printed. -->
  <xsl:template name="emendations">
    <xsl:param name="printed" as="element()*"/>
    <xsl:variable name="rows" select="$c:emendation-rows[c:intervention(.)/ancestor::* intersect $printed]"/>
    <xsl:variable name="notes" select="$printed//tei:note[@type = ('editorial', 'commentary')]"/>
    <xsl:variable name="signs" as="xs:string*">
      <xsl:sequence select="f:sign('#&quot;12&quot;;', 'Numbers in the margin: the edition’s paragraph numbers, the same in its web and XML forms; cite “¶ 12”.')"/>
      <xsl:if test="$notes">
        <xsl:sequence select="f:sign('#super[#&quot;1&quot;;]', 'A note of the editors, labelled as in the web edition. '
          || (if ($notes[@type = 'editorial']) then '“' || $c:note-kinds('editorial') || '” notes point out a slip of fact or date. ' else '')
          || (if ($notes[@type = 'commentary']) then '“' || $c:note-kinds('commentary') || '” notes give what a reader needs to follow the passage (context, an anachronism, a figure far from the standard accounts). ' else '')
          || (if ($notes/@source) then 'Each ends with short citations of the works the editors consulted, listed in full under “'
              || $consulted-title || '”.' else ''))"/>
      </xsl:if>
      <xsl:if test="$rows ! c:intervention(.)/self::tei:choice">
        <xsl:sequence select="f:sign('#emended(none)[#&quot;word&quot;;]', 'The editors corrected the source’s reading of the word; the source reading is listed below.')"/>
      </xsl:if>
      <xsl:if test="$rows ! c:intervention(.)/self::tei:supplied">
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

  <!-- A row (tei_edition.outputs.emendations, common/interventions.xsl): (id, where, source
       reading, edition reading, kind); each reading with the words around it, quotation marks set
       as one run (c:curly-parts), supplied text in brackets as in the text. Where: the unit, the
       bibliography entry, the references (a heading of theirs, in no entry and maybe no section
       with an id), else the section (a heading). -->
  <xsl:template match="em:emendation" mode="emendations">
    <xsl:variable name="where" select="
      if (@unit) then '#ref-to(' || f:str(@unit) || ')[' || f:text(c:label(id(@unit, $c:edition))) || ']'
      else if (@entry) then '#ref-to(' || f:str(@entry) || ')[#&quot;References&quot;;]'
      else if (c:intervention(.)/ancestor::tei:back) then '#ref-to(own(&quot;bibliography&quot;))[#&quot;References&quot;;]'
      else '#ref-to(' || f:str(@section) || ')[' || f:text('§ ' || (id(@section, $c:edition)/@n, @section)[1]) || ']'"/>
    <xsl:variable name="source" select="c:curly-parts(em:source/*)"/>
    <xsl:variable name="edition" select="c:curly-parts(em:edition/*)"/>
    <xsl:variable name="edition" select="if (c:intervention(.)/self::tei:supplied)
      then ($edition[1], (' '[matches($edition[2], '^\s')]) || '[' || normalize-space($edition[2]) || ']' || (' '[matches($edition[2], '\s$')]), $edition[3])
      else $edition"/>
    <xsl:value-of select="'(' || f:str(@id) || ', [' || $where || '], '
      || f:reading(string-join($source)) || ', ' || f:reading(string-join($edition)) || ', ['
      || f:text(c:intervention-label(@kind)) || ']),&#10;'"/>
  </xsl:template>

  <!-- A reading as edition.typ `reading` sets it: the text (its quotation marks set), and how wide
       its widest run may be, in em (f:widest), which tells whether a run may not fit its column. -->
  <xsl:function name="f:reading" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="text" select="normalize-space($s)"/>
    <xsl:sequence select="'reading(' || f:str($text) || ', ' || string(ceiling(max((0, tokenize($text) ! f:widest(.))) * 100) div 100) || ')'"/>
  </xsl:function>

  <xsl:variable name="consulted-title" select="$c:register-titles?consulted"/>

  <!-- ============================================================ glossary and events -->
  <!-- $mentioned: ids mentioned in the printed text (a part lists only those); () = all. -->
  <xsl:template match="tei:list[@type = 'glossary']" mode="apparatus">
    <xsl:param name="mentioned" as="xs:string*" tunnel="yes"/>
    <xsl:variable name="items" select="tei:item[c:gloss-id(.)][empty($mentioned) or c:gloss-id(.) = $mentioned]"/>
    <xsl:if test="$items">
      <xsl:text>#back-head([</xsl:text>
      <xsl:value-of select="f:text(c:register-title(.))"/>
      <xsl:text>], "glossary")&#10;</xsl:text>
      <xsl:for-each select="c:sorted($items)">
        <xsl:value-of select="'#gloss-entry(' || f:str(c:gloss-id(.)) || ', ['"/>
        <xsl:apply-templates select="c:name-element(.)/node()" mode="text"/>
        <xsl:text>], [</xsl:text>
        <xsl:apply-templates select="c:gloss-definition(.)" mode="text"/>
        <xsl:value-of select="'], sources: ' || f:short-citations(.) || ')&#10;'"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- Events in the order of their dates; those the register does not date at the end. -->
  <xsl:template match="tei:listEvent" mode="apparatus">
    <xsl:param name="mentioned" as="xs:string*" tunnel="yes"/>
    <xsl:variable name="events" select="tei:event[empty($mentioned) or @xml:id = $mentioned]"/>
    <xsl:if test="$events">
      <xsl:text>#back-head([</xsl:text>
      <xsl:value-of select="f:text(c:register-title(.))"/>
      <xsl:text>], "events")&#10;</xsl:text>
      <xsl:for-each select="$events">
        <xsl:sort select="empty(c:event-date(.))"/>
        <xsl:sort select="(@when, @from, @notBefore, @to, @notAfter)[1]"/>
        <xsl:sort select="c:sort-key(.)"/>
        <xsl:value-of select="'#event-entry(' || f:str(string(@xml:id)) || ', '
          || (c:event-date(.) ! ('[' || f:text(.) || ']'), 'none')[1] || ', ['"/>
        <xsl:apply-templates select="c:name-element(.)/node()" mode="text"/>
        <xsl:text>], [</xsl:text>
        <xsl:apply-templates select="tei:desc[1]" mode="text"/>
        <xsl:value-of select="'], sources: ' || f:short-citations(.) || ')&#10;'"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ works consulted -->
  <!-- Grouped by kind ($c:work-types, named by $c:work-type-labels), each group in the edition's
       order (c:works-consulted, as every output lists them). -->
  <xsl:template match="tei:listBibl[@type = 'consulted']" mode="consulted">
    <xsl:variable name="list" select="."/>
    <xsl:if test="tei:bibl">
      <xsl:text>#back-head([</xsl:text>
      <xsl:value-of select="f:text($consulted-title)"/>
      <xsl:text>], "consulted")&#10;</xsl:text>
      <xsl:value-of select="f:text('The works on which the editors’ notes, glossary, events and registers rest; the essay’s own references are listed under “'
        || (c:reading-text(/tei:TEI/tei:text/tei:back//tei:div[@type = 'bibliography']/tei:head)[.], 'Bibliography')[1] || '”.')"/>
      <xsl:text>&#10;&#10;</xsl:text>
      <xsl:for-each select="c:work-groups(tei:bibl)">
        <xsl:variable name="kind" select="."/>
        <xsl:variable name="works" select="c:works-consulted($list)[string(@type) = $kind]"/>
        <xsl:if test="$works">
          <xsl:value-of select="'#bibl-head[' || f:text(c:work-type-label($kind)) || ']&#10;'"/>
          <xsl:apply-templates select="$works" mode="bibl"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
