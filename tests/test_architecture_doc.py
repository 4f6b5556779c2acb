"""docs/architecture.md names every library each world imports: its table of worlds is read, and every
third-party module a world's files import must be named in that world's row."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from dae.catalog import REPO_ROOT

FIRST_PARTY = {"dae", "ui", "tools", "pages", "app", "tests", "__future__"}
# Import name -> the name a reader knows the library by.
KNOWN_AS = {"PIL": "Pillow", "onnxruntime": "onnxruntime", "onnx": "onnx"}
WORLDS = {  # the row's first cell -> the files of that world
    "`dae/` (not `dae/training/`)": lambda: [p for p in (REPO_ROOT / "dae").rglob("*.py") if "training" not in p.parts],
    "`dae/training/`": lambda: list((REPO_ROOT / "dae" / "training").rglob("*.py")),
    "`tools/`": lambda: list((REPO_ROOT / "tools").rglob("*.py")),
    "`ui/`": lambda: list((REPO_ROOT / "ui").rglob("*.py")),
    "`pages/`, `app.py`": lambda: [*(REPO_ROOT / "pages").glob("*.py"), REPO_ROOT / "app.py"],
}


def third_party(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - FIRST_PARTY


def documented_imports() -> dict[str, str]:
    """The worlds table: first cell -> its "imports" cell."""
    rows = [line.split(" | ") for line in (REPO_ROOT / "docs" / "architecture.md").read_text().splitlines()]
    return {row[0].removeprefix("| "): row[2] for row in rows if len(row) == 4 and row[0].removeprefix("| ") in WORLDS}


@pytest.mark.parametrize("world", list(WORLDS))
def test_the_architecture_names_every_library_a_world_imports(world):
    named = documented_imports()
    assert world in named, f"docs/architecture.md has no row for {world}"
    imported = set().union(*(third_party(path) for path in WORLDS[world]()))
    assert imported, world  # the files were found and read
    missing = {name for name in imported if KNOWN_AS.get(name, name).lower() not in named[world].lower()}
    assert not missing, f"{world} imports {sorted(missing)}, which docs/architecture.md does not name"
