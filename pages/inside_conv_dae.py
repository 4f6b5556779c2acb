import streamlit as st

st.title("inside_conv_dae")
