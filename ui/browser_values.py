"""Widget values from the browser that no browser running this app sends, refused before Streamlit reads them.

Streamlit 1.67 trusts what a websocket says about a widget. A Components v2 element's state that is not
JSON (`not json`, a number of over 4,300 digits, lists nested a thousand deep) makes its json.loads raise
before the page's script runs (streamlit.runtime.state.common.unpack_widget_state_value), and because the
value stays in the session, every later rerun of that session fails the same way: "This app has encountered
an error" and a traceback in the log each time. A state that is JSON but not an object (`"text"`), or one
sent in another field (a string, a double), is logged as a "Failed to deserialize component state" warning
with its traceback, or fails while Streamlit writes it back. The app's code never sees any of these, so
they are refused where a browser's message enters the runtime: the widget keeps its last value and the
page reruns as usual. What a real browser sends (an object from the live control or the drawing pad, the
events list) passes untouched, and its contents are then checked by the app (ui.link, ui.draw).

The check wraps the runtime's handle_backmsg, once per process, from app.py: `streamlit run` offers no hook
that runs sooner (st.App middleware would, at the price of another entry point and of parsing every message
twice), so the one message that starts a fresh process's very first run is read unchecked. A logging filter
would hide the warnings but not the broken sessions. tests/test_forged_browser.py fails if the wrap ever
stops taking effect (another Streamlit calling the runtime differently).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime import Runtime

ELEMENT_ID = "$$ID-"  # Streamlit's id of a keyed element: $$ID-<hash>-<key>
EVENTS_ID = "$$STREAMLIT_INTERNAL_KEY_"  # a Components v2 element's events: EVENTS_ID + <its id> + "__" + <event>
# Ours nest 3 deep ([{"event": "level", "value": 0.35}]); Streamlit deep-copies a value (register_widget), which
# fails for one nested ~500 deep, well inside what json.loads reads.
MAX_DEPTH = 16

_LOGGER = get_logger(__name__)
_json_keys: set[str] = set()  # keys of this app's Components v2 elements
_installed = False


def component_key(key: str) -> str:
    """`key`, registered as one of this app's Components v2 elements': their state and events come as JSON only."""
    _json_keys.add(key)
    return key


def refuse_unreadable() -> bool:
    """Check every rerun's widget values from now on, once per process; True when it starts checking now."""
    global _installed
    if _installed or not Runtime.exists():  # AppTest runs the scripts without a runtime
        return False
    _installed = True
    runtime = Runtime.instance()
    runtime.handle_backmsg = _checked(runtime.handle_backmsg)  # type: ignore[method-assign]
    return True


def _checked(handle: Callable[..., None]) -> Callable[..., None]:
    def handle_backmsg(session_id: str, message: BackMsg, *args: Any, **kwargs: Any) -> None:
        if message.WhichOneof("type") == "rerun_script":
            drop_unreadable(message.rerun_script.widget_states)
        handle(session_id, message, *args, **kwargs)

    return handle_backmsg


def drop_unreadable(states: WidgetStates) -> int:
    """Remove the widget values Streamlit cannot read safely; how many were removed."""
    unreadable = [index for index, state in enumerate(states.widgets) if not readable(state)]
    for index in reversed(unreadable):
        _LOGGER.debug("Refused a value for widget %s", states.widgets[index].id)  # not shown at the default level
        del states.widgets[index]
    return len(unreadable)


def readable(state: WidgetState) -> bool:
    """Whether Streamlit can take this value without an error, a logged warning or a broken session."""
    field = state.WhichOneof("value")
    owner = _owner_key(state.id)
    expected = "json_trigger_value" if state.id.startswith(EVENTS_ID) else "json_value"
    if owner in _json_keys and field not in (expected, None):  # None: a cleared value, which Streamlit handles
        return False
    if field == "json_value":
        return isinstance(_json(state.json_value), dict)  # a Components v2 element's state is an object
    if field == "json_trigger_value":
        return _json(state.json_trigger_value) is not _UNREADABLE
    return True


def _owner_key(widget_id: str) -> str | None:
    """The key of the element a widget id belongs to (its events' id included), or None for an unkeyed one."""
    if widget_id.startswith(EVENTS_ID):
        widget_id = widget_id[len(EVENTS_ID) :].rsplit("__", 1)[0]
    if not widget_id.startswith(ELEMENT_ID):
        return None
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 else None


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
