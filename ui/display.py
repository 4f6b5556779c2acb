"""Pictures on a page: a digit, crisp, with its caption as alt text; the current digit as a small badge."""

from __future__ import annotations

import numpy as np
import streamlit as st

from dae.render import pictures
from ui import state, styles
from ui.text import digit_source, t


def show(image: np.ndarray, caption: str, size: int = 168) -> None:
    """A float (28, 28) image in [0, 1], crisp (nearest-neighbour upscaled), with its caption as alt text.

    Inlined as a PNG data URL, the picture arrives with the rerun's own message: no /media/ file
    stored and hashed on the server, then fetched by the browser, one request per picture (and no
    JPEG blur, st.image's default for arrays).
    """
    size = styles.scaled(size)
    st.image(pictures.grey_data_url(image, size), caption=caption, width=size, alt=caption)


def digit_badge() -> np.ndarray:
    """Show the current digit small, with where it came from; return it."""
    digit, source = state.current_digit().image, digit_source()
    left, right = st.columns([1, 6], vertical_alignment="center")
    size = styles.scaled(84)
    left.image(pictures.grey_data_url(digit, size), width=size, alt=t("common.current_digit_alt", source=source))
    right.markdown(t("common.current_digit", source=source))
    return digit
