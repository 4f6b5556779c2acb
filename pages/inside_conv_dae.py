"""Inside the conv DAE: every layer's feature maps for the current (noisy) digit, in the order data flows."""

import streamlit as st

from dae import views
from dae.pipeline import denoise_digit
from pages import _shared as shared
from pages._shared import t

shared.page_setup()  # first: it hands a page opened without the router to app.py

ROLES = ("conv", "pool", "code", "resize", "logits", "reconstruction")  # layer-name parts, explained in inside.role

st.title(t("inside.title"))
st.caption(t("inside.intro"))
digit = shared.digit_badge()
model = shared.load_models()["conv_dae"]
if isinstance(model, str):
    st.error(t("error.model_unavailable", detail=model))
    st.stop()


@st.fragment
def show_layers() -> None:
    kind, level, seed = shared.noise_controls(key_prefix="inside_")
    result = denoise_digit(digit, [model], kind, level, seed)
    input_col, output_col, _ = st.columns([1, 1, 3])
    with input_col:
        shared.show(result.noisy, t("inside.input"), 140)
    with output_col:
        shared.show(result.outputs[0].reconstruction, t("inside.output", psnr=result.outputs[0].psnr_db), 140)
    for index, (name, maps) in enumerate(model.activations(result.noisy)):
        part = t("inside.encoder") if index < len(model.card["layers"]["encoder"]) else t("inside.decoder")
        role = next((t(f"inside.role.{prefix}") for prefix in ROLES if prefix in name), "")
        shape = " x ".join(str(d) for d in maps.shape)
        st.markdown(f"**{index + 1}. {part} · `{name}` · {shape}** — {role}")
        size = 200 if maps.shape[-1] == 1 else 720
        st.image(
            views.png_data_url(views.feature_maps_image(maps, size=size, colour_map=shared.colour_map())),
            alt=t("inside.maps_alt", count=maps.shape[-1], layer=name),
            width=size,
            caption=t(
                "inside.maps_caption",
                count=maps.shape[-1],
                height=maps.shape[0],
                width=maps.shape[1],
                low=maps.min(),
                high=maps.max(),
            ),
        )


show_layers()
