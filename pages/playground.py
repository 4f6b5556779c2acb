"""Playground: draw, pick or upload a digit, add noise, and watch every model rebuild it."""

import functools

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from dae import figure, scrub, views
from dae.catalog import MODEL_NAMES
from dae.pipeline import Result, denoise_digit
from dae.preprocess import EmptyImageError, ImageError, load_image, to_mnist
from pages import _shared as shared
from pages._shared import t

shared.page_setup()  # first: it hands a page opened without the router to app.py

INPUTS = ["draw", "test", "upload"]
LABELS = ["any", *range(10)]

st.title(t("playground.title"))
st.caption(t("playground.intro"))


@st.cache_data(max_entries=64, show_spinner=False)
def digit_from_upload(data: bytes) -> np.ndarray:
    """Decode and centre an upload once, not on every rerun (a phone photo takes ~0.1 s)."""
    return to_mnist(load_image(data))


def choose_digit() -> np.ndarray | None:
    """The input column: returns the digit to show, or None when there is nothing to show yet."""
    source = st.radio(
        t("playground.input"),
        INPUTS,
        format_func=shared.labels_for(INPUTS, lambda option: t(f"playground.input_{option}")),
        horizontal=True,
        key="input_source",
        persist_state="session",
    )
    if source == "draw":
        st.caption(t("playground.draw_prompt"))  # also keeps the canvas toolbar, drawn above the box, off the radio
        canvas = st_canvas(
            stroke_width=22,
            stroke_color="#FFFFFF",
            background_color="#000000",
            height=280,
            width=280,
            drawing_mode="freedraw",
            return_image_data=True,
            key="canvas",
        )
        st.caption(t("playground.draw_help"))
        strokes = canvas.image_data
        try:
            if strokes is None:
                raise EmptyImageError("no_digit")
            shared.set_digit(to_mnist(strokes), "source.drawing")
        except EmptyImageError:
            st.info(t("playground.draw_empty"), icon=":material/draw:")
            return None
        except ImageError as error:
            st.warning(t(error.key, **error.params))
            return None
    elif source == "test":
        test_set = shared.load_test_set_or_warn()
        if test_set is None:
            return None
        images, labels = test_set
        index_col, label_col, random_col = st.columns([2, 2, 1.6], vertical_alignment="bottom")
        wanted = label_col.selectbox(
            t("playground.label"),
            LABELS,
            format_func=shared.labels_for(
                LABELS, lambda label: str(label) if label != "any" else t("playground.label_any")
            ),
            key="random_label",
            persist_state="session",
        )
        if random_col.button(t("playground.random"), icon=":material/shuffle:", help=t("playground.random_help")):
            pool = np.arange(len(labels)) if wanted == "any" else np.flatnonzero(labels == wanted)
            st.session_state["test_index"] = int(np.random.default_rng().choice(pool))
        index = index_col.number_input(
            t("playground.test_index", last=len(images) - 1),
            0,
            len(images) - 1,
            key="test_index",
            persist_state="session",
        )
        shared.set_digit(images[index], "source.test", index=index, label=int(labels[index]))
    else:
        st.html(shared.uploader_css())
        upload = st.file_uploader(t("playground.upload"), type=["png", "jpg", "jpeg"], key="upload")
        if upload is not None:
            try:
                shared.set_digit(digit_from_upload(upload.getvalue()), "source.photo", name=shared.as_code(upload.name))
            except ImageError as error:
                st.warning(t("playground.upload_refused", reason=t(error.key, **error.params)))
        else:
            st.caption(t("playground.upload_help"))
    return shared.current_digit()[0]


