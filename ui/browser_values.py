"""Widget values from the browser that no browser running this app sends, refused before Streamlit reads them.

Streamlit 1.67 trusts what a websocket says about a widget. A value in another field than the widget's (the
number input's index as a string, the radio's choice as a number, the multiselect's as one string) raises in
its deserializer, or where Streamlit compares or writes the value back; as the value stays in the session,
the session is broken for good (an exception on every rerun, or reruns that never finish) and the log fills
with tracebacks. So do values in the right field that the widget cannot hold: a choice that is no option (the
label selectbox's callback gets it as it came), more choices than allowed, a NaN for a whole number. A
Components v2 element's state that is not JSON (`not json`, a number of over 4,300 digits, lists nested a
thousand deep) makes its json.loads raise, and one that is JSON but not an object is logged as a "Failed to
deserialize component state" warning. The app's code never sees any of these, so they are refused where a
browser's message enters the runtime: the widget keeps its last value and the page reruns as usual.

Each value is checked against what the session registered for that widget (its WidgetMetadata: the field its
value travels in, its options, how many it takes), which is what Streamlit itself checks a link's value
against (SessionState._seed_widget_from_url). A widget this session never registered is one a browser was
never shown here, unless it reconnects: its value is checked against what another session registered, and
refused where no session of this process has shown such a widget, since the widget may register in this very
run and read it (a browser reconnecting to a restarted server keeps what its link says, not its other choices).
What a real browser sends passes untouched; the contents of this app's own elements are then
checked by the app (ui.link, ui.draw). The cost is a look-up or two per widget in the message, and a scan of a
choice's options: ~10 us for the Playground's eight widgets, against the ~20 ms of the rerun it asks for.

The check wraps the runtime's handle_backmsg, once per process, from app.py: `streamlit run` offers no hook
that runs sooner (st.App middleware would, at the price of another entry point and of parsing every message
twice), so the one message that starts a fresh process's very first run is read unchecked. A logging filter
would hide the warnings but not the broken sessions. tests/test_forged_browser.py fails if the wrap ever
stops taking effect, or if Streamlit stops keeping what it is checked against (another Streamlit).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any

from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime import Runtime
from streamlit.runtime.state.common import WidgetMetadata

Metadata = WidgetMetadata[Any]
Registered = Callable[[str], Metadata | None]  # a widget id -> what a session registered for it, if anything

EVENTS_ID = "$$STREAMLIT_INTERNAL_KEY_"  # a Components v2 element's events: EVENTS_ID + <its id> + "__" + <event>
# Ours nest 3 deep ([{"event": "level", "value": 0.35}]); Streamlit deep-copies a value (register_widget), which
# fails for one nested ~500 deep, well inside what json.loads reads.
MAX_DEPTH = 16
# A number input registers "double_value", and a browser sends an int_value for a whole number.
NUMBER_FIELDS = frozenset({"int_value", "double_value"})

_LOGGER = get_logger(__name__)
# Widget id -> the family of its value's field, as a session of this process last registered it: for a
# reconnecting browser's first message, and for a widget whose last value was cleared (Streamlit then sets
# its metadata's value_type to None). Bounded by the widgets the app's code makes.
_families: dict[str, str] = {}
_installed = False


def refuse_unreadable() -> bool:
    """Check every rerun's widget values from now on, once per process; True when it starts checking now."""
    global _installed
    if _installed or not Runtime.exists():  # AppTest runs the scripts without a runtime
        return False
    _installed = True
    runtime = Runtime.instance()
    runtime.handle_backmsg = _checked(runtime, runtime.handle_backmsg)  # type: ignore[method-assign]
    return True


def _checked(runtime: Runtime, handle: Callable[..., None]) -> Callable[..., None]:
    def handle_backmsg(session_id: str, message: BackMsg, *args: Any, **kwargs: Any) -> None:
        if message.WhichOneof("type") == "rerun_script":
            drop_unreadable(message.rerun_script.widget_states, registered_in(runtime, session_id))
        handle(session_id, message, *args, **kwargs)

    return handle_backmsg


