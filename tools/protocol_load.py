"""A class at the protocol: `python -m tools.protocol_load`.

Each simulated student is one websocket that speaks Streamlit's own protocol, as the browser does: it
asks for reruns with its widgets' states (the ids learnt from the stream), keeps the browser's message
cache, and reports the live control's level as the control itself does when the slider rests. Each
student has its own test digit and does what a student does in a lesson, about once a second: moves the
noise (most of the time), picks another digit, changes the noise kind, opens Compare and comes back.
Every reply is checked against numbers computed here: the session's own digit, and the noisy input's
PSNR for its digit, kind, level and seed; errors are counted by kind. A student costs the client almost
nothing, so the figures are the server's: latency (median, p95, max), updates per second, the server's
CPU and memory per session (its child processes included).

  python -m tools.protocol_load --students 40 --seconds 60     one class
  python -m tools.protocol_load --ramp 10,20,40,60,80          where one server process saturates
  python -m tools.protocol_load --students 40 --updates 1000   soak: memory after 1,000 updates each
  python -m tools.protocol_load --replicas 2 ...              2 processes behind nginx (tools.scale_out)
  python -m tools.protocol_load --url http://host:port ...     an existing server
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import json
import random
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Subprotocol

from dae import i18n, noise
from dae.data import load_test_images
from dae.metrics import psnr
from tools.scale_out import start_cluster
from tools.server import cpu_seconds, rss_mb, start_app, wait_until_healthy

LESSON = {"noise": 0.6, "digit": 0.15, "kind": 0.15, "page": 0.1}  # what a student does, how often
SEED = 0  # every student's noise pattern: the link's seed


@dataclass
class Reply:
    """What one rerun sent back: how long it took, the live control's data, and what went wrong."""

    latency_ms: float
    live: dict[str, Any] | None = None
    link: str | None = None  # the query string the page put in the address bar, if it changed it
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # the text of each warning or other alert on the page


class Student:
    """One browser's worth of protocol: a websocket, its widgets' states and its message cache."""

    def __init__(self, socket: Any, index: int) -> None:
        self.socket, self.index = socket, index
        self.ids: dict[str, str] = {}  # a widget's key -> its id, as the last reply named it
        self.cache: dict[str, ForwardMsg] = {}  # what the browser keeps, by hash: the server may send a reference
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.fragments: dict[str, str] = {}  # a widget's key -> the fragment holding it: what the browser reruns
        self.kind, self.level, self.page = "gaussian", 0.5, ""

    async def rerun(
        self, query: str = "", page: str | None = None, states: list[WidgetState] | None = None, moved: str = ""
    ) -> Reply:
        """Ask for a rerun as the browser does: the whole page, or only the fragment holding the widget `moved`."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.fragment_id = self.fragments.get(moved, "")
        message.rerun_script.page_script_hash = self.pages.get(page if page is not None else self.page, "")
        message.rerun_script.widget_states.widgets.extend(states or [])
        message.rerun_script.cached_message_hashes.extend(self.cache)
        began = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        reply = Reply(0.0)
        while True:
            forward = ForwardMsg.FromString(await self.socket.recv())
            if forward.WhichOneof("type") == "ref_hash":
                forward = self.cache[forward.ref_hash]
            elif forward.metadata.cacheable:
                self.cache[forward.hash] = forward
            if self.read(forward, reply):
                reply.latency_ms = (time.perf_counter() - began) * 1000
                return reply

    def read(self, forward: ForwardMsg, reply: Reply) -> bool:
        """Learn from one message; True once the script has finished."""
        kind = forward.WhichOneof("type")
        if kind == "page_info_changed":
            reply.link = forward.page_info_changed.query_string
        elif kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash for page in forward.navigation.app_pages}
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            element_type = str(element.WhichOneof("type"))
            inner = getattr(element, element_type)
            if element_type == "exception":
                reply.errors.append(f"exception: {inner.message[:80]}")
            elif element_type == "alert":
                reply.notices.append(inner.body)
            widget_id = getattr(inner, "id", "")
            if widget_id.startswith("$$ID-"):
                key = widget_id.rsplit("-", 1)[1]
                self.ids[key], self.fragments[key] = widget_id, forward.delta.fragment_id
            if element_type == "bidi_component" and inner.component_name.endswith("live_noise"):
                reply.live = json.loads(inner.json)
        return kind == "script_finished"

    def widgets(self, live_key: str) -> list[WidgetState]:
        """Every widget's state as the browser would send it: this digit, this kind, this level."""
        states = [
            WidgetState(id=self.ids[key])
            for key in ("input_source", "test_index", "noise_kind_widget", live_key)
            if key in self.ids
        ]
        for state in states:
            key = state.id.rsplit("-", 1)[1]
            if key == "input_source":
                state.string_value = i18n.english("playground.input_test")
            elif key == "test_index":
                state.int_value = self.index  # a whole number input's field, as the browser sends it
            elif key == "noise_kind_widget":
                state.string_value = i18n.english(f"noise.kind.{self.kind}")
            else:
                state.json_value = json.dumps({"level": self.level})
        return states


