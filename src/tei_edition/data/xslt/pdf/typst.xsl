<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: TEI to the Typst source compiled by src/tei_edition/pdf.py.
     Content only; the layout is xslt/pdf/edition.typ. Every TEI text reaches the output
     through f:str / f:text (functions.xsl), i.e. as Typst string literals, never as markup.

     Parameters choose a part of the edition; units keep their original numbers. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:include href="../common/units.xsl"/>
  <xsl:include href="../common/dates.xsl"/>
  <xsl:include href="../common/labels.xsl"/>
  <xsl:include href="../common/interventions.xsl"/>
  <xsl:include href="../common/quotes.xsl"/>
  <xsl:include href="../common/text.xsl"/>
  <xsl:include href="../common/entries.xsl"/>
  <xsl:include href="../common/sorting.xsl"/>
  <xsl:include href="../common/sources.xsl"/>
  <xsl:include href="functions.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="text.xsl"/>
  <xsl:include href="back.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="colophon.xsl"/>

  <!-- xml:id of the section printed, or '' -->
  <xsl:param name="section" as="xs:string" select="''"/>
  <!-- the xml:ids of the units printed (chosen by outputs/pdf.py), space-separated; '' = all -->
  <xsl:param name="selection" as="xs:string" select="''"/>
  <!-- the edition's base URL, as tei_edition.citation.cite.base_url resolves it (the option base-url,
       else the header's publicationStmt/idno[@type='URI']) -->
  <xsl:param name="base-url" as="xs:string" required="yes"/>
  <!-- the edition's citation of what is printed (`tei-edition cite`), entry and note form
       ('' for the whole edition: no note form) -->
  <xsl:param name="citation" as="xs:string" required="yes"/>
  <xsl:param name="citation-note" as="xs:string" select="''"/>
  <!-- title and subtitle joined as the citations join them (citation.record.full_title) -->
  <xsl:param name="full-title" as="xs:string" required="yes"/>
  <!-- Every volume of the edition at once (outputs/volumes.py), instead of the parameters above:
       JSON, an array of {number, first, last, volume, citation, citation-note, map} (its number, its
       units' first and last numbers, "Volume 2 of 8", the citation of the volume, whether it has
       the map of places).
       The volumes' sources are written one after another, each after its length in characters
       and a newline: what the whole document gives (keys, the units) is then made once. -->
  <xsl:param name="volumes" as="xs:string" select="''"/>
  <!-- The numbers of the volumes whose sources this run writes ('': all); the others are known,
       for references into them (outputs/pdf.py writes half of them in each of two runs). -->
  <xsl:param name="written" as="xs:string" select="''"/>

  <xsl:variable name="all-units" select="$c:units"/>
  <!-- the volumes (empty when the book is the edition or an extract) -->
  <xsl:variable name="books" as="map(*)*" select="if ($volumes) then parse-json($volumes)?* else ()"/>

  <xsl:template match="/">
    <xsl:variable name="edition" select="."/>
    <xsl:choose>
      <xsl:when test="$volumes">
        <xsl:for-each select="$books[not($written) or string(?number) = tokenize($written)]">
          <xsl:variable name="book" select="."/>
          <xsl:variable name="source" as="xs:string">
            <xsl:value-of>
              <xsl:for-each select="$edition">
                <xsl:call-template name="book">
                  <xsl:with-param name="units" select="$all-units[number(c:n(.)) ge $book?first and number(c:n(.)) le $book?last]" tunnel="yes"/>
                  <xsl:with-param name="book" select="$book" tunnel="yes"/>
                </xsl:call-template>
              </xsl:for-each>
            </xsl:value-of>
          </xsl:variable>
          <xsl:value-of select="string-length($source) || '&#10;' || $source"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="book">
          <xsl:with-param name="units" select="if ($selection) then $all-units[@xml:id = tokenize($selection)] else $all-units" tunnel="yes"/>
          <xsl:with-param name="book" tunnel="yes"
            select="map{'volume': '', 'citation': $citation, 'citation-note': $citation-note, 'map': true()}"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One book: the edition, an extract or a volume. -->
  <xsl:template name="book">
    <xsl:param name="units" as="element()*" tunnel="yes"/>
    <xsl:variable name="divs" select="$units/ancestor::tei:div[parent::tei:body]"/>
    <xsl:text>#import "edition.typ": *&#10;</xsl:text>
    <xsl:apply-templates select="/tei:TEI/tei:teiHeader" mode="meta">
      <xsl:with-param name="partial" select="count($units) ne count($all-units)" tunnel="yes"/>
      <xsl:with-param name="section" select="//tei:body//tei:div[@xml:id = $section][$section]" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:variable name="document" as="xs:string">
      <xsl:value-of>
        <xsl:call-template name="document">
          <xsl:with-param name="divs" select="$divs"/>
        </xsl:call-template>
      </xsl:value-of>
    </xsl:variable>
    <xsl:value-of select="'#let toc = (' || string-join(f:contents($document) ! (. || ','), ' ') || ')&#10;'"/>
    <xsl:text>#show: edition.with(meta, toc)&#10;&#10;</xsl:text>
    <xsl:value-of select="$document"/>
  </xsl:template>

  <!-- The contents: (level, title) of every heading call of the document, in order; a heading
       call is one line of its own (`#section-head("id", […])`, `#section-head("id", […], continued: true)`, `#untitled-head("id", […])`,
       `#back-head([…], "id")`, `#bibl-head([…])` or `#bibl-head[…]`). The layout prints them
       before the text, so their number is known on Typst's first pass. -->
  <xsl:function name="f:contents" as="xs:string*">
    <xsl:param name="document" as="xs:string"/>
    <!-- the lines first (a regex over the whole document took seconds in a long edition) -->
    <xsl:variable name="calls" select="tokenize($document, '&#10;')[starts-with(., '#section-head(')
      or starts-with(., '#untitled-head(') or starts-with(., '#back-head(') or starts-with(., '#bibl-head')]"/>
    <xsl:for-each select="$calls">
      <xsl:analyze-string select="." regex="^#(section-head|untitled-head)\(&quot;[^&quot;]*&quot;, \[(.*)\](?:, continued: true)?\)$|^#back-head\(\[(.*)\], &quot;[^&quot;]*&quot;\)$|^#bibl-head(\(\[(.*)\]\)|\[(.*)\])$">
        <xsl:matching-substring>
          <xsl:sequence select="if (regex-group(1)) then '(1, [' || regex-group(2) || '])'
            else if (regex-group(4)) then '(2, [' || regex-group(5) || regex-group(6) || '])'
            else '(1, [' || regex-group(3) || '])'"/>
        </xsl:matching-substring>
      </xsl:analyze-string>
    </xsl:for-each>
  </xsl:function>

  <!-- The text and the back matter, after the metadata. -->
  <xsl:template name="document">
    <xsl:param name="divs" as="element()*"/>
    <xsl:param name="units" as="element()*" tunnel="yes"/>
    <xsl:apply-templates select="$divs" mode="text">
      <xsl:with-param name="selected" select="map:merge($units ! map{generate-id(.): true()})" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:text>&#10;</xsl:text>
    <xsl:variable name="references" select="/tei:TEI/tei:text/tei:back//tei:div[@type = 'bibliography']"/>
    <xsl:variable name="partial" select="count($units) ne count($all-units)"/>
    <!-- the back matter's names carry no index markers: the index lists the text's mentions -->
    <xsl:apply-templates select="$references" mode="bibl">
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:call-template name="emendations">
      <xsl:with-param name="printed" select="$units | $divs/tei:head | $references"/>
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:call-template>
    <xsl:apply-templates select="/tei:TEI/tei:standOff/tei:list[@type = 'glossary'], /tei:TEI/tei:standOff/tei:listEvent" mode="apparatus">
      <xsl:with-param name="mentioned" select="if ($partial) then distinct-values(($units | $divs/tei:head)//*[@ref] ! f:refs(.)) else ()" tunnel="yes"/>
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="/tei:TEI/tei:standOff/tei:listBibl[@type = 'consulted']" mode="consulted">
      <xsl:with-param name="marks" select="false()" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="/tei:TEI/tei:standOff" mode="index">
      <xsl:with-param name="scope" select="$units | $divs/tei:head" tunnel="yes"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="/tei:TEI/tei:teiHeader" mode="colophon">
      <xsl:with-param name="partial" select="count($units) ne count($all-units)" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>
</xsl:stylesheet>
