"""The package's shape: each stage imports only the stages before it (tei_edition/__init__.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import CHECKOUT

PACKAGE = CHECKOUT / "src" / "tei_edition"

ALLOWED = {
    "core": {"core"},
    "reconstruct": {"core", "reconstruct"},
    "curation": {"core", "curation"},
    "schema": {"core", "schema"},
    "citation": {"core", "citation"},
    "outputs": {"core", "schema", "citation", "outputs"},
    "build": {"core", "schema", "citation", "outputs"},
    "serve": {"core", "citation", "outputs"},
    "serve_http": {"core", "serve"},
    "watch": {"core", "schema", "citation", "outputs", "build", "serve", "watch"},
    "cli": {"core", "reconstruct", "curation", "schema", "citation", "outputs", "build", "serve", "serve_http", "watch",
            "cli", ""},
}


def stage_of(module: Path) -> str:
    parts = module.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def imported_stages(module: Path) -> set[str]:
    """The first component below tei_edition of every tei_edition import of `module`."""
    stages = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}: relative import; import tei_edition.<stage> absolutely"
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name == "tei_edition" or name.startswith("tei_edition."):
                stages.add(name.split(".")[1] if "." in name else "")
    return stages


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_stage_imports_only_earlier_stages(module):
    stage = stage_of(module)
    assert stage in ALLOWED, f"{module}: a module outside the declared stages"
    extra = imported_stages(module) - ALLOWED[stage]
    assert not extra, f"{module.relative_to(PACKAGE)} ({stage}) imports {sorted(extra)}"


def test_the_contract_can_fail(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("from tei_edition.outputs.html import build_site\n")
    assert imported_stages(bad) - ALLOWED["core"] == {"outputs"}


def test_tools_are_outside_the_package():
    assert not (PACKAGE / "bench.py").exists() and not (PACKAGE / "setup_cache.py").exists()
    assert (PACKAGE.parents[1] / "tools" / "bench.py").is_file()
