"""What each lesson action costs one server process, measured at the protocol (tools.action_costs), with
every reply checked: a resting slider and a trip to Compare reuse what a new digit computed."""

from __future__ import annotations

from tests.conftest import run_async
from tools.action_costs import costs
from tools.protocol_load import Lesson
from tools.server import start_app, wait_until_healthy


def test_a_resting_slider_and_compare_reuse_a_new_digits_work():
    server, url = start_app()
    lesson = Lesson()
    try:
        wait_until_healthy(url)
        run_async(costs(url, server.pid, 2, lesson))  # models and test digits loaded before the count
        figures = run_async(costs(url, server.pid, 6, lesson))
    finally:
        server.terminate()
        server.wait(timeout=20)
    print({action: f"{latency:.0f} ms, CPU {cpu:.0f} ms" for action, (latency, cpu) in figures.items()})
    cpu = {action: figures[action][1] for action in figures}
    # A new digit runs every model on 21 levels; a resting slider only shows frames already made.
    assert cpu["noise"] < cpu["digit"] / 2
    # Compare shows the Playground's models on the same digit (kept one model at a time), plus cheap filters.
    assert cpu["page"] < cpu["digit"] * 0.6
