"""The house rules, checked: three dependency worlds kept apart, and functions short enough to read.

- The app's runtime (dae/ outside dae/training, ui/, app.py, pages/) never loads TensorFlow, Keras or
  Playwright: a fresh interpreter imports every runtime module and runs one digit through every model.
- Only the training world (dae/training) imports Keras/TensorFlow; only tools/ and the tests import
  Playwright; the library (dae/) never imports Streamlit or the UI.
- No function is longer than 50 lines.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUNTIME_MODULES = sorted(
    ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
    for folder in ("dae", "ui")
    for path in (REPO / folder).rglob("*.py")
    if "training" not in path.parts
)
FOLDERS = ("pages", "ui", "dae", "tools")
CODE = [REPO / "app.py", *(path for folder in FOLDERS for path in (REPO / folder).rglob("*.py"))]
HEAVY = ("tensorflow", "keras", "playwright", "tf2onnx", "onnx")
# Watch it learn starts training in a child process: the server imports only the child's entry point,
# which loads Keras inside the child.
ALLOWED = {"ui/training_job.py": {"dae.training.watch", "dae.training"}}


def imported_modules(path: Path) -> set[str]:
    """Every module an import statement in `path` names, wherever the statement is."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_the_runtime_never_loads_training_or_browser_libraries():
    assert "dae.runtime" in RUNTIME_MODULES and "ui.state" in RUNTIME_MODULES and len(RUNTIME_MODULES) > 20
    script = (
        "import importlib, sys\n"
        f"for name in {RUNTIME_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "from dae import data, pipeline, runtime\n"
        "models = runtime.load_working()\n"
        "digit = data.load_test_images()[0][0]\n"
        "result = pipeline.denoise_digit(digit, models, 'gaussian', 0.5, 0, with_baselines=True)\n"
        "models[2].activations(result.noisy)\n"
        "assert len(models) == 7 and len(result.outputs) == 10, result.outputs\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert output.returncode == 0, output.stderr
    assert output.stdout.strip() == "[]"


@pytest.mark.parametrize("path", CODE, ids=lambda path: str(path.relative_to(REPO)))
def test_each_world_imports_only_what_it_may(path):
    where = path.relative_to(REPO).as_posix()
    allowed = tuple(ALLOWED.get(where, ()))
    imported = {name for name in imported_modules(path) if not name.startswith(allowed)}
    roots = {name.split(".")[0] for name in imported}
    if not where.startswith(("dae/training/", "tools/")):
        assert not roots & set(HEAVY), f"{where} imports {roots & set(HEAVY)}"
        assert not {name for name in imported if name.startswith("dae.training")}, where
    if where.startswith("dae/training/"):
        assert "playwright" not in roots, where
    if where.startswith("dae/"):
        assert not roots & {"streamlit", "ui", "pages", "tools"}, f"the library {where} imports {roots}"
    if not where.startswith("tools/"):
        assert "tools" not in roots, f"{where} imports a developer tool"


@pytest.mark.parametrize("path", CODE, ids=lambda path: str(path.relative_to(REPO)))
def test_no_function_is_over_50_lines(path):
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 50
    ]
    assert long == []


TRAINING_TESTS = {"test_models.py", "test_runtime.py", "test_evaluate.py"}  # they compare with Keras/TensorFlow


@pytest.mark.parametrize("path", sorted((REPO / "tests").rglob("test_*.py")), ids=lambda path: path.name)
def test_tests_that_need_only_the_runtime_import_no_tensorflow(path):
    roots = {name.split(".")[0] for name in imported_modules(path)}
    training = {name for name in imported_modules(path) if name.startswith("dae.training")}
    if path.name not in TRAINING_TESTS:
        assert not roots & {"tensorflow", "keras"} and not training, f"{path.name} imports {roots & set(HEAVY)}"
