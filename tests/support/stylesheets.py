"""Throwaway XSLT stylesheets for the tests of the XSLT workers (core/xslt.py, xslt_worker.py)."""

from __future__ import annotations

from pathlib import Path

# a stylesheet of text output around `{}`: templates, parameters
TEXT_XSL = ('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            '<xsl:output method="text"/>{}</xsl:stylesheet>')


def write_stylesheet(folder: Path, name: str, text: str) -> str:
    """`text` written as `folder/name`; its absolute path, as `xslt.stylesheet` takes it. Each
    stylesheet a test changes needs a name of its own: a worker keeps what it compiled by path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)
