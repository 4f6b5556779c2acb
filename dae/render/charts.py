"""Interactive charts (Altair): heatmaps with values on hover, bars, the code map, the noise curves.

Data frames are built here so pages only choose what to chart. Every title comes through `t`
(dae.i18n), so a chart speaks the page's language.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from dae import i18n
from dae.baselines import BASELINES
from dae.cards import Epoch
from dae.catalog import MODEL_NAMES
from dae.render.frames import method_title
from dae.render.pictures import ColourMap, grid_shape
from dae.render.plane import CLASS_COLOURS


def _cells(
    frame: pd.DataFrame, keys: list[alt.Tooltip], colour_map: ColourMap, axis: alt.Axis | None, t: i18n.Translate
) -> alt.Chart:
    """One coloured rect per row of `frame` (columns row, col, value), its keys and value on hover."""
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("col:O", title=None, axis=axis),
            y=alt.Y("row:O", title=None, axis=axis),
            color=alt.Color("value:Q", scale=alt.Scale(scheme=colour_map, domainMin=0), title=t("chart.activation")),
            tooltip=[*keys, alt.Tooltip("value:Q", format=".3f", title=t("chart.activation"))],
        )
    )


def code_heatmap(
    code: np.ndarray, colour_map: ColourMap = "viridis", t: i18n.Translate = i18n.english, cell: int = 26
) -> alt.Chart | alt.FacetChart:
    """A flat code as a near-square heatmap, or a (4, 4, 32) code as 32 labelled 4x4 maps; hover shows values."""
    code = np.asarray(code, np.float32)
    if code.ndim == 3:
        row, col, map_ = np.indices(code.shape)
        frame = pd.DataFrame({"map": map_.ravel(), "row": row.ravel(), "col": col.ravel(), "value": code.ravel()})
        keys = [
            alt.Tooltip("map:O", title=t("chart.feature_map")),
            alt.Tooltip("row:O", title=t("chart.row")),
            alt.Tooltip("col:O", title=t("chart.column")),
        ]
        tiles = _cells(frame, keys, colour_map, None, t).properties(width=56, height=56)
        return tiles.facet(facet=alt.Facet("map:O", title=t("chart.feature_map")), columns=8)
    rows, cols = grid_shape(code.size)
    index = np.arange(code.size)
    frame = pd.DataFrame({"unit": index, "row": index // cols, "col": index % cols, "value": code.ravel()})
    keys = [alt.Tooltip("unit:O", title=t("chart.unit"))]
    return _cells(frame, keys, colour_map, alt.Axis(), t).properties(width=cols * cell, height=rows * cell)


def code_bars(code: np.ndarray, highlight: int | None = None, t: i18n.Translate = i18n.english) -> alt.Chart:
    """A flat code as one bar per unit."""
    frame = pd.DataFrame({"unit": np.arange(code.size), "value": np.asarray(code, np.float32).ravel()})
    frame["chosen"] = frame["unit"] == highlight
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("unit:O", title=t("chart.unit"), axis=alt.Axis(labelAngle=0, values=list(range(0, code.size, 8)))),
            y=alt.Y("value:Q", title=t("chart.activation")),
            color=alt.condition("datum.chosen", alt.value("#d9480f"), alt.value("#3557c7")),
            tooltip=[
                alt.Tooltip("unit:O", title=t("chart.unit")),
                alt.Tooltip("value:Q", format=".3f", title=t("chart.activation")),
            ],
        )
        .properties(height=180)
    )


def code_map(
    points: np.ndarray, labels: np.ndarray, current: np.ndarray, explained: float, t: i18n.Translate = i18n.english
) -> alt.Chart:
    """Test digits' codes in 2-D, coloured by label (colour-blind-safe), the current digit a named black diamond."""
    frame = pd.DataFrame({"pc1": points[:, 0], "pc2": points[:, 1], "label": labels.astype(str)})
    label = alt.Tooltip("label:N", title=t("chart.digit"))
    dots = (
        alt.Chart(frame)
        .mark_circle(size=14, opacity=0.6)
        .encode(
            x=alt.X("pc1:Q", title=t("chart.pc1")),
            y=alt.Y("pc2:Q", title=t("chart.pc2")),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(domain=[str(digit) for digit in range(10)], range=list(CLASS_COLOURS)),
                title=t("chart.digit"),
            ),
            tooltip=[label],
        )
    )
    here = alt.Chart(pd.DataFrame({"pc1": [current[0]], "pc2": [current[1]], "label": [t("chart.your_digit")]}))
    star = here.mark_point(shape="diamond", size=400, filled=True, color="black", stroke="white", strokeWidth=2).encode(
        x="pc1:Q", y="pc2:Q", tooltip=[label]
    )
    # Named on the map, not only in a tooltip: a projected class cannot hover. White halo, then the ink.
    # (No font size here: the chart's text config sets it, larger in presentation mode.)
    name, name_ink = (
        here.mark_text(align="left", dx=14, fontWeight="bold", stroke=stroke, strokeWidth=width).encode(
            x="pc1:Q", y="pc2:Q", text="label:N"
        )
        for stroke, width in (("white", 4), (alt.Undefined, alt.Undefined))
    )
    chart = dots + star + name + name_ink
    return chart.properties(height=420, title=t("chart.code_map_title", share=explained)).configure_text(fontSize=15)


