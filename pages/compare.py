"""Compare: every model and the classical filters on the same noisy digit, then over the whole test set."""

import streamlit as st

from dae.catalog import DENOISERS
from ui import page, resources
from ui.controls import new_noise_button, noise_kind
from ui.display import digit_badge
from ui.live import live_noise, model_rows
from ui.text import t, translated_choices

page.setup()  # first: it hands a page opened without the router to app.py

st.title(t("compare.title"))
st.caption(t("compare.intro"))
digit = digit_badge()


@st.fragment
def show_comparison() -> None:
    """Every model and every filter on the same noisy digit, at every level the live control reaches, then the
    same methods over the whole test set: one noise kind for the page, so the chart always shows the kind above."""
    kind_col, seed_col, _ = st.columns([2, 1.2, 2], vertical_alignment="bottom")
    with kind_col:
        kind = noise_kind(key_prefix="compare_")
    with seed_col:
        seed = new_noise_button(key_prefix="compare_")
    st.caption(t("compare.sorted"))
    live_grid(kind, seed)
    test_set_chart(kind)


@st.fragment
def live_grid(kind: str, seed: int) -> None:
    """The slider coming to rest reruns only this (the rows are sorted again for the new level)."""
    frames = model_rows(digit, resources.working_models(list(DENOISERS)), kind, seed, baselines=True)
    live_noise(frames, key="compare_live", layout="grid")


def test_set_chart(kind: str) -> None:
    """Mean PSNR or SSIM against the level of this noise kind, over all 10,000 test digits."""
    st.header(t("compare.test_set"))
    evaluation = resources.load_evaluation()
    if evaluation is None or kind not in evaluation["kinds"]:
        st.info(t("compare.no_evaluation"))
        return
    metric = st.radio(
        t("compare.measure"),
        ["psnr_db", "ssim"],
        horizontal=True,
        format_func=translated_choices("compare_metric", ["psnr_db", "ssim"], lambda metric: t(f"metric.{metric}")),
        key="compare_metric",
    )
    st.vega_lite_chart(spec=resources.noise_curves(metric, kind), width="stretch")
    st.caption(t("compare.explain"))


show_comparison()
