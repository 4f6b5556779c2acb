"""Values from outside, as Hypothesis strategies: link parameters, the live control's level, the drawing pad's
value, and raw widget states as a forged browser would send them. Shared by tests/test_fuzz.py (the parsers)
and tests/test_forged_browser.py (a real server)."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image
from streamlit.proto.Common_pb2 import (
    ChatInputValue,
    DoubleArray,
    FileUploaderState,
    SInt64Array,
    StringArray,
    StringTriggerValue,
    UploadedFileInfo,
)
from streamlit.proto.Components_pb2 import ArrowTable
from streamlit.proto.WidgetStates_pb2 import WidgetState

from dae import i18n
from dae.catalog import DENOISERS
from dae.noise import NOISE_KINDS
from ui.draw import PNG_PREFIX
from ui.link import FALSE, TRUE

# Fixed examples, no database: CI sees the same cases every run and cannot flake.
FUZZ = settings(derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_text = st.text(st.characters(), max_size=40)  # any code point: controls, lone surrogates, right-to-left marks
url_text = st.text(st.characters(codec="utf-8"), max_size=40)  # what a query string can carry
wire_text = url_text  # what a protobuf string can carry (no lone surrogate): a websocket's text
huge_integers = st.integers(min_value=-(10**400), max_value=10**400)
numbers = st.one_of(st.floats(), st.integers(), huge_integers)
number_texts = st.one_of(
    numbers.map(str),
    st.floats().map(lambda value: f"{value:e}"),
    st.sampled_from(["1e308", "-1e308", "1e400", "-0", "nan", "-inf", "Infinity", "0x1", "1_0", " 0.5 ", "٠.٥", ""]),
    st.integers(min_value=4290, max_value=4310).map(lambda digits: "9" * digits),  # Python's int-length limit
)


def _models_text() -> st.SearchStrategy[str]:
    names = st.lists(st.sampled_from([*DENOISERS, "unknown", "", " ", "CONV_DAE"]), max_size=6)
    return names.map(",".join)


def link_values(text: st.SearchStrategy[str]) -> dict[str, st.SearchStrategy[str]]:
    """For each link parameter: values it takes, near misses, and any text."""
    return {
        "noise": st.one_of(number_texts, text),
        "kind": st.one_of(st.sampled_from(NOISE_KINDS), text),
        "seed": st.one_of(number_texts, text),
        "index": st.one_of(number_texts, st.integers(-20_000, 20_000).map(str), text),
        "present": st.one_of(st.sampled_from([*TRUE, *FALSE, " Yes ", "ON", "2"]), text),
        "lang": st.one_of(st.sampled_from([*i18n.languages(), "EN", "xx"]), text),
        "models": st.one_of(_models_text(), text),
    }


def links(text: st.SearchStrategy[str] = any_text) -> st.SearchStrategy[dict[str, str]]:
    """Any link's parameters: each of ours alone or with others, and parameters the app does not know."""
    ours = st.fixed_dictionaries({}, optional=link_values(text))
    others = st.dictionaries(text, text, max_size=2)
    return st.builds(lambda theirs, mine: {**theirs, **mine}, others, ours)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, any_text),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3),
    max_leaves=8,
)
levels = st.one_of(numbers, number_texts, json_values)  # what the live control could be made to send


def png(pixels: np.ndarray, mode: str) -> bytes:
    """8-bit grey pixels as a PNG in `mode` (16-bit grey spread to the full 16 bits)."""
    image = Image.fromarray(pixels.astype(np.uint16) * 257) if mode == "I;16" else Image.fromarray(pixels).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


pngs = st.builds(
    png,
    arrays(np.uint8, st.tuples(st.integers(1, 48), st.integers(1, 48))),
    st.sampled_from(["1", "L", "LA", "P", "RGB", "RGBA", "I;16"]),
)
base64_text = st.binary(max_size=300).map(lambda data: base64.b64encode(data).decode("ascii"))
drawings = st.one_of(  # what the drawing pad could be made to send
    any_text,
    base64_text.map(lambda text: PNG_PREFIX + text),
    any_text.map(lambda text: PNG_PREFIX + text),
    pngs.map(lambda data: PNG_PREFIX + base64.b64encode(data).decode("ascii")),
    st.sampled_from(["data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", PNG_PREFIX, PNG_PREFIX + "====", ""]),
)
json_texts = st.one_of(  # the text of a JSON field, as a forged browser may write it
    wire_text,
    json_values.map(lambda value: json.dumps(value)),
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(4290, 4310).map(lambda digits: '{"level": ' + "1" * digits + "}"),
    st.sampled_from(["not json", '"not json"', "[1, 2]", "{", "NaN", '{"level": Infinity}', '{"drawing": 5}']),
)
FIELDS = ("json_value", "json_trigger_value", "string_value", "double_value", "int_value", "bool_value")
int64s = st.integers(-(2**63), 2**63 - 1)
file_infos = st.builds(UploadedFileInfo, file_id=wire_text, name=wire_text, size=st.integers(0, 2**40))
field_values = {
    "json_value": json_texts,
    "json_trigger_value": json_texts,
    "string_value": wire_text,
    "double_value": st.floats(),
    "int_value": int64s,
    "bool_value": st.booleans(),
    "trigger_value": st.booleans(),
    "double_array_value": st.lists(st.floats(), max_size=3).map(lambda data: DoubleArray(data=data)),
    "int_array_value": st.lists(int64s, max_size=3).map(lambda data: SInt64Array(data=data)),
    "string_array_value": st.lists(wire_text, max_size=3).map(lambda data: StringArray(data=data)),
    "bytes_value": st.binary(max_size=40),
    "arrow_value": st.binary(max_size=40).map(lambda data: ArrowTable(data=data)),
    "file_uploader_state_value": st.lists(file_infos, max_size=2).map(
        lambda infos: FileUploaderState(uploaded_file_info=infos)
    ),
    "string_trigger_value": wire_text.map(lambda text: StringTriggerValue(data=text)),
    "chat_input_value": wire_text.map(lambda text: ChatInputValue(data=text)),
}
# Every field a widget's value can travel in (tests/test_fuzz.py checks field_values has each).
VALUE_FIELDS = tuple(field.name for field in WidgetState.DESCRIPTOR.oneofs_by_name["value"].fields)


def values_in(fields: tuple[str, ...]) -> st.SearchStrategy[tuple[str, object]]:
    """A field of `fields` and any value in it."""
    return st.sampled_from(fields).flatmap(lambda field: st.tuples(st.just(field), field_values[field]))


raw_values = values_in(FIELDS)  # what a forged browser could send for one of this app's own elements


def widget_state(widget_id: str, field: str, value: object) -> WidgetState:
    """A widget's value as a browser's message carries it: `value` in `field` (a message field: its copy)."""
    state = WidgetState(id=widget_id)
    if hasattr(value, "DESCRIPTOR"):
        getattr(state, field).CopyFrom(value)
    else:
        setattr(state, field, value)
    return state
