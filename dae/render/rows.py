"""The Playground's rows as HTML: original | noisy | code | reconstruction, one block per model.

One element for a row of pictures rather than one st.image each: after a pen stroke the browser
spends most of the update re-rendering the rerun's elements, one by one. Pictures go out at their own
resolution (28 x 28, the code's grid) and the browser scales them up, crisply. The page and the
benchmark (tools.bench) both call model_rows, so the benchmark measures what the page sends.
"""

from __future__ import annotations

import numpy as np

from dae import i18n
from dae.pipeline import Result
from dae.render.pictures import ColourMap, code_image, figures_html, grey_data_url, png_data_url


def model_rows(
    result: Result, size: int, t: i18n.Translate = i18n.english, colour_map: ColourMap = "viridis"
) -> dict[str, str]:
    """model name -> its row's HTML, at most `size` px a picture; the original and noisy digit encoded once."""
    original = (grey_data_url(result.clean, 28), t("panel.original"), t("panel.original"))
    noisy_caption = t("panel.noisy_db", psnr=result.noisy_psnr_db)
    noisy = (grey_data_url(result.noisy, 28), noisy_caption, noisy_caption)
    rows = {}
    for output in result.outputs:
        if output.code is None:  # a classical filter: no code to show
            continue
        top = float(np.max(output.code))
        code = png_data_url(code_image(output.code, 1, colour_map))
        code_alt = t("panel.code_alt", code=t(f"model.{output.name}.code"), top=top)
        reconstruction = grey_data_url(output.reconstruction, 28)
        rows[output.name] = figures_html(
            [
                original,
                noisy,
                (code, t("panel.code_range", top=top), code_alt),
                (reconstruction, t("panel.reconstruction"), t("panel.reconstruction")),
            ],
            size,
        )
    return rows
