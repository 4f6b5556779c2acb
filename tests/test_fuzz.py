"""Every parser of a value from outside, fuzzed (Hypothesis, fixed examples): a link's parameters alone and
combined, the live control's level, the drawing pad's value, and the raw widget values the server takes from a
browser. Each ends in valid settings, a notice or a refusal: never an exception, and every notice can be shown."""

from __future__ import annotations

import contextlib
import copy
import json
import math
import sys
from collections.abc import Iterator
from typing import Any
from unittest import mock

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st
from streamlit.components.v2.bidi_component import serialization
from streamlit.proto.Common_pb2 import StringArray
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.session_state import WStates

from dae import i18n
from dae.catalog import DENOISERS
from dae.noise import FINE_LEVELS, NOISE_KINDS
from dae.preprocess import ImageError
from tests import forged
from ui import browser_values
from ui.browser_values import EVENTS_ID, drop_unreadable, readable
from ui.draw import digit_from_drawing
from ui.link import MAX_SEED, PARSERS, TEST_DIGITS, level_from_browser, parse_view, view_params
from ui.text import as_code, notice

ABOUT = {  # which parameter each notice is about (the whole-number notices name theirs)
    "noise_not_a_number": "noise",
    "noise_out_of_range": "noise",
    "unknown_kind": "kind",
    "bad_present": "present",
    "unknown_language": "lang",
    "unknown_models": "models",
    "no_models": "models",
}
FIELD_OF = {"noise": "noise_level", "kind": "noise_kind", "seed": "noise_seed", "index": "test_index",
            "present": "present", "lang": "lang", "models": "chosen_models"}  # fmt: skip


def assert_valid(settings: dict) -> None:
    """Settings the app can use as they are."""
    checks = {
        "noise_level": lambda level: level in FINE_LEVELS.tolist(),
        "noise_kind": lambda kind: kind in NOISE_KINDS,
        "noise_seed": lambda seed: isinstance(seed, int) and 0 <= seed <= MAX_SEED,
        "test_index": lambda index: isinstance(index, int) and 0 <= index < TEST_DIGITS,
        "present": lambda present: isinstance(present, bool),
        "lang": lambda lang: lang in i18n.languages(),
        "chosen_models": lambda models: models and models == [name for name in DENOISERS if name in models],
    }
    for name, value in settings.items():
        assert checks[name](value), (name, value)


def assert_shown_everywhere(notices: list) -> None:
    """Every notice told in every language, as the page would send it: UTF-8, its value one line of code."""
    for language in i18n.languages():
        for key, params in notices:
            text = notice(key, params, i18n.translator(language))
            text.encode("utf-8")  # a lone surrogate would make Streamlit's message fail to serialise
            if "value" in params:
                assert as_code(params["value"]) in text


@forged.FUZZ
@given(forged.links())
@example({"noise": "1e308"})  # an OverflowError before: the Playground showed "This app has encountered an error"
@example({"noise": "-1e308", "index": "9" * 4301, "models": ",,", "kind": "\ud800\n\n[x](http://e.vil)"})
def test_any_link_gives_valid_settings_and_a_notice_for_each_value_not_taken_as_given(params):
    settings, notices = parse_view(params)
    assert_valid(settings)
    about = {ABOUT.get(key) or found["name"] for key, found in notices}
    for name in PARSERS.keys() & params.keys():
        assert FIELD_OF[name] in settings or name in about, name  # taken, or a notice says why not
    if "noise" in params and "noise" not in about:
        assert 0 <= float(params["noise"]) <= 1
    for name in {"seed", "index"} & (params.keys() - about):
        assert settings[FIELD_OF[name]] == int(params[name])
    assert_shown_everywhere(notices)


@forged.FUZZ
@given(
    st.fixed_dictionaries(
        {
            "noise_level": st.sampled_from(FINE_LEVELS.tolist()),
            "noise_kind": st.sampled_from(NOISE_KINDS),
            "noise_seed": st.integers(0, MAX_SEED),
            "chosen_models": st.lists(st.sampled_from(DENOISERS), min_size=1, unique=True).map(
                lambda names: [name for name in DENOISERS if name in names]
            ),
        },
        optional={
            "test_index": st.integers(0, TEST_DIGITS - 1),
            "present": st.just(True),
            "lang": st.sampled_from(list(i18n.languages())),
        },
    )
)
def test_every_valid_view_round_trips_through_its_link(settings):
    parsed, notices = parse_view(view_params(settings))
    default_language = settings.get("lang") == i18n.DEFAULT_LANGUAGE  # left out of the link
    assert notices == [] and parsed == {key: value for key, value in settings.items() if key != "lang"} | (
        {} if default_language or "lang" not in settings else {"lang": settings["lang"]}
    )


