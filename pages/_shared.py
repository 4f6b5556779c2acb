"""The only Streamlit-aware glue: cached resources and the state that pages share.

Models and the test set load once per server (st.cache_resource) and are shared read-only by
every session; the current digit and the noise settings live in each session's state.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import urlparse

import numpy as np
import streamlit as st

from dae import catalog, data, runtime, share, views
from dae.noise import NOISE_KINDS

NOISE_LABELS = {"gaussian": "Gaussian", "salt_and_pepper": "Salt and pepper", "masking": "Masking (erased block)"}
DEFAULTS = {
    "noise_kind": "gaussian",
    "noise_level": 0.5,
    "noise_seed": 0,
    "chosen_models": list(catalog.MODEL_NAMES),
    "present": False,
}
# Presentation mode: no sidebar, larger type and pictures, a colour map readable with colour-vision deficiencies.
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
.stMainBlockContainer { max-width: 100%; padding-left: 2rem; padding-right: 2rem; }
.stMainBlockContainer p, .stMainBlockContainer label, [data-testid="stImageCaption"] { font-size: 1.35rem !important; }
.stMainBlockContainer h1 { font-size: 3.2rem; }
</style>"""


@st.cache_resource(show_spinner="Loading the four trained models...")
def _load_working_models() -> dict[str, runtime.OnnxAutoencoder]:
    return {name: model for name, model in runtime.load_all().items() if not isinstance(model, str)}


def load_models() -> dict[str, runtime.OnnxAutoencoder | str]:
    """name -> model (ONNX, shared read-only by every session), or why that model could not load.

    Only working models are cached, so a restored file is picked up on the next rerun.
    """
    loaded: dict[str, runtime.OnnxAutoencoder | str] = dict(_load_working_models())
    for name in catalog.MODEL_NAMES:
        if name not in loaded:
            try:
                loaded[name] = runtime.load(name)
                _load_working_models.clear()
            except (OSError, ValueError) as error:
                loaded[name] = str(error)
    return loaded


@st.cache_resource(show_spinner="Loading the MNIST test digits...")
def load_test_set() -> tuple[np.ndarray, np.ndarray]:
    images, labels = data.load_test_images()
    images.setflags(write=False)  # shared by every session
    return images, labels


@st.cache_resource
def load_evaluation() -> dict | None:
    """dae.evaluate's results, or None when the file is missing or damaged."""
    try:
        return json.loads(catalog.evaluation_path().read_text())
    except (OSError, ValueError):
        return None


def working_models(names: list[str] | None = None) -> list[runtime.OnnxAutoencoder]:
    """The loaded models among `names` (default: all), skipping any that failed to load."""
    loaded = load_models()
    return [loaded[n] for n in names or catalog.MODEL_NAMES if isinstance(loaded.get(n), runtime.OnnxAutoencoder)]


def model_error(name: str) -> str | None:
    value = load_models().get(name)
    return value if isinstance(value, str) else None


def title(name: str) -> str:
    return catalog.MODEL_INFO[name].title


def require_router() -> None:
    """Make sure app.py (the router) ran in this session before a page draws anything.

    Streamlit treats a folder named pages/ beside the main script as a legacy multipage app until
    st.navigation first runs, so the very first request to a fresh server, if it is a link straight
    to a page, runs that page alone. Hand it to the router, which sends it back here.
    """
    if not st.session_state.get("routed"):
        st.session_state["deep_link"] = f"pages/{PurePosixPath(urlparse(st.context.url or '').path).name}.py"
        st.switch_page("app.py")


def init_state() -> None:
    """Defaults on a session's first run (from the link's query parameters, if any), then notices.

    Settings live in plain session-state keys, which survive page changes (widget keys do not).
    """
    require_router()
    if "noise_level" not in st.session_state:
        st.session_state.update(DEFAULTS)
        settings, notices = share.parse_view(st.query_params.to_dict())
        st.session_state.update({key: value for key, value in settings.items() if key in DEFAULTS})
        if "test_index" in settings:
            st.session_state["test_index"] = settings["test_index"]
            st.session_state["input_source"] = "Test digit"
        st.session_state["notices"] = notices
    if "digit" not in st.session_state:
        test_set = load_test_set_or_warn()
        if test_set is None:
            set_digit(np.zeros((28, 28), np.float32), "no digit yet")
        else:
            index = min(st.session_state.get("test_index", 0), len(test_set[0]) - 1)
            set_digit(test_set[0][index], f"test digit #{index} (a {test_set[1][index]})")
    for notice in st.session_state.pop("notices", []):
        st.warning(notice, icon=":material/link_off:")


