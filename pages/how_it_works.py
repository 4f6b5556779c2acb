"""How it works: each model's architecture, training and scores, and what a denoising autoencoder learns."""

import pandas as pd
import streamlit as st

from dae import charts
from dae.catalog import MODEL_NAMES
from pages import _shared as shared

shared.page_setup()  # first: it hands a page opened without the router to app.py

DEVIATIONS = """
**Where we differ from the source articles, and why**

* *All models* are Keras 3 re-implementations. The sigmoid is its own layer after the logits, so the
  binary cross-entropy is computed from the logits exactly as in the originals.
* *Dense denoiser (easy_dae)*: the 2017 article's figure showed reconstructions of the **clean** images
  next to the noisy ones. Here every reconstruction is made from the noisy input, and a test checks it.
* *Convolutional denoiser (conv_dae)*: same layers, same noise (f = 0.5). Upsampling uses Keras'
  nearest-neighbour `Resizing`, which samples 4 -> 7 with half-pixel centres (rows 0,0,1,2,2,3,3 rather
  than TF1's 0,0,1,1,2,2,3). We train 40 epochs with a cosine-decayed learning rate from 0.002, the
  last 5 on mean squared error, instead of 10 epochs at 0.001: the article's schedule stops at about
  19.6 dB while PSNR is still rising.
* *Conv denoiser with a 128-unit bottleneck (2023 article)*: its code does not run as written. We
  flatten the 7x7x32 map before `Dense(128)` (the article applied `Dense` per pixel, so there was no
  128-number bottleneck), reshape `Dense(784)` to 7x7x16 rather than 28x28x1 so the two x2
  upsamplings end at 28x28 (not 112x112), train **noisy -> clean** (the article trained noisy ->
  noisy, which teaches the model to keep the noise), and clip the noisy input to [0, 1] like every
  other model.
"""


def show_training(card: dict) -> None:
    """Training settings, test metrics and loss curves from a model's weight card."""
    training = card["training"]
    noise = f"gaussian, f = {training['noise_level']}, clipped" if training["noise_level"] else "none (clean digits)"
    settings_col, metrics_col = st.columns(2)
    with settings_col:
        st.markdown("**Training**")
        st.markdown(
            f"* {training['epochs']} epochs, batch {training['batch_size']}, Adam, learning rate "
            f"{training['learning_rate']} ({training['schedule']})\n"
            f"* loss: {training['loss']}\n"
            f"* input noise: {noise}\n"
            f"* {training['train_images']:,} training digits, {card['wall_time_s'] / 60:.1f} minutes wall time\n"
            f"* {training['note']}"
        )
    with metrics_col:
        st.markdown("**Test metrics** (10,000 test digits)")
        rows = [
            {"input": key.replace("gaussian_0.0", "clean digits").replace("gaussian_", "gaussian f = "), **values}
            for key, values in card["test_metrics"].items()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.altair_chart(charts.loss_curves(card["history"]), width="stretch")
    st.caption("Loss per epoch: training loss (BCE, or MSE in the final epochs if any) and BCE on the test digits.")


st.title("How it works")
st.markdown(
    """
An **autoencoder** is two networks back to back. The **encoder** squeezes a 28x28 digit (784 numbers)
into a short **code**; the **decoder** rebuilds the 784 pixels from the code alone. Training adjusts
both so the rebuilt image matches the target, measured by binary cross-entropy per pixel.

Because the code is much smaller than the image, the network cannot copy pixels: it must learn what
digits have in common (strokes, loops, typical shapes) and store only what makes *this* digit different.

A **denoising autoencoder** is trained with noisy digits as input and the clean digits as the target.
Noise is random and shares nothing between images, so the cheapest thing to keep in the code is the
digit and the cheapest thing to throw away is the noise. That is why its reconstructions are cleaner
than its inputs, and why it struggles with things unlike anything it saw in training (try the masking
noise, or a letter).
"""
)

for name, tab in zip(MODEL_NAMES, st.tabs([shared.title(name) for name in MODEL_NAMES]), strict=True):
    with tab:
        model = shared.load_models()[name]
        if isinstance(model, str):
            st.error(model)
            continue
        card = model.card
        st.markdown(
            f"**{model.info.description}**  \nFrom: {model.info.source}. "
            f"Code shape: {' x '.join(map(str, model.latent_shape))}; {model.parameter_count:,} parameters."
        )
        st.dataframe(pd.DataFrame(model.architecture()), hide_index=True, width="stretch")
        try:
            show_training(card)
        except (KeyError, TypeError, ValueError):
            st.warning(f"The card weights/{name}.json lacks some training details; run `python -m dae.train {name}`.")

st.markdown(DEVIATIONS)
