"""`build/dist/`: the edition as one deposit package, a BagIt bag (RFC 8493, the `bagit` library)
made from a finished build (`tei-edition package`, run by `make` after the build).

    dist/bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt
    dist/data/README.md, LICENSE.txt, CC-BY-4.0.txt, CITATION.cff, datacite.json   (outputs/deposit.py)
    dist/data/<basename>.pdf, <basename>.epub (when the build has one)
    dist/data/pdf/        instead of the one PDF, its volumes (<basename>-vol01.pdf …), however many
    dist/data/tei/        the published TEI with its schema files, as build/tei/ is
    dist/data/exports/    the data exports, the edition's record in every format
    dist/data/site/       the HTML edition
    dist/data/dts.zip     the static DTS export (its file names hold ';' and '=')

Checked before anything is written: build/manifest.json and exports/edition.json are a build's
(read through the guarded reader, so a FIFO or a huge file is refused before a byte is read;
their shape checked, E0354), the build is whole (every file as build/manifest.json lists it, and
no file it does not list: E0351), the manifest records which volume each PDF of the print edition
is and which paragraphs it prints, and the records fit together (`print_books`, E0354: the
deposit's README names them),
every file name is in the POSIX portable set, at most 100 entries at the top of the
payload (a valid build makes eleven at most: what is many, the site's pages, the volumes of the
print edition, is in a folder, so the top stays a short list a depositor reads at a glance). Reproducible: files are copied in sorted order, the zip has fixed timestamps (the
edition's date), fixed permissions and sorted members, and the bag's date is the edition's date:
two runs give byte-identical bags. The bag is made in a temporary folder beside `dist/` and
swapped in whole, so a failed run leaves the previous `dist/` untouched; which folders `--out`
may name (never one the toolkit did not make): outputs/package_folder.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import TypedDict

from tei_edition.citation.record import CslItem, iso_date, without_empty_names
from tei_edition.core import paths
from tei_edition.core.incremental import STATE_NAME
from tei_edition.core.inputs import MAX_BYTES, read_bytes
from tei_edition.core.output_folder import MANIFEST_LIMIT
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs import deposit, package_folder
from tei_edition.outputs.manifest import MANIFEST_NAME
from tei_edition.outputs.volumes import Volume

PORTABLE = re.compile(r"^[A-Za-z0-9._-]+$")
MAX_TOP_LEVEL = 100
FOLDERS = ("tei", "exports", "site")  # copied as they are
_ZIP_MODE = 0o644 << 16
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ManifestEntry(TypedDict):
    """What the package reads of a line of build/manifest.json (outputs/manifest.py writes it)."""
    path: str
    sha256: str
    volume: Volume | None  # a volume of the print edition: which, and which units it prints


def _problem(path: Path | str, code: str, message: str, line: int = 1, col: int = 1) -> Problem:
    return Problem(str(path), line, col, code, message)


def _not_the_build_s(path: Path, what: str, why: str, line: int = 1, col: int = 1) -> EditionError:
    return EditionError([_problem(path, "E0354", f"not {what} (`tei-edition build` writes it): {why}", line, col)])


def _read_json(path: Path, what: str, limit: int) -> object:
    """The JSON value of `path`, read through the guarded reader (E0001, E0005, E0006), or E0354."""
    data = read_bytes(path, limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _not_the_build_s(path, what, f"byte 0x{data[exc.start]:02X} is not UTF-8", line,
                               exc.start - data.rfind(b"\n", 0, exc.start)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _not_the_build_s(path, what, f"not JSON ({exc.msg})", exc.lineno, exc.colno) from None
    except RecursionError:  # arrays or objects nested thousands deep: no build writes that
        raise _not_the_build_s(path, what, "nested too deeply to be read") from None


def manifest_entries(manifest: Path) -> list[ManifestEntry]:
    """The files build/manifest.json lists, each a relative path inside the build and its SHA-256."""
    what = "a build's manifest"
    body = _read_json(manifest, what, MANIFEST_LIMIT)
    files = body.get("files") if isinstance(body, dict) else None
    if not isinstance(files, list):
        raise _not_the_build_s(manifest, what, 'it is not an object with a list "files"')
    entries = []
    for n, entry in enumerate(files, 1):
        path = entry.get("path") if isinstance(entry, dict) else None
        sha = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not isinstance(sha, str):
            raise _not_the_build_s(manifest, what, f'file {n} is not an object with a "path" and a "sha256"')
        if path.startswith("/") or any(part in ("", ".", "..") for part in path.split("/")) or "\0" in path:
            raise _not_the_build_s(manifest, what, f"file {n}: {path!r} is not a path inside the build")
        if not _SHA256.match(sha):
            raise _not_the_build_s(manifest, what, f"file {n}: its sha256 is not 64 hexadecimal digits")
        entries.append(ManifestEntry(path=path, sha256=sha, volume=_volume(manifest, n, entry)))
    return entries


_VOLUME_KEYS = ("number", "of", "first", "last")


def _volume(manifest: Path, n: int, entry: dict[str, object]) -> Volume | None:
    """The `"volume"` of the `n`th line, when it has one: four whole numbers from 1."""
    if "volume" not in entry:
        return None
    record = entry["volume"]
    values = [record.get(key) for key in _VOLUME_KEYS] if isinstance(record, dict) else []
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool) and v >= 1]
    if len(numbers) != len(_VOLUME_KEYS):
        raise _not_the_build_s(manifest, "a build's manifest", f'file {n}: its "volume" is not an object of whole '
                                                               f'numbers from 1, {", ".join(_VOLUME_KEYS)}')
    return Volume(*numbers)


def print_books(build: Path, entries: list[ManifestEntry]) -> list[tuple[Path, Volume | None]]:
    """The print edition's files in `build/pdf/`, in volume order, each with the volume its line
    of the manifest says it is: the one book (no volume), or volumes 1 … n of n whose units follow
    one another from ¶ 1, each file named as that volume is (`Volume.file`). Anything else (a line
    without its volume, as a build before the record wrote, or one that does not fit) is E0354:
    the deposit's README would name the wrong paragraphs."""
    manifest, what = build / MANIFEST_NAME, "a build's manifest"
    pdfs = {f"pdf/{p.name}": p for p in (build / "pdf").glob(f"{paths.BASENAME}*.pdf")}
    recorded = {e["path"]: e["volume"] for e in entries if e["volume"] is not None}
    for rel in sorted(set(recorded) - set(pdfs)):
        raise _not_the_build_s(manifest, what, f"it records {rel} as a volume of the print edition, which it is not")
    if list(pdfs) == [f"pdf/{paths.BASENAME}.pdf"] and not recorded:
        return [(pdfs[f"pdf/{paths.BASENAME}.pdf"], None)]
    for rel in sorted(set(pdfs) - set(recorded)):
        raise _not_the_build_s(manifest, what, f"it does not say which paragraphs {rel} holds (its line has no "
                                               f'"volume"): build the edition again')
    books = sorted(((pdfs[rel], book) for rel, book in recorded.items()), key=lambda pair: pair[1].number)
    last = 0
    for i, (pdf, book) in enumerate(books, 1):
        rel = f"pdf/{pdf.name}"
        if book.whole:
            raise _not_the_build_s(manifest, what, f"it records {rel} as volume 1 of 1 (the one book has no "
                                                   f"record of a volume)")
        if book.of != len(books):
            raise _not_the_build_s(manifest, what, f"it records {rel} as one of {book.of} volumes, "
                                                   f"but the build has {len(books)}")
        if book.number != i:
            raise _not_the_build_s(manifest, what, f"it records no volume {i} of {len(books)} "
                                                   f"({rel} is recorded as volume {book.number})")
        if pdf.name != book.file:
            raise _not_the_build_s(manifest, what, f"it records {rel} as volume {book.number} of {book.of}, "
                                                   f"which is {book.file}")
        if book.first != last + 1 or book.last < book.first:
            after = f"¶ {last}" if last else "the start"
            raise _not_the_build_s(manifest, what, f"it records {rel} as printing {book.units}, "
                                                   f"not the units that follow {after}")
        last = book.last
    return [(pdf, book) for pdf, book in books]


