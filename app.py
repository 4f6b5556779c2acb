"""Autoencoder playground: the router. Each page is a short script in pages/.

Run with `streamlit run app.py`.
"""

import streamlit as st

from pages._shared import t

st.set_page_config(page_title=t("app.title"), page_icon=":material/draw:", layout="wide")

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
st.session_state["routed"] = True
page = st.navigation(list(pages.values()))
# A link straight to a page, opened first on a fresh server, reaches the page without this router
# (see pages/_shared.require_router); send it on to the page it asked for.
deep_link = st.session_state.pop("deep_link", None)
if deep_link in pages and page is not pages[deep_link]:
    st.switch_page(pages[deep_link], query_params=st.query_params.to_dict())
page.run()
