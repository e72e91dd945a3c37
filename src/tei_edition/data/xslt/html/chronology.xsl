<?xml version="1.0" encoding="UTF-8"?>
<!-- chronology.html: the rows and the timeline computed by tei_edition.outputs.chronology
     (handed in as $chronology: rows sorted and grouped by year, each with its dating, the
     text's words and sentence, the entries named, its paragraph and note; the timeline's
     geometry), rendered here: a static SVG timeline whose marks link to the rows, then a table
     per year. Names, kinds, note numbers and readable dates come from the shared functions.
     Every text is written with xsl:value-of or an attribute value, the SVG as elements:
     nothing from the TEI can become markup. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:ch="urn:tei-edition:chronology"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <xsl:param name="chronology" as="document-node(element(ch:chronology))" required="yes"/>
  <xsl:variable name="chron" select="$chronology/ch:chronology"/>
  <xsl:key name="ch:row" match="ch:row" use="@id"/>

  <xsl:template name="chronology-page">
    <xsl:variable name="count" select="xs:integer(($chron/@text-count, $chron/@count)[1])"/>
    <xsl:variable name="events-count" select="xs:integer(($chron/@event-count, 0)[1])"/>
    <xsl:variable name="noted" select="xs:integer($chron/@noted)"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'chronology.html'"/>
      <xsl:with-param name="heading" select="'Chronology'"/>
      <xsl:with-param name="class" select="'wide'"/>
      <xsl:with-param name="description" select="'The dates of ' || $full-title || ' in chronological order'"/>
      <xsl:with-param name="scripts" select="('cards.js', 'assets/chronology.js')"/>
      <xsl:with-param name="content">
        <h1>Chronology</h1>
        <p class="lede">
          <xsl:value-of select="$count || (if ($count = 1) then ' date' else ' dates')
            || ' of the text' || (if ($events-count) then ' and ' || $events-count || (if ($events-count = 1) then ' event' else ' events') || ' of the register of events' else '')
            || (if ($count + $events-count) then ', ' || c:date-range($chron/@first, $chron/@last) else '')
            || ', in chronological order (a range by its start). Each date of the text has its wording and sentence, the names marked there and a link to its paragraph; each event (marked “Event”) its description, places and participants, and links to the paragraphs that mention it.'"/>
          <xsl:if test="$noted">
            <xsl:value-of select="' ' || $noted || (if ($noted = 1) then ' date carries' else ' dates carry')
              || ' an editorial note: the text’s date may be wrong.'"/>
          </xsl:if>
        </p>
        <xsl:if test="$count + $events-count">
          <xsl:apply-templates select="$chron/ch:timeline"/>
          <xsl:call-template name="chron-navigation"/>
          <xsl:apply-templates select="$chron/ch:year"/>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Decade links (work without JavaScript) and the filter (chronology.js shows it). -->
  <xsl:template name="chron-navigation">
    <nav class="chron-decades" aria-label="Decades">
      <ul class="inline">
        <xsl:for-each-group select="$chron/ch:year" group-by="@decade">
          <li><a href="#y{current-group()[1]/@value}"><xsl:value-of select="current-grouping-key() || 's'"/></a></li>
        </xsl:for-each-group>
      </ul>
    </nav>
    <form id="chron-filter" class="chron-filter" hidden="" aria-label="Filter the chronology">
      <label for="chron-decade">Decade</label>
      <select id="chron-decade">
        <option value="">all</option>
        <xsl:for-each select="distinct-values($chron/ch:year/@decade)">
          <option value="{.}"><xsl:value-of select=". || 's'"/></option>
        </xsl:for-each>
      </select>
      <xsl:if test="$chron//ch:row[@kind = 'event']">
        <label for="chron-kind">Show</label>
        <select id="chron-kind">
          <option value="">dates of the text and events</option>
          <option value="text">dates of the text</option>
          <option value="event">events</option>
        </select>
      </xsl:if>
      <label for="chron-entity">Name</label>
      <select id="chron-entity">
        <option value="">all</option>
        <xsl:variable name="entries" as="element()*" select="c:sorted(($chron//ch:entry ! f:by-id($tei, @ref))/.)"/>
        <xsl:for-each select="$entries">
          <option value="{@xml:id}"><xsl:value-of select="f:name(.) || ' (' || f:kind(.) || ')'"/></option>
        </xsl:for-each>
      </select>
      <button type="reset">Show all</button>
      <p id="chron-status" class="chron-status" role="status" aria-live="polite"></p>
    </form>
  </xsl:template>

  <xsl:template match="ch:year">
    <xsl:variable name="label" select="c:date(format-number(xs:integer(@value), '0000'))"/>
    <section class="chron-year" id="y{@value}" aria-labelledby="y{@value}_h" data-decade="{@decade}">
      <h2 id="y{@value}_h"><xsl:value-of select="$label"/></h2>
      <table class="chron">
        <caption class="visually-hidden"><xsl:value-of select="'Dates of ' || $label"/></caption>
        <thead>
          <tr><th scope="col">Date</th><th scope="col">The text’s words, or the event</th><th scope="col">Context, or description</th>
              <th scope="col">Named</th><th scope="col"><span aria-hidden="true">¶</span><span class="visually-hidden">Paragraph</span></th></tr>
        </thead>
        <tbody>
          <xsl:apply-templates select="ch:row"/>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- An event of the register: its date, its name (a link to its entry, with a card), its
       description, the entries it names (places and participants), the paragraphs that
       mention it. -->
  <xsl:template match="ch:row[@kind = 'event']" priority="2">
    <xsl:variable name="event" select="f:by-id($tei, @event)"/>
    <tr id="{@id}" class="chron-event" data-kind="event" data-start="{@start}" data-end="{@end}" data-decade="{@decade}"
        data-entities="{ch:named/ch:entry/@ref}">
      <th scope="row">
        <xsl:choose>
          <xsl:when test="@start = @end and not(starts-with(@start, '-'))">
            <time datetime="{@start}"><xsl:value-of select="c:dating(.)"/></time>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="c:dating(.)"/></xsl:otherwise>
        </xsl:choose>
        <span class="chron-kind">Event</span>
      </th>
      <td class="wording"><a class="name name-event" href="events.html#{@event}" data-card="{@event}"><xsl:sequence select="f:name-lang($event)"/><xsl:value-of select="f:name($event)"/></a></td>
      <td class="context"><xsl:value-of select="$event/tei:desc ! f:plain(.)"/></td>
      <td class="named"><xsl:call-template name="chron-named"/></td>
      <td class="where">
        <xsl:variable name="units" select="f:units(key('mentions', string(@event), $tei))"/>
        <xsl:if test="$units">
          <ul class="inline">
            <xsl:for-each select="$units">
              <li><a href="index.html#{@xml:id}" aria-label="paragraph {c:n(.)}"><xsl:value-of select="c:label(.)"/></a></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>

  <xsl:template name="chron-named">
    <xsl:if test="ch:named/ch:entry">
      <xsl:if test="ch:named/@scope = 'paragraph'"><span class="scope">In the paragraph: </span></xsl:if>
      <ul class="inline">
        <xsl:for-each select="ch:named/ch:entry[f:by-id($tei, @ref)]">
          <xsl:variable name="entry" select="f:by-id($tei, @ref)"/>
          <li><a class="name name-{f:kind($entry)}" href="{f:page-of($entry)}#{@ref}" data-card="{@ref}"><xsl:sequence select="f:name-lang($entry)"/><xsl:value-of select="f:name($entry)"/></a></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template match="ch:row">
    <xsl:variable name="note" select="f:by-id($tei, @note)"/>
    <tr id="{@id}" data-start="{@start}" data-end="{@end}" data-decade="{@decade}"
        data-entities="{ch:named/ch:entry/@ref}">
      <xsl:attribute name="class" select="string-join(('chron-row', 'has-note'[$note]), ' ')"/>
      <th scope="row">
        <xsl:choose>
          <xsl:when test="@start = @end and not(starts-with(@start, '-'))">
            <time datetime="{@start}"><xsl:value-of select="c:dating(.)"/></time>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="c:dating(.)"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$note">
          <a class="chron-note" href="index.html#{f:note-id($note)}">
            <span aria-hidden="true">⚑ </span>
            <xsl:value-of select="c:note-kind($note) || ' ' || c:note-label($note)
              || (normalize-space(substring-before(f:plain($note), ':'))[. and string-length(.) le 30] ! (': ' || lower-case(.)))"/>
          </a>
        </xsl:if>
      </th>
      <xsl:variable name="context" select="c:curly-parts((ch:before, ch:text, ch:after))"/>
      <td class="wording"><xsl:value-of select="$context[2]"/></td>
      <td class="context">
        <xsl:value-of select="$context[1]"/>
        <mark><xsl:value-of select="$context[2]"/></mark>
        <xsl:value-of select="$context[3]"/>
      </td>
      <td class="named"><xsl:call-template name="chron-named"/></td>
      <td class="where">
        <xsl:choose>
          <xsl:when test="@unit">
            <a href="index.html#{@unit}" aria-label="paragraph {@n}"><xsl:value-of select="c:label(f:by-id($tei, @unit))"/></a>
          </xsl:when>
          <xsl:when test="@section">
            <xsl:variable name="div" select="f:by-id($tei, @section)"/>
            <a href="index.html#{@section}">§ <xsl:value-of select="($div/@n, $div/@xml:id)[1]"/></a>
          </xsl:when>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- The timeline (geometry from outputs/timeline.py): decade bands, the axis with its years,
       the multi-year ranges as bars above, the dates of one year stacked as dots. -->
  <xsl:template match="ch:timeline">
    <xsl:variable name="first" select="$chron/@first"/>
    <xsl:variable name="last" select="$chron/@last"/>
    <figure class="timeline" aria-labelledby="tl-caption">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {@width} {@height}" width="{@width}" height="{@height}"
           role="group" aria-labelledby="tl-title" aria-describedby="tl-desc">
        <title id="tl-title">
          <xsl:value-of select="'Timeline of the ' || ($chron/@text-count, $chron/@count)[1] || ' dates of the text'
            || ($chron/@event-count[. != '0'] ! (' and ' || . || ' events')) || ', ' || $first || '–' || $last"/>
        </title>
        <desc id="tl-desc">
          <xsl:value-of select="'Years from ' || $first || ' to ' || $last || ' run from left to right. '
            || 'Each dot is one date of the text and each square one event of the register of events, stacked in the column of its year; a short bar is a range within a year; '
            || 'a long bar above them is a range over several years, with a dashed outline for an event. Every mark links to its row in the table below, which lists the same dates and events.'"/>
        </desc>
        <xsl:for-each select="ch:decade">
          <rect class="decade{if (@even = 'true') then ' even' else ''}" x="{@x}" y="{@y}" width="{@width}" height="{@height}"/>
        </xsl:for-each>
        <xsl:for-each select="ch:axis">
          <line class="axis" x1="{@x1}" x2="{@x2}" y1="{@y}" y2="{@y}"/>
        </xsl:for-each>
        <xsl:for-each select="ch:tick">
          <line class="tick" x1="{@x}" x2="{@x}" y1="{@y1}" y2="{@y2}"/>
          <xsl:if test="@label">
            <text class="year" x="{@x}" y="{@label-y}"><xsl:value-of select="@label"/></text>
          </xsl:if>
        </xsl:for-each>
        <xsl:for-each select="ch:span | ch:range | ch:dot">
          <xsl:variable name="row" select="key('ch:row', @row, $chronology)"/>
          <xsl:variable name="event" select="$row/@kind = 'event'"/>
          <a href="#{@row}" class="{if ($event) then 'mark mark-event' else 'mark'}">
            <xsl:sequence select="f:pilcrow-name(f:mark-label($row))"/>
            <title><xsl:value-of select="f:mark-label($row)"/></title>
            <xsl:choose>
              <xsl:when test="self::ch:span">
                <rect class="span{if ($event) then ' event' else ''}" x="{@x}" y="{@y}" width="{@width}" height="{@height}" rx="3"/>
              </xsl:when>
              <xsl:when test="self::ch:range">
                <rect class="dot range{if ($event) then ' event' else ''}" x="{@x}" y="{@y}" width="{@width}" height="{@height}" rx="{if ($event) then 0 else 3}"/>
              </xsl:when>
              <xsl:when test="$event">
                <rect class="dot event" x="{@cx - @r}" y="{@cy - @r}" width="{2 * @r}" height="{2 * @r}"/>
              </xsl:when>
              <xsl:otherwise>
                <circle class="dot{if (@noted = 'true') then ' noted' else ''}" cx="{@cx}" cy="{@cy}" r="{@r}"/>
              </xsl:otherwise>
            </xsl:choose>
          </a>
        </xsl:for-each>
      </svg>
      <figcaption id="tl-caption">
        <xsl:value-of select="'Each mark is one date of the text or one event and links to its row below; hover or focus a mark for the date. '"/>
        <span class="legend"><span class="key key-dot" aria-hidden="true"></span> a date of the text</span>
        <xsl:if test="$chron//ch:row[@kind = 'event']">
          <span class="legend"><span class="key key-event" aria-hidden="true"></span> an event</span>
        </xsl:if>
        <span class="legend"><span class="key key-noted" aria-hidden="true"></span> questioned by an editorial note</span>
        <span class="legend"><span class="key key-range" aria-hidden="true"></span> a range</span>
      </figcaption>
    </figure>
  </xsl:template>

  <!-- What a timeline mark says (its title): date, the text's words, paragraph, note; for an
       event, its name. -->
  <xsl:function name="f:mark-label" as="xs:string">
    <xsl:param name="row" as="element(ch:row)"/>
    <xsl:sequence select="if ($row/@kind = 'event') then c:dating($row) || ': event: ' || f:name(f:by-id($tei, $row/@event))
      else string-join((c:dating($row) || ': “' || c:curly-parts(($row/ch:before, $row/ch:text))[2] || '”',
      f:by-id($tei, $row/@unit) ! c:label(.), f:by-id($tei, $row/@note) ! (lower-case(c:note-kind(.)) || ' ' || c:note-label(.))), ', ')"/>
  </xsl:function>
</xsl:stylesheet>