@forged.FUZZ
@given(forged.levels)
@example(1e308)
@example(-1e308)
@example(10**5000)  # too long to write out: still only "not a number"
@example([[[[[[[[[[[[0.5]]]]]]]]]]]])
@example("\ud800")
def test_whatever_the_live_control_sends_becomes_a_level_or_a_notice(sent):
    level, notices = level_from_browser(sent)
    if level is None:
        assert [key for key, _ in notices] == ["noise_not_a_number"]
    else:
        assert level in FINE_LEVELS.tolist() and [key for key, _ in notices] in ([], ["noise_out_of_range"])
    assert_shown_everywhere(notices)


@forged.FUZZ
@given(forged.any_text, st.integers(1, 80))
def test_text_from_outside_is_one_line_of_code_the_page_can_carry(text, limit):
    shown = as_code(text, limit)
    assert shown.startswith("`") and shown.endswith("`") and shown.count("`") == 2
    assert len(shown) <= limit + 2 and shown.isprintable()  # no line break to end the code span
    shown.encode("utf-8")


@forged.FUZZ
@given(forged.drawings)
def test_whatever_the_drawing_pad_sends_becomes_a_digit_or_a_message(sent):
    try:
        digit = digit_from_drawing(sent)
    except ImageError as refused:
        assert refused.key.startswith("image.")
        return
    assert digit.shape == (28, 28) and digit.dtype == np.float32 and 0 <= digit.min() <= digit.max() <= 1


LIVE_ID = "$$ID-0123abcd-fuzz_live"  # a Components v2 element's id, as Streamlit makes it for ui.live's
IDS = st.sampled_from([LIVE_ID, f"{EVENTS_ID}{LIVE_ID}__events"])


def component_serde(widget_id: str) -> WidgetMetadata:
    """What Streamlit registers for a Components v2 element's state, or for its events."""
    if widget_id.startswith(EVENTS_ID):
        return WidgetMetadata(widget_id, serialization.deserialize_trigger_list, json.dumps, "json_trigger_value")
    serde = serialization.BidiComponentSerde(default={"level": None})
    return WidgetMetadata(widget_id, serde.deserialize, serde.serialize, "json_value")


@contextlib.contextmanager
def server_recursion_limit() -> Iterator[None]:
    """Python's default limit, which the server runs with (Hypothesis raises it while a test runs)."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def streamlit_reads(state: WidgetState) -> None:
    """What Streamlit's session state does with a Components v2 element's value: read it with the element's
    deserializer, keep a copy, and write it back for the next run (raises, or logs its "Failed to deserialize"
    warning, where a value breaks it)."""
    states = WStates()
    states.set_widget_metadata(component_serde(state.id))
    states.set_widget_from_proto(state)
    with server_recursion_limit():
        copy.deepcopy(states[state.id])  # as register_widget does
    states.get_serialized(state.id)


@forged.FUZZ
@given(IDS, forged.raw_values)
@example(LIVE_ID, ("json_value", "not json"))  # broke the session for good: every rerun failed after it
@example(LIVE_ID, ("json_value", '"not json"'))  # Streamlit logged a warning with its traceback
@example(LIVE_ID, ("double_value", 1e308))  # failed where Streamlit writes the value back
@example(f"{EVENTS_ID}{LIVE_ID}__events", ("json_trigger_value", "[" * 600 + "]" * 600))  # too deep to copy
def test_a_raw_value_the_server_takes_is_one_streamlit_reads_without_a_word(widget_id, raw):
    field, value = raw
    state = WidgetState(id=widget_id)
    setattr(state, field, value)
    if readable(state, component_serde(widget_id)):
        with mock.patch.object(serialization._LOGGER, "warning") as warning:
            streamlit_reads(state)
        warning.assert_not_called()


def registered(value_type: str | None, **details: Any) -> WidgetMetadata:
    """A widget's metadata as a session keeps it (its serde is not what these tests look at)."""
    return WidgetMetadata("", lambda value: value, lambda value: value, value_type, **details)  # type: ignore[arg-type]


def choices(*chosen: str) -> StringArray:
    return StringArray(data=chosen)


