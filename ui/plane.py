"""The Latent space page's sections for a 2-D code: the walkable map, the walk between two digits, new digits."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dae import latent
from dae.render import pictures
from dae.runtime import OnnxAutoencoder
from ui import resources, state, styles
from ui.live import live_map
from ui.text import t, title

NEW_DIGITS = 8


def plane_sections(model: OnnxAutoencoder, digit: np.ndarray) -> None:
    """The map (with this digit on it and a walk to a second one), then digits drawn from nothing."""
    test_set = resources.load_test_set_or_warn()
    if test_set is None:
        return
    images, _ = test_set
    st.header(t("latent.plane_heading"))
    st.caption(t(f"latent.plane_caption.{model.name}", model=title(model.name)))
    end_index = st.columns([1, 3])[0].number_input(t("latent.walk_end"), 0, len(images) - 1, 1, key="plane_walk_end")
    end_digit = images[int(end_index)]

    def show_map() -> None:
        live_map(model, digit, end_digit, test_set, key=f"plane_{model.name}")

    resources.first_time_with_spinner(show_map, "plane", variant=model.name)
    new_digits(model, images)


@st.cache_resource(show_spinner=False)
def code_range(name: str, _model: OnnxAutoencoder, _images: np.ndarray) -> tuple[float, float]:
    """The smallest and largest number in the test digits' codes: how far the map reaches from N(0, I)."""
    codes = _model.encode(_images)
    return float(codes.min()), float(codes.max())


def new_digits(model: OnnxAutoencoder, images: np.ndarray) -> None:
    """A handful of codes drawn from the prior N(0, I), decoded: digits no one drew."""
    st.header(t("latent.new_heading"))
    low, high = code_range(model.name, model, images)
    st.caption(t(f"latent.new_caption.{model.name}", low=low, high=high))
    session = state.session()
    if st.button(t("latent.new_button"), icon=":material/casino:", key="new_digits"):
        session.prior_draws += 1
    codes, digits = latent.sample_prior(model, NEW_DIGITS, seed=session.prior_draws)
    size = styles.scaled(84)
    st.image(
        [pictures.grey_data_url(image, size) for image in digits],
        width=size,
        caption=[f"({x:.1f}, {y:.1f})" for x, y in codes],
        alt=[t("latent.new_alt", x=f"{x:.1f}", y=f"{y:.1f}") for x, y in codes],
    )
