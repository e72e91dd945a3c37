"""What every URL the toolkit publishes must be: the edition's base URL (`validate`,
`--base-url`) and the served folder's public URL (`serve --public-url`) follow the same rules."""

from __future__ import annotations

import ipaddress
import re
from typing import Literal
from urllib.parse import urlsplit

NOT_IN_URLS = '<>"{}|\\^`'  # what RFC 3986 leaves out of URLs, beside spaces and controls
# what `usable_host` takes, as the messages say it
HOST_RULE = ("a name whose parts are letters, digits and hyphens, at most 63, no hyphen first or last "
             "(example.org), an IPv4 address (four numbers from 0 to 255) or an IPv6 address in brackets")

# a host name's labels: letters, digits and hyphens, 1 to 63, none at either end (RFC 1123); a name
# whose last label is a number is an IPv4 address, four decimal numbers from 0 to 255 (a browser
# reads 127.1 or 0x7f.0.0.1 as one, 256.1.1.1 or a.1 as no host, and EPUBCheck warns, RSC-023)
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_NUMBER = re.compile(r"[0-9]+|0[xX][0-9A-Fa-f]*")
_IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])")

# The one spelling of the classes of a URL's characters. Spaces and what RFC 3986 leaves out; then a
# character of a path, query or fragment, or an escape ([ and ] only around an IPv6 address). Read
# alike as an XSD regex: the ODD's patterns hold POINTER_URL (a test compares them).
_OUT = r"\s" + re.escape(NOT_IN_URLS)
_CHAR = rf"([^{_OUT}%#\[\]]|%[0-9A-Fa-f]{{2}})"
_HOST = rf"(\[[0-9A-Fa-f:.]+\]|[^{_OUT}%#\[\]/?:@]+)"
# The one rule of a pointer's http(s) URL (ptr's, ref's and licence's @target): a port of digits,
# never an empty one (libxml2's anyURI refuses `x.org:/`). `url_problem` says what breaks it, and
# checks the host and port, which a pattern cannot.
POINTER_URL = rf"https?://{_HOST}(:[0-9]+)?([/?]{_CHAR}*)?(#{_CHAR}*)?"
_POINTER_URL = re.compile(POINTER_URL)
_PARTS = re.compile(r"https?://([^/?#]*)(.*)", re.DOTALL)  # the authority, and what follows it
_REST = re.compile(rf"([/?]{_CHAR}*)?(#{_CHAR}*)?")
_AUTHORITY = re.compile(rf"({_CHAR}*@)?\[{_CHAR}*\](:{_CHAR}*)?|{_CHAR}*")  # brackets only around a host
# what the base URL's first look takes: an absolute http(s) URL in any case, whose host is not empty
ABSOLUTE_URL = re.compile(rf"https?://[^/?#{_OUT}][^{_OUT}]*", re.IGNORECASE)
# controls (C0, DEL, C1), which RFC 3986 and 3987 leave out too: XML cannot hold C0, so the ODD's
# pattern need not name them, but DEL and C1 got through it (the base URL refused them)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MALFORMED_URL = ("it is not a well-formed URL (no space and none of < > \" { } | \\ ^ `; each % begins an escape "
                 "such as %20; [ and ] (but around an IPv6 address, https://[2001:db8::1]/) and a second # are "
                 "written %5B, %5D, %23)")


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
    return usable_host(host)


Fault = Literal["form", "port", "ascii", "host", "long"]
# The longest address the print edition can link: Typst refuses a longer one ("URL is too long"),
# and 8,000 octets is what RFC 9110 (§4.1) asks every sender and recipient to support.
LONGEST_URL = 8000
LONGEST_BASE_URL = LONGEST_URL - 12  # room for "#p" and a unit's number, which the links append


