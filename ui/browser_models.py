"""The denoisers in the student's browser (ui/components/browser_models.js): not on any page yet.

The module and onnxruntime-web (ui/components/ort/, `python -m tools.web_assets`) are served from the
asset folders pyproject.toml declares under [tool.streamlit.component], and so are the model files,
straight from weights/: Streamlit serves /_stcore/bidi-components/dae-app.<component>/<path> from the
component's asset_dir. The element opens the given models' sessions once per page and shows nothing;
its data-state says whether they are ready.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from dae.catalog import REPO_ROOT, weights_dir
from dae.runtime import OnnxAutoencoder

PROJECT = "dae-app"  # pyproject.toml's [project] name: the first half of every component's name
COMPONENT = f"{PROJECT}.browser_models"
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


@functools.cache
def _component() -> Callable[..., Any]:
    # Made on first use, inside a running app: a file-backed js needs the runtime that read pyproject.toml.
    return st.components.v2.component(
        COMPONENT,
        html='<div class="browser-models" data-testid="browser-models" hidden></div>',
        js="browser_models.js",
        isolate_styles=False,  # in the page's own DOM, where tests read its data-state
    )


def browser_models(models: list[OnnxAutoencoder], key: str) -> None:
    """Open these models' sessions in the browser (once per page; reruns with the same models do nothing)."""
    _component()(key=key, data={"models": [model_spec(model) for model in models]})
