"""A forged browser at the websocket, speaking Streamlit's protocol (tools.protocol_load): forged links in the
first message, forged live-control levels and drawings, raw widget values no browser sends for this app's
elements, and Streamlit's own widgets on the Playground sent in every other field or with a value they cannot
hold. Each is answered with a normal page (a notice, or the value refused: no exception element), the session
still does what a student asks next, correctly, and the server's log stays clean. A bounded number of fixed
cases: about 750 reruns, ~35 s on two cores."""

from __future__ import annotations

import asyncio
import json
import math
import random
import threading
from collections.abc import Callable, Coroutine, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from streamlit.proto.Common_pb2 import StringArray
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from dae import i18n
from dae.noise import LEVELS
from dae.preprocess import EmptyImageError, ImageError
from tests import forged
from tests.e2e.conftest import EXPECTED_LOG, REPO
from tests.test_draw import pad_png
from tools.protocol_load import Lesson, Reply, Student, act, connect
from tools.server import start_app, wait_until_healthy
from ui.browser_values import EVENTS_ID, NUMBER_FIELDS
from ui.draw import digit_from_drawing
from ui.link import level_from_browser, parse_view
from ui.text import notice

LOG = REPO / "artifacts" / "streamlit-forged.log"
FEW = settings(forged.FUZZ, max_examples=12)  # each case is a rerun or two on a real server


