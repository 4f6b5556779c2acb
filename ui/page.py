"""The first call of every page: the router check, the session's digit, the styles, the top bar, notices."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import resources, router, state, styles
from ui.controls import language_switch, presentation_toggle
from ui.text import notice


def setup() -> None:
    """Hand a page opened without the router to app.py; then make sure there is a digit, and draw the top bar."""
    router.require_router()
    state.session().live_opened.clear()  # a whole-page run may build the live control again: at the current level
    ensure_digit()
    show_notices()
    styles.apply_base()
    present_col, language_col = st.columns([3, 1], vertical_alignment="center")
    with present_col:
        presentation_toggle()
    with language_col:
        language_switch()


def ensure_digit() -> None:
    """A session's first digit: the link's test digit, else test digit 0 (a blank one without MNIST)."""
    session = state.session()
    if session.digit is not None:
        return
    test_set = resources.load_test_set_or_warn()
    if test_set is None:
        state.set_digit(np.zeros((28, 28), np.float32), "source.none")
        return
    index = min(session.view.test_index or 0, len(test_set[0]) - 1)
    state.set_digit(test_set[0][index], "source.test", index=index, label=int(test_set[1][index]))


def show_notices() -> None:
    """What was wrong with the link (clamped or ignored values), once, in the session's language."""
    session = state.session()
    notices, session.notices = session.notices, []
    for key, params in notices:
        st.warning(notice(key, params), icon=":material/link_off:")
