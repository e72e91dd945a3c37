"""Conditional requests (RFC 9110 §13) for `serve`: the validators a served file's 200 carries
(`ETag`, `Last-Modified`), and whether a GET or HEAD that sends them back is a 304.

The ETag of a file hashes its device, inode, size and modification time (ns), not its bytes.
A build never writes a file in place: a rebuilt file is a new inode (another ETag, whatever its
size and time), an unchanged one a hard link to the previous build's (core/incremental.py), the
same inode and time (the same ETag: a 304 across rebuilds; its time of change would not be, as
every link and unlink sets it). Measured: 4 µs a file (fstat, hash, date), where SHA-256 of the
bytes takes 0.5-1 ms a MiB, more than reading them from the page cache (0.1 ms), and again on
every request for a file too large to be kept in memory: a 304 of a 3 MiB PDF takes 0.23 ms over
loopback (its 200: 3.6 ms), hashing would add 1.5-3 ms to each. Hashed, so that no inode number
or time of the serving machine is published (the build's state file that holds them is a 404).

If-Modified-Since is only as fine as Last-Modified, a second: browsers send If-None-Match, which
then decides. A page `serve --watch` sends with its reload script is not its file: its ETag hashes the bytes
sent, and it has no Last-Modified (the script changes when the file does not); so has a DTS
answer made for the request from the published TEI (`/dts/navigation/?…`; hashed once for an
answer `serve` keeps in memory).
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import re
import time
from collections.abc import Mapping
from datetime import timezone
from typing import Any

KEPT_IN_304 = ("Cache-Control", "ETag", "Last-Modified")  # what a 304 repeats of the 200 (RFC 9110 §15.4.5)
# If-None-Match's entity-tags: `"…"` or `W/"…"`, a comma between (RFC 9110 §8.8.3)
_ENTITY_TAG = re.compile(r'(?:W/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)')
# HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms
_HTTP_DATE = re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT"
                        r"|[A-Z][a-z]{5,8}, \d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d GMT"
                        r"|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}")


def _tag(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()[:32]}"'


def file_validators(info: os.stat_result) -> dict[str, str]:
    """The ETag and Last-Modified of the file whose stat is `info` (a time to come is now:
    RFC 9110 §8.8.2.1)."""
    identity = b"%d:%d:%d:%d" % (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    return {"ETag": _tag(identity),
            "Last-Modified": email.utils.formatdate(min(info.st_mtime, time.time()), usegmt=True)}


def body_validators(body: bytes) -> dict[str, str]:
    """The ETag of a body made for the response (a page with the reload script, a DTS answer):
    no Last-Modified, it has no time of its own."""
    return {"ETag": _tag(body)}


def _opaque_tags(value: str) -> list[str] | None:
    """The entity-tags of an If-None-Match list without their `W/`; None if it is no such list."""
    tags: list[str] = []
    at = 0
    while at < len(value):
        if value[at] in " \t,":  # empty elements are allowed (RFC 9110 §5.6.1)
            at += 1
            continue
        match = _ENTITY_TAG.match(value, at)
        if match is None:
            return None
        tags.append(match.group(1))
        at = match.end()
    return tags


def _seconds(value: str) -> float | None:
    """The moment an HTTP-date names; None for anything else."""
    if not _HTTP_DATE.fullmatch(value.strip(" \t")):
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # a day or an hour out of range
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()  # asctime: GMT


def not_modified(request: Any, validators: Mapping[str, str]) -> bool:
    """Whether a GET or HEAD with the header fields `request` (an http.client.HTTPMessage) of a
    representation with `validators` is a 304 (RFC 9110 §13.2.2): If-None-Match decides when it
    is sent (weak comparison, §13.1.2; `*`: the file exists), else If-Modified-Since (the
    Last-Modified no later than it). A field that cannot be read is a condition not met: a 200."""
    lists = request.get_all("If-None-Match")
    if lists:
        value = ", ".join(lists)
        if value.strip(" \t") == "*":
            return True
        tags = _opaque_tags(value)
        return tags is not None and validators.get("ETag") in tags
    dates = request.get_all("If-Modified-Since")
    last = validators.get("Last-Modified")
    if last is None or dates is None or len(dates) != 1:  # two of them: no date (§13.1.3)
        return False
    since, modified = _seconds(dates[0]), _seconds(last)
    return since is not None and modified is not None and modified <= since
