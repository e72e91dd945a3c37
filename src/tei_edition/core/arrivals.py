"""`serve`'s connections before their request is in (`Arrivals`): one thread watches them all
and hands each to a worker (`serve_http.PooledHTTPServer`) once its request head has come, so a
client that sends nothing, or a byte now and then, holds no worker (200 of them held the 16
workers 10 s each: a page waited two minutes behind them).
"""

from __future__ import annotations

import contextlib
import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

WAITING = 512  # connections whose request head is not in (then `add`, the accept loop, waits)
HEAD_LIMIT = 65536  # bytes of a head looked at; a longer one is read by its worker
BLANK_LINES = 4  # empty lines skipped before a request line (as `serve_http.Handler` does)
LOOK = 0.25  # seconds between two looks at the connections that sent part of their head


def head_is_in(data: bytes) -> bool:
    """Whether `data`, the first bytes a connection sent, are enough for a worker: the request
    line and header fields to their blank line (http.server reads them all, a request line
    without a version's too), or a blank request line after at most `BLANK_LINES` empty ones
    (`Handler.parse_request` refuses it at once), or more than `HEAD_LIMIT`, or nothing more to
    come (b"")."""
    if not data or len(data) > HEAD_LIMIT or b"\r\n\r\n" in data or b"\n\n" in data:
        return True
    lines = data.split(b"\n")  # the last is not ended
    at = 0
    while at < min(BLANK_LINES, len(lines) - 1) and lines[at] in (b"", b"\r"):
        at += 1
    return at < len(lines) - 1 and not lines[at].strip()


class Arrivals:
    """Accepted connections until their request head is in (looked at without reading it:
    MSG_PEEK), then `ready(connection, client)`; one not in by `silence` seconds after it was
    accepted is closed unanswered (`close`), as a worker's read timing out closed it. `run` is
    the thread; at most `WAITING` wait at once."""

    def __init__(self, silence: float, ready: Callable[[socket.socket, Any], None],
                 close: Callable[[socket.socket], None]):
        self._silence, self._ready, self._close = silence, ready, close
        self._waiting: dict[socket.socket, tuple[Any, float]] = {}  # (client, deadline) by connection
        self._room = threading.Condition()  # of `_waiting`, for `add`
        self._new = queue.SimpleQueue[socket.socket]()
        self._wake_reader, self._wake = socket.socketpair()
        self._stopped = threading.Event()

    def add(self, connection: socket.socket, client: Any) -> None:
        with self._room:
            self._room.wait_for(lambda: len(self._waiting) < WAITING or self._stopped.is_set())
            self._waiting[connection] = (client, time.monotonic() + self._silence)
        self._new.put(connection)
        with contextlib.suppress(OSError):
            self._wake.send(b"\0")

    def stop(self) -> None:
        self._stopped.set()
        with self._room:
            self._room.notify_all()
        with contextlib.suppress(OSError):
            self._wake.send(b"\0")

    def run(self) -> None:
        """Watch each new connection for its first bytes, then look again every `LOOK` seconds
        until the rest of its head is in."""
        watch = selectors.DefaultSelector()
        watch.register(self._wake_reader, selectors.EVENT_READ)
        silent: set[socket.socket] = set()  # watched for their first bytes
        partial: set[socket.socket] = set()  # sent something, not yet their whole head
        while not self._stopped.is_set():
            for key, _ in watch.select(LOOK):
                if key.fileobj is self._wake_reader:
                    with contextlib.suppress(OSError):
                        self._wake_reader.recv(4096)
                elif isinstance(key.fileobj, socket.socket):
                    watch.unregister(key.fileobj)
                    silent.discard(key.fileobj)
                    partial.add(key.fileobj)
            while True:
                try:
                    connection = self._new.get_nowait()
                except queue.Empty:
                    break
                watch.register(connection, selectors.EVENT_READ)
                silent.add(connection)
            now = time.monotonic()
            for connection in list(partial):
                if self._looked_at(connection, now):
                    partial.discard(connection)
            for connection in [c for c in silent if self._waiting[c][1] < now]:
                watch.unregister(connection)
                silent.discard(connection)
                self._close(self._taken(connection)[0])
        for connection in list(self._waiting):
            self._close(connection)
        watch.close()
        self._wake_reader.close()
        self._wake.close()

    def _looked_at(self, connection: socket.socket, now: float) -> bool:
        """Hand `connection` on if its head is in, close it if its time is up; whether it is
        done with."""
        try:
            head = connection.recv(HEAD_LIMIT + 1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            head = b"-"  # nothing more yet
        except OSError:
            head = b""  # reset: its worker finds it so
        if head_is_in(head):
            self._ready(*self._taken(connection))
        elif self._waiting[connection][1] < now:
            self._close(self._taken(connection)[0])
        else:
            return False
        return True

    def _taken(self, connection: socket.socket) -> tuple[socket.socket, Any]:
        """(connection, client), no longer waiting."""
        with self._room:
            client, _ = self._waiting.pop(connection)
            self._room.notify()
        return connection, client
