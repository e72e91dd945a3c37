"""What the tests of html pages share, on fixtures and on the master."""

from __future__ import annotations


def merged_graph(doc: dict) -> dict:
    """The JSON-LD graph's nodes with the edition's @id (the first node's), merged into one."""
    merged: dict = {}
    for node in doc["@graph"]:
        if node["@id"] == doc["@graph"][0]["@id"]:
            merged.update(node)
    return merged
