<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML reading edition: entry point. Holds the parameters and global values, and writes one
     result document per page; the pages' content comes from the included modules. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

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
  <xsl:include href="layout.xsl"/>
  <xsl:include href="metadata.xsl"/>
  <xsl:include href="text.xsl"/>
  <xsl:include href="languages.xsl"/>
  <xsl:include href="cite.xsl"/>
  <xsl:include href="registers.xsl"/>
  <xsl:include href="events.xsl"/>
  <xsl:include href="glossary.xsl"/>
  <xsl:include href="sources.xsl"/>
  <xsl:include href="emendations.xsl"/>
  <xsl:include href="bibliography.xsl"/>
  <xsl:include href="about.xsl"/>
  <xsl:include href="chronology.xsl"/>
  <xsl:include href="index.xsl"/>
  <xsl:include href="data.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <!-- Base URL of the published edition, as tei_edition.citation.cite.base_url resolves it
       (the option base-url, else the header's publicationStmt/idno[@type='URI']). -->
  <xsl:param name="base-url" as="xs:string" required="yes"/>
  <!-- The encoding manual as an XHTML fragment (well-formed XML text), or empty. -->
  <xsl:param name="manual" as="xs:string" select="''"/>
  <!-- True when the build wrote citations.js (all citation styles, see src/tei_edition/cite.py). -->
  <xsl:param name="citation-data" as="xs:boolean" select="false()"/>
  <!-- Chicago forms from tei_edition.citation.cite as JSON {"edition": text, "units": {anchor: text}}. -->
  <xsl:param name="citations" as="xs:string" required="yes"/>
  <!-- Site-relative links to the other outputs of the build. -->
  <xsl:param name="tei-download" as="xs:string" select="'../tei/lawson-2021-most-intransigent.xml'"/>
  <xsl:param name="pdf-download" as="xs:string" select="'../pdf/lawson-2021-most-intransigent.pdf'"/>
  <xsl:param name="epub-download" as="xs:string" select="''"/>
  <!-- the print edition in volumes (outputs/volumes.py): JSON, [link, label] for each; '' when it is one book -->
  <xsl:param name="pdf-volumes" as="xs:string" select="''"/>
  <!-- Which pages this run writes: 'all'; 'text' (index.html) or 'others' (every other file),
       'others' being 'entries' (the registers', the events' and the glossary's pages) and
       'apparatus' (the rest); runs that write each part once make the same files as one
       (outputs/html.py runs them at once). -->
  <xsl:param name="pages" as="xs:string" select="'all'"/>

  <xsl:variable name="tei" select="/tei:TEI"/>
  <xsl:variable name="header" select="$tei/tei:teiHeader"/>
  <xsl:variable name="title-stmt" select="$header/tei:fileDesc/tei:titleStmt"/>
  <!-- the edited reading (a choice's corr, no note), as every output's record names the edition -->
  <xsl:variable name="title" select="c:reading-text(($title-stmt/tei:title[@type = 'main'], $title-stmt/tei:title)[1])"/>
  <xsl:variable name="subtitle" select="c:reading-text($title-stmt/tei:title[@type = 'sub'][1])"/>
  <!-- title and subtitle joined by the citations' rule (citation/record.py: full_title) -->
  <xsl:param name="full-title" as="xs:string" required="yes"/>
  <xsl:variable name="authors" select="$title-stmt/tei:author ! c:reading-text(.)"/>
  <xsl:variable name="editors" select="$title-stmt/tei:editor ! c:reading-text(.)"/>
  <xsl:variable name="pub" select="$header/tei:fileDesc/tei:publicationStmt"/>
  <xsl:variable name="publisher" select="c:reading-text(($pub/tei:publisher, $pub/tei:distributor)[1])"/>
  <xsl:variable name="pub-date" select="string(($pub/tei:date/@when)[1])"/>
  <xsl:variable name="base" as="xs:string" select="(f:safe-url($base-url), '')[1]"/>
  <xsl:variable name="cites" as="map(*)" select="parse-json($citations)"/>
  <xsl:variable name="licence" select="($pub/tei:availability/tei:licence)[1]"/>
  <xsl:variable name="source-bibl" select="($header/tei:fileDesc/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull))[1]"/>
  <xsl:variable name="registers" as="map(*)*" select="(
    map{'file':'persons.html', 'title': $c:register-titles?listPerson, 'entries': $tei//tei:listPerson/(tei:person | tei:personGrp)},
    map{'file':'places.html', 'title': $c:register-titles?listPlace, 'entries': $tei//tei:listPlace/tei:place},
    map{'file':'organisations.html', 'title': $c:register-titles?listOrg, 'entries': $tei//tei:listOrg/tei:org})"/>
  <!-- The register of events and the glossary (standOff; the glossary's items may also sit in back). -->
  <xsl:variable name="events" as="element(tei:event)*" select="$tei/tei:standOff//tei:listEvent/tei:event[@xml:id]"/>
  <xsl:variable name="glossary" as="element(tei:item)*"
    select="($tei/tei:standOff | $tei/tei:text/tei:back)//tei:list[@type = 'glossary']/tei:item[c:gloss-id(.)]"/>

  <xsl:key name="mentions" match="tei:text//*[@ref]" use="f:local-ids(@ref)"/>
  <!-- Facts of the apparatus by the works consulted they cite. -->
  <xsl:key name="sourcing" match="*[@source]" use="f:local-ids(@source)"/>
  <xsl:key name="citing" match="tei:text/tei:body//tei:ref[@target] | tei:text/tei:body//tei:bibl[@corresp]"
           use="f:local-ids(@target | @corresp)"/>

  <xsl:template match="/">
    <xsl:if test="$pages = ('all', 'text')">
      <xsl:call-template name="index-page"/>
    </xsl:if>
    <xsl:if test="$pages = ('all', 'others', 'entries')">
      <xsl:for-each select="$registers">
        <xsl:call-template name="register-page">
          <xsl:with-param name="register" select="."/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:call-template name="events-page"/>
      <xsl:call-template name="glossary-page"/>
    </xsl:if>
    <xsl:if test="$pages = ('all', 'others', 'apparatus')">
      <xsl:call-template name="bibliography-page"/>
      <xsl:call-template name="sources-page"/>
      <xsl:call-template name="emendations-page"/>
      <xsl:call-template name="chronology-page"/>
      <xsl:call-template name="about-page"/>
      <xsl:call-template name="search-page"/>
      <xsl:call-template name="card-data"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