def edition_record(build: Path) -> CslItem:
    """The edition's own record, exports/edition.json: a list of one CSL-JSON item."""
    path, what = build / "exports" / "edition.json", "the edition's record"
    body = _read_json(path, what, MAX_BYTES)
    item = body[0] if isinstance(body, list) and body else None
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("URL", "title", "language")):
        raise _not_the_build_s(path, what, 'it is not a list of one CSL-JSON item with "URL", "title" and "language"')
    # Read from a file, not made by a constructor (another toolkit's build): cleaned here as they are.
    return without_empty_names(item)


def check_build(build: Path) -> list[Problem]:
    """The build holds what the package needs, unchanged since its manifest was written."""
    return _checked(build)[0]


def _checked(build: Path) -> tuple[list[Problem], list[ManifestEntry]]:
    """The problems of `check_build`, and the lines of the manifest when they were read."""
    manifest = build / "manifest.json"
    if not build.is_dir():  # one line for the folder, not one for each file it would hold
        why = "not a folder" if build.exists() else "no such folder"
        return [_problem(build, "E0350", f"there is no build here ({why}): run `tei-edition build` first, "
                                         f"or name the build with --build")], []
    needed = [manifest, build / "tei", build / "exports" / "edition.json", build / "site" / "index.html",
              build / "dts" / "index.json"]
    missing = [_problem(p, "E0350", f"{p.relative_to(build)} is missing") for p in needed if not p.exists()]
    pdfs = sorted((build / "pdf").glob(f"{paths.BASENAME}*.pdf"))  # one book, or its volumes
    if not pdfs:
        pdf = build / "pdf" / f"{paths.BASENAME}.pdf"
        missing.append(_problem(pdf, "E0350", f"{pdf.relative_to(build)} is missing"))
    if missing:
        return missing, []
    entries = manifest_entries(manifest)
    listed = {entry["path"] for entry in entries}
    for file in (*needed[2:], *pdfs):  # what the package reads must be what the build made
        if file.relative_to(build).as_posix() not in listed:
            raise _not_the_build_s(manifest, "a build's manifest", f"it does not list {file.relative_to(build)}")
    problems = []
    for entry in entries:
        file = build / entry["path"]
        if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(_problem(file, "E0351", f"{entry['path']} differs from build/manifest.json"))
    problems += [_problem(build / rel, "E0351", f"{rel} is not in build/manifest.json (added after the build)")
                 for rel in added_files(build, listed)]
    return problems, entries


