<?xml version="1.0" encoding="UTF-8"?>
<!-- chronology.html: every dated expression of the body (date with a valid @when, @from/@to or
     @notBefore/@notAfter; not those in editorial notes) in chronological order, grouped by year,
     each with the text's wording, its sentence, the names marked there, its paragraph and the
     editorial note that questions it; above them a static SVG timeline whose marks link to the
     rows. Every text of the TEI is written with xsl:value-of or an attribute value, the SVG as
     elements: nothing from the TEI can become markup. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:html"
  xmlns:c="urn:tei-edition:common"
  xmlns:fn="http://www.w3.org/2005/xpath-functions"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="#all">

  <!-- Timeline geometry (SVG user units). -->
  <xsl:variable name="tl-width" select="960"/>
  <xsl:variable name="tl-pad" select="16"/>
  <xsl:variable name="tl-pitch" select="12"/>
  <!-- Words of context kept on each side of the date within its sentence. -->
  <xsl:variable name="context-words" select="12"/>

  <!-- One map per dated expression, in reading order: the element, its number in reading order
       (row id "d{n}"), its bounds, year and readable label, the note that questions it, its
       context (the text before the date in its sentence, its own text, the text after) and the
       names of its sentence ('sentence' or, when it has none, 'paragraph', then the entries). Worked out one container (paragraph) at a time,
       so that each paragraph's text, sentences and names are measured once. -->
  <xsl:variable name="chron-dates" select="$tei/tei:text/tei:body//tei:date[not(ancestor::tei:note)][exists(f:date-bounds(.))]"/>
  <xsl:variable name="body-notes" select="$tei/tei:text/tei:body//tei:note"/>
  <xsl:variable name="chron-index" as="map(xs:string, xs:integer)"
                select="map:merge(for $i in 1 to count($chron-dates) return map{generate-id($chron-dates[$i]): $i})"/>
  <xsl:variable name="chron-rows" as="map(*)*">
    <xsl:for-each-group select="$chron-dates" group-adjacent="generate-id(f:container(.))">
      <xsl:variable name="offset" select="$chron-index(generate-id(current-group()[1])) - 1"/>
      <xsl:variable name="texts" select="f:container(.) ! f:reading-texts(.)"/>
      <xsl:variable name="at" select="f:offsets($texts)"/>
      <xsl:variable name="full" select="string-join($texts)"/>
      <xsl:variable name="stops" select="f:sentence-stops($full)"/>
      <xsl:variable name="names" as="map(*)*">
        <xsl:for-each select="f:container(.)//(tei:persName | tei:placeName | tei:orgName | tei:name)[@ref][not(ancestor::tei:note)]">
          <xsl:variable name="own" select=".//text()[map:contains($at, generate-id(.))]"/>
          <xsl:variable name="entry" select="f:local-ids(@ref) ! f:by-id(current(), .)
            [self::tei:person | self::tei:personGrp | self::tei:place | self::tei:org][1]"/>
          <xsl:if test="exists($own) and $entry">
            <xsl:sequence select="map{'entry': $entry, 'from': $at(generate-id($own[1])),
                                      'to': $at(generate-id($own[last()])) + string-length($own[last()])}"/>
          </xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:for-each select="current-group()">
        <xsl:variable name="bounds" select="f:date-bounds(.)"/>
        <xsl:variable name="own-texts" select="f:reading-texts(.)"/>
        <xsl:variable name="own" select="string-join($own-texts)"/>
        <xsl:variable name="b" select="if ($own-texts) then $at(generate-id($own-texts[1]))
                                       else string-length(string-join($texts[. &lt;&lt; current()]))"/>
        <xsl:variable name="e" select="$b + string-length($own)"/>
        <xsl:variable name="from" select="max((0, $stops?starts[. le $b]))"/>
        <xsl:variable name="to" select="min((string-length($full), $stops?ends[. ge $e]))"/>
        <xsl:variable name="in-sentence" select="$names[?from lt $to and ?to gt $from]"/>
        <xsl:variable name="note" select="f:date-note(.)"/>
        <xsl:sequence select="map{'date': ., 'n': $offset + position(), 'start': $bounds[1], 'end': $bounds[2],
          'year': f:iso-year($bounds[1]), 'end-year': f:iso-year($bounds[2]),
          'label': f:dating(.), 'note': $note, 'note-number': $note ! (count($body-notes[. &lt;&lt; $note]) + 1),
          'context': map{'before': substring($full, $from + 1, $b - $from), 'text': $own,
                         'after': substring($full, $e + 1, $to - $e)},
          'named': (if (exists($in-sentence)) then 'sentence' else 'paragraph',
                    f:distinct-nodes((if (exists($in-sentence)) then $in-sentence else $names) ! ?entry))}"/>
      </xsl:for-each>
    </xsl:for-each-group>
  </xsl:variable>

  <!-- What a row shows of each register entry it names, by xml:id (worked out once per entry). -->
  <xsl:variable name="chron-entities" as="map(xs:string, map(*))" select="map:merge(
    ($chron-rows ! tail(?named))/. ! map{string(@xml:id): map{'id': string(@xml:id), 'kind': f:kind(.),
      'name': f:name(.), 'href': f:page-of(.) || '#' || @xml:id}})"/>

  <!-- The same, in chronological order: by start (year, then month and day; a bare year before
       its months), equal starts in reading order. -->
  <xsl:variable name="chron-sorted" as="map(*)*">
    <xsl:perform-sort select="$chron-rows">
      <xsl:sort select="?year" data-type="number"/>
      <xsl:sort select="replace(?start, '^-?[0-9]{4}', '')"/>
      <xsl:sort select="?n" data-type="number"/>
    </xsl:perform-sort>
  </xsl:variable>

  <!-- The paragraph (citable unit) of a date, else its heading, else its parent: where its
       sentence and names are looked for. -->
  <xsl:function name="f:container" as="element()">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="(c:unit($date), $date/ancestor::tei:head[1], $date/..)[1]"/>
  </xsl:function>

  <xsl:template name="chronology-page">
    <xsl:variable name="years" select="distinct-values($chron-sorted ! ?year)"/>
    <xsl:variable name="first" select="min($chron-rows ! ?year)"/>
    <xsl:variable name="last" select="max($chron-rows ! ?end-year)"/>
    <xsl:variable name="noted" select="count($chron-rows[exists(?note)])"/>
    <xsl:call-template name="page">
      <xsl:with-param name="file" select="'chronology.html'"/>
      <xsl:with-param name="heading" select="'Chronology'"/>
      <xsl:with-param name="class" select="'wide'"/>
      <xsl:with-param name="description" select="'The dates of ' || $full-title || ' in chronological order'"/>
      <xsl:with-param name="scripts" select="('cards.js', 'assets/chronology.js')"/>
      <xsl:with-param name="content">
        <h1>Chronology</h1>
        <p class="lede">
          <xsl:value-of select="count($chron-rows) || (if (count($chron-rows) = 1) then ' date' else ' dates')
            || ' of the text' || (if (exists($chron-rows)) then ', ' || f:date-range(string($first), string($last)) else '')
            || ', in chronological order (a range by its start), each with its wording and sentence, the names marked there and a link to its paragraph.'"/>
          <xsl:if test="$noted">
            <xsl:value-of select="' ' || $noted || (if ($noted = 1) then ' date carries' else ' dates carry')
              || ' an editorial note: the text’s date may be wrong.'"/>
          </xsl:if>
        </p>
        <xsl:if test="exists($chron-rows)">
          <xsl:call-template name="timeline">
            <xsl:with-param name="first" select="$first"/>
            <xsl:with-param name="last" select="$last"/>
          </xsl:call-template>
          <xsl:call-template name="chron-navigation">
            <xsl:with-param name="years" select="$years"/>
          </xsl:call-template>
          <xsl:for-each-group select="$chron-sorted" group-adjacent="?year">
            <xsl:call-template name="chron-year">
              <xsl:with-param name="year" select="current-grouping-key()"/>
              <xsl:with-param name="rows" select="current-group()"/>
            </xsl:call-template>
          </xsl:for-each-group>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Decade links (work without JavaScript) and the filter (chronology.js shows it). -->
  <xsl:template name="chron-navigation">
    <xsl:param name="years" as="xs:integer*"/>
    <nav class="chron-decades" aria-label="Decades">
      <ul class="inline">
        <xsl:for-each-group select="$years" group-by=". idiv 10">
          <li><a href="#y{current-group()[1]}"><xsl:value-of select="current-grouping-key() * 10 || 's'"/></a></li>
        </xsl:for-each-group>
      </ul>
    </nav>
    <form id="chron-filter" class="chron-filter" hidden="" aria-label="Filter the chronology">
      <label for="chron-decade">Decade</label>
      <select id="chron-decade">
        <option value="">all</option>
        <xsl:for-each select="distinct-values($years ! (. idiv 10 * 10))">
          <option value="{.}"><xsl:value-of select=". || 's'"/></option>
        </xsl:for-each>
      </select>
      <label for="chron-entity">Name</label>
      <select id="chron-entity">
        <option value="">all</option>
        <xsl:variable name="entries" as="element()*">
          <xsl:perform-sort select="($chron-rows ! tail(?named))/.">
            <xsl:sort select="f:sort-key(.)"/>
            <xsl:sort select="string(@xml:id)"/>
          </xsl:perform-sort>
        </xsl:variable>
        <xsl:for-each select="$entries ! $chron-entities(string(@xml:id))">
          <option value="{?id}"><xsl:value-of select="?name || ' (' || ?kind || ')'"/></option>
        </xsl:for-each>
      </select>
      <button type="reset">Show all</button>
      <p id="chron-status" class="chron-status" role="status" aria-live="polite"></p>
    </form>
  </xsl:template>

  <xsl:template name="chron-year">
    <xsl:param name="year" as="xs:integer"/>
    <xsl:param name="rows" as="map(*)*"/>
    <xsl:variable name="label" select="f:date(format-number($year, '0000'))"/>
    <section class="chron-year" id="y{$year}" aria-labelledby="y{$year}-h" data-decade="{$year idiv 10 * 10}">
      <h2 id="y{$year}-h"><xsl:value-of select="$label"/></h2>
      <table class="chron">
        <caption class="visually-hidden"><xsl:value-of select="'Dates of ' || $label"/></caption>
        <thead>
          <tr><th scope="col">Date</th><th scope="col">The text’s words</th><th scope="col">Context</th>
              <th scope="col">Named</th><th scope="col"><span aria-hidden="true">¶</span><span class="visually-hidden">Paragraph</span></th></tr>
        </thead>
        <tbody>
          <xsl:for-each select="$rows">
            <xsl:call-template name="chron-row"><xsl:with-param name="row" select="."/></xsl:call-template>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <xsl:template name="chron-row">
    <xsl:param name="row" as="map(*)"/>
    <xsl:variable name="date" select="$row?date"/>
    <xsl:variable name="context" select="$row?context"/>
    <xsl:variable name="named" select="$row?named"/>
    <xsl:variable name="unit" select="c:unit($date)"/>
    <xsl:variable name="note" select="$row?note"/>
    <tr id="d{$row?n}" data-start="{$row?start}" data-end="{$row?end}" data-decade="{$row?year idiv 10 * 10}"
        data-entities="{tail($named) ! @xml:id}">
      <xsl:attribute name="class" select="string-join(('chron-row', 'has-note'[$note]), ' ')"/>
      <th scope="row">
        <xsl:choose>
          <xsl:when test="$row?start = $row?end and not(starts-with($row?start, '-'))">
            <time datetime="{$row?start}"><xsl:value-of select="$row?label"/></time>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$row?label"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$note">
          <a class="chron-note" href="index.html#{f:note-id($note)}">
            <span aria-hidden="true">⚑ </span>
            <xsl:value-of select="'Editorial note ' || $row?note-number
              || (normalize-space(substring-before(f:plain($note), ':'))[. and string-length(.) le 30] ! (': ' || lower-case(.)))"/>
          </a>
        </xsl:if>
      </th>
      <td class="wording"><xsl:value-of select="normalize-space($context?text)"/></td>
      <td class="context">
        <xsl:value-of select="f:words($context?before, $context-words, true())"/>
        <mark><xsl:value-of select="normalize-space($context?text)"/></mark>
        <xsl:value-of select="f:words($context?after, $context-words, false())"/>
      </td>
      <td class="named">
        <xsl:if test="tail($named)">
          <xsl:if test="head($named) = 'paragraph'"><span class="scope">In the paragraph: </span></xsl:if>
          <ul class="inline">
            <xsl:for-each select="tail($named) ! $chron-entities(string(@xml:id))">
              <li><a class="name name-{?kind}" href="{?href}" data-card="{?id}"><xsl:value-of select="?name"/></a></li>
            </xsl:for-each>
          </ul>
        </xsl:if>
      </td>
      <td class="where">
        <xsl:choose>
          <xsl:when test="$unit">
            <a href="index.html#{$unit/@xml:id}" aria-label="paragraph {c:n($unit)}">¶ <xsl:value-of select="c:n($unit)"/></a>
          </xsl:when>
          <xsl:when test="$date/ancestor::tei:div[@xml:id]">
            <xsl:variable name="div" select="$date/ancestor::tei:div[@xml:id][1]"/>
            <a href="index.html#{$div/@xml:id}">§ <xsl:value-of select="($div/@n, $div/@xml:id)[1]"/></a>
          </xsl:when>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- The timeline: a column per year from $first to $last, decades banded and labelled; the
       dates of one year stacked as dots in its column (a range within a year as a short bar), a
       range over several years as a bar above, packed into as few lanes as overlap allows. -->
  <xsl:template name="timeline">
    <xsl:param name="first" as="xs:integer"/>
    <xsl:param name="last" as="xs:integer"/>
    <xsl:variable name="col" select="($tl-width - 2 * $tl-pad) div ($last - $first + 1)"/>
    <xsl:variable name="points" select="$chron-sorted[?year = ?end-year]"/>
    <xsl:variable name="spans" select="$chron-sorted[?year != ?end-year]"/>
    <xsl:variable name="lanes" select="f:pack($spans, $first, $col)"/>
    <xsl:variable name="stack" select="max((1, for $y in distinct-values($points ! ?year) return count($points[?year = $y])))"/>
    <xsl:variable name="lane-h" select="if (exists($spans)) then (max($lanes) + 1) * $tl-pitch + 6 else 0"/>
    <xsl:variable name="axis" select="10 + $lane-h + $stack * $tl-pitch + 4"/>
    <xsl:variable name="height" select="$axis + 30"/>
    <figure class="timeline">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {$tl-width} {$height}" width="{$tl-width}" height="{$height}"
           role="group" aria-labelledby="tl-title" aria-describedby="tl-desc">
        <title id="tl-title">
          <xsl:value-of select="'Timeline of the ' || count($chron-rows) || ' dates of the text, ' || $first || '–' || $last"/>
        </title>
        <desc id="tl-desc">
          <xsl:value-of select="'Years from ' || $first || ' to ' || $last || ' run from left to right. '
            || 'Each dot is one date of the text, stacked in the column of its year; a short bar is a range within a year; '
            || 'a long bar above the dots is a range over several years. Every mark links to its row in the table below, which lists the same dates.'"/>
        </desc>
        <xsl:for-each select="$first idiv 10 to $last idiv 10">
          <xsl:variable name="y0" select="max((. * 10, $first))"/>
          <xsl:variable name="y1" select="min((. * 10 + 9, $last))"/>
          <rect class="decade{if (. mod 2 = 0) then ' even' else ''}" x="{f:tl-x($y0, 0, $first, $col)}" y="4"
                width="{f:r(($y1 - $y0 + 1) * $col)}" height="{$axis - 4}"/>
        </xsl:for-each>
        <line class="axis" x1="{$tl-pad}" x2="{$tl-width - $tl-pad}" y1="{$axis}" y2="{$axis}"/>
        <xsl:for-each select="$first to $last">
          <xsl:variable name="x" select="f:tl-x(., 0, $first, $col)"/>
          <xsl:variable name="label" select=". = ($first, $last) or (. mod 10 = 0 and . - $first ge 3 and $last - . ge 3)"/>
          <line class="tick" x1="{$x}" x2="{$x}" y1="{$axis}" y2="{$axis + (if ($label or . mod 10 = 0) then 7 else 3)}"/>
          <xsl:if test="$label">
            <text class="year" x="{$x}" y="{$axis + 20}"><xsl:value-of select="."/></text>
          </xsl:if>
        </xsl:for-each>
        <xsl:for-each select="$spans">
          <xsl:variable name="x1" select="f:tl-x(?year, f:year-fraction(?start, false()), $first, $col)"/>
          <xsl:variable name="x2" select="f:tl-x(?end-year, f:year-fraction(?end, true()), $first, $col)"/>
          <a href="#d{?n}" class="mark">
            <title><xsl:value-of select="f:mark-label(.)"/></title>
            <rect class="span" x="{$x1}" y="{10 + f:lane-of(., $spans, $lanes) * $tl-pitch}"
                  width="{f:r(max(($x2 - $x1, 4)))}" height="{$tl-pitch - 4}" rx="3"/>
          </a>
        </xsl:for-each>
        <xsl:for-each-group select="$points" group-by="?year">
          <xsl:variable name="cx" select="f:tl-x(current-grouping-key(), 0.5, $first, $col)"/>
          <xsl:for-each select="current-group()">
            <xsl:variable name="cy" select="$axis - 4 - (position() - 0.5) * $tl-pitch"/>
            <a href="#d{?n}" class="mark">
              <title><xsl:value-of select="f:mark-label(.)"/></title>
              <xsl:choose>
                <xsl:when test="?start != ?end">
                  <rect class="dot range" x="{f:r($cx - $col * 0.45)}" y="{$cy - 3.5}" width="{f:r($col * 0.9)}" height="7" rx="3"/>
                </xsl:when>
                <xsl:otherwise>
                  <circle class="dot{if (exists(?note)) then ' noted' else ''}" cx="{$cx}" cy="{$cy}" r="{f:r(min((5, $col * 0.35)))}"/>
                </xsl:otherwise>
              </xsl:choose>
            </a>
          </xsl:for-each>
        </xsl:for-each-group>
      </svg>
      <figcaption>
        <xsl:value-of select="'Each mark is one date of the text and links to its row below; hover or focus a mark for the date. '"/>
        <span class="legend"><span class="key key-dot" aria-hidden="true"></span> a date</span>
        <span class="legend"><span class="key key-noted" aria-hidden="true"></span> questioned by an editorial note</span>
        <span class="legend"><span class="key key-range" aria-hidden="true"></span> a range</span>
      </figcaption>
    </figure>
  </xsl:template>

  <!-- x of a point $fraction into year $year. -->
  <xsl:function name="f:tl-x" as="xs:double">
    <xsl:param name="year" as="xs:integer"/>
    <xsl:param name="fraction" as="xs:double"/>
    <xsl:param name="first" as="xs:integer"/>
    <xsl:param name="col" as="xs:double"/>
    <xsl:sequence select="f:r($tl-pad + ($year - $first + $fraction) * $col)"/>
  </xsl:function>

  <!-- A length rounded to a tenth of a unit (short, stable SVG attributes). -->
  <xsl:function name="f:r" as="xs:double">
    <xsl:param name="x" as="xs:double"/>
    <xsl:sequence select="round($x * 10) div 10"/>
  </xsl:function>

  <!-- The lane of each multi-year range (in the order given): the first lane whose last bar
       ends before the range starts. -->
  <xsl:function name="f:pack" as="xs:integer*">
    <xsl:param name="spans" as="map(*)*"/>
    <xsl:param name="first" as="xs:integer"/>
    <xsl:param name="col" as="xs:double"/>
    <xsl:iterate select="$spans">
      <xsl:param name="ends" as="xs:double*" select="()"/>
      <xsl:param name="lanes" as="xs:integer*" select="()"/>
      <xsl:on-completion select="$lanes"/>
      <xsl:variable name="x1" select="f:tl-x(?year, f:year-fraction(?start, false()), $first, $col)"/>
      <xsl:variable name="x2" select="f:tl-x(?end-year, f:year-fraction(?end, true()), $first, $col)"/>
      <xsl:variable name="free" select="(for $i in 1 to count($ends) return $i[$ends[$i] + 2 le $x1])[1]"/>
      <xsl:variable name="lane" select="($free, count($ends) + 1)[1]"/>
      <xsl:next-iteration>
        <xsl:with-param name="ends" select="for $i in 1 to max((count($ends), $lane)) return if ($i = $lane) then $x2 else $ends[$i]"/>
        <xsl:with-param name="lanes" select="($lanes, $lane - 1)"/>
      </xsl:next-iteration>
    </xsl:iterate>
  </xsl:function>

  <xsl:function name="f:lane-of" as="xs:integer">
    <xsl:param name="row" as="map(*)"/>
    <xsl:param name="spans" as="map(*)*"/>
    <xsl:param name="lanes" as="xs:integer*"/>
    <xsl:sequence select="$lanes[index-of($spans ! ?n, $row?n)[1]]"/>
  </xsl:function>

  <!-- What a timeline mark says (its title): date, the text's words, paragraph, note. -->
  <xsl:function name="f:mark-label" as="xs:string">
    <xsl:param name="row" as="map(*)"/>
    <xsl:variable name="date" select="$row?date"/>
    <xsl:sequence select="string-join(($row?label || ': “' || normalize-space($row?context?text) || '”',
      c:unit($date) ! ('¶ ' || c:n(.)), $row?note-number ! ('editorial note ' || .)), ', ')"/>
  </xsl:function>
</xsl:stylesheet>
