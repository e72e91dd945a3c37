"""What the tests of epub share, on fixtures and on the master."""

from __future__ import annotations

import zipfile
from pathlib import Path
from lxml import etree
from support import FIXTURES


FIXTURE = FIXTURES / "epub" / "apparatus.xml"


XHTML = "{http://www.w3.org/1999/xhtml}"


OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def xml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as z:
        return etree.fromstring(z.read(name))
