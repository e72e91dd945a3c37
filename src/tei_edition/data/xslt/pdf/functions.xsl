<?xml version="1.0" encoding="UTF-8"?>
<!-- Print edition: the shared functions. The only way TEI text reaches the Typst source is
     f:str (a Typst string literal: only `\` and `"` are special there, and both are escaped)
     and f:text (string literals, with the source's straight quotation marks set as typographic
     ones, and edge spaces as markup spaces). Nothing from the TEI is ever written as Typst markup or code. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:c="urn:tei-edition:common"
  xmlns:fn="http://www.w3.org/2005/xpath-functions"
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

  <!-- Running text as safe Typst markup: a `#"…";` string literal. The source's straight
       quotation marks are set as typographic ones first (f:curly), so no `"` is left in it and
       only `\` needs escaping. Empty literals are dropped; spaces at the edges become markup
       spaces (they collapse). $before: the character before $s in its block ('' at its start). -->
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="f:text($s, '')"/>
  </xsl:function>
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <xsl:variable name="d" select="f:curly($s, $before)"/>
    <xsl:variable name="core" select="normalize-space($d)"/>
    <xsl:variable name="core" select="if (contains($core, '\')) then replace($core, '\\', '\\\\') else $core"/>
    <xsl:sequence select="(if (f:space(substring($d, 1, 1))) then ' ' else '')
      || (if ($core) then '#&quot;' || $core || '&quot;;' else '')
      || (if ($core and f:space(substring($d, string-length($d)))) then ' ' else '')"/>
  </xsl:function>

  <!-- The source's straight quotation marks as typographic ones, by the web edition's rule
       (html/text.xsl f:curly; the lead folds the two into common/): a mark opens at the start of
       its block and after a space, an opening bracket, a dash, a slash or an opening mark, and
       closes (an apostrophe is ’) after anything else; so a run of marks opens or closes as a
       whole, by the character before it. -->
  <xsl:function name="f:curly" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <xsl:sequence select="if (not(contains($s, '&quot;') or contains($s, &quot;'&quot;))) then $s
      else string-join(analyze-string($s, '[&quot;'']+')/* ! (
        if (self::fn:non-match) then string(.)
        else let $prior := string(preceding-sibling::*[1]),
                 $last := if ($prior) then substring($prior, string-length($prior)) else $before
             return translate(., '&quot;''', if ($last = '' or normalize-space($last) = ''
                                                  or contains('([{—–/‘“-', $last)) then '“‘' else '”’')))"/>
  </xsl:function>

  <!-- The character before a text node in its block, for f:curly: by the web edition's rule
       (html/text.xsl f:char-before and f:block), the last character of the text node before it
       in the same block (any text node, a source reading too), or '' at the block's start. -->
  <xsl:function name="f:char-before" as="xs:string">
    <xsl:param name="node" as="text()"/>
    <xsl:variable name="block" select="f:quote-block($node)"/>
    <xsl:variable name="previous" select="($node/preceding::text()[1][f:quote-block(.) is $block],
                                           ($block//text()[. &lt;&lt; $node][f:quote-block(.) is $block])[last()])[1]"/>
    <xsl:sequence select="substring(string($previous), string-length(string($previous)))"/>
  </xsl:function>
  <xsl:function name="f:quote-block" as="node()">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="($node/ancestor::*[self::tei:p or self::tei:head or self::tei:note or self::tei:l
                            or self::tei:item or self::tei:quote[parent::tei:cit] or self::tei:bibl
                            or self::tei:desc or self::tei:cell or self::tei:label][1], $node/..)[1]"/>
  </xsl:function>

  <xsl:function name="f:space" as="xs:boolean">
    <xsl:param name="c" as="xs:string"/>
    <xsl:sequence select="$c = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>

  <!-- Plain text of an element, whitespace normalised (for metadata and the index). -->
  <xsl:function name="f:plain" as="xs:string">
    <xsl:param name="e" as="node()?"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::tei:note | ancestor::tei:sic)], ''))"/>
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
    <xsl:sequence select="if ($d/@when castable as xs:date) then c:date($d/@when) else f:plain($d)"/>
  </xsl:function>

  <!-- ============================================================ the apparatus -->
  <!-- The label of an editorial or commentary note: the TEI's own label, @n, the one the web
       edition prints (the lead folds this into common/ with the web edition's). -->
  <xsl:function name="f:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="string($note/@n)"/>
  </xsl:function>

  <!-- The words that say what kind of note a note of the editors is (the key explains them). -->
  <xsl:variable name="note-kinds" as="map(xs:string, xs:string)" select="map{'editorial': 'Editorial note', 'commentary': 'Commentary'}"/>

  <!-- The sort key of a register entry, event or glossary item: the TEI's own key, @sortKey
       (the lead folds this into common/ with the web edition's). -->
  <xsl:function name="f:sort-key" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="string($entry/@sortKey)"/>
  </xsl:function>

  <!-- Every intervention of the text (body and reference list), in reading order: a correction
       (choice with corr) or supplied text. Its place k in this list names its row in the list of
       emendations, e{k} (as on the web edition's page of emendations), the same in the whole
       edition and in a part. -->
  <xsl:variable name="interventions" as="element()*" select="/tei:TEI/tei:text//(tei:choice[tei:corr] | tei:supplied)"/>
  <xsl:function name="f:emendation-id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="'e' || index-of($interventions ! generate-id(), generate-id($e))"/>
  </xsl:function>

  <!-- The kind of an intervention in words (the web edition's names for the policy's kinds). -->
  <xsl:variable name="intervention-kinds" as="map(xs:string, xs:string)"
    select="map{'possessive': 'Possessive without apostrophe', 'supplied-word': 'Missing word, supplied',
                'doubled-word': 'Doubled word, removed', 'agreement': 'Agreement', 'misspelling': 'Misspelt word',
                'misspelt-name': 'Misspelt name', 'supplied-punctuation': 'Missing punctuation, supplied'}"/>
  <xsl:function name="f:intervention-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="kind" select="if ($e/self::tei:supplied)
      then (if (matches(string($e), '[\p{L}\p{N}]')) then 'supplied-word' else 'supplied-punctuation')
      else normalize-space($e/tei:corr[1]/@type)"/>
    <xsl:sequence select="($intervention-kinds($kind), replace($kind, '-', ' ')[.], 'Other correction')[1]"/>
  </xsl:function>

  <!-- A correction that removes a word (an empty corr) after a space: its sign is set right
       after the word before. -->
  <xsl:function name="f:removes-word" as="xs:boolean">
    <xsl:param name="e" as="node()"/>
    <xsl:sequence select="exists($e[self::tei:choice][tei:corr[not(node())]]
                                   [matches(string(preceding-sibling::node()[1][self::text()]), '\s$')])"/>
  </xsl:function>

  <!-- The works consulted that @source points to, as short citations linked to their entries in
       the list of works consulted; 'none' when there are none. -->
  <xsl:key name="consulted" match="tei:listBibl[@type = 'consulted']/tei:bibl" use="'#' || @xml:id"/>
  <xsl:function name="f:short-citations" as="xs:string">
    <xsl:param name="source" as="attribute()?"/>
    <xsl:variable name="works" select="tokenize($source) ! key('consulted', ., root($source))"/>
    <xsl:sequence select="if (empty($works)) then 'none'
      else '[' || string-join($works ! ('#ref-to(' || f:str(string(@xml:id)) || ')[' || f:short-citation(.) || ']'), '#&quot;; &quot;;') || ']'"/>
  </xsl:function>

  <!-- A short citation, as the web edition makes it (common/sources.xsl c:short-citation; the lead
       folds the two): who (Wikipedia, GeoNames, the authors, else the work an article is part of,
       else the publisher), then the article's title in quotation marks or the work's in italics,
       a trailing bracketed comment left out: Wikipedia, “Gavril Myasnikov”. -->
  <xsl:function name="f:short-citation" as="xs:string">
    <xsl:param name="work" as="element(tei:bibl)"/>
    <xsl:variable name="container" select="f:plain($work/tei:title[@level = 'm'][1])"/>
    <xsl:variable name="edition" select="f:plain($work/tei:edition[1])"/>
    <xsl:variable name="who" select="
      if ($work/@type = 'wikipedia') then 'Wikipedia' || ($edition[. and . != 'English'] ! (' (' || . || ')'))
      else if ($work/@type = 'geonames') then 'GeoNames'
      else if ($work/tei:author) then string-join($work/tei:author ! f:plain(.), ', ')
      else if ($container and $work/tei:title[@level = 'a']) then f:trim-comment(replace($container, ',.*$', ''))
      else f:plain($work/tei:publisher[1])"/>
    <xsl:variable name="article" select="f:trim-comment(f:plain($work/tei:title[@level = 'a'][1]))"/>
    <xsl:sequence select="string-join(($who[.] ! f:text(.),
        if ($article) then f:text('“' || $article || '”') else f:trim-comment($container)[.] ! ('#emph[' || f:text(.) || ']')), '#&quot;, &quot;;')"/>
  </xsl:function>
  <xsl:function name="f:trim-comment" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="t" select="normalize-space(replace($s, '\s*(\([^()]*\)|\[[^\[\]]*\])$', ''))"/>
    <xsl:sequence select="if ($t) then $t else $s"/>
  </xsl:function>
</xsl:stylesheet>
