"""The open page's side of `serve --watch` (`LiveView`): the script every served page gets, the
`/__build` long poll it asks for news, and the state of the rebuilds it shows (see the package)."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from tei_edition.core import paths
from tei_edition.core.problems import Problem
from tei_edition.serve import Response, error_response

LONG_POLL = 15.0  # seconds a /__build request waits for news before it answers anyway
SHOWN = 100  # problems of a failed rebuild in /__build and the banner (a master can make 100,000)
WAITING = 8  # /__build requests that wait at once (half serve_http.WORKERS); the others ask again
SCRIPT = paths.DATA_DIR / "watch" / "live.js"
MISSING = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not built</title></head><body>'
           b'<p>This page is not in the last good build (there is none yet, or it has no such page). '
           b'It is shown here as soon as a rebuild makes it.</p></body></html>')


class LiveView:
    """What the server adds in watch mode (serve.Live), and the state of the rebuilds it shows."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting = 0  # /__build requests waiting for news
        self.version = 0  # every change of what /__build says
        self.pages = 0  # every change of the pages served (the open page reloads)
        self.state = "building"  # building, ready, failed
        self.problems: list[str] = []
        self._site: Path | None = None
        self._script = SCRIPT.read_bytes()

    # --- serve.Live -----------------------------------------------------------------------------

    def answer(self, path: str, query: str) -> Response | None:
        if path == "/__live.js":
            return Response(200, {"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache"},
                            self._script)
        if path != "/__build":
            return None
        since = parse_qs(query).get("since", [""])[0]
        if since and not re.fullmatch(r"-?[0-9]{1,18}", since):  # int() takes '²', refuses 5,000 digits
            return error_response(400, "since must be a version number (an integer)", False)
        with self._changed:
            if since and int(since) == self.version:
                if self._waiting >= WAITING:  # each holds one of the server's threads
                    busy = error_response(503, "too many pages wait for news: ask again in a second", False)
                    busy.headers["Retry-After"] = "1"
                    return busy
                self._waiting += 1
                try:
                    self._changed.wait(LONG_POLL)
                finally:
                    self._waiting -= 1
            status = self.status()
        body = json.dumps(status, ensure_ascii=False).encode("utf-8")
        return Response(200, {"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"}, body)

    def stamp(self) -> int:
        """The pages served now. Every change of what is served (the pages of a build being made
        shown, a build swapped in, a failure taking the pages back) is followed (`_site` is set
        before `pages`) by a new number, so a page stamped with the number read before its file
        was chosen is at worst reloaded once more, never left as current when it is not."""
        return self.pages

    def site(self) -> Path | None:
        return self._site

    def page(self, html: bytes, stamp: int) -> bytes:
        tag = f'<script src="/__live.js" data-pages="{stamp}" defer></script>'.encode("ascii")
        at = html.find(b"</head>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag

    def missing(self, stamp: int) -> bytes:
        return self.page(MISSING, stamp)

    # --- the rebuilds -----------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        return {"version": self.version, "pages": self.pages, "state": self.state, "problems": self.problems}

    def _update(self, **changes: Any) -> None:
        with self._changed:
            for name, value in changes.items():
                setattr(self, name, value)
            self.version += 1
            self._changed.notify_all()

    def building(self) -> None:
        self._update(state="building")

    def preview(self, site: Path) -> None:
        """The pages of the build being made, in `site`: served from now on. They passed the
        checks, so the last failure's problems are no longer theirs (the banner goes)."""
        self._update(_site=site, pages=self.pages + 1, problems=[])

    def built(self, pages_changed: bool) -> None:
        self._update(state="ready", problems=[], _site=None, pages=self.pages + pages_changed)

    def failed(self, problems: list[Problem]) -> None:
        """The build failed: the last good build is served again (the page reloads if it showed
        the failed build's pages)."""
        shown = [str(p) for p in problems[:SHOWN]]
        if len(problems) > SHOWN:  # every open page asks for them: the terminal has them all
            shown.append(f"… and {len(problems) - SHOWN} more problems (all are printed in the terminal)")
        self._update(state="failed", problems=shown, _site=None, pages=self.pages + (self._site is not None))
