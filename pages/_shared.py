"""The only Streamlit-aware glue: cached resources and the state that pages share.

Models and the test set load once per server (st.cache_resource) and are shared read-only by
every session; the current digit and the noise settings live in each session's state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

import numpy as np
import streamlit as st

from dae import catalog, data, figure, i18n, runtime, share, views
from dae.noise import NOISE_KINDS

# Choice widgets whose options are shown translated (their values are language-neutral names).
TRANSLATED_CHOICES = (
    "input_source",
    "random_label",
    "models_widget",
    "noise_kind_widget",
    "compare_noise_kind_widget",
    "inside_noise_kind_widget",
    "latent_model",
    "compare_metric",
)
DEFAULTS = {
    "lang": i18n.DEFAULT_LANGUAGE,
    "noise_kind": "gaussian",
    "noise_level": 0.5,
    "noise_seed": 0,
    "chosen_models": list(catalog.MODEL_NAMES),
    "present": False,
}
# Pictures never spill out of a narrow column (a laptop with the sidebar open, a projector at 1024 px):
# st.image's fixed width becomes a largest width.
BASE_CSS = """<style>[data-testid=stImageContainer] { max-width: 100%; }
.stMainBlockContainer figcaption { font-size: 0.875rem; color: rgba(49, 51, 63, 0.6); line-height: 1.4 }</style>"""
# Presentation mode: no sidebar, larger type and pictures, a colour map readable with colour-vision deficiencies.
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
.stMainBlockContainer { max-width: 100%; padding-left: 2rem; padding-right: 2rem; }
.stMainBlockContainer p, .stMainBlockContainer label, [data-testid="stImageCaption"],
.stMainBlockContainer figcaption { font-size: 1.35rem !important; }
.stMainBlockContainer h1 { font-size: 3.2rem; }
</style>"""


def language() -> str:
    """This session's language; before the session's settings exist (the router's first run), the link's."""
    if "lang" in st.session_state:
        return st.session_state["lang"]
    wanted = st.query_params.get("lang")
    return wanted if wanted in i18n.languages() else i18n.DEFAULT_LANGUAGE


def t(key: str, **params: object) -> str:
    """The text for `key` in this session's language (dae/locales/<lang>.toml)."""
    return i18n.text(language(), key, **params)


_warm: set[str] = set()  # cached loaders that have returned in this server process


def first_time_with_spinner(load: Callable[[], Any], what: str, variant: str = "") -> Any:
    """Call a cached loader, with a spinner ("loading.<what>", in the session's language) until it has
    returned once (per `variant`): later calls hit the cache, where a spinner would only cost messages."""
    if what + variant in _warm:
        return load()
    with st.spinner(t(f"loading.{what}")):
        result = load()
    _warm.add(what + variant)
    return result


@st.cache_resource(show_spinner=False)  # the callers show a spinner in the session's language
def _load_working_models() -> dict[str, runtime.OnnxAutoencoder]:
    return {name: model for name, model in runtime.load_all().items() if not isinstance(model, str)}


def load_models() -> dict[str, runtime.OnnxAutoencoder | str]:
    """name -> model (ONNX, shared read-only by every session), or why that model could not load.

    Only working models are cached, so a restored file is picked up on the next rerun.
    """
    loaded: dict[str, runtime.OnnxAutoencoder | str] = dict(first_time_with_spinner(_load_working_models, "models"))
    for name in catalog.MODEL_NAMES:
        if name not in loaded:
            try:
                loaded[name] = runtime.load(name)
                _load_working_models.clear()
                _warm.discard("models")  # the reload shows its spinner again
            except (OSError, ValueError) as error:
                loaded[name] = str(error)  # technical detail (file and restore command), shown after a translated lead
    return loaded


@st.cache_resource(show_spinner=False)
def _load_test_set() -> tuple[np.ndarray, np.ndarray]:
    images, labels = data.load_test_images()
    images.setflags(write=False)  # shared by every session
    return images, labels


