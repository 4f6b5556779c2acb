"""The controls every page shares: noise (kind, new pattern), the language switch, presentation mode.

Each writes what it sets into the session's View (ui.state), so the choice follows the student from
page to page and into the link.
"""

from __future__ import annotations

import streamlit as st

from dae import i18n
from dae.noise import NOISE_KINDS
from ui import state, styles
from ui.text import t, translated_choices


def noise_kind(key_prefix: str = "") -> str:
    """The noise kind's choice, in the session's view."""
    view = state.view()
    key = f"{key_prefix}noise_kind_widget"
    view.noise_kind = st.selectbox(
        t("noise.kind_label"),
        NOISE_KINDS,
        index=NOISE_KINDS.index(view.noise_kind),
        format_func=translated_choices(key, NOISE_KINDS, lambda kind: t(f"noise.kind.{kind}")),
        key=key,
        help=t("noise.level_help"),
    )
    state.sync_link()
    return view.noise_kind


def new_noise_button(key_prefix: str = "") -> int:
    """A new random pattern at the same level; returns the session's noise seed."""
    view = state.view()
    if st.button(t("noise.new"), key=f"{key_prefix}new_noise", icon=":material/casino:", help=t("noise.new_help")):
        view.noise_seed += 1
        state.sync_link()
    return view.noise_seed


def language_switch() -> str:
    """English / 中文 at the top of every page (also ?lang=zh); each language is named in itself."""
    session = state.session()
    names = i18n.languages()
    chosen = st.segmented_control(
        t("common.language"),
        list(names),
        default=session.view.lang,
        format_func=names.__getitem__,
        required=True,
        key="lang_widget",
        label_visibility="collapsed",
    )
    if chosen and chosen != session.view.lang:
        session.view.lang = chosen
        # A browser keeps a choice widget's value as its label; set the values again so each is sent in
        # the new language (else the old label matches no option and the choice is quietly lost).
        for key in session.translated_widgets:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
        st.rerun()  # everything above this switch was drawn in the old language
    return session.view.lang


def presentation_toggle() -> bool:
    """The toggle at the top of every page (also ?present=1); applies the large, sidebar-free layout."""
    view = state.view()
    view.present = st.toggle(
        t("common.presentation"), value=view.present, key="present_widget", help=t("common.presentation_help")
    )
    state.sync_link()
    if view.present:
        styles.apply_presentation()
    return view.present
