"""Latent space's live sections for codes of many units: change one unit (or scale one feature map) and
walk from one digit to another, each through the live control, so the decoded digit follows the slider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from dae import latent
from dae.render import charts
from dae.runtime import OnnxAutoencoder
from ui import styles
from ui.display import show
from ui.live import decodes_in_browser, live_decode, live_scrub, packed, walk_panels, walk_steps
from ui.text import t

STEPS = 21  # values of the edited unit (or factors of the map) decoded at once


def edit_section(model: OnnxAutoencoder, code: np.ndarray, bars: st.delta_generator.DeltaGenerator | None) -> None:
    """Pick a unit (or a feature map); its slider then redraws the decoded digit as it moves."""
    with st.columns([1, 3])[0]:
        edit = unit_edits(model, code) if code.ndim == 1 else map_edits(model, code)
    before_col, live_col = st.columns([1, 3])
    with before_col:
        show(model.decode(code)[0], t("latent.decoded"))
    labels = {"level": edit.label, "hint": t("latent.edit_hint")}
    with live_col:
        if decodes_in_browser(model):  # any value, decoded in the browser as the slider moves
            titles, caption = [t("latent.decoded_edited")], edit.caption
            live_decode(model, code, edit.browser, titles, {**labels, "caption": caption}, key=f"edit_{model.name}")
        else:
            images = model.decode(np.stack(edit.codes))
            panel = {"name": "edited", "title": t("latent.decoded_edited"), "images": images, "captions": edit.captions}
            steps = [f"{value:.2f}" for value in edit.values]
            live_scrub(steps, [panel], labels, edit.start, key=f"edit_{model.name}")
    if bars is not None:
        bars.altair_chart(styles.chart(charts.code_bars(code, edit.unit, t)), width="stretch")


@dataclass(frozen=True)
class Edits:
    """One unit (or feature map) of a code set to each of STEPS values: what the live slider flips between."""

    values: np.ndarray
    codes: list[np.ndarray]
    captions: list[str]
    label: str
    start: int  # the step closest to the code as it is
    browser: dict[str, Any]  # the same edit for the browser to decode at any value (ui.live.live_decode)
    caption: str  # its caption, a template of {value}
    unit: int | None = None  # a flat code's unit, highlighted in the bars


def unit_edits(model: OnnxAutoencoder, code: np.ndarray) -> Edits:
    """A flat code: one unit from 0 to twice the code's largest value (at least 2)."""
    start_unit = int(np.argmax(code))
    unit = int(
        st.number_input(
            t("latent.unit"), 0, code.size - 1, start_unit, key=f"unit_{model.name}", help=t("latent.unit_help")
        )
    )
    values = np.linspace(0.0, float(max(code.max(), 1.0)) * 2, STEPS, dtype=np.float32)
    codes = [latent.edit_code(code, unit, float(value)) for value in values]
    captions = [f"{t('live.unit')} {unit} = {value:.2f}" for value in values]
    start = int(np.argmin(np.abs(values - code[unit])))
    browser = {"kind": "unit", "index": unit, "from": 0.0, "to": float(values[-1]), "start": float(code[unit])}
    caption = f"{t('live.unit')} {unit} = {{value:.2f}}"
    return Edits(values, codes, captions, t("latent.unit_value", unit=unit), start, browser, caption, unit)


def map_edits(model: OnnxAutoencoder, code: np.ndarray) -> Edits:
    """A conv code: one feature map multiplied by 0 ... 4."""
    strongest = int(np.argmax(code.sum((0, 1))))
    feature_map = int(
        st.number_input(t("latent.feature_map"), 0, code.shape[-1] - 1, strongest, key=f"map_{model.name}")
    )
    values = np.linspace(0.0, 4.0, STEPS, dtype=np.float32)
    codes = [latent.scale_map(code, feature_map, float(value)) for value in values]
    captions = [f"x {value:.1f}" for value in values]
    start = int(np.argmin(np.abs(values - 1.0)))
    browser = {"kind": "map", "index": feature_map, "from": 0.0, "to": 4.0, "start": 1.0}
    return Edits(values, codes, captions, t("latent.map_factor", map=feature_map), start, browser, "x {value:.2f}")


def walk_section(model: OnnxAutoencoder, digit: np.ndarray, images: np.ndarray) -> None:
    """The straight line between two digits' codes, decoded step by step, beside a plain pixel blend."""
    end_index = st.columns([1, 3])[0].number_input(t("latent.walk_end"), 0, len(images) - 1, 1, key="walk_end")
    end = images[int(end_index)]
    labels = {"level": t("live.walk"), "hint": t("latent.walk_compare")}
    if decodes_in_browser(model):  # every point of the line, decoded in the browser
        here, there = model.encode(np.stack([digit, end]))
        edit = {"kind": "walk", "from": 0.0, "to": 1.0, "start": 0.0, "end": packed(there),
                "digits": [packed(np.asarray(digit, np.float32)), packed(np.asarray(end, np.float32))]}  # fmt: skip
        titles = [t("latent.through_code_short"), t("latent.pixel_blend_short")]
        live_decode(model, here, edit, titles, {**labels, "caption": ""}, key=f"walk_{model.name}")
        return
    live_scrub(walk_steps(), walk_panels(model, digit, end), labels, 0, key=f"walk_{model.name}")
