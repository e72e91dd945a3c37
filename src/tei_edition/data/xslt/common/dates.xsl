<?xml version="1.0" encoding="UTF-8"?>
<!-- Dates for readers, shared by the HTML and the print edition: an ISO 8601 date or range of
     a TEI dating element (@when, @from/@to, @notBefore/@notAfter) as "12 September 2021",
     "23–31 January 1918", "from 1929", "not before 1920"; an event's date. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:tei-edition:common"
  exclude-result-prefixes="#all">

  <xsl:variable name="c:months" as="xs:string+" select="('January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December')"/>

  <!-- An ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD, possibly negative) for readers. (Month names
       from a list rather than format-date, which parses its picture on every call: the
       chronology formats a few hundred dates.) -->
  <xsl:function name="c:date" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:sequence select="
      if (empty($iso)) then ''
      else if (matches($iso, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') and $iso castable as xs:date) then
        string(xs:integer(substring($iso, 9, 2))) || ' ' || $c:months[xs:integer(substring($iso, 6, 2))]
        || ' ' || string(xs:integer(substring($iso, 1, 4)))
      else if (matches($iso, '^[0-9]{4}-[0-9]{2}$') and $iso castable as xs:gYearMonth) then
        $c:months[xs:integer(substring($iso, 6, 2))] || ' ' || string(xs:integer(substring($iso, 1, 4)))
      else if ($iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else if ($iso castable as xs:gYearMonth) then format-date(xs:date($iso || '-01'), '[MNn] [Y]', 'en', (), ())
      else if (matches($iso, '^-?[0-9]{4}$')) then string(abs(xs:integer($iso))) || (if (starts-with($iso, '-')) then ' BCE' else '')
      else $iso"/>
  </xsl:function>

  <!-- A readable range of two ISO 8601 dates, sharing what they share:
       "23–31 January 1918", "27 March – 2 April 1922", "March–June 1921", "1917–1920". -->
  <xsl:function name="c:date-range" as="xs:string">
    <xsl:param name="from" as="xs:string"/>
    <xsl:param name="to" as="xs:string"/>
    <xsl:variable name="a" select="c:date($from)"/>
    <xsl:variable name="b" select="c:date($to)"/>
    <xsl:variable name="same-kind" select="c:iso-date($from) and c:iso-date($to)
                                           and string-length($from) = string-length($to)"/>
    <xsl:variable name="same-year" select="$same-kind and substring-before($from || '-', '-') = substring-before($to || '-', '-')"/>
    <xsl:sequence select="
      if ($from = $to) then $a
      else if ($same-year and string-length($from) = 10 and substring($from, 1, 7) = substring($to, 1, 7)) then
        string(xs:integer(substring($from, 9, 2))) || '–' || $b
      else if ($same-year and string-length($from) = 10) then
        string(xs:integer(substring($from, 9, 2))) || ' ' || $c:months[xs:integer(substring($from, 6, 2))] || ' – ' || $b
      else if ($same-year and string-length($from) = 7) then
        $c:months[xs:integer(substring($from, 6, 2))] || '–' || $b
      else if (contains($a, ' ') or contains($b, ' ')) then $a || ' – ' || $b
      else $a || '–' || $b"/>
  </xsl:function>

  <!-- True for an ISO 8601 date of year, year-month or day precision that exists
       ("1918", "1921-03", "1889-02-25"; a year may be negative); anything else is false. -->
  <xsl:function name="c:iso-date" as="xs:boolean">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:sequence select="
      if (matches($iso, '^-?[0-9]{4}$')) then true()
      else if (matches($iso, '^-?[0-9]{4}-[0-9]{2}$')) then $iso castable as xs:gYearMonth
      else if (matches($iso, '^-?[0-9]{4}-[0-9]{2}-[0-9]{2}$')) then $iso castable as xs:date
      else false()"/>
  </xsl:function>

  <!-- A readable date or range from a TEI dating element (date, birth, death, floruit, event). -->
  <xsl:function name="c:dating" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/@when) then c:date($e/@when)
      else if ($e/@from and $e/@to) then c:date-range($e/@from, $e/@to)
      else if ($e/@from) then 'from ' || c:date($e/@from)
      else if ($e/@to) then 'until ' || c:date($e/@to)
      else if ($e/@notBefore or $e/@notAfter) then
        string-join(($e/@notBefore ! ('not before ' || c:date(.)), $e/@notAfter ! ('not after ' || c:date(.))), ', ')
      else normalize-space($e)"/>
  </xsl:function>

  <!-- The day the Gregorian calendar replaced the Julian in Russia: dates before it differ
       from the Old Style dates of Russian sources, so an event's date says which it gives. -->
  <xsl:variable name="c:new-style-from" as="xs:string" select="'1918-02-14'"/>

  <!-- An event's date for readers, "(New Style)" when it falls before the calendar reform; ()
       for an event without dating attributes. -->
  <xsl:function name="c:event-date" as="xs:string?">
    <xsl:param name="event" as="element()"/>
    <xsl:variable name="start" select="($event/@when, $event/@from, $event/@notBefore, $event/@to, $event/@notAfter)[1]"/>
    <xsl:sequence select="if (empty($start)) then ()
      else c:dating($event) || (if (string-length($start) = 10 and c:iso-date($start) and $start lt $c:new-style-from) then ' (New Style)' else '')"/>
  </xsl:function>
</xsl:stylesheet>
