"""The layout of the tests (issue #12): every test module is in toolkit/ or edition/, under a name
no other test module has; no test module imports another (shared code is in support/, shared
fixtures in a conftest.py); and no toolkit test reaches the real master, by name or by path.

The check reads the files' syntax trees; toolkit/conftest.py adds a guard at run time."""

from __future__ import annotations

import ast
from pathlib import Path

from support import TESTS

# What names the real master in the package's paths module (the project's edition/ and build/).
MASTER_PATHS = {"MASTER", "EDITION_DIR", "SOURCE_DIR", "BUILD_DIR", "ROOT"}
FOLDERS = ("toolkit", "edition")


def fixtures_of(tree: ast.Module) -> set[str]:
    return {f.name for f in tree.body if isinstance(f, ast.FunctionDef)
            and any("fixture" in ast.unparse(d) for d in f.decorator_list)}


def imported_modules(tree: ast.Module) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
    return out


def reaches_checkout(node: ast.BinOp) -> bool:
    """`CHECKOUT / … / "edition" …`: a path into the checkout's edition/ folder."""
    parts: list[ast.expr] = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        parts.append(node.right)
        node = node.left
    return (isinstance(node, ast.Name) and node.id in ("CHECKOUT", "ROOT")
            and any(isinstance(p, ast.Constant) and str(p.value).split("/")[0] == "edition" for p in parts))


def master_uses(tree: ast.Module, master_fixtures: set[str]) -> list[tuple[int, str]]:
    """Where a module names the real master: the paths module's master paths, the master's
    fixtures (as a parameter or through request.getfixturevalue), or a path into edition/."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MASTER_PATHS and \
                isinstance(node.value, ast.Name) and node.value.id == "paths":
            found.append((node.lineno, f"paths.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("paths"):
            found += [(node.lineno, a.name) for a in node.names if a.name in MASTER_PATHS]
        elif isinstance(node, ast.arg) and node.arg in master_fixtures:
            found.append((node.lineno, f"the fixture {node.arg}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "getfixturevalue" and node.args and \
                isinstance(node.args[0], ast.Constant) and node.args[0].value in master_fixtures:
            found.append((node.lineno, f"the fixture {node.args[0].value}"))
        elif isinstance(node, ast.BinOp) and reaches_checkout(node):
            found.append((node.lineno, "a path into the checkout's edition/"))
    return found


def problems(tests: Path) -> list[str]:
    out = []
    modules = sorted(tests.rglob("test_*.py"))
    test_names = {m.stem for m in modules}
    master_fixtures = fixtures_of(ast.parse((tests / "edition" / "conftest.py").read_text(encoding="utf-8")))
    seen: dict[str, Path] = {}
    for module in modules:
        where = module.relative_to(tests)
        if where.parts[0] not in FOLDERS or len(where.parts) != 2:
            out.append(f"{where}: a test module belongs in toolkit/ or edition/")
        if module.stem in seen:
            out.append(f"{where}: the same name as {seen[module.stem].relative_to(tests)}")
        seen[module.stem] = module
    for path in sorted(tests.rglob("*.py")):
        where = path.relative_to(tests)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in imported_modules(tree):
            if name.split(".")[-1] in test_names or name.split(".")[-1].startswith("test_"):
                out.append(f"{where}: imports the test module {name} (shared code goes in support/)")
        # toolkit/conftest.py names edition/ to guard it (see there)
        if (where.parts[0] == "toolkit" and where.name != "conftest.py") or where == Path("conftest.py"):
            own = fixtures_of(tree)  # a module's own fixture of the same name is not the master's
            out += [f"{where}:{line}: reads the real master ({what}); the test belongs in edition/"
                    for line, what in master_uses(tree, master_fixtures - own)]
    return out


def test_the_tests_keep_their_layout():
    assert problems(TESTS) == []


def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    tests = tmp_path / "tests"
    (tests / "edition").mkdir(parents=True)
    (tests / "edition" / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef built_edition():\n    return None\n")
    for name, text in files.items():
        (tests / name).parent.mkdir(parents=True, exist_ok=True)
        (tests / name).write_text(text)
    return tests


def test_each_rule_can_fail(tmp_path: Path):
    tests = plant(tmp_path, {
        "toolkit/test_a.py": "from tei_edition.core import paths\n\ndef test_a():\n    paths.MASTER.read_text()\n",
        "toolkit/test_b.py": "from test_a import x\n\ndef test_b(built_edition):\n    pass\n",
        "toolkit/test_c.py": "def test_c(request):\n    request.getfixturevalue('built_edition')\n",
        "toolkit/test_d.py": "from support import CHECKOUT\n\nLOCK = CHECKOUT / 'edition' / 'x.lock'\n",
        "toolkit/test_e.py": "from tei_edition.core.paths import SOURCE_DIR\n",
        "edition/test_a.py": "def test_a(built_edition):\n    pass\n",
        "test_loose.py": "def test_loose():\n    pass\n",
        "support/helper.py": "import test_loose\n",
    })
    found = "\n".join(problems(tests))
    for expected in ("toolkit/test_a.py:4: reads the real master (paths.MASTER)",
                     "toolkit/test_b.py: imports the test module test_a",
                     "toolkit/test_b.py:3: reads the real master (the fixture built_edition)",
                     "toolkit/test_c.py:2: reads the real master (the fixture built_edition)",
                     "toolkit/test_d.py:3: reads the real master (a path into the checkout's edition/)",
                     "toolkit/test_e.py:1: reads the real master (SOURCE_DIR)",
                     "toolkit/test_a.py: the same name as edition/test_a.py",
                     "test_loose.py: a test module belongs in toolkit/ or edition/",
                     "support/helper.py: imports the test module test_loose"):
        assert expected in found, f"{expected!r} not in\n{found}"
    # the master in edition/ is allowed
    assert "edition/test_a.py:1" not in found
