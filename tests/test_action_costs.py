"""What each lesson action costs one server process, measured at the protocol (tools.action_costs), with
every reply checked: the lesson's actions (a noise move, a new digit, a noise kind, a trip to Compare) hand the
browser what it computes from (its digit, the seeded noise pattern) and no pictures, so they run no model on the
server."""

from __future__ import annotations

from tests.conftest import run_async
from tools.action_costs import costs
from tools.protocol_load import Lesson
from tools.server import start_app, wait_until_healthy


def test_the_playgrounds_actions_leave_the_pictures_to_the_browser():
    server, url = start_app()
    lesson = Lesson()
    try:
        wait_until_healthy(url)
        run_async(costs(url, server.pid, 2, lesson))  # models and test digits loaded before the count
        figures = run_async(costs(url, server.pid, 6, lesson))
    finally:
        server.terminate()
        server.wait(timeout=20)
    for action, (latency, cpu, engine) in figures.items():
        print(f"{action}: {latency:.0f} ms, CPU {cpu:.0f} ms, pictures by the {engine}")
    # Each reply was checked (Lesson.check): the session's own digit bit for bit and its kind's unit fields.
    # Pictures the server computed would come as strips; the Playground's replies carry none.
    engines = {action: engine for action, (_, _, engine) in figures.items()}
    assert engines == {"noise": "browser", "digit": "browser", "kind": "browser", "page": "browser"}