def load_test_set() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST test digits and their labels, loaded once per server."""
    return first_time_with_spinner(_load_test_set, "test_set")


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
    """A model's name for people, in the session's language."""
    return t(f"model.{name}.title")


def require_router() -> None:
    """Make sure app.py (the router) ran in this session before a page draws anything.

    Streamlit treats a folder named pages/ beside the main script as a legacy multipage app until
    st.navigation first runs, so the very first request to a fresh server, if it is a link straight
    to a page, runs that page alone. Hand it to the router, which sends it back here, link and all.
    """
    if not st.session_state.get("routed"):
        st.session_state["deep_link"] = f"pages/{PurePosixPath(urlparse(st.context.url or '').path).name}.py"
        st.switch_page("app.py", query_params=st.query_params.to_dict())


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
            st.session_state["input_source"] = "test"
        st.session_state["notices"] = notices
    if "digit" not in st.session_state:
        test_set = load_test_set_or_warn()
        if test_set is None:
            set_digit(np.zeros((28, 28), np.float32), "source.none")
        else:
            index = min(st.session_state.get("test_index", 0), len(test_set[0]) - 1)
            set_digit(test_set[0][index], "source.test", index=index, label=int(test_set[1][index]))
    for key, params in st.session_state.pop("notices", []):
        shown = {name: as_code(value) if name == "value" else value for name, value in params.items()}
        st.warning(t(f"notice.{key}", **shown), icon=":material/link_off:")


def as_code(text: object, limit: int = 40) -> str:
    """Text from outside (a link, a file name) as inline code: never read as markdown, LaTeX or a link."""
    return "`" + str(text).replace("`", "'")[:limit] + "`"


def load_test_set_or_warn() -> tuple[np.ndarray, np.ndarray] | None:
    """The test digits, or None after showing why they are missing (drawing and uploads still work)."""
    try:
        return load_test_set()
    except data.MnistFileError as error:
        st.error(t("error.mnist_unavailable", detail=error), icon=":material/error:")
        return None


def sync_link() -> None:
    """Write the current view into the URL, so copying the address shares it (on every page: the
    sidebar's page links drop the query string)."""
    test_index = st.session_state.get("test_index") if st.session_state.get("input_source") == "test" else None
    wanted = share.view_params({key: st.session_state[key] for key in DEFAULTS} | {"test_index": test_index})
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def current_digit() -> tuple[np.ndarray, str]:
    """The digit every page works on, and where it came from in the session's language."""
    init_state()
    return st.session_state["digit"], digit_source()


def digit_source(translate: i18n.Translate | None = None) -> str:
    """Where the current digit came from ("test digit #3 (a 0)"), told by `translate` (default: the session's)."""
    key, params = st.session_state["digit_source"]
    return (translate or t)(key, **params)


def figure_translator() -> i18n.Translate:
    """The session's language for downloaded figures, or English where the server has no font to draw it."""
    chosen = language()
    if not figure.can_write(i18n.text(chosen, "panel.noisy")):
        chosen = i18n.DEFAULT_LANGUAGE
    return i18n.translator(chosen)


def set_digit(digit: np.ndarray, source_key: str, **params: object) -> None:
    """Make `digit` the current one; its source is kept as a locale key so a language switch retells it."""
    st.session_state["digit"] = np.asarray(digit, np.float32)
    st.session_state["digit_source"] = (source_key, params)


def noise_controls(key_prefix: str = "") -> tuple[str, float, int]:
    """Noise kind, level and the 'new noise' button, kept in session state across pages."""
    init_state()
    kind_col, level_col, seed_col = st.columns([2, 3, 1.4], vertical_alignment="bottom")
    kind = kind_col.selectbox(
        t("noise.kind_label"),
        NOISE_KINDS,
        index=NOISE_KINDS.index(st.session_state["noise_kind"]),
        format_func=labels_for(NOISE_KINDS, noise_label),
        key=f"{key_prefix}noise_kind_widget",
    )
    level = level_col.slider(
        t("noise.level_label"),
        0.0,
        1.0,
        float(st.session_state["noise_level"]),
        0.05,
        key=f"{key_prefix}noise_level_widget",
        help=t("noise.level_help"),
    )
    if seed_col.button(
        t("noise.new"),
        key=f"{key_prefix}new_noise",
        icon=":material/casino:",
        help=t("noise.new_help"),
    ):
        st.session_state["noise_seed"] += 1
    st.session_state["noise_kind"], st.session_state["noise_level"] = kind, level
    sync_link()
    return kind, level, st.session_state["noise_seed"]


def noise_label(kind: str) -> str:
    return t(f"noise.kind.{kind}")


def labels_for(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget's format_func with every label worked out now, in this session's language.

    (A plain function of t would be called later by AppTest, outside the session, in English.)
    """
    return {option: label(option) for option in options}.__getitem__


def page_setup() -> None:
    """The first call of every page: the router check, the session's settings, the top bar."""
    init_state()
    st.html(BASE_CSS)
    present_col, language_col = st.columns([3, 1], vertical_alignment="center")
    with present_col:
        presentation_mode()
    with language_col:
        language_switch()


def language_switch() -> str:
    """English / 中文 at the top of every page (also ?lang=zh); each language is named in itself."""
    names = i18n.languages()
    chosen = st.segmented_control(
        t("common.language"),
        list(names),
        default=st.session_state["lang"],
        format_func=names.get,
        required=True,
        key="lang_widget",
        label_visibility="collapsed",
    )
    if chosen and chosen != st.session_state["lang"]:
        st.session_state["lang"] = chosen
        # A browser keeps a choice widget's value as its label; set the values again so each is sent in
        # the new language (else the old label matches no option and the choice is quietly lost).
        for key in TRANSLATED_CHOICES:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        st.rerun()  # everything above this switch was drawn in the old language
    return st.session_state["lang"]


def presentation_mode() -> bool:
    """The toggle at the top of every page (also ?present=1); applies the large, sidebar-free layout."""
    present = st.toggle(
        t("common.presentation"),
        value=st.session_state["present"],
        key="present_widget",
        help=t("common.presentation_help"),
    )
    st.session_state["present"] = present
    sync_link()
    if present:
        st.html(PRESENTATION_CSS)
    return present


def uploader_css() -> str:
    """The file uploader's own two strings (its button, its size limit) in the session's language.

    Streamlit draws them itself and offers no setting; CSS hides its words and shows ours instead.
    """
    button = css_string(t("uploader.button"))
    limits = css_string(t("uploader.limits", limit=st.get_option("server.maxUploadSize")))
    return f"""<style>
[data-testid=stFileUploaderDropzone] button p {{ font-size: 0 }}
[data-testid=stFileUploaderDropzone] button p::after {{ content: {button}; font-size: 0.875rem }}
[data-testid=stFileUploaderDropzoneInstructions] span {{ font-size: 0 }}
[data-testid=stFileUploaderDropzoneInstructions] span::after {{ content: {limits}; font-size: 0.875rem }}
</style>"""


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\5C ").replace('"', "\\22 ").replace("<", "\\3C ").replace("\n", "\\A ")
    return f'"{escaped}"'


def panel_size(normal: int = 140) -> int:
    """Pixels per picture: half as large again in presentation mode."""
    return int(normal * 1.6) if st.session_state.get("present") else normal


def colour_map() -> str:
    """cividis stays readable with red-green colour blindness; viridis is the everyday default."""
    return "cividis" if st.session_state.get("present") else "viridis"


def show(image: np.ndarray, caption: str, size: int = 168) -> None:
    """A float (28, 28) image in [0, 1], crisp (nearest-neighbour upscaled), with its caption as alt text.

    Inlined as a PNG data URL, the picture arrives with the rerun's own message: no /media/ file
    stored and hashed on the server, then fetched by the browser, one request per picture (and no
    JPEG blur, st.image's default for arrays). Other pages pass views.png_data_url to st.image too.
    """
    st.image(views.grey_data_url(image, size), caption=caption, width=size, alt=caption)


def digit_badge() -> np.ndarray:
    """Show the current digit small, with where it came from; return it."""
    digit, source = current_digit()
    left, right = st.columns([1, 6], vertical_alignment="center")
    left.image(views.grey_data_url(digit, 84), width=84, alt=t("common.current_digit_alt", source=source))
    right.markdown(t("common.current_digit", source=source))
    return digit
