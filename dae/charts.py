"""Interactive charts (Altair): heatmaps with values on hover, bars, the code map, the noise curves.

Data frames are built here so pages only choose what to chart.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from dae.catalog import MODEL_NAMES
from dae.views import grid_shape


def _cells(frame: pd.DataFrame, keys: list[str], colour_map: str, axis: alt.Axis | None) -> alt.Chart:
    """One coloured rect per row of `frame` (columns row, col, value), its keys and value on hover."""
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("col:O", title=None, axis=axis),
            y=alt.Y("row:O", title=None, axis=axis),
            color=alt.Color("value:Q", scale=alt.Scale(scheme=colour_map, domainMin=0), title="activation"),
            tooltip=[*keys, alt.Tooltip("value:Q", format=".3f")],
        )
    )


def code_heatmap(code: np.ndarray, colour_map: str = "viridis", cell: int = 26) -> alt.Chart:
    """A flat code as a near-square heatmap, or a (4, 4, 32) code as 32 labelled 4x4 maps; hover shows values."""
    code = np.asarray(code, np.float32)
    if code.ndim == 3:
        rows, cols, maps = np.indices(code.shape)
        frame = pd.DataFrame({"map": maps.ravel(), "row": rows.ravel(), "col": cols.ravel(), "value": code.ravel()})
        tiles = _cells(frame, ["map", "row", "col"], colour_map, axis=None).properties(width=56, height=56)
        return tiles.facet(facet=alt.Facet("map:O", title="feature map"), columns=8)
    rows, cols = grid_shape(code.size)
    index = np.arange(code.size)
    frame = pd.DataFrame({"unit": index, "row": index // cols, "col": index % cols, "value": code.ravel()})
    return _cells(frame, ["unit"], colour_map, axis=alt.Axis()).properties(width=cols * cell, height=rows * cell)


def code_bars(code: np.ndarray, highlight: int | None = None) -> alt.Chart:
    """A flat code as one bar per unit."""
    frame = pd.DataFrame({"unit": np.arange(code.size), "value": np.asarray(code, np.float32).ravel()})
    frame["chosen"] = frame["unit"] == highlight
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("unit:O", axis=alt.Axis(labelAngle=0, values=list(range(0, code.size, 8)))),
            y=alt.Y("value:Q", title="activation"),
            color=alt.condition("datum.chosen", alt.value("#d9480f"), alt.value("#3557c7")),
            tooltip=["unit", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=180)
    )


def code_map(points: np.ndarray, labels: np.ndarray, current: np.ndarray, explained: float) -> alt.Chart:
    """Test digits' codes in 2-D, coloured by label, with the current digit as a large black star."""
    frame = pd.DataFrame({"pc1": points[:, 0], "pc2": points[:, 1], "label": labels.astype(str)})
    dots = (
        alt.Chart(frame)
        .mark_circle(size=14, opacity=0.6)
        .encode(
            x=alt.X("pc1:Q", title="first principal component"),
            y=alt.Y("pc2:Q", title="second principal component"),
            color=alt.Color("label:N", scale=alt.Scale(scheme="tableau10"), title="digit"),
            tooltip=["label"],
        )
    )
    star = (
        alt.Chart(pd.DataFrame({"pc1": [current[0]], "pc2": [current[1]], "label": ["your digit"]}))
        .mark_point(shape="diamond", size=400, filled=True, color="black", stroke="white", strokeWidth=2)
        .encode(x="pc1:Q", y="pc2:Q", tooltip=["label"])
    )
    return (dots + star).properties(height=420, title=f"The two axes keep {explained:.0%} of the codes' variance")


def noise_curves(evaluation: dict, metric: str = "psnr_db") -> alt.Chart:
    """Mean PSNR (or SSIM) against noise level for every method, from dae.evaluate's JSON."""
    rows = [
        {
            "method": method,
            "noise level": float(level),
            metric: values[metric],
            "kind": "learned" if method in MODEL_NAMES else "classical",
        }
        for method, by_level in evaluation["results"].items()
        for level, values in by_level.items()
    ]
    frame = pd.DataFrame(rows)
    pick = alt.selection_point(fields=["method"], bind="legend")
    title = "mean PSNR (dB)" if metric == "psnr_db" else "mean SSIM"
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("noise level:Q"),
            y=alt.Y(f"{metric}:Q", title=title),
            color=alt.Color("method:N", title="method (click to highlight)"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            strokeDash=alt.StrokeDash(
                "kind:N", title="kind", scale=alt.Scale(domain=["learned", "classical"], range=[[1, 0], [5, 3]])
            ),
            tooltip=["method", "noise level", alt.Tooltip(f"{metric}:Q", format=".3f")],
        )
        .add_params(pick)
        .properties(height=420, title=f"{title} over the 10,000 test digits, gaussian noise")
    )


def loss_curves(history: list[dict]) -> alt.Chart:
    """Per-epoch training loss and test-set BCE from a weight card."""
    frame = pd.DataFrame(history)
    frame = frame.melt(id_vars=["epoch"], value_vars=["train_loss", "val_bce"], var_name="curve", value_name="value")
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x="epoch:Q",
            y=alt.Y("value:Q", title="loss", scale=alt.Scale(zero=False)),
            color="curve:N",
            tooltip=["epoch", "curve", alt.Tooltip("value:Q", format=".4f")],
        )
        .properties(height=220)
    )
