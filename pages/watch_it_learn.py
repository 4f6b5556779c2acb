"""Watch it learn: train a small autoencoder live and see its reconstructions improve epoch by epoch."""

import threading

import numpy as np
import pandas as pd
import streamlit as st

from dae.render import pictures
from ui import page, resources
from ui.text import t

page.setup()  # first: it hands a page opened without the router to app.py

WATCHED = [3, 2, 1, 18, 4, 8, 11, 0, 61, 7]  # one test digit of each class, 0 to 9


@st.cache_resource
def training_slot() -> threading.Lock:
    """One training at a time per server: two at once would halve everyone's speed."""
    return threading.Lock()


st.title(t("learn.title"))
st.caption(t("learn.intro"))
test_set = resources.load_test_set_or_warn()
if test_set is None:
    st.stop()
watched = test_set[0][WATCHED]
code_col, mode_col, epochs_col = st.columns(3)
code_units = code_col.select_slider(
    t("learn.code_size"),
    [2, 4, 8, 16, 32, 64, 128],
    value=32,
    key="learn_code",
    persist_state="session",
    help=t("learn.code_size_help"),
)
denoise = mode_col.toggle(t("learn.denoiser"), key="learn_denoise", persist_state="session")
epochs = epochs_col.slider(t("learn.epochs"), 1, 20, 8, key="learn_epochs", persist_state="session")
start_col, stop_col, _ = st.columns([1, 1, 4])
start = start_col.button(t("learn.train"), type="primary", icon=":material/play_arrow:")
stop_col.button(t("learn.stop"), icon=":material/stop:", help=t("learn.stop_help"))  # any rerun interrupts fit
st.image(
    [pictures.grey_data_url(digit, 84) for digit in watched],
    width=84,
    caption=[t("learn.target")] * len(WATCHED),
    alt=[t("learn.target_alt", index=index) for index in WATCHED],
)

if start:
    slot = training_slot()
    if not slot.acquire(blocking=False):
        st.warning(t("learn.busy"))
        st.stop()
    try:
        from dae.training.train import train_while_watching  # Keras loads here, only when someone trains

        progress = st.progress(0.0, text=t("learn.starting"))
        gallery, curve = st.empty(), st.empty()
        losses: list[float] = []

        def show_epoch(epoch: int, loss: float, reconstructions: np.ndarray) -> None:
            losses.append(loss)
            progress.progress(epoch / epochs, text=t("learn.progress", epoch=epoch, epochs=epochs, loss=loss))
            gallery.image(
                [pictures.grey_data_url(image, 84) for image in reconstructions],
                width=84,
                caption=[t("learn.epoch_caption", epoch=epoch)] * len(reconstructions),
                alt=[t("learn.epoch_alt", epoch=epoch)] * len(reconstructions),
            )
            losses_frame = pd.DataFrame({t("learn.loss_curve"): losses}, index=range(1, epoch + 1))
            curve.line_chart(losses_frame, height=220, x_label=t("chart.epoch"), y_label=t("chart.loss"))

        train_while_watching(code_units, 0.5 if denoise else 0.0, epochs, show_epoch, watched)
        st.success(t("learn.done", epochs=epochs, code=code_units))
    finally:
        slot.release()
