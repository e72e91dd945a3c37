<?xml version="1.0" encoding="UTF-8"?>
<!-- emendations.html: every intervention of the editors in the text (computed by
     tei_edition.outputs.emendations, handed in as $emendations: common/interventions.xsl), grouped by kind in the order
     of the correction policy, each row linked to its sign ° in the text (and the sign to the
     row); the policy itself; and the key to the signs used in the text (also on about.html). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:em="urn:tei-edition:emendations"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:template name="emendations-page">
    <xsl:variable name="rows" select="$c:emendation-rows"/>
    <xsl:variable name="kinds" select="($c:intervention-kinds[. = $rows/@kind], distinct-values($rows/@kind[not(. = $c:intervention-kinds)]))"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'emendations.html'"/>
      <xsl:with-param name="heading" select="$c:register-titles?emendations"/>
      <xsl:with-param name="description" select="'Every correction the editors made to the text of ' || $full-title"/>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$c:register-titles?emendations"/></h1>
        <p class="lede">
          <xsl:value-of select="count($rows) || (if (count($rows) = 1) then ' intervention' else ' interventions')
            || ' of the editors in the text, each shown there by the sign ° after the edition’s reading. Each row gives the source’s reading and the edition’s, with the words around them, and links to its place in the text.'"/>
        </p>
        <xsl:if test="$rows">
          <nav class="toc" aria-label="Kinds of intervention">
            <ul class="inline">
              <xsl:for-each select="$kinds">
                <xsl:variable name="kind" select="."/>
                <li><a href="#kind-{$kind}"><xsl:value-of select="c:intervention-label($kind) || ' (' || count($rows[@kind = $kind]) || ')'"/></a></li>
              </xsl:for-each>
              <xsl:if test="$header/tei:encodingDesc/tei:editorialDecl/tei:correction">
                <li><a href="#policy">The policy</a></li>
              </xsl:if>
              <li><a href="#signs">Key to the signs</a></li>
            </ul>
          </nav>
        </xsl:if>
        <xsl:for-each select="$kinds">
          <xsl:variable name="kind" select="."/>
          <xsl:call-template name="emendation-table">
            <xsl:with-param name="kind" select="$kind"/>
            <xsl:with-param name="rows" select="$rows[@kind = $kind]"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:variable name="policy" select="$header/tei:encodingDesc/tei:editorialDecl/tei:correction"/>
        <xsl:if test="$policy">
          <section id="policy" aria-labelledby="policy_h">
            <h2 id="policy_h">The policy</h2>
            <xsl:apply-templates select="$policy/node()" mode="about"/>
          </section>
        </xsl:if>
        <xsl:call-template name="sign-key"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="emendation-table">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="rows" as="element(em:emendation)*"/>
    <xsl:variable name="noted" select="exists($rows/@note)"/>
    <section class="emendations" id="kind-{$kind}" aria-labelledby="kind-{$kind}_h">
      <h2 id="kind-{$kind}_h"><xsl:value-of select="c:intervention-label($kind) || ' (' || count($rows) || ')'"/></h2>
      <table class="emendations-table">
        <caption class="visually-hidden"><xsl:value-of select="c:intervention-label($kind)"/></caption>
        <thead>
          <tr>
            <th scope="col">Where</th><th scope="col">The source reads</th><th scope="col">The edition reads</th>
            <xsl:if test="$noted"><th scope="col">Note</th></xsl:if>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$rows">
            <tr id="{@id}">
              <th scope="row"><xsl:call-template name="emendation-place"/></th>
              <td class="sic-reading"><xsl:apply-templates select="em:source"/></td>
              <td class="edition-reading"><xsl:apply-templates select="em:edition"/></td>
              <xsl:if test="$noted">
                <td class="emendation-note">
                  <xsl:for-each select="f:by-id($tei, @note)">
                    <a href="index.html#{f:note-id(.)}"><xsl:value-of select="c:note-kind(.) || ' ' || c:note-label(.)"/></a>
                  </xsl:for-each>
                </td>
              </xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- A reading: the words around it, and the reading itself marked (typographic quotation
       marks as in the text; the whole is curled as one run, so marks at the edges read right). -->
  <xsl:template match="em:source | em:edition">
    <xsl:variable name="parts" select="c:curly-parts((em:before, em:reading, em:after))"/>
    <xsl:value-of select="$parts[1]"/>
    <xsl:if test="$parts[2]"><span class="reading"><xsl:value-of select="$parts[2]"/></span></xsl:if>
    <xsl:value-of select="$parts[3]"/>
  </xsl:template>

  <!-- Where an intervention is: its paragraph (a link to the sign in the text), else the
       bibliography entry or the section. -->
  <xsl:template name="emendation-place">
    <xsl:choose>
      <xsl:when test="@unit">
        <a href="index.html#sign_{@id}" aria-label="paragraph {@n}, emendation {substring(@id, 2)}"><xsl:value-of select="c:label(f:by-id($tei, @unit))"/></a>
      </xsl:when>
      <xsl:when test="@entry">
        <a href="bibliography.html#sign_{@id}">Bibliography</a>
      </xsl:when>
      <xsl:when test="@section">
        <a href="index.html#sign_{@id}">§ <xsl:value-of select="(f:by-id($tei, @section)/@n, @section)[1]"/></a>
      </xsl:when>
      <xsl:otherwise>The text</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The key to the signs used in the text (emendations.html and about.html). -->
  <xsl:template name="sign-key">
    <section id="signs" class="sign-key" aria-labelledby="signs_h">
      <h2 id="signs_h">Key to the signs</h2>
      <dl>
        <dt><span class="corr">word<span class="emend" aria-hidden="true">°</span></span></dt>
        <dd>The editors corrected the source here; the sign links to the <a href="emendations.html">list of emendations</a>,
          which gives the source’s reading (hovering or focusing the word shows it too).</dd>
        <dt><span class="supplied">[word]</span><span class="emend" aria-hidden="true">°</span></dt>
        <dd>A word or mark the source lacks, supplied by the editors.</dd>
        <dt><sup class="noteref"><span class="sample-link">1</span></sup> <sup class="noteref noteref-commentary"><span class="sample-link">2</span></sup></dt>
        <dd>A note, after the passage it concerns: an <em>editorial note</em> questions or corrects a statement of fact; a
          <em>commentary</em> (its number in italics) gives the context a reader needs. One numbering for both, the same in the
          web edition, the print edition and the TEI (<code>note/@n</code>).</dd>
        <dt><span class="pn-sample">42</span></dt>
        <dd>The number of a paragraph or block quotation, in the margin: cite it as ¶ 42, link it as <code>#p42</code>; the same
          in every output.</dd>
        <dt><span class="name-sample">Miasnikov</span></dt>
        <dd>A name, an event or a term of the glossary, linked to its entry (persons, places, organisations, events, glossary).
          Names are quiet; “Highlight names” above the text marks each kind: persons <span class="swatch swatch-person">underlined</span>,
          places <span class="swatch swatch-place">dotted</span>, organisations <span class="swatch swatch-organisation">dashed</span>,
          events <span class="swatch swatch-event">doubly underlined</span>, terms <span class="swatch swatch-term">wavy</span>.</dd>
        <dt>“ ” ‘ ’</dt>
        <dd>The source’s straight quotation marks and apostrophes, set as typographic ones (the TEI keeps the author’s straight
          marks; see the editorial principles on normalisation). The edition adds no quotation marks to the author’s text.</dd>
      </dl>
    </section>
  </xsl:template>
</xsl:stylesheet>
