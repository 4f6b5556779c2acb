"""Latent space: the code of the current digit in detail, editable, interpolated, and on a map."""

import numpy as np
import streamlit as st

from dae import latent
from dae.catalog import MAP_MODELS, MODEL_NAMES
from dae.render import charts
from ui import page, resources, styles
from ui.display import digit_badge
from ui.latent_live import edit_section, walk_section
from ui.plane import plane_sections
from ui.text import t, title, translated_choices

page.setup()  # first: it hands a page opened without the router to app.py

st.title(t("latent.title"))
st.caption(t("latent.intro"))
digit = digit_badge()
# The 2-D maps first; a U-Net's decoder also reads the skip connections, so its code alone cannot be walked.
shown = [*MAP_MODELS, *(name for name in MODEL_NAMES if name not in MAP_MODELS)]
models = {model.name: model for model in resources.working_models(shown) if model.decoder_inputs == 1}
available = list(models)
if not available:
    st.error(t("error.no_models"))
    st.stop()
name = st.radio(
    t("latent.model"),
    available,
    format_func=translated_choices("latent_model", available, title),
    horizontal=True,
    key="latent_model",
)
model = models[name]
code = model.encode(digit)[0]
if code.shape == (2,):
    plane_sections(model, digit)
    st.stop()  # the sections below are for codes of many units

st.header(t("latent.code_heading"))
st.caption(t("latent.code_caption", model=title(name), size=code.size, shape=" x ".join(map(str, code.shape))))
heatmap_col, bars_col = st.columns([2, 3]) if code.ndim == 1 else (st.container(), None)
heatmap_col.altair_chart(
    styles.chart(charts.code_heatmap(code, styles.colour_map(), t)), width="stretch" if code.ndim == 3 else "content"
)

st.header(t("latent.edit_heading"))
edit_section(model, code, bars_col)

st.header(t("latent.walk_heading"))
test_set = resources.load_test_set_or_warn()
if test_set is None:
    st.stop()  # sections 3 and 4 need the MNIST test digits
images, labels = test_set
walk_section(model, digit, images)


@st.cache_resource(show_spinner=False)
def test_set_code_map(model_name: str) -> tuple[latent.CodeMap, np.ndarray]:
    codes = models[model_name].encode(resources.load_test_set()[0])
    fitted = latent.fit_code_map(codes)
    return fitted, fitted.project(codes)


st.header(t("latent.map_heading"))
fitted, points = resources.first_time_with_spinner(lambda: test_set_code_map(name), "code_map", variant=name)
sample = np.random.default_rng(0).choice(len(points), 3000, replace=False)
st.altair_chart(
    styles.chart(charts.code_map(points[sample], labels[sample], fitted.project(code[None])[0], fitted.explained, t)),
    width="stretch",
)
st.caption(t("latent.map_caption", model=title(name)))