NUMBER = registered("double_value")  # what a number input registers, whole or not
CHOICE = registered("string_value", formatted_options=["Gaussian", "Salt and pepper"])
CHOICES = registered("string_array_value", formatted_options=["A", "B", "C"], max_array_length=2)
TAKEN = [  # what a browser sends
    (WidgetState(id=LIVE_ID, json_value=json.dumps({"level": 0.35})), component_serde(LIVE_ID)),
    (WidgetState(id="$$ID-1-index", int_value=3), NUMBER),  # a whole number's field
    (WidgetState(id="$$ID-1-index", double_value=3.5), NUMBER),
    (WidgetState(id="$$ID-1-kind", string_value="Salt and pepper"), CHOICE),
    (WidgetState(id="$$ID-1-models", string_array_value=choices("C", "A")), CHOICES),
    (WidgetState(id="$$ID-1-models", string_array_value=choices()), CHOICES),
    (WidgetState(id="$$ID-1-kind"), CHOICE),  # cleared: the widget's default
    (WidgetState(id="$$ID-1-present", bool_value=True), registered("bool_value")),
    (WidgetState(id="$$ID-1-None", trigger_value=True), registered("trigger_value")),
]
REFUSED = [  # another field, a choice that is no option, too many, one twice, NaN, too deep, never shown
    (WidgetState(id=LIVE_ID, string_value="0.35"), component_serde(LIVE_ID)),
    (WidgetState(id="$$ID-1-index", string_value="abc"), NUMBER),
    (WidgetState(id="$$ID-1-kind", int_value=1), CHOICE),
    (WidgetState(id="$$ID-1-kind", string_value="gaussian"), CHOICE),
    (WidgetState(id="$$ID-1-models", string_array_value=choices("A", "B", "C")), CHOICES),
    (WidgetState(id="$$ID-1-models", string_array_value=choices("A", "A")), CHOICES),
    (WidgetState(id="$$ID-1-index", double_value=math.inf), NUMBER),
    (WidgetState(id=LIVE_ID, json_value="[" * 40 + "]" * 40), component_serde(LIVE_ID)),
    (WidgetState(id="$$ID-1-never_shown", int_value=1), None),
]


def test_what_a_browser_sends_passes_and_nothing_else_does():
    assert [readable(state, metadata) for state, metadata in TAKEN] == [True] * len(TAKEN)
    assert [readable(state, metadata) for state, metadata in REFUSED] == [False] * len(REFUSED)
    assert browser_values.MAX_DEPTH < 40


def test_the_refused_values_are_removed_from_the_message_and_the_rest_kept_in_order():
    session = {"$$ID-1-kind": CHOICE, LIVE_ID: component_serde(LIVE_ID)}
    sent = [
        WidgetState(id=LIVE_ID, json_value='{"level": 0.35}'),
        WidgetState(id="$$ID-1-kind", int_value=1),
        WidgetState(id="$$ID-1-kind", string_value="Gaussian"),
        WidgetState(id="$$ID-1-not_here", string_value="Gaussian"),
    ]
    states = WidgetStates(widgets=sent)
    assert drop_unreadable(states, session.get) == 2
    assert list(states.widgets) == [sent[0], sent[2]]


def test_every_field_a_value_can_travel_in_is_fuzzed():
    assert set(forged.VALUE_FIELDS) == forged.field_values.keys()  # a field a newer Streamlit adds, too


@forged.FUZZ
@given(st.sampled_from(forged.VALUE_FIELDS), forged.values_in(forged.VALUE_FIELDS))
def test_a_value_in_another_field_than_the_widgets_is_refused(value_type, raw):
    field, value = raw
    state = forged.widget_state("$$ID-3-widget", field, value)
    numbers = browser_values.NUMBER_FIELDS
    if field != value_type and not {field, value_type} <= numbers:
        assert not readable(state, registered(value_type))


def test_a_widget_whose_value_was_cleared_keeps_its_field_and_a_reconnecting_browser_is_checked():
    widget_id = "$$ID-4-index"
    assert readable(WidgetState(id=widget_id), NUMBER)  # once registered, its field is known to the process
    cleared = registered(None)  # Streamlit's metadata once it has read a cleared value
    assert readable(WidgetState(id=widget_id, int_value=4), cleared)
    assert not readable(WidgetState(id=widget_id, string_value="4"), cleared)
    assert readable(WidgetState(id=widget_id, int_value=4), None)  # a session that never showed it: a reconnect
    assert not readable(WidgetState(id=widget_id, string_value="4"), None)
    assert not readable(WidgetState(id="$$ID-4-unheard_of", int_value=4), None)
