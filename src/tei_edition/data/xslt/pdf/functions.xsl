<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: the shared functions. The only way TEI text reaches the Typst source is
     f:str (a Typst string literal: only `\` and `"` are special there, and both are escaped)
     and f:text (string literals, with the source's straight quotation marks set as typographic
     ones, and edge spaces as markup spaces; a long run or an address is a string literal given to
     edition.typ `long` or `address`). Nothing from the TEI is ever written as Typst markup or code. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- A Typst string literal holding exactly $s. -->
  <xsl:function name="f:str" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="'&quot;' || replace(replace($s, '\\', '\\\\'), '&quot;', '\\&quot;') || '&quot;'"/>
  </xsl:function>

  <!-- A Typst array literal of string literals. -->
  <xsl:function name="f:str-array" as="xs:string">
    <xsl:param name="items" as="xs:string*"/>
    <xsl:sequence select="'(' || string-join($items ! (f:str(.) || ','), ' ') || ')'"/>
  </xsl:function>

  <!-- Running text as safe Typst markup: `#"…";` string literals. The source's straight
       quotation marks are set as typographic ones first (c:curly, common/quotes.xsl), so no `"`
       is left in it and only `\` needs escaping. Empty literals are dropped; spaces at the edges
       become markup spaces (they collapse). $before: the character before $s in its block ('' at
       its start). A run without a space that may be as wide as $long characters of 1.2 em
       (f:is-run) is a string literal of its own given to edition.typ `long` (which may let it
       break inside), an address one given to `address` (which breaks it where it may: f:run):
       $long is the fewest characters of 1.2 em that the narrowest measure the text is printed in
       may have to break (edition.typ `fit`, in every paper size: test_pdf_long_words.py). -->
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="f:text($s, '')"/>
  </xsl:function>
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <xsl:sequence select="f:text($s, $before, $f:long-text)"/>
  </xsl:function>
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <xsl:param name="long" as="xs:integer"/>
    <xsl:variable name="d" select="c:curly($s, $before)"/>
    <xsl:variable name="core" select="normalize-space($d)"/>
    <xsl:variable name="literals" as="xs:string">
      <xsl:choose>
        <!-- (no regular expression: one on every text doubled the XSLT's time) -->
        <xsl:when test="not(contains($core, '://') or contains($core, 'www.') or string-length($core) ge $long
                            and exists(tokenize($core)[string-length() ge $long]))">
          <xsl:sequence select="f:literal($core)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="words" select="tokenize($core)"/>
          <xsl:value-of separator="">
            <!-- a run with the space after it: one between two runs would stand alone in the PDF's text -->
            <xsl:for-each-group select="$words" group-adjacent="f:is-run(., $long)">
              <xsl:variable name="space" select="if (position() lt last()) then ' ' else ''"/>
              <xsl:sequence select="if (current-grouping-key())
                then current-group() ! f:run(., if (position() lt last()) then ' ' else $space, $long)
                else f:literal(string-join(current-group(), ' ') || $space)"/>
            </xsl:for-each-group>
          </xsl:value-of>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:sequence select="(if (f:space(substring($d, 1, 1))) then ' ' else '')
      || $literals
      || (if ($core and f:space(substring($d, string-length($d)))) then ' ' else '')"/>
  </xsl:function>
  <!-- Whether $word is an address, or a run as wide as $long characters of 1.2 em may be. -->
  <xsl:function name="f:is-run" as="xs:boolean">
    <xsl:param name="word" as="xs:string"/>
    <xsl:param name="long" as="xs:integer"/>
    <xsl:sequence select="string-length($word) ge $long and f:widest($word) ge 1.2 * $long
      or contains($word, '://') or contains($word, 'www.')"/>
  </xsl:function>
  <!-- The widest $w can be set, in em: no letter a–z of the faces the text is set in (Libertinus
       Serif regular, italic, bold, bold italic) is wider than 0.92 em, no capital than 1.04, no
       digit than 0.53, and no other glyph than 1.2 (test_pdf_long_words.py measures them). It
       leaves the runs of ordinary words unmarked: half of those 1.2 em a character marked. -->
  <xsl:function name="f:widest" as="xs:double">
    <xsl:param name="w" as="xs:string"/>
    <xsl:variable name="n" select="string-length($w)"/>
    <xsl:variable name="lower" select="$n - string-length(translate($w, 'abcdefghijklmnopqrstuvwxyz', ''))"/>
    <xsl:variable name="upper" select="$n - string-length(translate($w, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ''))"/>
    <xsl:variable name="digits" select="$n - string-length(translate($w, '0123456789', ''))"/>
    <xsl:sequence select="0.92 * $lower + 1.04 * $upper + 0.53 * $digits + 1.2 * ($n - $lower - $upper - $digits)"/>
  </xsl:function>
  <!-- A run with the space after it: an address (with the marks around it, and a closing
       bracket it opened, "…_(Bolsheviks)"), else a run `long` looks at. -->
  <xsl:function name="f:run" as="xs:string">
    <xsl:param name="word" as="xs:string"/>
    <xsl:param name="space" as="xs:string"/>
    <xsl:param name="long" as="xs:integer"/>
    <xsl:variable name="address" select="'^([^a-zA-Z]*)((?:[a-zA-Z][a-zA-Z0-9+.\-]*://|www\.)\S*?)([.,;:!?''&quot;’”)\]&gt;]*)$'"/>
    <xsl:sequence select="if (not(matches($word, $address))) then '#long(' || f:str($word || $space) || ');'
      else let $parts := f:closing(replace($word, $address, '$2'), replace($word, $address, '$3'))
      return f:literal(replace($word, $address, '$1')) || '#address(' || f:str($parts[1]) || ', long: ' || $long || ');'
        || f:literal($parts[2] || $space)"/>
  </xsl:function>
  <!-- ($url, $after) with the closing brackets at the start of $after that $url opened moved to it -->
  <xsl:function name="f:closing" as="xs:string+">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="after" as="xs:string"/>
    <xsl:variable name="close" select="substring($after, 1, 1)"/>
    <xsl:variable name="open" select="if ($close = ')') then '(' else if ($close = ']') then '[' else ''"/>
    <xsl:sequence select="if ($open and string-length(translate($url, $close, '')) gt string-length(translate($url, $open, '')))
      then f:closing($url || $close, substring($after, 2)) else ($url, $after)"/>
  </xsl:function>
  <xsl:function name="f:literal" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (not($s)) then '' else '#&quot;' || (if (contains($s, '\')) then replace($s, '\\', '\\\\') else $s) || '&quot;;'"/>
  </xsl:function>
  <!-- the narrowest measures (A5): the text block's (a colophon's cell, a block quotation: 20
       characters), a column of the index (11) -->
  <xsl:variable name="f:long-text" as="xs:integer" select="20"/>
  <xsl:variable name="f:long-index" as="xs:integer" select="11"/>

  <xsl:function name="f:space" as="xs:boolean">
    <xsl:param name="c" as="xs:string"/>
    <xsl:sequence select="$c = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>

  <!-- Elements whose text starts and ends a Typst paragraph (edge spaces are dropped). -->
  <xsl:function name="f:is-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:p or self::tei:head or self::tei:quote[parent::tei:cit]
      or self::tei:bibl[parent::tei:listBibl or parent::tei:cit] or self::tei:note or self::tei:item])"/>
  </xsl:function>

  <!-- The unit's number (common/units.xsl) as a checked integer (a label <p{n}> is built from it). -->
  <xsl:function name="f:n" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="xs:integer(c:n($e))"/>
  </xsl:function>

  <!-- The register ids a mention points to (`#miasnikov` → `miasnikov`). -->
  <xsl:function name="f:refs" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="tokenize($e/@ref)[starts-with(., '#')] ! substring(., 2)"/>
  </xsl:function>

  <!-- A date from the header as "27 November 2026" (common/dates.xsl), or the element's text. -->
  <xsl:function name="f:date-text" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:sequence select="if ($d/@when castable as xs:date) then c:date($d/@when) else c:reading-text($d)"/>
  </xsl:function>

  <!-- ============================================================ the apparatus -->
  <!-- What the sign of an intervention links to: its row e{k} in the list of emendations (a
       Typst string), or none for one outside the list (the header's prose). -->
  <xsl:function name="f:emendation-target" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(c:emendation-id($e) ! f:str(.), 'none')[1]"/>
  </xsl:function>

  <!-- A correction that removes a word (an empty corr) after a space: its sign is set right
       after the word before. -->
  <xsl:function name="f:removes-word" as="xs:boolean">
    <xsl:param name="e" as="node()"/>
    <xsl:sequence select="exists($e[self::tei:choice][tei:corr[not(node())]]
                                   [matches(string(preceding-sibling::node()[1][self::text()]), '\s$')])"/>
  </xsl:function>

  <!-- The works consulted that @source points to (c:sources), as short citations
       (c:short-citation-parts: the article's title in quotation marks, a work's in italics)
       linked to their entries in the list of works consulted; 'none' when there are none. -->
  <xsl:function name="f:short-citations" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if (empty(c:sources($e))) then 'none'
      else '[' || string-join(c:sources($e) ! ('#ref-to(' || f:str(string(@xml:id)) || ')[' || f:short-citation(.) || ']'), '#&quot;; &quot;;') || ']'"/>
  </xsl:function>
  <xsl:function name="f:short-citation" as="xs:string">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <xsl:variable name="p" select="c:short-citation-parts($work)"/>
    <xsl:sequence select="string-join(($p?who[.] ! f:text(.),
      $p?title[.] ! (if ($p?level = 'a') then f:text('“' || . || '”') else '#emph[' || f:text(.) || ']')), '#&quot;, &quot;;')"/>
  </xsl:function>
</xsl:stylesheet>