def registered_in(runtime: Runtime, session_id: str) -> Registered:
    """What the session registered for a widget id (None for a session gone: the runtime discards its message)."""
    session = runtime.get_app_session(session_id)
    return session.session_state.get_widget_metadata if session is not None else lambda widget_id: None


def drop_unreadable(states: WidgetStates, registered: Registered) -> int:
    """Remove the widget values Streamlit cannot read safely; how many were removed."""
    unreadable = [index for index, state in enumerate(states.widgets) if not readable(state, registered(state.id))]
    for index in reversed(unreadable):
        _LOGGER.debug("Refused a value for widget %s", states.widgets[index].id)  # not shown at the default level
        del states.widgets[index]
    return len(unreadable)


def readable(state: WidgetState, metadata: Metadata | None) -> bool:
    """Whether Streamlit can take this value, for a widget registered as `metadata` (None: not in this session),
    without an error, a logged warning or a broken session."""
    field = state.WhichOneof("value")
    expected = _family_of(state.id, metadata)
    if expected is None:  # no session of this process has shown such a widget
        return False
    if field is None:  # a cleared value: every widget's deserializer takes None for its default
        return True
    return _family(field) == expected and _fits(state, field, metadata)


def _family(field: str) -> str:
    return "number" if field in NUMBER_FIELDS else field


def _family_of(widget_id: str, metadata: Metadata | None) -> str | None:
    """The family of the field a widget's value travels in, as this session registered it, else another."""
    if metadata is not None and metadata.value_type is not None:
        _families[widget_id] = family = _family(metadata.value_type)
        return family
    return _families.get(widget_id)


def _fits(state: WidgetState, field: str, metadata: Metadata | None) -> bool:
    """Whether a value in the widget's own field is one the widget can hold."""
    if field == "json_value":
        return isinstance(_json(state.json_value), dict)  # a Components v2 element's state is an object
    if field == "json_trigger_value":
        return _json(state.json_trigger_value) is not _UNREADABLE
    if field == "double_value":  # a whole number's int() of NaN or infinity raises
        return math.isfinite(state.double_value)
    if field == "double_array_value":
        return all(math.isfinite(value) for value in state.double_array_value.data)
    if metadata is None:  # a reconnecting browser's: its options are checked when the widget registers
        return True
    if field == "string_value":  # a choice no option names reaches the widget's callback as it came
        return metadata.formatted_options is None or state.string_value in metadata.formatted_options
    if field == "string_array_value":
        return _choices_fit(state.string_array_value.data, metadata)
    return True


def _choices_fit(chosen: Sequence[str], metadata: Metadata) -> bool:
    """Choices a multiple-choice widget can hold: its options, at most as many as it takes, each once (what
    Streamlit asks of a link's values: session_state._sanitize_url_array)."""
    if metadata.max_array_length is not None and len(chosen) > metadata.max_array_length:
        return False  # multiselect raises beyond max_selections
    distinct = set(chosen)
    if len(distinct) < len(chosen) and not metadata.allow_url_duplicates:
        return False
    return metadata.formatted_options is None or distinct.issubset(metadata.formatted_options)


_UNREADABLE = object()


def _json(text: str) -> object:
    """The JSON value of `text`, or _UNREADABLE: not JSON, an integer too long for Python to read, too deep."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError, as is the integer-length limit
        return _UNREADABLE
    return value if _depth(value) <= MAX_DEPTH else _UNREADABLE


def _depth(value: object) -> int:
    """How deep lists and objects nest in a JSON value (a number is 0), without recursion."""
    deepest, level = 0, [value]
    while level:
        containers = [item for item in level if isinstance(item, (list, dict))]
        if not containers:
            return deepest
        deepest += 1
        if deepest > MAX_DEPTH:
            return deepest
        level = [child for item in containers for child in (item.values() if isinstance(item, dict) else item)]
    return deepest
