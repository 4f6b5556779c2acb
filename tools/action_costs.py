"""What each action of the lesson costs the server: `python -m tools.action_costs`.

One student alone, on a server of its own, does each action of tools.protocol_load's lesson in turn,
`--repeats` times: the latency it sees, and the server's CPU for it (from /proc: all of the process's
threads, the script's, onnxruntime's and the event loop's, and its children). A new
digit is always one not seen before; a noise kind already seen for this digit is still cached, as in a
lesson. Where a class saturates one process follows from these and the mix.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics

from tools.protocol_load import LESSON, SEED, Lesson, Student, act, connect, first_page
from tools.server import cpu_seconds, start_app, wait_until_healthy


async def costs(url: str, pid: int, repeats: int, lesson: Lesson) -> dict[str, tuple[float, float, str]]:
    """action -> (median latency in ms, server CPU in ms per action, who computed the pictures of its last
    reply: "browser" or "server"), one student alone; every reply checked."""
    rng = random.Random(0)
    cookie, _ = await asyncio.to_thread(first_page, url)
    figures = {}
    async with connect(url, cookie) as socket:
        student = Student(socket, 0)
        reply = await student.rerun(query=f"index=0&noise=0.50&kind=gaussian&seed={SEED}")
        for action in LESSON:
            before, latencies = cpu_seconds(pid), []
            for _ in range(repeats * 2 if action == "page" else repeats):  # "page" is there, then back
                _, reply = await act(student, lesson, rng, action)
                if errors := lesson.check(student, reply):
                    raise AssertionError(f"{action}: {errors}")
                latencies.append(reply.latency_ms)
            cpu_ms = (cpu_seconds(pid) - before) * 1000 / len(latencies)
            engine = (reply.live or {}).get("engine", "server")
            figures[action] = (statistics.median(latencies), cpu_ms, engine)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    server, url = start_app()
    lesson = Lesson()
    try:
        wait_until_healthy(url)
        asyncio.run(costs(url, server.pid, 2, lesson))  # the models and test digits load once, before the count
        figures = asyncio.run(costs(url, server.pid, args.repeats, lesson))
    finally:
        server.terminate()
        server.wait(timeout=20)
    mix = sum(share * figures[action][1] for action, share in LESSON.items())
    for action, (latency, cpu, engine) in figures.items():
        share = LESSON[action]
        print(
            f"{action:6s} {share:4.0%} of the lesson: latency median {latency:4.0f} ms, server CPU {cpu:4.0f} ms "
            f"(pictures computed by the {engine})"
        )
    print(f"the lesson's mix: {mix:.0f} ms of server CPU per update; {1000 / mix:.0f} updates/s take a whole core")


if __name__ == "__main__":
    main()
