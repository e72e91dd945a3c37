"""What every URL the toolkit publishes must be: the edition's base URL (`validate`,
`--base-url`) and the served folder's public URL (`serve --public-url`) follow the same rules."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

NOT_IN_URLS = '<>"{}|\\^`'  # what RFC 3986 leaves out of URLs, beside spaces and controls

_HOST = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?")  # a name or an IPv4 address, no escapes


def scheme_not_lower_case(url: str) -> str | None:
    """`url` with its scheme in lower case, when `url` spells http or https otherwise: RFC 3986
    asks what writes URLs to write schemes in lower case, and the pointers of the TEI must."""
    scheme = url.strip().split(":", 1)[0]
    if scheme.lower() in ("http", "https") and scheme not in ("http", "https"):
        return scheme.lower() + url.strip()[len(scheme):]
    return None


def usable_authority(url: str) -> bool:
    """Whether a reader's client can open `url`'s authority: a host (a name, an IPv4 address or
    an IPv6 address in brackets), a port from 1 to 65535 if any, no user or password."""
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is not a number from 0 to 65535 raises
    except ValueError:  # and an unclosed [IPv6 address]
        return False
    host = parts.hostname or ""
    if "@" in parts.netloc or port == 0 or not host:  # port 0 is no port a client can connect to
        return False
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    return _HOST.fullmatch(host) is not None
