<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML reading edition: entry point. Writes index.html as the principal result. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="tei">
  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:result-document href="index.html" method="html" html-version="5" encoding="UTF-8">
      <html lang="en">
        <head>
          <meta charset="utf-8"/>
          <title><xsl:value-of select="normalize-space(//tei:titleStmt/tei:title[1])"/></title>
        </head>
        <body>
          <main>
            <h1><xsl:value-of select="normalize-space(//tei:titleStmt/tei:title[1])"/></h1>
            <xsl:apply-templates select="//tei:body"/>
          </main>
        </body>
      </html>
    </xsl:result-document>
  </xsl:template>

  <xsl:template match="tei:div">
    <section id="{@xml:id}"><xsl:apply-templates/></section>
  </xsl:template>
  <xsl:template match="tei:head"><h2><xsl:apply-templates/></h2></xsl:template>
  <xsl:template match="tei:p | tei:cit">
    <p id="{@xml:id}"><a class="pn" href="#{@xml:id}"><xsl:value-of select="@n"/></a><xsl:text> </xsl:text><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:note"/>
  <xsl:template match="tei:choice"><xsl:apply-templates select="tei:corr | tei:reg"/></xsl:template>
</xsl:stylesheet>
