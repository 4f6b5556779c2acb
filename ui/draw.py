"""The drawing pad (a Streamlit Components v2 element, no iframe): white ink on black, sent when the pen lifts.

It replaces streamlit-drawable-canvas, which sends a drawing 200 ms after the last change, a wait that
alone took two thirds of the pen-lift budget. The pad sends a PNG of its 280 x 280 canvas the moment a
stroke ends (and after Undo or Clear); the server reads it exactly as it reads an upload
(dae.preprocess.load_image, which checks format and size first), so a malformed value from the browser
is refused with a message, never an exception.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import streamlit as st

from dae.preprocess import ImageError, load_image, to_mnist
from ui import state
from ui.browser_models import PROJECT
from ui.text import t

PNG_PREFIX = "data:image/png;base64,"
LABELS = ("pad", "undo", "clear")
MAX_CHARS = 2_000_000  # a 280 x 280 drawing is ~10 KB; anything far larger is not from the pad


@functools.cache
def _component() -> Callable[..., Any]:
    # File-backed (pyproject.toml's draw_pad, asset_dir ui/components), so that draw_pad.js imports dom.js beside
    # it as every module there does; made on first use, inside a running app, which has read pyproject.toml.
    return st.components.v2.component(
        f"{PROJECT}.draw_pad",
        html='<div class="draw-root" data-testid="draw-pad"></div>',
        css="draw_pad.css",
        js="draw_pad.js",
        isolate_styles=False,
    )


def draw_pad(key: str) -> str:
    """Show the pad; the drawing as the pad sent it (a PNG data URL), or "" before a stroke or after Clear."""
    labels = {label: t(f"draw.{label}") for label in LABELS}
    data = {"labels": labels, "present": state.view().present}
    result = _component()(key=key, data=data, default={"drawing": ""}, on_drawing_change=lambda: None)
    sent = result.get("drawing") if hasattr(result, "get") else ""
    return sent if isinstance(sent, str) else ""


@st.cache_data(max_entries=32, show_spinner=False)
def digit_from_drawing(sent: str) -> np.ndarray:
    """The pad's PNG -> an MNIST-style digit; ImageError (with its message key) for anything else."""
    if len(sent) > MAX_CHARS or not sent.startswith(PNG_PREFIX):
        raise ImageError("unreadable")
    try:
        data = base64.b64decode(sent[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ImageError("unreadable") from None
    return to_mnist(load_image(data))
