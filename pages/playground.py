"""Playground: draw, pick or upload a digit, add noise, and watch every model rebuild it."""

import functools
from collections.abc import Callable

import numpy as np
import streamlit as st

from dae.catalog import DENOISERS
from dae.pipeline import Result, denoise_digit
from dae.preprocess import EmptyImageError, ImageError, load_image, to_mnist
from dae.render import figure
from ui import page, resources, state, styles
from ui.controls import new_noise_button, noise_kind
from ui.draw import digit_from_drawing, draw_pad
from ui.live import live_noise, model_rows
from ui.text import as_code, digit_source, figure_translator, t, title, translated_choices

page.setup()  # first: it hands a page opened without the router to app.py

INPUTS = ["draw", "test", "upload"]
LABELS = ["any", *range(10)]

st.title(t("playground.title"))


@st.cache_data(max_entries=64, show_spinner=False)
def digit_from_upload(data: bytes) -> np.ndarray:
    """Decode and centre an upload once, not on every rerun (a phone photo takes ~0.1 s)."""
    return to_mnist(load_image(data))


def choose_digit() -> np.ndarray:
    """The input column: draw, pick or upload. Returns the session's digit: until a first stroke or
    upload, the one it already had (a test digit on a first visit), so the models never show nothing."""
    view = state.view()
    st.session_state.setdefault("input_source", "test" if view.test_index is not None else "draw")
    source = st.radio(
        t("playground.input"),
        INPUTS,
        format_func=translated_choices("input_source", INPUTS, lambda option: t(f"playground.input_{option}")),
        horizontal=True,
        key="input_source",
        persist_state="session",
    )
    if source != "test":
        view.test_index = None
    {"draw": draw_input, "test": test_input, "upload": upload_input}[source]()
    return state.current_digit().image


def draw_input() -> None:
    """The drawing pad; a drawing becomes the digit (until then, the session's digit stays)."""
    st.caption(t("playground.draw_help"))  # above the pad: on a phone, the models' rows follow just below it
    drawing = draw_pad(key="draw_pad")
    try:
        if not drawing:
            raise EmptyImageError("no_digit")
        state.set_digit(digit_from_drawing(drawing), "source.drawing")
    except EmptyImageError:
        st.caption(t("playground.draw_empty", source=digit_source()))
    except ImageError as error:
        st.warning(t(error.key, **error.params))


def test_input() -> None:
    """A test digit by index, or at random (of one label or any)."""
    test_set = resources.load_test_set_or_warn()
    if test_set is None:
        return
    images, labels = test_set
    view = state.view()
    st.session_state.setdefault("test_index", view.test_index or 0)
    index_row = st.container()  # its own row: "Test digit (0-9999)" and its field need the column's width
    label_col, random_col = st.columns(2, vertical_alignment="bottom")

    def pick_random() -> None:
        """A random test digit of the chosen label: choosing a label shows one at once, as Random does."""
        wanted = st.session_state["random_label"]
        pool = np.arange(len(labels)) if wanted == "any" else np.flatnonzero(labels == wanted)
        st.session_state["test_index"] = int(np.random.default_rng().choice(pool))

    label_col.selectbox(
        t("playground.label"),
        LABELS,
        format_func=translated_choices(
            "random_label", LABELS, lambda label: str(label) if label != "any" else t("playground.label_any")
        ),
        key="random_label",
        persist_state="session",
        on_change=pick_random,
        help=t("playground.label_help"),
    )
    random_col.button(
        t("playground.random"), icon=":material/shuffle:", help=t("playground.random_help"), on_click=pick_random
    )
    index = index_row.number_input(
        t("playground.test_index", last=len(images) - 1), 0, len(images) - 1, key="test_index", persist_state="session"
    )
    view.test_index = int(index)
    state.set_digit(images[index], "source.test", index=index, label=int(labels[index]))


