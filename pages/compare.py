"""Compare: every model and the classical filters on the same noisy digit, then over the whole test set."""

import streamlit as st

from dae.pipeline import denoise_digit
from dae.render import charts
from ui import page, resources, styles
from ui.controls import noise_controls
from ui.display import digit_badge, show
from ui.text import t, translated_choices

page.setup()  # first: it hands a page opened without the router to app.py

st.title(t("compare.title"))
st.caption(t("compare.intro"))
digit = digit_badge()


@st.fragment
def show_comparison() -> None:
    kind, level, seed = noise_controls(key_prefix="compare_")
    result = denoise_digit(digit, resources.working_models(), kind, level, seed, with_baselines=True)
    panels = [
        (t("panel.original"), result.clean, ""),
        (t("panel.noisy"), result.noisy, t("compare.psnr", psnr=result.noisy_psnr_db)),
    ]
    for output in sorted(result.outputs, key=lambda o: o.psnr_db, reverse=True):
        score = t("compare.psnr_ssim", psnr=output.psnr_db, ssim=output.ssim)
        panels.append((charts.method_title(output.name, t), output.reconstruction, score))
    st.caption(t("compare.sorted"))
    for start in range(0, len(panels), 5):
        for column, (label, image, score) in zip(st.columns(5), panels[start : start + 5], strict=False):
            with column:
                show(image, f"{label}  \n{score}", styles.panel_size())


show_comparison()

st.subheader(t("compare.test_set"))
evaluation = resources.load_evaluation()
if evaluation is None:
    st.info(t("compare.no_evaluation"))
else:
    metric = st.radio(
        t("compare.measure"),
        ["psnr_db", "ssim"],
        horizontal=True,
        format_func=translated_choices("compare_metric", ["psnr_db", "ssim"], lambda metric: t(f"metric.{metric}")),
        key="compare_metric",
    )
    st.altair_chart(charts.noise_curves(evaluation, metric, t), width="stretch")
    st.caption(t("compare.explain"))
