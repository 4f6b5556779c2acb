"""What every session shares, loaded once per server process: the models, the test digits, the evaluation.

st.cache_resource keeps one copy for all sessions (read-only); a failed load is not cached, so a
restored file is picked up on the next rerun. Each loader shows a spinner, in the session's language,
only until it has first returned: later calls hit the cache, where a spinner would only cost messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import streamlit as st

from dae import catalog, data, i18n, runtime
from dae.render import charts
from dae.runtime import OnnxAutoencoder, Unavailable
from ui import server_memory, state, styles
from ui.text import t

T = TypeVar("T")
_warm: set[str] = set()  # loaders that have returned in this server process


def first_time_with_spinner(load: Callable[[], T], what: str, variant: str = "") -> T:
    """Call a cached loader, with a spinner ("loading.<what>") until it has returned once (per `variant`)."""
    if what + variant in _warm:
        return load()
    with st.spinner(t(f"loading.{what}")):
        result = load()
    _warm.add(what + variant)
    server_memory.settle()  # what was just loaded stays for the process's life
    return result


@st.cache_resource(show_spinner=False)  # first_time_with_spinner shows one in the session's language
def _load_working_models() -> dict[str, OnnxAutoencoder]:
    return {model.name: model for model in runtime.load_working()}


def load_models() -> dict[str, OnnxAutoencoder | Unavailable]:
    """name -> model (ONNX, shared read-only by every session), or why it could not be loaded."""
    loaded: dict[str, OnnxAutoencoder | Unavailable] = dict(first_time_with_spinner(_load_working_models, "models"))
    for name in catalog.MODEL_NAMES:
        if name not in loaded:
            loaded[name] = runtime.load_or_explain(name)
            if isinstance(loaded[name], OnnxAutoencoder):  # restored since: cache it with the others
                _load_working_models.clear()
                _warm.discard("models")  # the reload shows its spinner again
    return loaded


def working_models(names: list[str] | None = None) -> list[OnnxAutoencoder]:
    """The loaded models among `names` (default: all), skipping any that failed to load."""
    loaded = load_models()
    wanted = catalog.MODEL_NAMES if names is None else names  # an empty choice is no model, not all of them
    return [model for name in wanted if isinstance(model := loaded.get(name), OnnxAutoencoder)]


def model_or_failure(name: str) -> OnnxAutoencoder | Unavailable:
    return load_models()[name]


def why_unavailable(name: str) -> str:
    """The sentence saying why a model did not load (names the file and the fix); empty if it did."""
    failure = load_models()[name]
    return failure.reason if isinstance(failure, Unavailable) else ""


@st.cache_resource(show_spinner=False)
def _load_test_set() -> tuple[np.ndarray, np.ndarray]:
    images, labels = data.load_test_images()
    images.setflags(write=False)  # shared by every session
    return images, labels


def load_test_set() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST test digits and their labels, loaded once per server."""
    return first_time_with_spinner(_load_test_set, "test_set")


def load_test_set_or_warn() -> tuple[np.ndarray, np.ndarray] | None:
    """The test digits, or None after showing why they are missing (drawing and uploads still work)."""
    try:
        return load_test_set()
    except data.MnistFileError as error:
        st.error(t("error.mnist_unavailable", detail=error), icon=":material/error:")
        return None


@st.cache_resource
def load_evaluation() -> dict[str, Any] | None:
    """dae.training.evaluate's results, or None when the file is missing, damaged or from an older version."""
    try:
        evaluation = json.loads(catalog.evaluation_path().read_text())
    except (OSError, ValueError):
        return None
    return evaluation if isinstance(evaluation, dict) and isinstance(evaluation.get("kinds"), dict) else None


def noise_curves(metric: str, kind: str) -> dict[str, Any]:
    """Compare's test-set chart (load_evaluation's curves) as a Vega-Lite spec for st.vega_lite_chart."""
    view = state.view()
    return _noise_curves(metric, kind, view.lang, view.present)


PRESENTED_CURVES_HEIGHT = 560


@st.cache_data(max_entries=48, show_spinner=False)
def _noise_curves(metric: str, kind: str, language: str, present: bool) -> dict[str, Any]:
    # Built once per metric, noise, language and mode: Altair checks a chart against its whole schema each
    # time it is drawn, which was a fifth of the work of a visit to Compare.
    chart = charts.noise_curves(load_evaluation() or {}, metric, i18n.translator(language), kind)
    if present:  # room for both legends (methods, learned or classical) in presentation mode's larger type
        chart = chart.properties(height=PRESENTED_CURVES_HEIGHT)
    return styles.chart(chart, present).to_dict()
