"""Autoencoder playground: the router. Each page is a short script in pages/.

Run with `streamlit run app.py`.
"""

import streamlit as st

from ui import browser_values, router, server_gzip, server_sockets
from ui.styles import ICON_URL
from ui.text import t

# A local picture: a :material/: icon would be fetched from a font host, which a classroom offline cannot reach.
st.set_page_config(page_title=t("app.title"), page_icon=ICON_URL, layout="wide")
server_sockets.send_without_delay()  # once per process: replies ~40 ms sooner (ui/server_sockets.py)
server_gzip.compress_streamlit_bundles()  # a student's first visit 2.2 MB lighter without a proxy (ui/server_gzip.py)
browser_values.refuse_unreadable()  # once per process: a forged widget value never breaks a session

PAGES = {  # file -> (title key, icon)
    "pages/playground.py": ("nav.playground", ":material/draw:"),
    "pages/latent_space.py": ("nav.latent_space", ":material/grid_view:"),
    "pages/inside_conv_dae.py": ("nav.inside_conv_dae", ":material/layers:"),
    "pages/compare.py": ("nav.compare", ":material/compare:"),
    "pages/watch_it_learn.py": ("nav.watch_it_learn", ":material/model_training:"),
    "pages/how_it_works.py": ("nav.how_it_works", ":material/school:"),
}
pages = {
    path: st.Page(path, title=t(key), icon=icon, default=path == "pages/playground.py")
    for path, (key, icon) in PAGES.items()
}
page = st.navigation(list(pages.values()), position="top")  # no sidebar to cover a 1024 px projector
router.follow_deep_link(pages, page)  # a link straight to a page, opened first on a fresh server
page.run()
