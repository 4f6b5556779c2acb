"""Watch it learn: train a small autoencoder live and see its reconstructions improve epoch by epoch."""

import numpy as np
import streamlit as st

from dae.render import charts, pictures
from ui import page, resources, state, styles, training_job
from ui.text import t

page.setup()  # first: it hands a page opened without the router to app.py

WATCHED = [3, 2, 1, 18, 4, 8, 11, 0, 61, 7]  # one test digit of each class, 0 to 9


def show_job(watched: np.ndarray, following: bool) -> None:
    """The training's progress (Stop while it runs), then the watched digits: the targets, what the network is
    shown when it learns to denoise, and its reconstructions after the last epoch; then the loss curve.
    `following`: this runs twice a second while a training runs."""
    job = state.session().training
    if job is not None:
        training_job.poll(job)
        if following and not job.active:
            st.rerun()  # it has ended: the whole page once more, which stops these reruns
        show_progress(job)
    size = styles.scaled(84)
    st.image(
        [pictures.grey_data_url(digit, size) for digit in watched],
        width=size,
        caption=[t("learn.target")] * len(WATCHED),
        alt=[t("learn.target_alt", index=index) for index in WATCHED],
    )
    if job is None:
        return
    if job.settings["noise_level"]:  # the noisy inputs beside the reconstructions, as on the Playground
        noisy = [t("panel.noisy")] * len(job.inputs)
        st.image([pictures.grey_data_url(image, size) for image in job.inputs], width=size, caption=noisy, alt=noisy)
    if job.pictures is not None:
        epoch = job.epochs_done
        st.image(
            [pictures.grey_data_url(image, size) for image in job.pictures],
            width=size,
            caption=[t("learn.epoch_caption", epoch=epoch)] * len(job.pictures),
            alt=[t("learn.epoch_alt", epoch=epoch)] * len(job.pictures),
        )
        st.altair_chart(styles.chart(charts.epoch_losses(job.losses, t)), width="stretch")


def show_progress(job: training_job.Job) -> None:
    """Stop while training (its callback runs before this, so a stopped job has none), and where it stands."""
    epochs = job.settings["epochs"]
    if job.active:
        st.button(
            t("learn.stop"), icon=":material/stop:", help=t("learn.stop_help"), on_click=training_job.stop, args=(job,)
        )
    if job.state == "waiting":
        st.info(t("learn.busy"), icon=":material/hourglass_top:")
    elif job.state == "starting":
        st.progress(0.0, text=t("learn.starting"))
    elif job.state == "running":
        last = job.losses[-1]
        st.progress(job.epochs_done / epochs, text=t("learn.progress", epoch=job.epochs_done, epochs=epochs, loss=last))
    elif job.state == "done":
        st.success(t("learn.done", epochs=epochs, code=job.settings["code_units"]))
    elif job.state == "stopped":
        st.warning(t("learn.stopped", epoch=job.epochs_done, epochs=epochs), icon=":material/stop_circle:")
    else:
        st.error(t("learn.failed", epoch=job.epochs_done, reason=job.reason))


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
if st.button(t("learn.train"), type="primary", icon=":material/play_arrow:"):
    state.session().training = training_job.request(
        {"code_units": code_units, "noise_level": 0.5 if denoise else 0.0, "epochs": epochs, "watch": watched},
        replacing=state.session().training,  # a training still going: its trainer takes this one instead
    )
training_job.prepare()  # a trainer gets ready now (TensorFlow takes seconds to load), before Train is pressed
job = state.session().training
following = job is not None and job.active
# While the child trains, this part alone reruns twice a second to show each new epoch.
st.fragment(show_job, run_every=0.5 if following else None)(watched, following)