class Lesson:
    """The test digits and what each student's screen must show, computed here, not by the server."""

    def __init__(self) -> None:
        self.images = load_test_images()[0]
        self.expected: dict[tuple[int, str, float], str] = {}
        self.patterns: dict[str, dict[str, Any]] = {}

    def noisy_psnr(self, index: int, kind: str, level: float) -> str:
        key = (index, kind, level)
        if key not in self.expected:
            digit = self.images[index]
            value = psnr(digit, noise.add_noise(digit, kind, level, seed=SEED))[0]
            # An erased block on black background changes nothing: the app says so instead of "100 dB".
            self.expected[key] = i18n.english("live.identical") if value >= 99 else f"PSNR {value:.1f} dB"
        return self.expected[key]

    def check(self, student: Student, reply: Reply) -> list[str]:
        """What is wrong with the reply: another session's digit or level, a wrong score, no pictures at all."""
        live = reply.live
        if live is None:
            return [*reply.errors, "missing: no live control in the reply"]
        errors = list(reply.errors)
        if f"#{student.index} " not in live["source"]:
            errors.append(f"digit: {live['source']!r} shown to #{student.index}")
        if reply.link is not None and f"noise={student.level:.2f}" not in reply.link:
            errors.append(f"level: the link says {reply.link!r}, the student set {student.level:.2f}")
        if live.get("engine") == "browser":  # the browser computes the pictures from the digit and the pattern
            return errors + self.browser_inputs(student, live)
        index = noise.level_index(student.level)  # Compare's frames: the server's, in steps of 0.05
        scores = live["noisy_scores"][index]
        level = float(noise.LEVELS[index])
        expected = i18n.english("live.clean") if level == 0 else self.noisy_psnr(student.index, student.kind, level)
        if expected not in scores:
            errors.append(f"score: {scores!r} for #{student.index} {student.kind} {student.level:.2f}")
        return errors

    def browser_inputs(self, student: Student, live: dict[str, Any]) -> list[str]:
        """The Playground's data for a browser that runs the models: this student's digit, bit for bit, and
        the unit fields of its noise kind and seed."""
        errors = []
        digit = np.frombuffer(base64.b64decode(live["digit"]["data"]), np.float32)
        if not np.array_equal(digit, self.images[student.index].ravel()):
            errors.append(f"digit: another digit's pixels shown to #{student.index}")
        if live["noise"] != self.pattern(student.kind):
            errors.append(f"noise: {live['noise']['kind']} pattern seed {live['noise']['seed']} for {student.kind}")
        return errors

    def pattern(self, kind: str) -> dict[str, Any]:
        if kind not in self.patterns:
            self.patterns[kind] = noise.fields_payload(kind, SEED)
        return self.patterns[kind]


async def act(student: Student, lesson: Lesson, rng: random.Random, action: str = "") -> tuple[str, Reply]:
    """One thing a student does, chosen by the lesson's mix (or the `action` given); the reply to it."""
    action = action or rng.choices(list(LESSON), weights=list(LESSON.values()))[0]
    if student.page:  # on Compare: come back to the Playground
        action, student.page = "page", ""
        return action, await student.rerun(page="", states=student.widgets("playground_live"))
    if action == "noise":
        levels = [level for level in noise.FINE_LEVELS if level > 0 and level != student.level]  # any the slider has
        student.level = float(rng.choice(levels))
    elif action == "digit":
        student.index = rng.randrange(len(lesson.images))
    elif action == "kind":
        student.kind = rng.choice([kind for kind in noise.NOISE_KINDS if kind != student.kind])
    else:
        student.page = "compare"
        return action, await student.rerun(page="compare", states=student.widgets("compare_live"))
    moved = {"noise": "playground_live", "digit": "test_index", "kind": "noise_kind_widget"}[action]
    return action, await student.rerun(states=student.widgets("playground_live"), moved=moved)


