"""Playground: draw, pick or upload a digit, add noise, and watch every model rebuild it."""

import functools

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from dae import figure, scrub, views
from dae.catalog import MODEL_NAMES
from dae.pipeline import denoise_digit
from dae.preprocess import EmptyImageError, load_image, to_mnist
from pages import _shared as shared

shared.page_setup()  # first: it hands a page opened without the router to app.py

LATENT_CAPTIONS = {
    "basic_ae": "code: 64 numbers, shown 8x8",
    "easy_dae": "code: 32 numbers, shown 4x8",
    "conv_dae": "code: 32 feature maps of 4x4",
    "dense_bottleneck_dae": "code: 128 numbers, shown 8x16",
}

st.title("Autoencoder playground")
st.caption(
    "An autoencoder squeezes a digit into a small **code** and rebuilds it from that code alone. "
    "A denoising autoencoder learns to rebuild the *clean* digit from a noisy one."
)


@st.cache_data(max_entries=64, show_spinner=False)
def digit_from_upload(data: bytes) -> np.ndarray:
    """Decode and centre an upload once, not on every rerun (a phone photo takes ~0.1 s)."""
    return to_mnist(load_image(data))


def choose_digit() -> np.ndarray | None:
    """The input column: returns the digit to show, or None when there is nothing to show yet."""
    source = st.radio(
        "Input", ["Draw", "Test digit", "Upload"], horizontal=True, key="input_source", persist_state="session"
    )
    if source == "Draw":
        st.caption("Draw a digit:")  # also keeps the canvas toolbar, drawn above the box, off the radio
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
        st.caption("Draw with a mouse, finger or pen. Undo and clear are in the toolbar above the box.")
        strokes = canvas.image_data
        try:
            if strokes is None:
                raise EmptyImageError("nothing drawn")
            shared.set_digit(to_mnist(strokes), "your drawing")
        except EmptyImageError:
            st.info("Draw a digit in the black box to see the models at work.", icon=":material/draw:")
            return None
        except ValueError as error:
            st.warning(str(error))
            return None
    elif source == "Test digit":
        test_set = shared.load_test_set_or_warn()
        if test_set is None:
            return None
        images, labels = test_set
        index_col, label_col, random_col = st.columns([2, 2, 1], vertical_alignment="bottom")
        wanted = label_col.selectbox("Label", ["any", *range(10)], key="random_label", persist_state="session")
        if random_col.button("Random", icon=":material/shuffle:", help="A random test digit with this label"):
            pool = np.arange(len(labels)) if wanted == "any" else np.flatnonzero(labels == wanted)
            st.session_state["test_index"] = int(np.random.default_rng().choice(pool))
        index = index_col.number_input(
            f"Test digit (0-{len(images) - 1})", 0, len(images) - 1, key="test_index", persist_state="session"
        )
        shared.set_digit(images[index], f"test digit #{index} (a {labels[index]})")
    else:
        upload = st.file_uploader("A photo of a digit (PNG or JPEG)", type=["png", "jpg", "jpeg"])
        if upload is not None:
            try:
                shared.set_digit(digit_from_upload(upload.getvalue()), f"your photo {upload.name}")
            except ValueError as error:
                st.warning(f"{error} Keeping the previous digit.")
        else:
            st.caption("Dark ink on light paper works best; the photo is cropped and centred like MNIST.")
    return shared.current_digit()[0]


@st.fragment
def show_models(digit: np.ndarray) -> None:
    """Controls and one row per model. Moving a control reruns only this part of the page."""
    kind, level, seed = shared.noise_controls()
    chosen = st.multiselect(
        "Models",
        MODEL_NAMES,
        default=st.session_state["chosen_models"],
        format_func=shared.title,
        key="models_widget",
    )
    st.session_state["chosen_models"] = chosen
    if not chosen:
        st.info("Choose at least one model to see its reconstruction.")
        return
    test_index = st.session_state.get("test_index") if st.session_state.get("input_source") == "Test digit" else None
    shared.sync_link(test_index)
    working = shared.working_models(chosen)
    if st.toggle(
        "Live scrubbing",
        key="scrub",
        persist_state="session",
        help="Computes every noise level at once so the pictures follow the slider while you drag.",
    ):
        frames = scrub.scrub_frames(digit, working, kind, seed)
        titles = {model.name: shared.title(model.name) for model in working}
        # Our own generated HTML (no user text in it), so the iframe may run its small script.
        st.iframe(
            scrub.scrubber_html(frames, titles, level), height=260, alt="all noise levels, swapped while dragging"
        )
    result = denoise_digit(digit, working, kind, level, seed)
    outputs = {output.name: output for output in result.outputs}
    size = shared.panel_size()  # five panels fit a laptop; presentation mode makes them larger
    for name in chosen:
        about, original, noisy, code, reconstruction = st.columns([1.2, 1, 1, 1, 1], vertical_alignment="center")
        about.markdown(f"**{shared.title(name)}**  \n{LATENT_CAPTIONS[name]}")
        if name not in outputs:
            about.error(f"Unavailable: {shared.model_error(name)}", icon=":material/error:")
            continue
        output = outputs[name]
        about.markdown(f"PSNR **{output.psnr_db:.1f} dB**  \nSSIM **{output.ssim:.2f}**")
        with original:
            shared.show(result.clean, "original", size)
        with noisy:
            shared.show(result.noisy, f"noisy input ({result.noisy_psnr_db:.1f} dB)", size)
        with code:
            code_range = f"0 to {float(np.max(output.code)):.2f}"
            shared.show_pixels(
                views.code_image(output.code, size, shared.colour_map()),
                f"latent code ({code_range})",
                size,
                alt=f"{LATENT_CAPTIONS[name]}, values {code_range}",
            )
        with reconstruction:
            shared.show(output.reconstruction, "reconstruction", size)
    caption = f"{shared.current_digit()[1]}, {shared.NOISE_LABELS[kind].lower()} noise {level:.2f}, seed {seed}"
    titles = {name: shared.title(name) for name in chosen}
    figure_col, digit_col, _ = st.columns([2, 2, 3])
    # The PNGs are made only when a button is clicked (a callable), not on every slider move.
    figure_col.download_button(
        "Download this comparison (PNG)",
        functools.partial(figure.comparison_png, result, titles, caption),
        file_name="autoencoder-comparison.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
    )
    digit_col.download_button(
        "Download the digit (28x28 PNG)",
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
            shared.show(digit, f"What the models see: 28x28 pixels ({shared.current_digit()[1]})", size=224)
    if digit is not None:
        st.divider()
        show_models(digit)


input_and_models()
