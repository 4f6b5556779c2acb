"""The session's state, as one typed object: what the link carries (View), the current digit, notices.

Streamlit keeps a session's values in st.session_state under string keys; the app keeps one of them,
a Session, so a reader follows the digit and the noise level through types, not through strings.
Widgets still have their own keys (Streamlit needs them), owned by the module that draws the widget;
settings that outlive a page (widget keys do not) live here. The link <-> View mapping is ui.link.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import streamlit as st

from dae import i18n
from dae.catalog import DENOISERS
from ui import link
from ui.training_job import Job

SESSION_KEY = "session"


@dataclass
class View:
    """Everything a shared link carries (ui.link): the same on every page."""

    lang: str = i18n.DEFAULT_LANGUAGE
    noise_kind: str = "gaussian"
    noise_level: float = 0.5
    noise_seed: int = 0
    chosen_models: list[str] = field(default_factory=lambda: list(DENOISERS))
    present: bool = False
    test_index: int | None = None  # the test digit shown, when the digit is one


@dataclass
class Digit:
    """The digit every page works on: float32 (28, 28) in [0, 1], and where it came from as a locale
    key and its parameters (so a language switch retells it)."""

    image: np.ndarray
    source: tuple[str, dict[str, object]]


@dataclass
class Session:
    view: View
    digit: Digit | None = None  # set on the first page of a session (ui.page.setup)
    notices: list[link.Notice] = field(default_factory=list)  # about the link, shown once
    translated_widgets: set[str] = field(default_factory=set)  # choice widgets showing translated labels
    routed: bool = False  # the router (app.py) has run in this session
    deep_link: str | None = None  # a page asked for before the router first ran
    live_sent: dict[str, object] = field(default_factory=dict)  # the last level each live control sent
    live_opened: dict[str, tuple[str, int]] = field(default_factory=dict)  # ui.live.opening_level's memory
    training: Job | None = None  # Watch it learn's training, running or finished
    prior_draws: int = 0  # presses of Latent space's "new digits": the seed of the digits drawn from nothing
    browser_failed: str | None = None  # why this browser cannot run the models: the server makes its pictures


def session() -> Session:
    """This session's state, made from the link on its first run."""
    if SESSION_KEY not in st.session_state:
        settings, notices = link.parse_view(st.query_params.to_dict())
        st.session_state[SESSION_KEY] = Session(dataclasses.replace(View(), **settings), notices=notices)
    return cast(Session, st.session_state[SESSION_KEY])


def view() -> View:
    return session().view


def current_digit() -> Digit:
    """The current digit (ui.page.setup sets one before any page draws)."""
    digit = session().digit
    if digit is None:
        raise RuntimeError("no digit yet: call ui.page.setup() first")
    return digit


def set_digit(image: np.ndarray, source_key: str, **params: object) -> None:
    """Make `image` the current digit; its source is kept as a locale key so a language switch retells it."""
    session().digit = Digit(np.asarray(image, np.float32), (source_key, params))


def sync_link() -> None:
    """Write the current view into the URL, so copying the address shares it (on every page: the
    sidebar's page links drop the query string)."""
    wanted = link.view_params(dataclasses.asdict(view()))
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
