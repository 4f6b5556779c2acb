"""How the app looks beyond Streamlit's theme: CSS, picture sizes and colour maps, presentation mode included."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TypeVar

import altair as alt
import streamlit as st

from dae.render.pictures import ColourMap
from ui import state
from ui.text import css_string, t

# Pictures never spill out of a narrow column (a laptop with the sidebar open, a projector at 1024 px):
# st.image's fixed width becomes a largest width.
BASE_CSS = """<style>[data-testid=stImageContainer] { max-width: 100%; }
.stMainBlockContainer { padding-top: 4rem; }  /* just below the app header */
.stMainBlockContainer h1 { padding-top: 0.25rem; padding-bottom: 0.5rem; }
.stMainBlockContainer h2 { font-size: 1.75rem; }  /* sections: h2 under the page's h1, at a section's size */
[data-testid=stColumn]:has(.st-key-input_source) { min-width: 300px; }  /* never crop the 280 px canvas */
/* Every tab in view (How it works' seven models): a second line, not a row that scrolls out of sight. */
[data-testid=stTabs] [role=tablist] { flex-wrap: wrap; overflow-x: visible; }
.stMainBlockContainer figcaption { font-size: 0.875rem; line-height: 1.4 }
/* Captions at 7.4:1 on white (Streamlit fades its own to 4.36:1, under WCAG's 4.5:1 for text). */
[data-testid=stCaptionContainer], [data-testid=stImageCaption], .stMainBlockContainer figcaption {
  color: #50545e; opacity: 1; }
</style>"""
# Presentation mode: every text at least 21.6 px (headings keep their larger sizes; charts get
# theirs from `chart`, since Vega places its labels by its own font sizes), pictures 1.5x (`scaled`), and a
# colour map readable with colour-vision deficiencies.
PRESENTATION_CSS = """<style>
.stMainBlockContainer { max-width: 100%; padding-left: 2rem; padding-right: 2rem; }
.stMainBlockContainer *:not(:is(h1, h2, h3, h4, h1 *, h2 *, h3 *, h4 *, svg, svg *)),
[data-testid=stHeader] *:not(:is(svg, svg *)) { font-size: max(1.35rem, 1em) !important; }
.stMainBlockContainer h1 { font-size: 3.2rem; }
.stMainBlockContainer h2 { font-size: 2.2rem; }
[data-testid=stSliderThumbValue] { top: -2.2rem; }  /* the larger value sits above the track, not on it */
[data-testid=stSlider] { padding-top: 1rem; }
</style>"""
PRESENTATION_SCALE = 1.5
Chart = TypeVar("Chart", bound=alt.TopLevelMixin)


def apply_base() -> None:
    st.html(BASE_CSS)


def apply_presentation() -> None:
    st.html(PRESENTATION_CSS)


def uploader_css() -> str:
    """The file uploader's own two strings (its button, its size limit) in the session's language.

    Streamlit draws them itself and offers no setting; CSS hides its words and shows ours instead.
    """
    button = css_string(t("uploader.button"))
    limits = css_string(t("uploader.limits", limit=st.get_option("server.maxUploadSize")))
    return f"""<style>
[data-testid=stFileUploaderDropzone] button p {{ font-size: 0 }}
[data-testid=stFileUploaderDropzone] button p::after {{ content: {button}; font-size: 0.875rem }}
[data-testid=stFileUploaderDropzoneInstructions] span {{ font-size: 0 }}
[data-testid=stFileUploaderDropzoneInstructions] span::after {{ content: {limits}; font-size: 0.875rem }}
</style>"""


def scaled(pixels: int) -> int:
    """A picture's width on this page: 1.5x in presentation mode, so the back row sees it."""
    return round(pixels * PRESENTATION_SCALE) if state.view().present else pixels


def chart(spec: Chart, present: bool | None = None) -> Chart:
    """A chart as this page shows it (or as `present` says): in presentation mode, axis, legend and title
    text of 20-26 px."""
    if not (state.view().present if present is None else present):
        return spec
    return (
        spec.configure_axis(labelFontSize=20, titleFontSize=22)
        .configure_legend(labelFontSize=20, titleFontSize=22, symbolSize=220, labelLimit=600, titleLimit=600)
        .configure_header(labelFontSize=20, titleFontSize=22)
        .configure_title(fontSize=26)
        .configure_text(fontSize=22)  # text marks, such as the PCA map's "your digit"
    )


def colour_map() -> ColourMap:
    """cividis stays readable with red-green colour blindness; viridis is the everyday default."""
    return "cividis" if state.view().present else "viridis"


ICON = Path(__file__).resolve().parent / "icon.png"  # the page icon: a test digit on the theme's blue, served locally
# As a data URL, read once: given the file, Streamlit reads and registers it again on every rerun.
ICON_URL = "data:image/png;base64," + base64.b64encode(ICON.read_bytes()).decode("ascii")