@dataclass
class Tally:
    """Everything the students saw: latency by action, errors by kind, and how many updates."""

    latency: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: collections.Counter = field(default_factory=collections.Counter)
    examples: list[str] = field(default_factory=list)
    updates: int = 0
    replicas: collections.Counter = field(default_factory=collections.Counter)  # students per process (via nginx)

    def add(self, action: str, errors: list[str], latency_ms: float) -> None:
        self.latency[action].append(latency_ms)
        self.updates += action != "open"
        for error in errors:
            self.errors[error.split(":")[0].split(" ")[0]] += 1
            if len(self.examples) < 5:
                self.examples.append(error)

    def all_latency(self) -> list[float]:
        return [ms for action, values in self.latency.items() if action != "open" for ms in values]


def first_page(url: str, cookie: str = "") -> tuple[str, str | None]:
    """GET the app's page as a browser does first (or, with `cookie`, as one that has been here before): the
    cookie a proxy sets for affinity, and the process that answered (nginx's X-DAE-Replica header; None when
    there is no proxy)."""
    request = urllib.request.Request(url + "/", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        cookie = response.headers.get("Set-Cookie", "").split(";")[0]
        return cookie, last_replica(response.headers.get("X-DAE-Replica"))


def last_replica(header: str | None) -> str | None:
    """The process that answered: nginx lists every one it tried, the one that answered last."""
    return header.split(",")[-1].strip() if header else None


def connect(url: str, cookie: str = "") -> Any:
    """The app's websocket, as a browser opens it (with the proxy's affinity cookie, if any)."""
    return websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=[Subprotocol("streamlit")],
        additional_headers={"Cookie": cookie} if cookie else None,
        max_size=None,
        compression=None,
    )


async def one_student(
    url: str,
    index: int,
    until: float,
    updates: int,
    interval: float,
    lesson: Lesson,
    tally: Tally,
    join: float = 0,
    cookie: str = "",
) -> None:
    """Join within `join` s, open the Playground on this student's digit, then act every `interval` s until time
    or updates run out."""
    rng = random.Random(index)
    await asyncio.sleep(rng.uniform(0, join))
    try:
        cookie, replica = await asyncio.to_thread(first_page, url, cookie)
        async with connect(url, cookie) as socket:
            moved = (
                socket.response is not None and last_replica(socket.response.headers.get("X-DAE-Replica")) != replica
            )
            student = Student(socket, index)
            reply = await student.rerun(query=f"index={index}&noise=0.50&kind=gaussian&seed={SEED}")
            tally.add("open", lesson.check(student, reply) + ["moved: another process"] * moved, reply.latency_ms)
            tally.replicas[replica] += 1
            await asyncio.sleep(rng.uniform(0, interval))  # students do not move in step
            done = 0
            while (time.perf_counter() < until) if not updates else done < updates:
                tick = time.perf_counter()
                action, reply = await act(student, lesson, rng)
                tally.add(action, lesson.check(student, reply), reply.latency_ms)
                done += 1
                await asyncio.sleep(max(0.0, interval - (time.perf_counter() - tick)))
    except (OSError, websockets.WebSocketException) as error:
        tally.add("open", [f"connection: {type(error).__name__}"], 0.0)


async def one_class(
    url: str,
    students: int,
    seconds: float,
    updates: int,
    interval: float,
    lesson: Lesson,
    pids: list[int],
    join: float = 0,
    cookies: list[str] | None = None,
) -> dict[str, Any]:
    """`students` on their own digits, arriving within `join` s; returns the tally and the server's CPU and memory."""
    tally = Tally()
    before = (sum(map(cpu_seconds, pids)), sum(map(rss_mb, pids))) if pids else None
    began = time.perf_counter()
    indices = [(97 * k + 13) % len(lesson.images) for k in range(students)]
    figures: dict[str, Any] = {"students": students, "tally": tally}

    async def first_minute() -> None:  # the soak's baseline: every cache warm, every session open
        await asyncio.sleep(60)
        figures["rss_minute"] = sum(map(rss_mb, pids))

    minute = asyncio.create_task(first_minute()) if pids and updates else None  # a soak counts updates
    cookies = cookies or [""]  # "": each student a new browser, given its cookie by the proxy
    await asyncio.gather(
        *(
            one_student(url, i, began + seconds, updates, interval, lesson, tally, join, cookies[k % len(cookies)])
            for k, i in enumerate(indices)
        )
    )
    if minute:
        minute.cancel()
    figures["wall"] = time.perf_counter() - began
    if pids and before:  # every server process together
        figures["cpu"] = (sum(map(cpu_seconds, pids)) - before[0]) / figures["wall"]  # in cores
        figures["rss"], figures["rss_before"] = sum(map(rss_mb, pids)), before[1]
    return figures


