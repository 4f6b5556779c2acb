"""The school's set-up, short: two Streamlit processes behind Debian's nginx (tools.scale_out, from the
committed deploy/nginx.conf), ten protocol-level students for a few seconds through it (tools.protocol_load):
no error, every student kept on one process, both processes used; then one process dies, the health check
notices and restarts it, and new students are served meanwhile by the other."""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import run_async as run
from tools.protocol_load import Lesson, first_page, one_class
from tools.scale_out import NGINX, revive, start_cluster
from tools.web_assets import ORT_DIR


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


def test_through_nginx_streamlits_bundles_and_the_apps_files_arrive_gzipped_once(cluster):
    """Streamlit leaves its own bundles uncompressed for a proxy to compress; the app's runtime arrives
    gzipped from Streamlit already and must reach the browser compressed once, byte for byte the file."""
    port = next(iter(cluster.replicas))
    page = urllib.request.urlopen(cluster.url + "/").read().decode()
    bundle = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', page)
    assert bundle, page[:500]
    wasm = "_stcore/bidi-components/dae-app.live_noise/ort/ort-wasm-simd-threaded.wasm"
    for path, on_disk in ((bundle.group(1), None), (wasm, ORT_DIR / "ort-wasm-simd-threaded.wasm")):
        direct = urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}").read()
        request = urllib.request.Request(f"{cluster.url}/{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip", path
            sent = response.read()
        assert len(sent) < len(direct) / 2 and gzip.decompress(sent) == direct, path
        if on_disk:
            assert direct == on_disk.read_bytes()


def test_a_dead_process_is_noticed_restarted_and_its_place_taken(cluster, lesson):
    port, process = next(iter(cluster.replicas.items()))
    process.kill()
    process.wait(timeout=10)
    figures = run(one_class(cluster.url, 4, 0, 2, 0.2, lesson, []))  # meanwhile: the other process
    tally = figures["tally"]
    assert tally.updates == 8 and dict(tally.errors) == {}, tally.examples  # two actions each, every reply checked
    (other,) = (other for other in cluster.replicas if other != port)
    assert tally.replicas == {f"127.0.0.1:{other}": 4}  # all four by the process still running
    assert revive(cluster) == [port]
    assert cluster.replicas[port].poll() is None and revive(cluster) == []