def added_files(build: Path, listed: set[str]) -> list[str]:
    """The files of `build` its manifest does not list, but those the build writes beside it
    unlisted (manifest.json, the state file) and what `package` writes into it (dist/, and beside
    dist/ its lock and temporary folders). Links are not followed: the copy does not follow them;
    a link to a folder, which os.walk lists among the folders, is an added file (the build makes none)."""
    found = []
    for folder, dirs, names in os.walk(build):
        here = Path(folder).relative_to(build)
        if here == Path("."):
            dirs[:] = [d for d in dirs if d != "dist" and not d.startswith(".dist.")]
            names = [n for n in names if n not in (MANIFEST_NAME, STATE_NAME) and not n.startswith(".dist.")]
        names = [*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))]
        found += [rel for rel in ((here / n).as_posix() for n in names) if rel not in listed]
    return sorted(found)


def check_names(payload: Path) -> list[Problem]:
    problems = []
    for path in sorted(payload.rglob("*")):
        if not PORTABLE.match(path.name):
            problems.append(_problem(path, "E0352", f"{path.relative_to(payload)}: '{path.name}' is not a portable "
                                                    "file name"))
    top = sorted(payload.iterdir())
    if len(top) > MAX_TOP_LEVEL:
        problems.append(_problem(payload, "E0353", f"{len(top)} entries at the top level (at most {MAX_TOP_LEVEL})"))
    return problems


def zip_folder(folder: Path, target: Path, prefix: str, when: tuple[int, int, int]) -> None:
    """A reproducible zip of `folder`: sorted members under `prefix/`, one timestamp, one mode."""
    with zipfile.ZipFile(target, "w") as z:
        members = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
        for path in members:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", date_time=(*when, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _ZIP_MODE
            info.create_system = 3  # Unix, whatever the machine
            z.writestr(info, path.read_bytes(), compresslevel=9)