class Loop:
    """An event loop on a thread of its own: the browser tests' Playwright may hold this thread's."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=120)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Loop]]:
    LOG.parent.mkdir(exist_ok=True)
    with open(LOG, "w") as log:
        process, url = start_app(log)
        loop = Loop()
        try:
            wait_until_healthy(url)
            yield url, loop
        finally:
            loop.close()
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def lesson() -> Lesson:
    return Lesson()


def unexpected_log() -> list[str]:
    lines = (line.strip() for line in LOG.read_text().splitlines())
    return [line for line in lines if line and not EXPECTED_LOG.match(line)]


class Browser(Student):
    """A student whose every widget is known by name (its key, or an unkeyed button's label), with the element
    it was shown as: the options a browser offers."""

    def __init__(self, socket: Any, index: int) -> None:
        super().__init__(socket, index)
        self.shown: dict[str, Any] = {}

    def read(self, forward: ForwardMsg, reply: Reply) -> bool:
        if forward.WhichOneof("type") == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            inner = getattr(element, str(element.WhichOneof("type")))
            if getattr(inner, "id", "").startswith("$$ID-"):
                key = inner.id.rsplit("-", 1)[1]
                name = inner.label if key == "None" else key
                self.shown[name], self.ids[name], self.fragments[name] = inner, inner.id, forward.delta.fragment_id
        return super().read(forward, reply)

    def options(self, name: str) -> list[str]:
        """The choices a browser offers for the widget `name`, as it sends them."""
        options = self.shown[name].options
        return [option.content if hasattr(option, "content") else option for option in options]


async def open_student(url: str, query: str, index: int = 0) -> tuple[Browser, Reply]:
    """A new session at `query`, as a browser opens a link."""
    student = Browser(await connect(url), index)
    return student, await student.rerun(query=query)


async def answered(student: Student, states: list[WidgetState], moved: str) -> Reply:
    """The reply to a rerun, which must come (a forged value left some sessions' reruns unfinished for good)."""
    return await asyncio.wait_for(student.rerun(states=states, moved=moved), timeout=20)


def live_state(student: Student, value: object) -> WidgetState:
    return WidgetState(id=student.ids["playground_live"], json_value=json.dumps({"level": value}))


async def move_level(student: Student, lesson: Lesson) -> Reply:
    """What a student does next: rests the slider on another level. The reply must be right for this session."""
    student.level = next(level for level in (0.25, 0.7, 0.45) if level != student.level)
    reply = await student.rerun(states=[live_state(student, student.level)], moved="playground_live")
    assert lesson.check(student, reply) == [], reply.notices
    return reply



def run_cases(case: Callable[[], None], student: Any, loop: Any) -> None:
    """Every example of a Hypothesis test on one student, whose socket is closed after; the log stays clean."""
    try:
        case()
    finally:
        loop.run(student.socket.close())
    assert unexpected_log() == []

def test_forged_links_get_notices_and_the_session_works(server, lesson):
    url, loop = server

    @FEW
    @given(forged.links(forged.url_text))
    @example({"noise": "1e308"})  # was "This app has encountered an error" (an OverflowError in ui.link)
    @example({"noise": "-1e308", "models": ",,", "kind": "a\n\n[x](http://e.vil)", "index": "9" * 5000})
    def case(params: dict[str, str]) -> None:
        settings, notices = parse_view(params)
        index = settings.get("test_index") or 0
        student, reply = loop.run(open_student(url, urlencode(params), index))
        try:
            assert reply.errors == [] and reply.live is not None
            told = i18n.translator(settings.get("lang", i18n.DEFAULT_LANGUAGE))
            assert [notice(key, found, told) for key, found in notices] == reply.notices
            student.kind, student.level = settings.get("noise_kind", "gaussian"), settings.get("noise_level", 0.5)
            if settings.get("noise_seed", 0) == 0 and settings.get("lang", "en") == "en":  # the scores it can check
                loop.run(move_level(student, lesson))
            else:
                level = 0.05 if student.level != 0.05 else 0.1
                moved = loop.run(student.rerun(states=[live_state(student, level)], moved="playground_live"))
                assert moved.errors == [] and f"noise={level:.2f}" in (moved.link or "")
        finally:
            loop.run(student.socket.close())

    case()
    assert unexpected_log() == []


def test_forged_levels_get_a_notice_or_are_taken_and_the_session_works(server, lesson):
    url, loop = server
    student, _ = loop.run(open_student(url, "index=3&noise=0.50&kind=gaussian&seed=0", 3))

    @settings(FEW, max_examples=20)
    @given(forged.levels)
    @example(1e308)  # the same OverflowError, from the live control
    @example("\ud800")  # a lone surrogate, shown in a notice: the page's message could not be encoded
    def case(sent: object) -> None:
        state = live_state(student, sent)
        reply = loop.run(student.rerun(states=[state], moved="playground_live"))
        assert reply.errors == []
        value = json.loads(state.json_value)["level"]  # what the server reads
        if value is not None and value != student.level:  # the control's default, or the level it has: nothing new
            level, notices = level_from_browser(value)
            assert [notice(key, found, i18n.translator()) for key, found in notices] == reply.notices
            student.level = student.level if level is None else level
        loop.run(move_level(student, lesson))

    run_cases(case, student, loop)


def test_forged_drawings_become_digits_or_messages_and_the_session_works(server, test_digits):
    url, loop = server
    student, _ = loop.run(open_student(url, ""))  # no digit in the link: the Playground opens on the pad
    drawn = i18n.english("source.drawing")

    async def draw(sent: str) -> Reply:
        state = WidgetState(id=student.ids["draw_pad"], json_value=json.dumps({"drawing": sent}))
        return await student.rerun(states=[state], moved="draw_pad")

    @FEW
    @given(forged.drawings)
    def case(sent: str) -> None:
        reply = loop.run(draw(sent))
        assert reply.errors == [] and reply.live is not None
        try:
            if sent:  # an empty pad is no drawing: the page says so in its caption
                digit_from_drawing(sent)
                assert reply.live["source"] == drawn
            assert reply.notices == []
        except EmptyImageError:
            assert reply.notices == []
        except ImageError as refused:
            assert reply.notices == [i18n.english(refused.key, **refused.params)]
        reply = loop.run(draw(pad_png(test_digits[0][len(sent) % 100])))  # a student's real drawing
        assert reply.errors == [] and reply.notices == [] and reply.live["source"] == drawn

    run_cases(case, student, loop)


def test_raw_values_no_browser_sends_are_refused_and_the_session_works(server, lesson):
    url, loop = server
    student, _ = loop.run(open_student(url, "noise=0.50&kind=gaussian&seed=0"))  # on the pad, test digit 0 behind it
    keys = ["playground_live", "draw_pad"]
    compared: list[str] = []

    @settings(FEW, max_examples=20)
    @given(st.sampled_from(keys), st.booleans(), forged.raw_values)
    @example("playground_live", False, ("json_value", "not json"))  # every later rerun of the session failed
    @example("draw_pad", False, ("json_value", '"not json"'))  # a warning and its traceback in the log
    @example("playground_live", False, ("double_value", 0.5))  # failed where Streamlit writes the value back
    @example("playground_live", True, ("json_trigger_value", "[" * 600 + "]" * 600))  # too deep to copy
    def case(key: str, events: bool, raw: tuple[str, Any]) -> None:
        state = WidgetState(id=f"{EVENTS_ID}{student.ids[key]}__events" if events else student.ids[key])
        setattr(state, *raw)
        before = loop.run(student.rerun(moved=key))  # what the page shows before the forged value
        reply = loop.run(student.rerun(states=[state], moved=key))
        assert reply.errors == []
        # A Components v2 element reads its state from json_value and its events from json_trigger_value: a
        # value in any other field is refused, so the page shows exactly what it showed before.
        if raw[0] != ("json_trigger_value" if events else "json_value") and before.live and reply.live:
            assert shown_view(reply.live) == shown_view(before.live), raw
            compared.append(raw[0])
        student.level = float(LEVELS[10])  # a value in the element's own field may set any level: say where it is
        loop.run(student.rerun(states=[live_state(student, student.level)], moved="playground_live"))
        loop.run(move_level(student, lesson))

    run_cases(case, student, loop)
    assert compared, "no case sent a value in a field the element does not read"


def shown_view(live: dict[str, Any]) -> tuple:
    """What a student sees of the live control's data: the digit, its source, the noise pattern, the level."""
    return live["source"], live.get("digit"), live.get("noise"), live.get("start"), live.get("levels")


# Streamlit's own widgets on the Playground, and the field a browser sends each one's value in: what the test
# holds the server to, learnt from Streamlit's frontend, not from the server.
OWN = {
    "test_index": "int_value",
    "input_source": "string_value",
    "noise_kind_widget": "string_value",
    "random_label": "string_value",
    "models_widget": "string_array_value",
    "lang_widget": "string_array_value",
    "present_widget": "bool_value",
    "new_noise": "trigger_value",
    i18n.english("playground.random"): "trigger_value",
}
LESSON_START = "index=3&noise=0.50&kind=gaussian&seed=0"


def wrong_fields(name: str) -> list[str]:
    """Every field but the widget's own (a number input takes a whole number's and a fraction's alike)."""
    own = NUMBER_FIELDS if OWN[name] in NUMBER_FIELDS else {OWN[name]}
    return [field for field in forged.VALUE_FIELDS if field not in own]


async def forge(student: Browser, lesson: Lesson, rng: random.Random, name: str, state: WidgetState, then: str) -> None:
    """Send one forged value, then what a student does next (`then`, tools.protocol_load.act): both answered
    with a normal page, and the second rightly for this session."""
    reply = await answered(student, [state], name)
    assert reply.errors == [], (name, state)
    _, reply = await asyncio.wait_for(act(student, lesson, rng, then), timeout=20)
    assert lesson.check(student, reply) == [], (name, state, then)


def test_streamlits_own_widgets_sent_in_another_field_are_refused_and_the_session_works(server, lesson):
    url, loop = server
    student, _ = loop.run(open_student(url, LESSON_START, 3))
    assert OWN.keys() <= student.shown.keys()  # the Playground still shows each of them
    rng = random.Random(0)

    @settings(FEW, max_examples=2)  # each example sends each widget a value in every other field: 125 values
    @given(st.data())
    def case(data: st.DataObject) -> None:
        for name in OWN:
            for field in wrong_fields(name):
                state = forged.widget_state(student.ids[name], field, data.draw(forged.field_values[field], field))
                loop.run(forge(student, lesson, rng, name, state, then="noise"))  # the digit and kind it had

    run_cases(case, student, loop)


def impossible_values(student: Browser) -> dict[str, st.SearchStrategy[WidgetState]]:
    """For each of Streamlit's own widgets that takes more than a click or a switch: a value in its own field
    that it cannot hold (a number out of range, a choice that is no option, too many choices, one twice)."""
    numbers = st.one_of(
        st.sampled_from([math.nan, math.inf, -math.inf]).map(lambda value: ("double_value", value)),
        forged.int64s.filter(lambda value: not 0 <= value < 10_000).map(lambda value: ("int_value", value)),
    )
    strategies = {"test_index": numbers}
    for name in ("input_source", "noise_kind_widget", "random_label"):
        options = student.options(name)
        strategies[name] = forged.wire_text.filter(lambda text, options=options: text not in options).map(
            lambda text: ("string_value", text)
        )
    for name in ("models_widget", "lang_widget"):
        options, most = student.options(name), 1 if name == "lang_widget" else len(student.options(name))
        chosen = st.lists(st.one_of(st.sampled_from(options), forged.wire_text), min_size=1, max_size=most + 1)
        strategies[name] = chosen.filter(
            lambda names, options=options, most=most: (
                not set(names) <= set(options) or len(set(names)) < len(names) or len(names) > most
            )
        ).map(lambda names: ("string_array_value", StringArray(data=names)))
    return {
        name: values.map(lambda raw, name=name: forged.widget_state(student.ids[name], *raw))
        for name, values in strategies.items()
    }


def test_streamlits_own_widgets_sent_values_they_cannot_hold_and_the_session_works(server, lesson):
    url, loop = server
    student, _ = loop.run(open_student(url, LESSON_START, 3))
    rng = random.Random(1)
    values = impossible_values(student)

    @settings(FEW, max_examples=40)
    @given(st.sampled_from(sorted(values)).flatmap(lambda name: st.tuples(st.just(name), values[name])))
    def case(forged_value: tuple[str, WidgetState]) -> None:
        # A whole number out of range is put back to the widget's default by Streamlit (as a link's is): the
        # student then picks a digit, or a kind, which sends every widget's value again.
        loop.run(forge(student, lesson, rng, *forged_value, then=rng.choice(["digit", "kind"])))

    run_cases(case, student, loop)


def test_values_for_widgets_this_session_has_not_shown_are_checked_too(server, lesson):
    url, loop = server
    shown, _ = loop.run(open_student(url, LESSON_START, 3))  # another session shows the test digit's widgets
    student, _ = loop.run(open_student(url, "noise=0.50&kind=gaussian&seed=0"))  # this one: the drawing pad
    test = i18n.english("playground.input_test")
    rng = random.Random(2)
    sequences = [  # each got past a check of what this session itself registered
        [
            WidgetState(id=shown.ids["input_source"], string_value=test),
            WidgetState(id=shown.ids["test_index"], string_value="abc"),
        ],
        [WidgetState(id=shown.ids["test_index"])],  # cleared: Streamlit forgets the widget's field...
        [WidgetState(id=shown.ids["test_index"], string_value="7")],  # ...and int("7") is 7, its field a string
        [WidgetState(id="$$ID-0123abcd-never_registered", bool_value=True)],
    ]
    try:
        for states in sequences:
            reply = loop.run(answered(student, states, "input_source"))
            assert reply.errors == [], states
        student.ids.update(shown.ids)
        action, reply = loop.run(act(student, lesson, rng, "digit"))
        assert lesson.check(student, reply) == [], action
    finally:
        loop.run(student.socket.close())
        loop.run(shown.socket.close())
    assert unexpected_log() == []
