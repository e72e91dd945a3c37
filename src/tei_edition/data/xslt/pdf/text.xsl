<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition, mode "text": the essay's units and phrases as calls of edition.typ. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">
  <!-- unknown elements: their content goes on (text only ever through the text() rule) -->
  <xsl:mode name="text" on-no-match="shallow-skip"/>

  <!-- Sections: the heading (if any), then the selected units. A unit is selected when its
       generate-id() is in the tunnel map $selected: `intersect $units` walked the selection from
       its start for every test, quadratic in the length of the text. -->
  <xsl:template match="tei:div" mode="text">
    <xsl:param name="selected" as="map(xs:string, xs:boolean)" tunnel="yes"/>
    <!-- (a short heading is for the running heads only: header.xsl f:heads) -->
    <xsl:apply-templates select="tei:head[not(@type = 'short')]" mode="text"/>
    <!-- untitled (the opening): listed in the contents and bookmarks as the web edition lists it -->
    <xsl:if test="not(tei:head) and @xml:id">
      <xsl:text>#untitled-head(</xsl:text>
      <xsl:value-of select="f:str(string(@xml:id))"/>
      <xsl:value-of select="', [' || f:text(c:section-title(.)) || '])&#10;'"/>
    </xsl:if>
    <xsl:apply-templates select="descendant::*[c:is-unit(.)][$selected(generate-id())]" mode="text"/>
  </xsl:template>

  <!-- A section that a volume goes on with from the one before (its first unit is not in this
       volume) says so in its heading: `continued: true` (edition.typ). Its anchor and its entry
       in the contents stay the section's. (An extract names its paragraphs on its title page.) -->
  <xsl:template match="tei:div/tei:head" mode="text">
    <xsl:param name="selected" as="map(xs:string, xs:boolean)" tunnel="yes"/>
    <xsl:param name="book" as="map(*)" tunnel="yes"/>
    <xsl:text>#section-head(</xsl:text>
    <xsl:value-of select="f:str(string(../@xml:id))"/>
    <xsl:text>, [</xsl:text>
    <xsl:apply-templates mode="text">
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:text>]</xsl:text>
    <xsl:if test="exists($book?number) and (../descendant::*[c:is-unit(.)])[1][not($selected(generate-id()))]">
      <xsl:text>, continued: true</xsl:text>
    </xsl:if>
    <xsl:text>)&#10;</xsl:text>
    <!-- index markers of names in the heading go after it, not into the outline -->
    <xsl:for-each select=".//*[@ref]/f:refs(.)">#mark(<xsl:value-of select="f:str(.)"/>);</xsl:for-each>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- A paragraph leading into a block quotation: kept with it. -->
  <xsl:template match="tei:p[c:is-unit(.)][following-sibling::*[1][self::tei:cit]]" mode="text" priority="2">
    <xsl:param name="selected" as="map(xs:string, xs:boolean)" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="following-sibling::*[1][$selected(generate-id())]">
        <xsl:text>#lead-in[</xsl:text>
        <xsl:next-match/>
        <xsl:text>]&#10;&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:p[c:is-unit(.)]" mode="text">
    <xsl:param name="selected" as="map(xs:string, xs:boolean)" tunnel="yes"/>
    <xsl:text>#pn(</xsl:text>
    <xsl:value-of select="f:n(.)"/>
    <xsl:if test="preceding-sibling::*[1][self::tei:cit][$selected(generate-id())]">, new-par: true</xsl:if>
    <xsl:text>);</xsl:text>
    <xsl:apply-templates mode="text"/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:cit[c:is-unit(.)]" mode="text">
    <xsl:text>#bq(</xsl:text>
    <xsl:value-of select="f:n(.)"/>
    <xsl:text>, [</xsl:text>
    <xsl:apply-templates select="tei:quote" mode="text"/>
    <xsl:text>], </xsl:text>
    <xsl:choose>
      <xsl:when test="tei:bibl">
        <xsl:text>[</xsl:text>
        <xsl:apply-templates select="tei:bibl" mode="text"/>
        <xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>none</xsl:otherwise>
    </xsl:choose>
    <xsl:text>)&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- paragraphs inside a block quotation -->
  <xsl:template match="tei:quote/tei:p" mode="text">
    <xsl:if test="preceding-sibling::tei:p">
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:if>
    <xsl:apply-templates mode="text"/>
  </xsl:template>

  <!-- Names, events and glossary terms: as written, then an index marker. (After, not before: a
       marker before the name would stay on the previous line, and page, when the line breaks
       there.) $marks is false in headings (their markers follow them) and in the back matter. -->
  <xsl:template match="tei:persName[@ref] | tei:placeName[@ref] | tei:orgName[@ref] | tei:rs[@ref] | tei:term[@ref]" mode="text">
    <xsl:param name="marks" as="xs:boolean" select="true()" tunnel="yes"/>
    <xsl:apply-templates mode="text"/>
    <xsl:if test="$marks">
      <xsl:for-each select="f:refs(.)">#mark(<xsl:value-of select="f:str(.)"/>);</xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- An article's title as written: the author's quotation marks are text, none are added. -->
  <xsl:template match="tei:title[@level = 'a']" mode="text">
    <xsl:apply-templates mode="text"/>
  </xsl:template>
  <xsl:template match="tei:title | tei:emph | tei:foreign | tei:hi[@rend = 'italic'] | tei:term" mode="text">
    <xsl:text>#emph[</xsl:text><xsl:apply-templates mode="text"/><xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:hi[@rend = 'bold']" mode="text">
    <xsl:text>#strong[</xsl:text><xsl:apply-templates mode="text"/><xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:hi[@rend = ('sup', 'superscript')]" mode="text">
    <xsl:text>#super[</xsl:text><xsl:apply-templates mode="text"/><xsl:text>]</xsl:text>
  </xsl:template>

  <!-- A title pointing to its bibliography entry links to it. -->
  <xsl:template match="tei:title[starts-with(@ref, '#')]" mode="text" priority="3">
    <xsl:text>#ref-to(</xsl:text>
    <xsl:value-of select="f:str(substring(@ref, 2))"/>
    <xsl:text>)[</xsl:text><xsl:next-match/><xsl:text>]</xsl:text>
  </xsl:template>

  <!-- Links: to a labelled target inside the edition, or out to a URL. A paragraph (or what one
       holds) or a section that the book does not print (another volume's, outside an extract) is
       not linked to: its text only. -->
  <xsl:template match="tei:ref[starts-with(@target, '#')]" mode="text" priority="2">
    <xsl:param name="book" as="map(*)?" tunnel="yes"/>
    <xsl:param name="selected" as="map(xs:string, xs:boolean)?" tunnel="yes"/>
    <xsl:variable name="target" as="element()?" select="id(substring(@target, 2), $c:edition)[1]"/>
    <xsl:choose>
      <xsl:when test="f:printed($target, $selected)">
        <xsl:text>#ref-to(</xsl:text>
        <xsl:value-of select="f:str(substring(@target, 2))"/>
        <xsl:text>)[</xsl:text><xsl:apply-templates mode="text"/><xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>#[</xsl:text><xsl:apply-templates mode="text"/><xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="f:other-volume($target, $book)"/>
  </xsl:template>

  <!-- The units a book prints $target with: the unit that holds it (or is it); else the units
       of the section it is or stands in (a section, with its heading, is printed in every book
       that holds one of its units); none for what no section of the text holds (printed in
       every book). -->
  <xsl:function name="f:scope-units" as="element()*">
    <xsl:param name="target" as="element()?"/>
    <xsl:variable name="unit" as="element()?" select="$target ! c:unit(.)"/>
    <xsl:sequence select="if (exists($unit)) then $unit
      else (if ($target/descendant::*[c:is-unit(.)]) then $target else $target/ancestor::tei:div[1])
        /descendant::*[c:is-unit(.)]"/>
  </xsl:function>

  <!-- Whether the book prints $target, as far as its units tell (`f:scope-units`). -->
  <xsl:function name="f:printed" as="xs:boolean">
    <xsl:param name="target" as="element()?"/>
    <xsl:param name="selected" as="map(xs:string, xs:boolean)?"/>
    <xsl:variable name="units" as="element()*" select="f:scope-units($target)"/>
    <xsl:sequence select="empty($selected) or empty($units) or exists($units[$selected(generate-id())])"/>
  </xsl:function>

  <!-- After a reference to a paragraph (or what one holds) that another volume of the print
       edition prints, that volume, " (vol. 1)": the reference cannot link there. A section (or its
       heading) is printed, with its heading, in every volume that holds one of its units: a
       reference to one that this volume does not print names the volume where it begins. ''
       otherwise. -->
  <xsl:function name="f:other-volume" as="xs:string">
    <xsl:param name="target" as="element()?"/>
    <xsl:param name="book" as="map(*)?"/>
    <xsl:variable name="numbers" as="xs:double*" select="f:scope-units($target) ! number(c:n(.))"/>
    <xsl:variable name="holder" as="map(*)?" select="if (exists($numbers) and exists($book?number)
      and not($numbers[. ge $book?first and . le $book?last]))
      then $books[?first le min($numbers) and ?last ge min($numbers)] else ()"/>
    <xsl:sequence select="if (exists($holder)) then f:text(' (vol. ' || $holder?number || ')') else ''"/>
  </xsl:function>
  <xsl:template match="tei:ref[@target]" mode="text">
    <xsl:text>#url-link(</xsl:text>
    <xsl:value-of select="f:str(normalize-space(@target))"/>
    <xsl:text>)[</xsl:text>
    <xsl:apply-templates mode="text"/>
    <xsl:text>]</xsl:text>
  </xsl:template>
  <!-- an address shown as it is (no marks set), breaking only where edition.typ url() allows -->
  <xsl:template match="tei:ptr[normalize-space(@target)]" mode="text">
    <xsl:value-of select="'#url(' || f:str(normalize-space(@target)) || ');'"/>
  </xsl:template>

  <!-- Interventions: the edition's reading with the emendation sign, which links to the
       intervention's row in the list of emendations (apparatus.xsl, mode "emendations"); supplied
       text in square brackets, its spaces outside them. -->
  <xsl:template match="tei:choice[tei:corr]" mode="text">
    <xsl:text>#emended(</xsl:text>
    <xsl:value-of select="f:emendation-target(.)"/>
    <xsl:text>)[</xsl:text>
    <xsl:apply-templates select="tei:corr" mode="text"/>
    <xsl:text>]</xsl:text>
    <!-- a word removed: the sign follows the word before (whose space comes after it) -->
    <xsl:if test="f:removes-word(.)"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>
  <xsl:template match="tei:supplied" mode="text">
    <xsl:variable name="all" select="string-join(.//text())"/>
    <xsl:if test="matches($all, '^\s')"><xsl:text> </xsl:text></xsl:if>
    <xsl:text>#supplied(</xsl:text>
    <xsl:value-of select="f:emendation-target(.)"/>
    <xsl:text>)[</xsl:text>
    <xsl:choose>
      <xsl:when test="*"><xsl:apply-templates mode="text"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="f:text(normalize-space($all), c:char-before(text()[1]))"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>]</xsl:text>
    <xsl:if test="matches($all, '\s$')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>
  <!-- As in the HTML: the regularised reading; an abbreviation as written. -->
  <xsl:template match="tei:choice" mode="text">
    <xsl:apply-templates select="(tei:reg | tei:abbr | tei:expan)[1]" mode="text"/>
  </xsl:template>
  <xsl:template match="tei:sic[not(parent::tei:choice)]" mode="text">
    <xsl:apply-templates mode="text"/>
    <xsl:text> #"[sic]";</xsl:text>
  </xsl:template>

  <!-- Editorial and commentary notes: footnotes labelled with the TEI's own label (@n), their
       kind, and short citations of the works consulted they rest on. -->
  <xsl:template match="tei:note[@type = ('editorial', 'commentary')]" mode="text">
    <xsl:text>#enote(</xsl:text>
    <xsl:value-of select="string-join((f:str(string(@xml:id)), f:str(c:note-label(.)), f:str(c:note-kind(.))), ', ')"/>
    <xsl:text>, sources: </xsl:text>
    <xsl:value-of select="f:short-citations(.)"/>
    <xsl:text>)[</xsl:text><xsl:apply-templates mode="text"/><xsl:text>]</xsl:text>
  </xsl:template>
  <!-- Any other note (a description in a bibliography item): run on after the text. -->
  <xsl:template match="tei:note" mode="text">
    <xsl:text>#inline-note[</xsl:text><xsl:apply-templates mode="text"/><xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:lb" mode="text">#linebreak();</xsl:template>
  <xsl:template match="tei:gap" mode="text">#"[…]";</xsl:template>

  <!-- Text: always through f:text; spaces at the edges of a paragraph and before a footnote
       mark are dropped. -->
  <xsl:template match="text()" mode="text">
    <xsl:variable name="block" select="ancestor::*[f:is-block(.)][1]"/>
    <xsl:variable name="texts" select="$block//text()"/>
    <xsl:variable name="s" select="string(.)"/>
    <xsl:variable name="s" select="if (. is $texts[1]) then replace($s, '^\s+', '') else $s"/>
    <xsl:variable name="here" select="."/>
    <!-- the last text of the block, unless an empty element that prints follows it ("see <ptr/>") -->
    <xsl:variable name="s" select="if ((. is $texts[last()] and not($block//(tei:ptr[normalize-space(@target)] | tei:gap)[. &gt;&gt; $here]))
                                       or following-sibling::node()[1][self::tei:note]
                                       or following-sibling::node()[1][f:removes-word(.)])
      then replace($s, '\s+$', '') else $s"/>
    <!-- the source's quotation marks set by the character before (common/quotes.xsl) -->
    <xsl:value-of select="f:text($s, c:mark-context(.))"/>
  </xsl:template>
</xsl:stylesheet>
