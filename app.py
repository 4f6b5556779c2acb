"""Autoencoder playground: the router. Each page is a short script in pages/.

Run with `streamlit run app.py`.
"""

import streamlit as st

st.set_page_config(page_title="Autoencoder playground", page_icon=":material/draw:", layout="wide")

pages = [
    st.Page("pages/playground.py", title="Playground", icon=":material/draw:", default=True),
    st.Page("pages/latent_space.py", title="Latent space", icon=":material/grid_view:", url_path="latent"),
    st.Page("pages/inside_conv_dae.py", title="Inside the conv DAE", icon=":material/layers:", url_path="inside"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare:", url_path="compare"),
    st.Page("pages/how_it_works.py", title="How it works", icon=":material/school:", url_path="how"),
]
st.navigation(pages).run()
