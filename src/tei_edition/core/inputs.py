"""Reading an editor's input file: a regular file only, bounded in size, UTF-8.

Special files are refused before a byte is read (a FIFO would hang the command, /dev/zero
would fill memory); the size is checked on the open file's stat, and the read itself stops at
the limit (a file may grow while it is read). Every failure is an EditionError with one coded
problem: E0001 missing or unreadable, E0005 too large, E0006 not a regular file, E0007 not UTF-8
(its bytes, or its name).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from tei_edition.core.files import resolved
from tei_edition.core.problems import EditionError, Problem

MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 1 << 20
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
# the encoding named in the XML declaration, if any
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def _fail(path: Path | str, line: int, col: int, code: str, message: str) -> EditionError:
    return EditionError([Problem(str(path), line, col, code, message)])


def real_path(path: Path | str) -> Path:
    """The input file `path` resolved; E0001 where its symbolic links form a loop (Python's
    RuntimeError), as reading it would say."""
    return resolved(path, lambda why: _fail(path, 0, 0, "E0001", f"cannot read file: {why}"))


def too_large(path: Path | str, limit: int = MAX_BYTES) -> EditionError:
    return _fail(path, 1, 1, "E0005", f"file is larger than {limit // (1024 * 1024) or limit} "
                                      f"{'MiB' if limit >= 1024 * 1024 else 'bytes'}")


def read_bytes(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them."""
    if not str(path).isascii():
        try:  # a name that is not UTF-8 (Python keeps its bytes as surrogates) is refused: the XML
            str(path).encode("utf-8")  # parser, Saxon and the outputs' links all take names as UTF-8
        except UnicodeEncodeError:
            raise _fail(os.fsencode(path).decode("utf-8", "replace"), 0, 0, "E0007",
                        "the file's name is not UTF-8: rename the file (its name's bytes are shown "
                        "here as �)") from None
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not wait for one
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise _fail(path, 0, 0, "E0001", "file not found") from None
    except OSError as exc:
        raise _fail(path, 0, 0, "E0001", f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
        if kind is not None or not stat.S_ISREG(info.st_mode):
            raise _fail(path, 0, 0, "E0006", f"is {kind or 'not a regular file'}, not a file; "
                                             f"give the path of a regular file")
        if info.st_size > limit:
            raise too_large(path, limit)
        chunks, total = [], 0
        want = info.st_size + 1  # one read for the usual case; the extra byte shows growth
        while True:
            chunk = os.read(fd, min(max(want, 1), limit + 1 - total, _CHUNK * 16))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large(path, limit)
            want = _CHUNK
        return b"".join(chunks)
    except OSError as exc:
        raise _fail(path, 0, 0, "E0001", f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)


def check_utf8(data: bytes, path: Path | str, xml: bool = False) -> None:
    """E0007 unless `data` is UTF-8 (and, for XML, declares no other encoding)."""
    if xml:
        declared = _DECLARED.match(data)
        name = declared.group(1).decode("ascii") if declared else "UTF-8"
        if name.lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise _fail(path, 1, 1, "E0007", f"declares encoding=\"{name}\": edition files are UTF-8; "
                                             f"save the file as UTF-8 and declare encoding=\"UTF-8\"")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[start:exc.start].decode("utf-8", errors="replace")) + 1
        raise _fail(path, line, col, "E0007", f"is not UTF-8: byte 0x{data[exc.start]:02X} cannot be decoded; "
                                              f"edition files are UTF-8 (save the file as UTF-8)") from None


def read_text(path: Path | str, limit: int = MAX_BYTES) -> str:
    """The text of the UTF-8 file `path` (see `read_bytes`), without the byte-order mark some
    editors put first (it would be the first line's first character)."""
    data = read_bytes(path, limit)
    check_utf8(data, path)
    return data.decode("utf-8-sig")