# One colour per method wherever it is drawn, whatever the language: Okabe and Ito's colour-blind-safe
# palette for the learned models, greys for the noisy input and the classical filters.
METHOD_COLOURS = {
    "basic_ae": "#E69F00",
    "easy_dae": "#56B4E9",
    "conv_dae": "#009E73",
    "dense_bottleneck_dae": "#CC79A7",
    "unet_dae": "#0072B2",
    "noisy_input": "#D55E00",
    **dict(zip(BASELINES, ("#4D4D4D", "#8C8C8C", "#B3B3B3"), strict=False)),
}


def noise_curves(
    evaluation: dict, metric: str = "psnr_db", t: i18n.Translate = i18n.english, noise_kind: str = "gaussian"
) -> alt.Chart:
    """Mean PSNR (or SSIM) against the level of one noise kind for every method, from dae.training.evaluate's JSON."""
    learned, classical = t("chart.learned"), t("chart.classical")
    rows = [
        {
            "method": method_title(method, t),
            "level": float(level),
            "value": values[metric],
            "kind": learned if method in MODEL_NAMES else classical,
        }
        for method, by_level in evaluation["kinds"][noise_kind].items()
        if method in METHOD_COLOURS  # the 2-D codes are measured too, but they are maps, not denoisers
        for level, values in by_level.items()
    ]
    frame = pd.DataFrame(rows)
    levels = sorted(set(frame["level"])) if rows else []
    pick = alt.selection_point(fields=["method"], bind="legend")
    title = t(f"chart.mean_{metric}")
    method = alt.Tooltip("method:N", title=t("chart.method"))
    level = alt.Tooltip("level:Q", title=t("chart.noise_level"))
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            # A tick at each measured level, whatever the chart's width (a wide projector chose 0.10, 0.14, ...).
            x=alt.X("level:Q", title=t("chart.noise_level"), axis=alt.Axis(values=levels, format=".1f")),
            y=alt.Y("value:Q", title=title),
            color=alt.Color(
                "method:N",
                title=t("chart.method_pick"),
                scale=alt.Scale(
                    domain=[method_title(name, t) for name in METHOD_COLOURS], range=list(METHOD_COLOURS.values())
                ),
                legend=alt.Legend(labelLimit=0),  # full names, never "Conv denoiser with a 128…"
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            strokeDash=alt.StrokeDash(
                "kind:N", title=t("chart.kind"), scale=alt.Scale(domain=[learned, classical], range=[[1, 0], [5, 3]])
            ),
            tooltip=[method, level, alt.Tooltip("value:Q", format=".3f", title=title)],
        )
        .add_params(pick)
        .properties(height=420, title=t("chart.noise_curves_title", measure=title, kind=t(f"noise.kind.{noise_kind}")))
    )


def epoch_losses(losses: list[float], t: i18n.Translate = i18n.english) -> alt.Chart:
    """The training loss after each epoch so far (Watch it learn)."""
    frame = pd.DataFrame({"epoch": range(1, len(losses) + 1), "loss": losses})
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("epoch:Q", title=t("chart.epoch"), axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("loss:Q", title=t("learn.loss_curve"), scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("epoch:Q", title=t("chart.epoch")), alt.Tooltip("loss:Q", format=".4f")],
        )
        .properties(height=220)
    )


def loss_curves(history: list[Epoch], t: i18n.Translate = i18n.english) -> alt.Chart:
    """Per-epoch training loss and test-set BCE from a weight card."""
    frame = pd.DataFrame(history).rename(columns={"train_loss": t("chart.train_loss"), "val_bce": t("chart.test_bce")})
    frame = frame.melt(
        id_vars=["epoch"], value_vars=[t("chart.train_loss"), t("chart.test_bce")], var_name="curve", value_name="value"
    )
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("epoch:Q", title=t("chart.epoch"), axis=alt.Axis(tickMinStep=1, format="d")),  # 1, 2, 3: no "1.0"
            y=alt.Y("value:Q", title=t("chart.loss"), scale=alt.Scale(zero=False)),
            color=alt.Color("curve:N", title=t("chart.curve")),
            tooltip=[
                alt.Tooltip("epoch:Q", title=t("chart.epoch")),
                alt.Tooltip("curve:N", title=t("chart.curve")),
                alt.Tooltip("value:Q", format=".4f", title=t("chart.loss")),
            ],
        )
        .properties(height=220)
    )
