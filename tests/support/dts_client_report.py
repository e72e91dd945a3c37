"""What the tests of dts client report share, on fixtures and on the master."""

from __future__ import annotations

from support.dts_client import Client


def report(client: Client) -> str:
    return f"{len(client.problems)} problems in {client.requests} requests:\n" + "\n".join(client.problems[:30])