@st.fragment
def show_models(digit: np.ndarray) -> None:
    """Controls and one row per model. Moving a control reruns only this part of the page."""
    kind, level, seed = shared.noise_controls()
    chosen = st.multiselect(
        t("playground.models"),
        MODEL_NAMES,
        default=st.session_state["chosen_models"],
        format_func=shared.labels_for(MODEL_NAMES, shared.title),
        placeholder=t("playground.models_placeholder"),
        key="models_widget",
    )
    st.session_state["chosen_models"] = chosen
    shared.sync_link()
    if not chosen:
        st.info(t("playground.no_models"))
        return
    working = shared.working_models(chosen)
    if st.toggle(t("scrub.toggle"), key="scrub", persist_state="session", help=t("scrub.toggle_help")):
        frames = scrub.scrub_frames(digit, working, kind, seed)
        titles = {model.name: shared.title(model.name) for model in working}
        # Our own generated HTML (no user text in it but escaped labels), so the iframe may run its small script.
        st.iframe(scrub.scrubber_html(frames, titles, level, shared.t), height=260, alt=t("scrub.alt"))
    result = denoise_digit(digit, working, kind, level, seed)
    outputs = {output.name: output for output in result.outputs}
    size = shared.panel_size()  # five panels fit a laptop; presentation mode makes them larger
    # Pictures at their own resolution (28 x 28, the code's grid): the browser scales them up, crisply.
    # The original and the noisy digit are encoded once and shown in every row.
    original = (views.grey_data_url(result.clean, 28), t("panel.original"), t("panel.original"))
    noisy_caption = t("panel.noisy_db", psnr=result.noisy_psnr_db)
    noisy = (views.grey_data_url(result.noisy, 28), noisy_caption, noisy_caption)
    for name in chosen:
        about, pictures = st.columns([1.2, 4], vertical_alignment="center")
        code_caption = t(f"model.{name}.code")
        about_text = f"**{shared.title(name)}**  \n{code_caption}"
        if name not in outputs:
            about.markdown(about_text)
            about.error(t("error.model_unavailable", detail=shared.model_error(name)), icon=":material/error:")
            continue
        output = outputs[name]
        about.markdown(f"{about_text}\n\n{t('playground.scores', psnr=output.psnr_db, ssim=output.ssim)}")
        top = float(np.max(output.code))
        code = views.png_data_url(views.code_image(output.code, 1, shared.colour_map()))
        code_alt = t("panel.code_alt", code=code_caption, top=top)
        reconstruction = views.grey_data_url(output.reconstruction, 28)
        pictures.html(
            views.figures_html(
                [
                    original,
                    noisy,
                    (code, t("panel.code_range", top=top), code_alt),
                    (reconstruction, t("panel.reconstruction"), t("panel.reconstruction")),
                ],
                size,
            )
        )
    if not st.session_state["present"]:  # slides and worksheets are made at a desk, not on the projector
        download_buttons(result, chosen, kind, level, seed)


def download_buttons(result: Result, chosen: list[str], kind: str, level: float, seed: int) -> None:
    """The comparison as a PNG figure, and the digit as a 28x28 PNG."""
    in_figure = shared.figure_translator()
    source = shared.digit_source(in_figure)
    caption = in_figure("figure.caption", source=source, kind=in_figure(f"noise.kind.{kind}"), level=level, seed=seed)
    titles = {name: in_figure(f"model.{name}.title") for name in chosen}
    figure_col, digit_col, _ = st.columns([2, 2, 3])
    # The PNGs are made only when a button is clicked (a callable), not on every slider move.
    figure_col.download_button(
        t("playground.download_figure"),
        functools.partial(figure.comparison_png, result, titles, caption, in_figure),
        file_name="autoencoder-comparison.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
    )
    digit_col.download_button(
        t("playground.download_digit"),
        functools.partial(figure.digit_png, result.clean),
        file_name="digit-28x28.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
    )


@st.fragment
def input_and_models() -> None:
    """The digit and the models. A pen stroke reruns only this, not the router and the page's head."""
    input_col, preview_col = st.columns([3, 2])
    with input_col:
        digit = choose_digit()
    with preview_col:
        if digit is not None:
            shared.show(digit, t("playground.model_input", source=shared.current_digit()[1]), size=224)
    if digit is not None:
        st.divider()
        show_models(digit)


input_and_models()