def load_test_set_or_warn() -> tuple[np.ndarray, np.ndarray] | None:
    """The test digits, or None after showing why they are missing (drawing and uploads still work)."""
    try:
        return load_test_set()
    except data.MnistFileError as error:
        st.error(f"The MNIST test digits are unavailable: {error}", icon=":material/error:")
        return None


def sync_link(test_index: int | None = None) -> None:
    """Write the current view into the URL, so copying the address shares it."""
    view = {key: st.session_state[key] for key in DEFAULTS} | {"test_index": test_index}
    st.query_params.from_dict(share.view_params(view))


def current_digit() -> tuple[np.ndarray, str]:
    init_state()
    return st.session_state["digit"], st.session_state["digit_source"]


def set_digit(digit: np.ndarray, source: str) -> None:
    st.session_state["digit"] = np.asarray(digit, np.float32)
    st.session_state["digit_source"] = source


def noise_controls(key_prefix: str = "") -> tuple[str, float, int]:
    """Noise kind, level and the 'new noise' button, kept in session state across pages."""
    init_state()
    kind_col, level_col, seed_col = st.columns([2, 3, 1], vertical_alignment="bottom")
    kind = kind_col.selectbox(
        "Noise kind",
        NOISE_KINDS,
        index=NOISE_KINDS.index(st.session_state["noise_kind"]),
        format_func=NOISE_LABELS.get,
        key=f"{key_prefix}noise_kind_widget",
    )
    level = level_col.slider(
        "Noise level",
        0.0,
        1.0,
        float(st.session_state["noise_level"]),
        0.05,
        key=f"{key_prefix}noise_level_widget",
        help="Gaussian: standard deviation of the added noise. Salt and pepper: fraction of pixels hit. "
        "Masking: fraction of the image erased.",
    )
    if seed_col.button(
        "New noise",
        key=f"{key_prefix}new_noise",
        icon=":material/casino:",
        help="Draw a different random noise pattern at the same level",
    ):
        st.session_state["noise_seed"] += 1
    st.session_state["noise_kind"], st.session_state["noise_level"] = kind, level
    return kind, level, st.session_state["noise_seed"]


def page_setup() -> None:
    """The first call of every page: the router check, the session's settings, presentation mode."""
    init_state()
    presentation_mode()


def presentation_mode() -> bool:
    """The toggle at the top of every page (also ?present=1); applies the large, sidebar-free layout."""
    present = st.toggle(
        "Presentation mode",
        value=st.session_state["present"],
        key="present_widget",
        help="Large pictures and type for a projector, no sidebar, colour-blind-safe colours. Also ?present=1.",
    )
    st.session_state["present"] = present
    if present:
        st.html(PRESENTATION_CSS)
    return present


def panel_size(normal: int = 140) -> int:
    """Pixels per picture: half as large again in presentation mode."""
    return int(normal * 1.6) if st.session_state.get("present") else normal


def colour_map() -> str:
    """cividis stays readable with red-green colour blindness; viridis is the everyday default."""
    return "cividis" if st.session_state.get("present") else "viridis"


def show(image: np.ndarray, caption: str, size: int = 168) -> None:
    """A float (28, 28) image in [0, 1], crisp (nearest-neighbour upscaled), with alt text."""
    show_pixels(views.grey(image, size), caption, size)


def show_pixels(pixels: np.ndarray, caption: str, size: int, alt: str | None = None) -> None:
    """Upscaled uint8 pixels from dae.views, captioned, with alt text (the caption unless given).

    Inlined as a PNG data URL, the picture arrives with the rerun's own message: no /media/ file
    stored and hashed on the server, then fetched by the browser, one request per picture.
    """
    st.image(views.png_data_url(pixels), caption=caption, width=size, alt=caption if alt is None else alt)


def digit_badge() -> np.ndarray:
    """Show the current digit small, with where it came from; return it."""
    digit, source = current_digit()
    left, right = st.columns([1, 6], vertical_alignment="center")
    left.image(views.grey(digit, 84), width=84, alt=f"the current digit: {source}")
    right.markdown(f"**Current digit:** {source}.  \nChange it on the **Playground** (draw, pick or upload).")
    return digit
