"""A load client for `tei-edition serve`: many requests from many threads over loopback, each a
new connection (the server speaks HTTP/1.0 and closes after each answer). Used by the load test
(tests/toolkit/test_serve_robust.py: it asserts no error, never a time) and by `make bench` (requests/s
and latency percentiles).
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds, one per request
    wall: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.wall if self.wall else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0


def load(base: str, targets: list[tuple[str, int]], requests: int = 10_000, concurrency: int = 64,
         timeout: float = 10.0, deadline: float = 600.0) -> LoadResult:
    """GET the `targets` ((path, expected status) in turn) `requests` times from `concurrency`
    threads; a wrong status, an incomplete body or any exception is an error. Each request may
    take `timeout` seconds, the whole run `deadline`."""
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    result = LoadResult()
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            path, status = targets[i % len(targets)]
            started = time.perf_counter()
            error = None
            try:
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    body = response.read()
                    length = response.getheader("Content-Length")
                    if response.status != status:
                        error = f"{path}: {response.status}, not {status}"
                    elif length is not None and int(length) != len(body):
                        error = f"{path}: {len(body)} of {length} bytes"
                finally:
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                error = f"{path}: {type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                result.requests += 1
                result.latencies.append(elapsed)
                if error:
                    result.errors.append(error)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - (time.perf_counter() - started)))
    result.wall = time.perf_counter() - started
    if any(t.is_alive() for t in threads):
        with lock:
            result.errors.append(f"the load did not finish within {deadline:.0f} s")
    return result
