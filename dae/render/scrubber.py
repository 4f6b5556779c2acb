"""Live scrubbing: every noise level computed at once, flipped through in the browser while dragging.

st.slider reruns the script only when the mouse is released. Here the noisy digit and every
model's reconstruction come from dae.pipeline.denoise_levels for 21 levels (0, 0.05, ... 1), in one
batch per model, sent once as small PNGs, and a plain HTML range input swaps them as it moves: no
server round trip.
"""

from __future__ import annotations

import html
import json

import numpy as np

from dae import i18n
from dae.noise import LEVELS
from dae.pipeline import Result
from dae.render import pictures


def scrubber_html(
    frames: list[Result],
    titles: dict[str, str],
    start_level: float,
    t: i18n.Translate = i18n.english,
    size: int = 120,
) -> str:
    """A self-contained widget: a range input and one picture per panel, swapped on every input event.

    `frames` holds one Result per level of LEVELS (dae.pipeline.denoise_levels).
    """
    panels = ["noisy", *titles]
    labels = {"noisy": t("panel.noisy"), **titles}
    shown: dict[str, list[tuple[np.ndarray, float]]] = {name: [] for name in panels}
    for frame in frames:
        shown["noisy"].append((frame.noisy, frame.noisy_psnr_db))
        for output in frame.outputs:
            if output.name in shown:
                shown[output.name].append((output.reconstruction, output.psnr_db))
    sources = {name: [pictures.grey_data_url(image, size) for image, _ in shown[name]] for name in panels}
    scores = {name: [f"{psnr:.1f} dB" for _, psnr in shown[name]] for name in panels}
    start = int(np.argmin(np.abs(LEVELS - start_level)))
    figures = "".join(
        f'<figure><img id="img-{name}" src="{sources[name][start]}" width="{size}" height="{size}" '
        f'alt="{html.escape(labels[name])}"><figcaption>{html.escape(labels[name])}<br>'
        f'<b id="psnr-{name}">{scores[name][start]}</b></figcaption></figure>'
        for name in panels
    )
    return f"""<div style="font-family: sans-serif">
<label for="level">{html.escape(t("scrub.level"))} <b id="value">{LEVELS[start]:.2f}</b>
{html.escape(t("scrub.drag_hint"))}</label><br>
<input id="level" type="range" min="0" max="{len(LEVELS) - 1}" step="1" value="{start}" style="width: 90%">
<div style="display: flex; gap: 12px; flex-wrap: wrap; margin-top: 8px">{figures}</div>
<style>figure {{ margin: 0; text-align: center; font-size: 13px; width: {size + 20}px }}
img {{ image-rendering: pixelated; border-radius: 4px }}</style>
<script>
const sources = {json.dumps(sources)}, scores = {json.dumps(scores)}, levels = {json.dumps(LEVELS.tolist())};
const slider = document.getElementById("level");
window.frames_shown = 0;
slider.addEventListener("input", () => {{
  const i = Number(slider.value);
  document.getElementById("value").textContent = levels[i].toFixed(2);
  for (const name in sources) {{
    document.getElementById("img-" + name).src = sources[name][i];
    document.getElementById("psnr-" + name).textContent = scores[name][i];
  }}
  requestAnimationFrame(() => {{ window.frames_shown += 1; }});
}});
</script></div>"""
