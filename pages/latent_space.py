"""Latent space: the code of the current digit in detail, editable, interpolated, and on a map."""

import numpy as np
import streamlit as st

from dae import charts, latent, views
from pages import _shared as shared

shared.page_setup()  # first: it hands a page opened without the router to app.py

st.title("Latent space")
st.caption(
    "The code is everything the decoder gets. Hover a cell to read its value; change one and decode. "
    "This page encodes the clean digit: it is about what a code holds, not about noise."
)
digit = shared.digit_badge()
available = [model.name for model in shared.working_models()]
if not available:
    st.error("No model could be loaded; see the messages on the Playground.")
    st.stop()
name = st.radio("Model", available, format_func=shared.title, horizontal=True, key="latent_model")
model = shared.load_models()[name]
code = model.encode(digit)[0]

st.subheader("1. The code")
st.caption(
    f"{shared.title(name)}: {code.size} numbers, shape {' x '.join(map(str, code.shape))}. "
    "ReLU units are never negative; dark cells are switched off."
)
heatmap_col, bars_col = st.columns([2, 3]) if code.ndim == 1 else (st.container(), None)
heatmap_col.altair_chart(
    charts.code_heatmap(code, shared.colour_map()), width="stretch" if code.ndim == 3 else "content"
)

st.subheader("2. Change the code, decode it")
edit_col, before_col, after_col = st.columns([2, 1, 1])
with edit_col:
    if code.ndim == 1:
        unit = st.number_input(
            "Unit", 0, code.size - 1, int(np.argmax(code)), key=f"unit_{name}", help="Starts at the most active unit"
        )
        top = float(max(code.max(), 1.0)) * 2
        value = st.slider(f"Value of unit {unit}", 0.0, top, float(code[unit]), key=f"value_{name}_{unit}")
        edited = latent.edit_code(code, int(unit), value)
    else:
        feature_map = st.number_input(
            "Feature map", 0, code.shape[-1] - 1, int(np.argmax(code.sum((0, 1)))), key=f"map_{name}"
        )
        factor = st.slider(f"Multiply map {feature_map} by", 0.0, 4.0, 1.0, 0.1, key=f"factor_{name}_{feature_map}")
        edited = latent.scale_map(code, int(feature_map), factor)
with before_col:
    shared.show(model.decode(code)[0], "decoded code")
with after_col:
    shared.show(model.decode(edited)[0], "decoded after your change")
if bars_col is not None:
    bars_col.altair_chart(charts.code_bars(edited, int(unit)), width="stretch")

st.subheader("3. Walk from one digit to another")
test_set = shared.load_test_set_or_warn()
if test_set is None:
    st.stop()  # sections 3 and 4 need the MNIST test digits
images, labels = test_set
end_index = st.number_input("Second digit: test digit #", 0, len(images) - 1, 1, key="walk_end")
steps = st.slider("Steps", 3, 12, 8, key="walk_steps")
through_code, pixel_blend = latent.interpolate(model, digit, images[end_index], steps)
st.caption("Through the code (each step decoded):")
st.image(
    [views.grey(image, 84) for image in through_code],
    width=84,
    alt=[f"step {i + 1} of {steps} through the code" for i in range(steps)],
)
st.caption("Straight pixel blend, for comparison: the code's path stays digit-like, the blend just fades.")
st.image(
    [views.grey(image, 84) for image in pixel_blend],
    width=84,
    alt=[f"step {i + 1} of {steps} of the pixel blend" for i in range(steps)],
)


@st.cache_resource(show_spinner="Encoding the 10,000 test digits...")
def test_set_code_map(model_name: str) -> tuple[latent.CodeMap, np.ndarray]:
    codes = shared.load_models()[model_name].encode(shared.load_test_set()[0])
    fitted = latent.fit_code_map(codes)
    return fitted, fitted.project(codes)


st.subheader("4. Where this digit sits among all test digits")
fitted, points = test_set_code_map(name)
sample = np.random.default_rng(0).choice(len(points), 3000, replace=False)
st.altair_chart(
    charts.code_map(points[sample], labels[sample], fitted.project(code[None])[0], fitted.explained),
    width="stretch",
)
st.caption(
    f"Each dot is one of 3,000 test digits, placed by a PCA of its {shared.title(name)} code. "
    "Digits of the same class cluster, although the model never saw a label."
)
