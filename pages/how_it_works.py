"""How it works: each model's architecture, training and scores, and what a denoising autoencoder learns."""

import pandas as pd
import streamlit as st

from dae import i18n
from dae.cards import ArchitectureRow, ModelCard
from dae.catalog import MODEL_NAMES
from dae.render import charts
from dae.runtime import Unavailable
from ui import page, resources, styles
from ui.text import t, title

page.setup()  # first: it hands a page opened without the router to app.py

ARCHITECTURE_COLUMNS = ("part", "layer", "type", "output shape", "parameters")  # keys of a card's architecture rows


def metrics_table(card: ModelCard) -> pd.DataFrame:
    """One row per test condition of the card: the input, then PSNR and SSIM on the 10,000 test digits."""
    rows = []
    for condition, values in card["test_metrics"].items():
        level = float(condition.rpartition("_")[2])
        condition_text = t("how.clean_digits") if level == 0 else t("how.gaussian_level", level=level)
        scores = {t(f"metric.{key}"): f"{value:.3f}" if key == "ssim" else f"{value:.2f}"
                  for key, value in values.items()}
        rows.append({t("how.input"): condition_text, **scores})
    return pd.DataFrame(rows)


def architecture_table(rows: list[ArchitectureRow]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(ARCHITECTURE_COLUMNS))
    frame["part"] = frame["part"].map(lambda part: t(f"inside.{part}"))
    frame["parameters"] = frame["parameters"].map("{:,}".format)  # 50,240, not 50240
    headers = {column: t(f"how.column.{column.replace(' ', '_')}") for column in ARCHITECTURE_COLUMNS}
    return frame.rename(columns=headers)


def show_training(name: str, card: ModelCard) -> None:
    """Training settings, test metrics and loss curves from a model's weight card."""
    training = card["training"]
    schedule = training["schedule"]
    if f"how.schedule.{schedule}" in i18n.strings(i18n.DEFAULT_LANGUAGE):
        schedule = t(f"how.schedule.{schedule}")
    # The locale's note translates the shipped card's; after a retrain with a new note, show the card's own.
    note = training["note"]
    if note == i18n.english(f"model.{name}.training_note"):
        note = t(f"model.{name}.training_note")
    noise = t("how.noise_level", level=training["noise_level"]) if training["noise_level"] else t("how.no_noise")
    mse_epochs = training["mse_epochs"]
    loss = t("how.loss_bce_then_mse", epochs=mse_epochs) if mse_epochs else t("how.loss_bce")
    settings_col, metrics_col = st.columns(2)
    with settings_col:
        st.markdown(t("how.training_heading"))
        st.markdown(
            t(
                "how.training",
                epochs=training["epochs"],
                batch=training["batch_size"],
                rate=training["learning_rate"],
                schedule=schedule,
                loss=loss,
                noise=noise,
                images=training["train_images"],
                minutes=card["wall_time_s"] / 60,
                note=note,
            )
        )
    with metrics_col:
        st.markdown(t("how.metrics_heading"))
        st.table(metrics_table(card), hide_index=True)
    st.altair_chart(styles.chart(charts.loss_curves(card["history"], t)), width="stretch")
    st.caption(t("how.loss_caption"))


st.title(t("how.title"))
st.markdown(t("how.intro"))

for name, tab in zip(MODEL_NAMES, st.tabs([title(name) for name in MODEL_NAMES]), strict=True):
    with tab:
        model = resources.model_or_failure(name)
        if isinstance(model, Unavailable):
            st.error(t("error.model_unavailable", detail=model.reason))
            continue
        st.markdown(
            t(
                "how.model_summary",
                description=t(f"model.{name}.description"),
                source=t(f"model.{name}.source"),
                shape=" x ".join(map(str, model.latent_shape)),
                parameters=model.parameter_count,
            )
        )
        st.table(architecture_table(model.architecture()), hide_index=True)
        show_training(name, model.card)

st.markdown(t("how.noise_kinds"))
st.markdown(t("how.deviations"))
st.markdown(t("how.beyond"))
