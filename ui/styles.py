"""How the app looks beyond Streamlit's theme: CSS, picture sizes and colour maps, presentation mode included."""

from __future__ import annotations

from pathlib import Path

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
.stMainBlockContainer figcaption { font-size: 0.875rem; line-height: 1.4 }
/* Captions at 7.4:1 on white (Streamlit fades its own to 4.36:1, under WCAG's 4.5:1 for text). */
[data-testid=stCaptionContainer], [data-testid=stImageCaption], .stMainBlockContainer figcaption {
  color: #50545e; opacity: 1; }
</style>"""
# Presentation mode: no sidebar, larger type and pictures, a colour map readable with colour-vision deficiencies.
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
.stMainBlockContainer { max-width: 100%; padding-left: 2rem; padding-right: 2rem; }
.stMainBlockContainer p, .stMainBlockContainer label, [data-testid="stImageCaption"],
.stMainBlockContainer figcaption { font-size: 1.35rem !important; }
.stMainBlockContainer h1 { font-size: 3.2rem; }
</style>"""


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


def colour_map() -> ColourMap:
    """cividis stays readable with red-green colour blindness; viridis is the everyday default."""
    return "cividis" if state.view().present else "viridis"


ICON = Path(__file__).resolve().parent / "icon.png"  # the page icon: a test digit on the theme's blue, served locally
