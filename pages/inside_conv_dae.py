"""Inside the conv DAE: every layer's feature maps for the current (noisy) digit, in the order data flows."""

import streamlit as st

from dae import views
from dae.pipeline import denoise_digit
from pages import _shared as shared

shared.page_setup()  # first: it hands a page opened without the router to app.py

WHAT_IT_DOES = {
    "conv": "3x3 convolutions + ReLU: each map lights up where its learned pattern (an edge, a stroke end) appears.",
    "pool": "2x2 max pooling: keeps the strongest response in each 2x2 block, halving width and height.",
    "code": "the code: 4x4x32 = 512 numbers, all the decoder will ever see of the digit.",
    "resize": "nearest-neighbour upsampling: every value copied into a larger grid, no learning.",
    "logits": "one 3x3 convolution down to a single map: the 'logits', before the sigmoid.",
    "reconstruction": "the sigmoid squeezes the logits into [0, 1]: the denoised digit.",
}

st.title("Inside the convolutional denoiser")
st.caption(
    "Each panel is one layer's output for the noisy digit below: one small image per channel, "
    "all on the same colour scale (dark = 0, bright = the layer's largest value)."
)
digit = shared.digit_badge()
model = shared.load_models()["conv_dae"]
if isinstance(model, str):
    st.error(f"The convolutional denoiser is unavailable: {model}")
    st.stop()


@st.fragment
def show_layers() -> None:
    kind, level, seed = shared.noise_controls(key_prefix="inside_")
    result = denoise_digit(digit, [model], kind, level, seed)
    input_col, output_col, _ = st.columns([1, 1, 3])
    with input_col:
        shared.show(result.noisy, "input: the noisy digit, 28 x 28 x 1", 140)
    with output_col:
        shared.show(result.outputs[0].reconstruction, f"output: PSNR {result.outputs[0].psnr_db:.1f} dB", 140)
    for index, (name, maps) in enumerate(model.activations(result.noisy)):
        part = "encoder" if index < len(model.card["layers"]["encoder"]) else "decoder"
        role = next((text for prefix, text in WHAT_IT_DOES.items() if prefix in name), "")
        shape = " x ".join(str(d) for d in maps.shape)
        st.markdown(f"**{index + 1}. {part} · `{name}` · {shape}** — {role}")
        size = 200 if maps.shape[-1] == 1 else 720
        st.image(
            views.feature_maps_image(maps, size=size, colour_map=shared.colour_map()),
            alt=f"{maps.shape[-1]} feature maps of layer {name}",
            width=size,
            caption=f"{maps.shape[-1]} map(s) of {maps.shape[0]} x {maps.shape[1]}, values "
            f"{maps.min():.2f} to {maps.max():.2f}",
        )


show_layers()
