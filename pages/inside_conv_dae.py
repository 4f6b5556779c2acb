"""Inside the conv DAE: every layer's feature maps for the current (noisy) digit, in the order data flows."""

import numpy as np
import streamlit as st

from dae.autoencoder import layer_role
from dae.pipeline import denoise_digit
from dae.render import pictures
from dae.runtime import OnnxAutoencoder, Unavailable
from ui import page, resources, styles
from ui.controls import new_noise_button, noise_kind
from ui.display import digit_badge
from ui.live import live_noise, model_rows
from ui.text import t

page.setup()  # first: it hands a page opened without the router to app.py


st.title(t("inside.title"))
st.caption(t("inside.intro"))
digit = digit_badge()
model = resources.model_or_failure("conv_dae")
if isinstance(model, Unavailable):
    st.error(t("error.model_unavailable", detail=model.reason))
    st.stop()


@st.fragment
def show_layers(model: OnnxAutoencoder) -> None:
    """The noisy digit and its reconstruction under the live noise control the other pages have; each layer's
    maps below follow the level once the slider rests (a picture of every map at every level would be 13 x 21
    large images to send)."""
    kind_col, seed_col, _ = st.columns([2, 1.2, 2], vertical_alignment="bottom")
    with kind_col:
        kind = noise_kind(key_prefix="inside_")
    with seed_col:
        seed = new_noise_button(key_prefix="inside_")
    level = live_noise(model_rows(digit, [model], kind, seed), key="inside_live")
    result = denoise_digit(digit, [model], kind, level, seed)
    for index, (name, maps) in enumerate(model.activations(result.noisy)):
        # Folded, the first open: thirteen layers of maps unfolded made a page 9,000 px tall.
        with st.expander(layer_title(model, index, name, maps.shape), expanded=index == 0):
            show_maps(name, maps)


def layer_title(model: OnnxAutoencoder, index: int, name: str, shape: tuple[int, ...]) -> str:
    part = t("inside.encoder") if model.is_encoder_layer(name) else t("inside.decoder")
    role = t(f"inside.role.{known}") if (known := layer_role(name)) else ""
    return f"**{index + 1}. {part} · `{name}` · {' x '.join(map(str, shape))}** — {role}"


def show_maps(name: str, maps: np.ndarray) -> None:
    size = styles.scaled(200 if maps.shape[-1] == 1 else 720)
    one = maps.shape[-1] == 1  # "1 map", not "1 map(s)"
    st.image(
        pictures.png_data_url(pictures.feature_maps_image(maps, size=size, colour_map=styles.colour_map())),
        alt=t("inside.map_alt" if one else "inside.maps_alt", count=maps.shape[-1], layer=name),
        width=size,
        caption=t(
            "inside.map_caption" if one else "inside.maps_caption",
            count=maps.shape[-1],
            height=maps.shape[0],
            width=maps.shape[1],
            low=maps.min(),
            high=maps.max(),
        ),
    )


show_layers(model)
