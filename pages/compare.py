"""Compare: every model and the classical filters on the same noisy digit, then over the whole test set."""

import streamlit as st

from dae import charts
from dae.baselines import BASELINE_TITLES
from dae.pipeline import denoise_digit
from pages import _shared as shared

shared.page_setup()  # first: it hands a page opened without the router to app.py

st.title("Compare")
st.caption("Learned denoisers against classical filters that know nothing about digits.")
digit = shared.digit_badge()


@st.fragment
def show_comparison() -> None:
    kind, level, seed = shared.noise_controls(key_prefix="compare_")
    result = denoise_digit(digit, shared.working_models(), kind, level, seed, with_baselines=True)
    panels = [("original", result.clean, ""), ("noisy input", result.noisy, f"{result.noisy_psnr_db:.1f} dB")]
    for output in sorted(result.outputs, key=lambda o: o.psnr_db, reverse=True):
        label = BASELINE_TITLES.get(output.name) or shared.title(output.name)
        panels.append((label, output.reconstruction, f"{output.psnr_db:.1f} dB · SSIM {output.ssim:.2f}"))
    st.caption("Sorted from best to worst PSNR on this digit. In the chart below, filters are dashed lines.")
    for start in range(0, len(panels), 5):
        for column, (label, image, score) in zip(st.columns(5), panels[start : start + 5], strict=False):
            with column:
                shared.show(image, f"{label}  \n{score}", shared.panel_size())


show_comparison()

st.subheader("Over all 10,000 test digits")
evaluation = shared.load_evaluation()
if evaluation is None:
    st.info("No evaluation yet: run `python -m dae.evaluate` to measure every method at every noise level.")
else:
    metric = st.radio(
        "Measure",
        ["psnr_db", "ssim"],
        horizontal=True,
        format_func={"psnr_db": "PSNR (dB)", "ssim": "SSIM"}.get,
        key="compare_metric",
    )
    st.altair_chart(charts.noise_curves(evaluation, metric), width="stretch")
    st.caption(
        "Gaussian noise, clipped to [0, 1], the same noise for every method. PSNR = 10 log10(1 / mean squared "
        "error): +3 dB halves the error. SSIM compares local structure: 1 means identical. "
        "Click a legend entry to highlight one method."
    )
