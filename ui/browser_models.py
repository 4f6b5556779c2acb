"""The denoisers in the student's browser (ui/components/browser_models.js, used by the live control).

The module and onnxruntime-web (ui/components/ort/, `python -m tools.web_assets`) are served from the
asset folders pyproject.toml declares under [tool.streamlit.component], and so are the model files,
straight from weights/: Streamlit serves /_stcore/bidi-components/dae-app.<component>/<path> from the
component's asset_dir. One component (the live control) serves ui/components, so the browser loads and
keeps each file under one URL.
"""

from __future__ import annotations

from typing import Any

from dae.catalog import REPO_ROOT, weights_dir
from dae.runtime import OnnxAutoencoder

PROJECT = "dae-app"  # pyproject.toml's [project] name: the first half of every component's name
COMPONENT = f"{PROJECT}.live_noise"  # the live control: its asset_dir is ui/components
ROUTE = "_stcore/bidi-components"  # Streamlit's route for a component's asset_dir, under the app's base URL
MODULE_PATH = f"{ROUTE}/{COMPONENT}/browser_models.js"
PARTS = ("encoder", "decoder")  # what the browser runs of each model


def weights_served() -> bool:
    """Whether the files the browser gets are the ones the server runs: the asset_dir is weights/ in the
    repository, so a $DAE_WEIGHTS_DIR elsewhere would hand the browser other models."""
    return weights_dir().resolve() == (REPO_ROOT / "weights").resolve()


def model_spec(model: OnnxAutoencoder) -> dict[str, Any]:
    """What the browser needs to open a model the server has loaded: its name and its files' SHA-256 from
    the card the server checked them against (the browser keeps each file under that name)."""
    files = model.card["onnx"]["files"]
    return {"name": model.name, "sha256": {part: files[part]["sha256"] for part in PARTS}}
