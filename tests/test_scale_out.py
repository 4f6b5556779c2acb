"""The school's set-up, short: two Streamlit processes behind Debian's nginx (tools.scale_out, from the
committed deploy/nginx.conf), ten protocol-level students for a few seconds through it (tools.protocol_load):
no error, every student kept on one process, both processes used; then one process dies, the health check
notices and restarts it, and new students are served meanwhile by the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_async as run
from tools.protocol_load import Lesson, first_page, one_class
from tools.scale_out import NGINX, revive, start_cluster


@pytest.fixture(scope="module")
def cluster():
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: apt-get install nginx (Debian's package; .ci/run installs it)")
    started = start_cluster(2)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def lesson() -> Lesson:
    return Lesson()


def test_a_class_through_nginx_stays_on_its_processes(cluster, lesson):
    for port in cluster.replicas:  # each process loads its models before the clock runs
        run(one_class(f"http://127.0.0.1:{port}", 1, 0, 1, 0.1, lesson, []))
    figures = run(one_class(cluster.url, 10, 0, 3, 1.0, lesson, [], cookies=one_cookie_per_process(cluster)))
    tally = figures["tally"]
    # Three actions each, counted (not a count within a time, which a busy machine lowers).
    assert tally.updates == 30 and dict(tally.errors) == {}, tally.examples  # "moved" would be an error too
    # Half the class came with each process's cookie (as browsers that had been there): each stayed on it.
    assert tally.replicas == {f"127.0.0.1:{port}": 5 for port in cluster.replicas}


def one_cookie_per_process(cluster) -> list[str]:
    """An affinity cookie nginx maps to each process. New browsers get random ones (the hash spreads a real
    class, unevenly: all ten of a test's students on one process happened), so the test picks them."""
    found: dict[str, str] = {}
    for attempt in range(200):
        cookie = f"dae_replica=test-{attempt}"
        _, replica = first_page(cluster.url, cookie)
        found.setdefault(str(replica), cookie)
        if len(found) == len(cluster.replicas):
            return list(found.values())
    raise AssertionError(f"nginx sent 200 cookies to {sorted(found)} only")


def test_a_dead_process_is_noticed_restarted_and_its_place_taken(cluster, lesson):
    port, process = next(iter(cluster.replicas.items()))
    process.kill()
    process.wait(timeout=10)
    figures = run(one_class(cluster.url, 4, 0, 2, 0.2, lesson, []))  # meanwhile: the other process
    assert dict(figures["tally"].errors) == {}, figures["tally"].examples
    assert revive(cluster) == [port]
    assert cluster.replicas[port].poll() is None and revive(cluster) == []