def report(figures: dict[str, Any]) -> str:
    tally: Tally = figures["tally"]
    latency = tally.all_latency() or [0.0]
    line = (
        f"{figures['students']:3d} students: {tally.updates:5d} updates ({tally.updates / figures['wall']:5.1f}/s), "
        f"{sum(tally.errors.values())} errors, latency median {statistics.median(latency):4.0f} ms, "
        f"p95 {np.percentile(latency, 95):5.0f} ms, max {max(latency):5.0f} ms"
    )
    if "cpu" in figures:
        line += f", server CPU {figures['cpu']:.0%} of a core, RSS {figures['rss']:.0f} MB"
    return line


def details(figures: dict[str, Any]) -> None:
    tally: Tally = figures["tally"]
    for action, values in sorted(tally.latency.items()):
        print(
            f"  {action:6s} {len(values):5d} x  median {statistics.median(values):5.0f} ms  "
            f"p95 {np.percentile(values, 95):5.0f} ms"
        )
    if None not in tally.replicas:
        print(f"  students per process behind the proxy: {dict(tally.replicas)}")
    if tally.errors:
        print(f"  errors by kind: {dict(tally.errors)}; for example: {tally.examples[:3]}")
    if "rss" in figures:
        per = (figures["rss"] - figures["rss_before"]) / figures["students"]
        print(
            f"  server RSS {figures['rss_before']:.0f} MB before, {figures['rss']:.0f} MB with the class "
            f"({per:+.1f} MB per student)"
        )
    if "rss_minute" in figures:
        growth = figures["rss"] - figures["rss_minute"]
        print(
            f"  soak: server RSS {figures['rss_minute']:.0f} MB after the first minute, {figures['rss']:.0f} MB at the "
            f"end ({growth:+.1f} MB; target within 50 MB: {'MET' if abs(growth) <= 50 else 'MISSED'})"
        )


def servers(args: argparse.Namespace) -> tuple[str, list[str], list[int], Callable[[], None]]:
    """What to load: the given URL, one server started here, or --replicas processes behind nginx.
    Returns its URL, each process's own URL (to warm), the processes to measure, and how to stop."""
    if args.url:
        return args.url, [args.url], [args.pid] if args.pid else [], lambda: None
    if args.replicas:
        cluster = start_cluster(args.replicas)
        own = [f"http://127.0.0.1:{port}" for port in cluster.replicas]
        return cluster.url, own, [process.pid for process in cluster.replicas.values()], cluster.stop
    server, url = start_app()
    wait_until_healthy(url)

    def stop() -> None:
        server.terminate()
        server.wait(timeout=20)

    return url, [url], [server.pid], stop


async def run(args: argparse.Namespace) -> int:
    lesson = Lesson()
    url, own_urls, pids, stop = await asyncio.to_thread(servers, args)
    try:
        for own in own_urls:  # each process loads the models and the test digits once, before the clock runs
            await one_class(own, 1, 0, 2, 0.1, lesson, [])
        errors = 0
        for students in args.ramp or [args.students]:
            figures = await one_class(url, students, args.seconds, args.updates, args.interval, lesson, pids, args.join)
            print(report(figures))
            details(figures)
            errors += sum(figures["tally"].errors.values())
        return 1 if errors else 0
    finally:
        stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=60, help="how long the class lasts")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between one student's actions")
    parser.add_argument("--updates", type=int, default=0, help="instead of --seconds: this many actions each")
    parser.add_argument("--join", type=float, default=10, help="students open the link within this many seconds")
    parser.add_argument("--ramp", type=lambda text: [int(n) for n in text.split(",")], help="class sizes, in turn")
    parser.add_argument("--replicas", type=int, default=0, help="start this many processes behind nginx")
    parser.add_argument("--url", help="an existing server (default: start one here)")
    parser.add_argument("--pid", type=int, help="the existing server's process, for its CPU and memory")
    sys.exit(asyncio.run(run(parser.parse_args(argv))))


if __name__ == "__main__":
    main(sys.argv[1:])