def _copy_tree(src: Path, dst: Path) -> None:
    for path in sorted(src.rglob("*")):
        target = dst / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _payload(build: Path, data: Path, item: CslItem, books: list[tuple[Path, Volume | None]]) -> list[tuple[str, str]]:
    """Copy the outputs into `data`; (path, description) of each top-level entry, and of each
    volume of the print edition (`books`, `print_books`) with the units it prints, for the README."""
    date = iso_date(item.get("issued")) or "1980-01-01"
    data.mkdir(parents=True)
    listing = [("README.md", "this file"),
               ("LICENSE.txt", "the terms: which licence covers what"),
               ("CC-BY-4.0.txt", "the legal code of the Creative Commons Attribution 4.0 International licence"),
               ("CITATION.cff", "how to cite the edition (Citation File Format 1.2.0)"),
               ("datacite.json", "the deposit's metadata (DataCite Metadata Schema 4.5, JSON)")]
    print_edition = "the print edition (PDF/A-2a, PDF/UA-1)"
    if len(books) == 1 and books[0][1] is None:
        shutil.copyfile(books[0][0], data / books[0][0].name)
        listing.append((books[0][0].name, print_edition))
    else:  # its volumes in a folder of their own: the top stays as short however many there are
        (data / "pdf").mkdir()
        listing.append(("pdf/", f"{print_edition} in {len(books)} volumes"))
        for src, book in books:
            assert book is not None  # print_books: every volume has its record
            shutil.copyfile(src, data / "pdf" / src.name)
            listing.append((f"pdf/{src.name}", f"volume {book.number} of {book.of} of {print_edition}: {book.units}"))
    for src in sorted((build / "epub").glob("*.epub"))[:1]:
        shutil.copyfile(src, data / src.name)
        listing.append((src.name, "the e-book edition (EPUB)"))
    records = (", and in source/ the source text and the records of its reconstruction that its header names"
               if (build / "tei" / "source").is_dir() else "")
    for folder, what in zip(FOLDERS, ("the published TEI P5 file, the schema files its xml-model "
                                      "instructions point to and its anchor lock (JSON: each citable "
                                      "unit's fingerprint, for an editor who takes it up)" + records, "the data exports: reading text, registers "
                                      "(CSV, JSON-LD), bibliography, citations of every unit, the edition's "
                                      "record (BibTeX, biblatex, RIS, CSL-JSON)",
                                      "the HTML reading edition (open site/index.html)")):
        _copy_tree(build / folder, data / folder)
        listing.append((f"{folder}/", what))
    year, month, day = (int(x) for x in (date.split("-") + ["1", "1"])[:3])
    zip_folder(build / "dts", data / "dts.zip", "dts", (year, month, day))
    listing.append(("dts.zip", "the static DTS 1.0 API (Level 0), zipped: its file names hold ';' and '='"))
    tree = read_tei(next(iter(sorted((build / "tei").glob("*.xml")))))
    (data / "LICENSE.txt").write_text(deposit.licence_text(tree), encoding="utf-8", newline="\n")
    shutil.copyfile(deposit.CC_BY_TEXT, data / "CC-BY-4.0.txt")
    (data / "CITATION.cff").write_text(deposit.citation_cff(item, tree), encoding="utf-8", newline="\n")
    record = json.dumps(deposit.datacite(item, tree), ensure_ascii=False, indent=2) + "\n"
    (data / "datacite.json").write_text(record, encoding="utf-8", newline="\n")
    (data / "README.md").write_text(deposit.readme(item, tree, listing), encoding="utf-8", newline="\n")
    return listing


def package(build: Path | str = paths.BUILD_DIR, dist: Path | str | None = None) -> Path:
    """Write the deposit package of `build` to `dist` (default build/dist/); raise EditionError."""
    import bagit

    build = Path(build)
    dist = package_folder.check(dist if dist is not None else build / "dist", build)  # before anything is read
    problems, entries = _checked(build)
    if problems:
        raise EditionError(problems)
    books = print_books(build, entries)
    item = edition_record(build)
    with package_folder.replacing(dist, build) as bag_dir:
        _payload(build, bag_dir, item, books)
        problems = check_names(bag_dir)
        if problems:
            raise EditionError(problems)
        info = {"Bagging-Date": iso_date(item.get("issued")) or "1980-01-01",
                "Bag-Software-Agent": package_folder.AGENT, "External-Identifier": item["URL"],
                "External-Description": item["title"]}
        bagit.make_bag(str(bag_dir), bag_info=info, checksums=["sha256"])
    return dist