def upload_input() -> None:
    """A photo or scan of a digit; a refused file keeps the previous digit, with the reason."""
    st.html(styles.uploader_css())
    upload = st.file_uploader(t("playground.upload"), type=["png", "jpg", "jpeg"], key="upload")
    if upload is None:
        st.caption(t("playground.upload_help"))
    else:
        try:
            state.set_digit(digit_from_upload(upload.getvalue()), "source.photo", name=as_code(upload.name))
        except ImageError as error:
            st.warning(t("playground.upload_refused", reason=t(error.key, **error.params)))
    with st.expander(t("playground.photo_tips_title"), icon=":material/photo_camera:"):
        st.markdown(t("playground.photo_tips"))


def noise_choice() -> tuple[str, int]:
    """Noise kind and pattern (the level is the live control's): side by side even on a phone, where columns
    would stack them and push the models' rows further from the pad."""
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = noise_kind()
        seed = new_noise_button()
    return kind, seed


def model_choice() -> list[str]:
    """Which models to show: every model a chip, the chosen ones lit (a multiselect hid the chips past its width)."""
    view = state.view()
    view.chosen_models = st.pills(
        t("playground.models"),
        DENOISERS,
        selection_mode="multi",
        wrap=True,  # every chip in view: on a tablet, a single row showed two of five
        default=view.chosen_models,
        format_func=translated_choices("models_widget", DENOISERS, title),
        key="models_widget",
    )
    state.sync_link()
    return view.chosen_models


def show_models(digit: np.ndarray, kind: str, seed: int, chosen: list[str]) -> None:
    """The live panel: the noise level, the original and noisy digit once, then one row per model (with no
    model chosen, the input and its noise stay, and a hint says what to do)."""
    if not chosen:
        st.info(t("playground.no_models"))
    for name in chosen:
        if reason := resources.why_unavailable(name):
            st.error(t("error.model_unavailable", detail=reason), icon=":material/error:")
    live_panel(digit, kind, seed, chosen)


@st.fragment
def live_panel(digit: np.ndarray, kind: str, seed: int, chosen: list[str]) -> None:
    """The live control and the downloads. The slider coming to rest reruns only this: the inputs beside it
    do not change, and a class moving sliders is most of what the server does in a lesson."""
    working = resources.working_models(chosen)
    level = live_noise(model_rows(digit, working, kind, seed), key="playground_live")
    if not state.view().present:  # slides and worksheets are made at a desk, not on the projector
        update = functools.partial(denoise_digit, digit, working, kind, level, seed)
        download_buttons(update, digit, chosen, kind, level, seed)


def download_buttons(
    update: Callable[[], Result], digit: np.ndarray, chosen: list[str], kind: str, level: float, seed: int
) -> None:
    """The comparison as a PNG figure, and the digit as a 28x28 PNG."""
    in_figure = figure_translator()
    source = digit_source(in_figure)
    caption = in_figure("figure.caption", source=source, kind=in_figure(f"noise.kind.{kind}"), level=level, seed=seed)
    titles = {name: in_figure(f"model.{name}.title") for name in chosen}
    buttons = st.container(horizontal=True)  # side by side where they fit, one under the other where not
    # The PNGs (and the figure's one update at this level) are made only when a button is clicked.
    if chosen:  # a comparison of no model is no figure; the digit alone still downloads
        buttons.download_button(
            t("playground.download_figure"),
            lambda: figure.comparison_png(update(), titles, caption, in_figure),
            file_name="autoencoder-comparison.png",
            mime="image/png",
            on_click="ignore",
            icon=":material/download:",
        )
    buttons.download_button(
        t("playground.download_digit"),
        functools.partial(figure.digit_png, digit),
        file_name="digit-28x28.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
    )


@st.fragment
def input_and_models() -> None:
    """The digit and its noise beside the models' rows. A pen stroke reruns only this, not the router and the
    page's head. The rows start at the top of their column (a projector shows all five under the title) and the
    model picker comes after them; on a phone, where the columns stack, the rows come right after the pad."""
    input_col, models_col = st.columns([2, 3], gap="medium")
    with input_col:
        st.caption(t("playground.intro"))  # here, not under the title: the rows' column starts higher
        digit = choose_digit()
        kind, seed = noise_choice()
    with models_col:
        rows = st.container()  # filled once the picker below it has said which models
        chosen = model_choice()
    with rows:
        show_models(digit, kind, seed, chosen)


input_and_models()
