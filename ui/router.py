"""Getting every request to the page it asked for, through app.py's st.navigation.

Streamlit treats a folder named pages/ beside the main script as a legacy multipage app until
st.navigation first runs, so the very first request to a fresh server, if it is a link straight to a
page, runs that page alone. The page hands it to the router (require_router), which sends it back to
the page it asked for, link and all (follow_deep_link).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlparse

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from ui import state


def require_router() -> None:
    """Make sure app.py (the router) ran in this session before a page draws anything."""
    session = state.session()
    if not session.routed:
        session.deep_link = f"pages/{PurePosixPath(urlparse(st.context.url or '').path).name}.py"
        st.switch_page("app.py", query_params=st.query_params.to_dict())


def follow_deep_link(pages: dict[str, StreamlitPage], page: StreamlitPage) -> None:
    """In the router: mark the session routed, and send a page asked for before that on to it."""
    session = state.session()
    session.routed = True
    deep_link, session.deep_link = session.deep_link, None
    if deep_link in pages and page is not pages[deep_link]:
        st.switch_page(pages[deep_link], query_params=st.query_params.to_dict())
