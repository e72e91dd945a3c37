"""The source records the header names, published beside the TEI.

The header's prose names the files of the text's source and of its reconstruction (the plain-text
extraction it is transcribed from, the record of the reading order, the slips, the quotations) by
their path in the folder `source/` beside the master. `publish_sources` copies each one it names
into `source/` beside the published TEI, so that the path is true of the published file and of
the deposit as it is of the master; a file the header names that is not there (or is no regular
file inside that folder) is left out with W0321.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from lxml import etree

from tei_edition.core.files import resolved_or_none
from tei_edition.core.problems import Problem
from tei_edition.core.source import tag_of
from tei_edition.core.xmlio import NS

FOLDER = "source"
# `source/NAME` where no longer path ends (`edition/source/…` is a path of the project, not of the file)
_NAMED = re.compile(r"(?<![\w./-])source/([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])")


def named_sources(tree: etree._ElementTree) -> dict[str, etree._Element]:
    """Each file name the header names as `source/NAME`, with the first element whose own text
    names it."""
    header = tree.getroot().find("tei:teiHeader", NS)
    found: dict[str, etree._Element] = {}
    for el in header.iter() if header is not None else ():
        if not isinstance(el.tag, str):
            continue
        own = " ".join([el.text or ""] + [child.tail or "" for child in el])
        for name in _NAMED.findall(own):
            found.setdefault(name, el)
    return found


def source_file(master: Path, name: str) -> Path | None:
    """The file `source/NAME` beside `master`, if it is a regular file inside that folder (a link
    out of it is not published)."""
    folder = resolved_or_none(master.parent / FOLDER)
    path = resolved_or_none(master.parent / FOLDER / name)  # None: a loop of links
    return path if folder is not None and path is not None and path.parent == folder and path.is_file() else None


def sources_key(master: Path, tree: etree._ElementTree) -> str:
    """What the published source records depend on: the names and the bytes of the files."""
    digest = hashlib.sha256()
    for name in sorted(named_sources(tree)):
        path = source_file(master, name)
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path else b"(missing)") + b"\0")
    return digest.hexdigest()


def publish_sources(master: Path, tree: etree._ElementTree, folder: Path, warnings: list[Problem]) -> None:
    """Copy into `folder`/source/ each file the header of `tree` (the master's) names; W0321 for
    one that is not beside the master."""
    for name, el in sorted(named_sources(tree).items()):
        path = source_file(master, name)
        if path is None:
            warnings.append(Problem(str(master), *tag_of(el, str(master)), "W0321",
                                    f"the header names {FOLDER}/{name}, which is not a file in the folder "
                                    f"{FOLDER}/ beside the master: the published TEI goes without it"))
            continue
        (folder / FOLDER).mkdir(exist_ok=True)
        shutil.copyfile(path, folder / FOLDER / name)
