<?xml version="1.0" encoding="UTF-8"?>
<!-- The one rule for quotation marks, used by the HTML, the EPUB and the print edition (the
     master's editorialDecl/normalization): the source's straight marks " and ' are printed as
     typographic ones, and no mark is added to the author's text. A mark at the start of its
     block, or after a space, an opening bracket, a dash, a slash or an opening mark, opens (“ ‘);
     any other closes (” ’, so an apostrophe is ’). A run of marks thus opens or closes as a
     whole, by the character before it. String functions only: regular expressions here cost
     the site 45 ms. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <!-- $text with typographic marks; $before: the character before it in its block, "" at the
       block's start. The result has the length of $text. -->
  <xsl:function name="c:curly" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="before" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="not(contains($text, '&quot;') or contains($text, &quot;'&quot;))">
        <xsl:sequence select="$text"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- The text as pieces and single marks, in order. -->
        <xsl:variable name="doubles" select="tokenize($text, '&quot;')"/>
        <xsl:variable name="tokens" select="for $i in 1 to count($doubles) return (
            let $singles := tokenize($doubles[$i], &quot;'&quot;)
            return (for $j in 1 to count($singles) return ($singles[$j], &quot;'&quot;[$j lt count($singles)])),
            '&quot;'[$i lt count($doubles)])"/>
        <xsl:sequence select="string-join(fold-left($tokens, (), function($done, $token) {
            if (not($token = ('&quot;', &quot;'&quot;))) then ($done, $token)
            else
              let $so-far := string-join($done),
                  $last := if ($so-far) then substring($so-far, string-length($so-far)) else $before,
                  $opens := $last = '' or normalize-space($last) = '' or contains('([{—–/‘“-', $last)
              return ($done, if ($token = '&quot;') then (if ($opens) then '“' else '”') else (if ($opens) then '‘' else '’'))
          }))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A text node of the TEI as printed: its marks set by the character before it in its block. -->
  <xsl:function name="c:curly-text" as="xs:string">
    <xsl:param name="node" as="text()"/>
    <xsl:sequence select="c:curly(string($node), c:mark-context($node))"/>
  </xsl:function>

  <!-- What c:curly needs to know of a text node's place: the character before it in its block
       where the node starts with a mark (only then does it matter), else "". -->
  <xsl:function name="c:mark-context" as="xs:string">
    <xsl:param name="node" as="text()"/>
    <xsl:sequence select="if (starts-with($node, '&quot;') or starts-with($node, &quot;'&quot;)) then c:char-before($node) else ''"/>
  </xsl:function>

  <!-- Consecutive pieces of one run of text, each with typographic marks as the run as a whole
       gets them (c:curly keeps the length of the text). -->
  <xsl:function name="c:curly-parts" as="xs:string*">
    <xsl:param name="parts" as="xs:string*"/>
    <xsl:variable name="whole" select="c:curly(string-join($parts), '')"/>
    <xsl:sequence select="for $i in 1 to count($parts)
      return substring($whole, sum(($parts[position() lt $i] ! string-length(.), 0)) + 1, string-length($parts[$i]))"/>
  </xsl:function>

  <!-- The character before a text node in its block (paragraph, heading, note, item …): the
       last of the text node before it in the same block (any text node, a source reading too),
       or "" at the block's start. -->
  <xsl:function name="c:char-before" as="xs:string">
    <xsl:param name="node" as="text()"/>
    <xsl:variable name="block" select="c:quote-block($node)"/>
    <!-- Usually the text node just before; after a note or at a block's start, a search. -->
    <xsl:variable name="previous" select="($node/preceding::text()[1][c:quote-block(.) is $block],
                                           ($block//text()[. &lt;&lt; $node][c:quote-block(.) is $block])[last()])[1]"/>
    <xsl:sequence select="substring(string($previous), string-length(string($previous)))"/>
  </xsl:function>

  <!-- The block a text node's marks are set in. -->
  <xsl:function name="c:quote-block" as="node()">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="($node/ancestor::*[self::tei:p or self::tei:head or self::tei:note or self::tei:l
                            or self::tei:item or self::tei:quote[parent::tei:cit] or self::tei:bibl
                            or self::tei:desc or self::tei:cell or self::tei:label][1], $node/..)[1]"/>
  </xsl:function>
</xsl:stylesheet>
