"""Watch it learn: train a small autoencoder live and see its reconstructions improve epoch by epoch."""

import threading

import pandas as pd
import streamlit as st

from dae import views
from pages import _shared as shared

shared.page_setup()  # first: it hands a page opened without the router to app.py

WATCHED = [3, 2, 1, 18, 4, 8, 11, 0, 61, 7]  # one test digit of each class, 0 to 9


@st.cache_resource
def training_slot() -> threading.Lock:
    """One training at a time per server: two at once would halve everyone's speed."""
    return threading.Lock()


st.title("Watch it learn")
st.caption(
    "Train a fresh dense autoencoder on 20,000 training digits, right here, and watch its reconstructions of "
    "ten test digits sharpen epoch by epoch. The shipped models are not touched; this one is forgotten afterwards."
)
test_set = shared.load_test_set_or_warn()
if test_set is None:
    st.stop()
watched = test_set[0][WATCHED]
code_col, mode_col, epochs_col = st.columns(3)
code_units = code_col.select_slider(
    "Code size (numbers)",
    [2, 4, 8, 16, 32, 64, 128],
    value=32,
    key="learn_code",
    persist_state="session",
    help="The smaller the code, the more the network must generalise; try 2 and 128.",
)
denoise = mode_col.toggle("Train as a denoiser (noise 0.5)", key="learn_denoise", persist_state="session")
epochs = epochs_col.slider("Epochs", 1, 20, 8, key="learn_epochs", persist_state="session")
start_col, stop_col, _ = st.columns([1, 1, 4])
start = start_col.button("Train", type="primary", icon=":material/play_arrow:")
stop_col.button("Stop", icon=":material/stop:", help="Stops a training in progress")  # any rerun interrupts fit
st.image(
    [views.grey(digit, 84) for digit in watched],
    width=84,
    caption=["target"] * len(WATCHED),
    alt=[f"test digit {index}" for index in WATCHED],
)

if start:
    slot = training_slot()
    if not slot.acquire(blocking=False):
        st.warning("Someone in the room is training a model right now; try again in a minute.")
        st.stop()
    try:
        from dae.train import train_while_watching  # Keras loads here, only when someone trains

        progress = st.progress(0.0, text="Starting (the first time takes a few seconds)...")
        pictures, curve = st.empty(), st.empty()
        losses: list[float] = []

        def show_epoch(epoch: int, loss: float, reconstructions) -> None:
            losses.append(loss)
            progress.progress(epoch / epochs, text=f"Epoch {epoch} of {epochs}: loss {loss:.4f}")
            pictures.image(
                [views.grey(image, 84) for image in reconstructions],
                width=84,
                caption=[f"epoch {epoch}"] * len(reconstructions),
                alt=[f"reconstruction after epoch {epoch}"] * len(reconstructions),
            )
            curve.line_chart(pd.DataFrame({"training loss (BCE)": losses}, index=range(1, epoch + 1)), height=220)

        train_while_watching(code_units, 0.5 if denoise else 0.0, epochs, show_epoch, watched)
        st.success(f"Trained {epochs} epochs with a {code_units}-number code. Change a setting and train again.")
    finally:
        slot.release()