def url_problem(url: str) -> tuple[Fault, str] | None:
    """What breaks the one rule of an http(s) URL, as (what, why): "form" (not well-formed),
    "long" (longer than `LONGEST_URL`), "port" (an empty one), "ascii" (a host not in ASCII),
    "host" (no host, port or user a reader's browser can use); None when nothing does. Each is
    looked at once."""
    url = url.strip()
    parts = _PARTS.fullmatch(url)
    if parts is None or _CONTROL.search(url) or not (_AUTHORITY.fullmatch(parts.group(1))
                                                     and _REST.fullmatch(parts.group(2))):
        return "form", MALFORMED_URL
    if len(url) > LONGEST_URL:
        return "long", (f"it is {len(url):,} characters long; the print edition links no address longer than "
                        f"{LONGEST_URL:,} (nor need a browser or server read one, RFC 9110 §4.1)")
    if parts.group(1).endswith(":"):
        return "port", f"its port is empty: write {url[:parts.end(1) - 1] + url[parts.end(1):]}, or a port from 1 to 65535"
    if ascii_url := in_punycode(url):  # a browser opens it, as it is spelt in ASCII
        return "ascii", (f"its host is not ASCII: write it in punycode, {ascii_url} (the outputs would "
                         f"percent-encode it, and no browser reads that as a host)")
    if not usable_authority(url):
        return "host", (f"its URL names no host a reader's browser can open ({HOST_RULE}; a port from 1 to "
                        f"65535 if any; no user or password)")
    return None if _POINTER_URL.fullmatch(url) else ("form", MALFORMED_URL)  # e.g. [::1%25eth0]


# what begins the DTS API's URI templates must be an RFC 6570 literal: every URL character but '
TEMPLATE_APOSTROPHE = ("it holds a ' (U+0027), which the DTS API's URI templates cannot begin with (RFC 6570 "
                       "leaves it out of a template's literal text): write it percent-encoded, %27")


def is_absolute_prefix(url: str) -> bool:
    """Whether URLs can be built on `url` by appending a path: an absolute http(s) URL (its scheme
    in any case) with a host, no query or fragment, no space or control character. What DTS asks
    of the base URL its export is given (E0340); the base URL's whole rule is `validate`'s (E0251),
    the served folder's `public_url_problem`."""
    if any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [IPv6 address]
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment


def public_url_problem(url: str) -> str | None:
    """Why `url` cannot be the served folder's public URL (`serve --public-url`), which begins
    every URL the server publishes, or None: "" where it is no absolute prefix at all
    (`is_absolute_prefix`, looked at first: what it refuses is said so), else the base URL's rule
    (`url_problem`: host, port, user, escapes, none of the characters RFC 3986 leaves out of URLs)
    with the scheme in lower case, and ASCII only with no ? or # (it is sent in the Location and
    Link headers, Latin-1; a `?` alone too), and no ' (it begins the DTS URI templates)."""
    if not is_absolute_prefix(url):
        return ""
    if lower := scheme_not_lower_case(url):
        return f"write its scheme in lower case: {lower}"
    if found := url_problem(url):
        return found[1]
    if not url.isascii() or "?" in url or "#" in url:
        return "ASCII: a host in punycode, a path percent-encoded; no ? or #"
    if "'" in url:
        return TEMPLATE_APOSTROPHE
    return None


def pointer_url_problem(url: str) -> str | None:
    """Why the http(s) URL `url` cannot be a pointer's target (ptr's, ref's, licence's @target), or
    None: the schema's patterns refuse what is not well-formed (`validate` explains with this), and
    the outputs check (E0204) refuses a host, port or user no reader's browser can use."""
    found = url_problem(url)
    return found[1] if found else None


def in_punycode(url: str) -> str | None:
    """`url` with its host in punycode, when the host is a name not in ASCII that has one
    (`https://münchen.de/` → `https://xn--mnchen-3ya.de/`): the outputs percent-encode a host as
    they do a path, and neither a browser nor EPUBCheck reads `m%C3%BCnchen.de` as one."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host, colon, port = parts.netloc.rpartition(":") if ":" in parts.netloc else (parts.netloc, "", "")
    if host.isascii() or "@" in parts.netloc or "[" in host:
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not usable_host(ascii_host.lower()):
        return None
    return parts._replace(netloc=ascii_host + colon + port).geturl()


def usable_host(host: str) -> bool:
    """A host name (`example.org`, a final dot allowed) or an IPv4 address (`127.0.0.1`), as a
    browser and EPUBCheck read them: each label of letters, digits and hyphens (none at either
    end), at most 63, the name at most 253; a punycode label (`xn--…`) that decodes; a name
    whose last label is a number is an address, and must be four numbers from 0 to 255."""
    name = host[:-1] if host.endswith(".") else host
    labels = name.split(".")
    if _NUMBER.fullmatch(labels[-1]):
        return _IPV4.fullmatch(name) is not None
    return len(name) <= 253 and all(_LABEL.fullmatch(label) and _punycode_decodes(label) for label in labels)


def _punycode_decodes(label: str) -> bool:
    """A label not in punycode, or one (`xn--mnchen-3ya`) that decodes to a name not all ASCII."""
    if not label.lower().startswith("xn--"):
        return True
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return False
    return decoded.isprintable() and not decoded.isascii()
