"""Autoencoder playground: the router. Each page is a short script in pages/.

Run with `streamlit run app.py`.
"""

import streamlit as st

st.set_page_config(page_title="Autoencoder playground", page_icon=":material/draw:", layout="wide")

pages = {
    "pages/playground.py": st.Page("pages/playground.py", title="Playground", icon=":material/draw:", default=True),
    "pages/latent_space.py": st.Page("pages/latent_space.py", title="Latent space", icon=":material/grid_view:"),
    "pages/inside_conv_dae.py": st.Page(
        "pages/inside_conv_dae.py", title="Inside the conv DAE", icon=":material/layers:"
    ),
    "pages/compare.py": st.Page("pages/compare.py", title="Compare", icon=":material/compare:"),
    "pages/watch_it_learn.py": st.Page(
        "pages/watch_it_learn.py", title="Watch it learn", icon=":material/model_training:"
    ),
    "pages/how_it_works.py": st.Page("pages/how_it_works.py", title="How it works", icon=":material/school:"),
}
st.session_state["routed"] = True
page = st.navigation(list(pages.values()))
# A link straight to a page, opened first on a fresh server, reaches the page without this router
# (see pages/_shared.require_router); send it on to the page it asked for.
deep_link = st.session_state.pop("deep_link", None)
if deep_link in pages and page is not pages[deep_link]:
    st.switch_page(pages[deep_link], query_params=st.query_params.to_dict())
page.run()
