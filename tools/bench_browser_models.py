"""The denoisers in the browser, measured: `python -m tools.bench_browser_models [--nginx]`.

Starts the real app (`streamlit run app.py`), then:
1. what the server sends for each file the browser needs (onnxruntime-web and the five denoisers' ONNX
   files), asked for as a browser asks (gzip accepted): type, encoding, caching headers, bytes;
2. the Playground in Chromium (once the teacher's tab has opened it), a student's first visit and second one
   (a new tab, same browser storage): bytes over
   the wire (the whole page, and this feature's files: the modules, onnxruntime-web, the ONNX files), the
   time from navigation to the first rows computed in the browser; then a pen drawing a 3 with all five
   denoisers shown: updates a second, the interval between two updates (median, p95), messages sent;
3. the module alone: the time to create the ten sessions, and one digit through all five denoisers, one
   after another: median and p95.
"""

from __future__ import annotations

import statistics
import time
import urllib.request
from typing import TYPE_CHECKING, Any

import numpy as np

from dae import i18n
from dae.catalog import DENOISERS
from dae.data import load_test_images
from dae.noise import add_noise
from dae.runtime import load
from tools.browser import CHROMIUM, CHROMIUM_ARGS, COUNT_SENDS, THREE, stroke, wait_until_idle
from tools.server import cpu_seconds, start_app, wait_until_healthy
from tools.web_assets import MANIFEST, RUNTIME_FILES
from ui.browser_models import model_spec

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

ROUTE = "/_stcore/bidi-components"
MODULE = f"{ROUTE}/dae-app.live_noise/browser_models.js"
SERVED = "/_stcore/bidi-components/dae-app."  # every file of this feature, and nothing else the page loads
FILES = [f"{ROUTE}/dae-app.live_noise/ort/{name}" for name in RUNTIME_FILES] + [
    f"{ROUTE}/dae-app.weights/{name}.{part}.onnx" for name in DENOISERS for part in ("encoder", "decoder")
]

# Opens the five denoisers (timed), then runs one digit through all of them `rounds` times (each timed).
MEASURE = """async ([module, specs, digit, rounds]) => {
  const m = await import(module);
  const start = performance.now();
  const models = await m.createModels(specs.map(({ name, sha256 }) => m.modelUrls(name, sha256)));
  const created = performance.now() - start;
  const image = new Float32Array(digit);
  for (const model of models) await model.run(image);  // the first run of a session sets it up
  const times = [];
  for (let round = 0; round < rounds; round += 1) {
    const before = performance.now();
    for (const model of models) await model.run(image);
    times.push(performance.now() - before);
  }
  return { created, times };
}"""


def headers_table(url: str, pid: int) -> None:
    print("1. What the server sends (Accept-Encoding: gzip)")
    print(f"   {'file':62s} {'type':24s} {'encoding':8s} {'cache':8s} {'etag':4s} {'on disk':>11s} {'wire':>11s}")
    for path in FILES:
        request = urllib.request.Request(url + path, headers={"Accept-Encoding": "gzip"})
        cpu = cpu_seconds(pid)
        with urllib.request.urlopen(request) as response:
            wire, head = len(response.read()), response.headers
        cost = cpu_seconds(pid) - cpu
        size = int(urllib.request.urlopen(url + path).headers["Content-Length"])
        print(
            f"   {path.removeprefix(ROUTE + '/'):62s} {head['Content-Type']:24s} {head['Content-Encoding'] or '-':8s} "
            f"{head['Cache-Control'] or '-':8s} {'yes' if head['ETag'] else 'no':4s} {size:>11,} {wire:>11,}"
            + (f"   (server CPU {cost:.2f} s)" if cost > 0.05 else "")
        )


def _count_bytes(context: BrowserContext, page: Any) -> dict[str, Any]:
    """Bytes over the wire (headers included) for this feature's files, from Chromium's own network events
    (a file the module takes from its Cache Storage makes none)."""
    counted: dict[str, Any] = {"bytes": 0, "requests": 0, "urls": {}}
    client = context.new_cdp_session(page)
    client.send("Network.enable")

    def received(event: dict[str, Any]) -> None:
        if SERVED in event["response"]["url"]:
            counted["urls"][event["requestId"]] = event["response"]["url"]
            counted["requests"] += 1

    def finished(event: dict[str, Any]) -> None:
        if event["requestId"] in counted["urls"]:
            counted["bytes"] += event["encodedDataLength"]

    client.on("Network.responseReceived", received)
    client.on("Network.loadingFinished", finished)
    return counted


def _all_bytes(context: BrowserContext, page: Any) -> dict[str, int]:
    """Every byte the page receives over the wire (headers included), websocket frames aside."""
    counted = {"bytes": 0}
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    client.on(
        "Network.loadingFinished", lambda event: counted.update(bytes=counted["bytes"] + event["encodedDataLength"])
    )
    return counted


# Every update of the rows (live_computed.js paint) timed, from now on.
WATCH_FRAMES = """() => { window.__frames = [];
  new MutationObserver(() => window.__frames.push(performance.now())).observe(
    document.querySelector('.live-root'), { attributes: true, attributeFilter: ['data-frames-shown'] }); }"""
FRAMES = "Number(document.querySelector('.live-root').dataset.framesShown)"
FIRST_ROWS = "() => document.querySelector('.live-root[data-engine=browser][data-frames-shown]')"


def playground_visit(context: BrowserContext, url: str, pen: bool) -> str:
    """One tab on the Playground: bytes, time to the first rows computed in the browser, and (pen) a drawing."""
    page = context.new_page()
    page.add_init_script(COUNT_SENDS)
    counted, everything = _count_bytes(context, page), _all_bytes(context, page)
    page.goto(url)
    page.wait_for_function(FIRST_ROWS, timeout=60_000)
    first = page.evaluate("() => performance.now()")  # since navigation started
    wait_until_idle(page)
    page.wait_for_timeout(300)  # the last loadingFinished events
    line = (
        f"{everything['bytes']:>11,} bytes over the wire, {counted['bytes']:>11,} of them this feature's "
        f"({counted['requests']} responses); first rows computed {first / 1000:.2f} s after navigation"
    )
    if pen:
        line += "\n" + _drawing(page) + "\n" + _new_noise(page)
    page.close()
    return line


def _drawing(page: Any) -> str:
    page.evaluate(WATCH_FRAMES)
    sent = page.evaluate("() => window.__sent")
    started = time.perf_counter()
    stroke(page, THREE, steps=30)  # about 240 pointer moves, pen down throughout
    seconds = time.perf_counter() - started
    frames, sent_while = page.evaluate("() => [window.__frames, window.__sent]")
    page.mouse.up()
    intervals = np.diff(frames)
    return (
        f"   {'drawing a 3 (pen down)':22s} {len(frames)} updates in {seconds:.2f} s "
        f"= {len(frames) / seconds:.0f} a second; "
        f"interval median {statistics.median(intervals):.1f} ms, p95 {float(np.percentile(intervals, 95)):.1f} ms; "
        f"{sent_while - sent} messages to the server while drawing"
    )


def _new_noise(page: Any, times: int = 10) -> str:
    """New noise pressed -> the rows of the new pattern drawn (a rerun brings the pattern's unit fields)."""
    wait_until_idle(page)
    button = page.get_by_role("button", name=i18n.english("noise.new"))
    took = []
    for _ in range(times):
        frames = page.evaluate(f"() => {FRAMES}")
        started = page.evaluate("() => performance.now()")
        button.click()
        page.wait_for_function(f"(n) => {FRAMES} > n", arg=frames)
        took.append(page.evaluate("() => performance.now()") - started)
        wait_until_idle(page)
    return (
        f"   {'New noise':22s} -> the new pattern's rows drawn: median {statistics.median(took):.0f} ms, "
        f"p95 {float(np.percentile(took, 95)):.0f} ms ({times} presses)"
    )


def playground_figures(browser: Browser, url: str) -> None:
    # The teacher's tab first, in a browser storage of its own: the server has loaded its models and digits
    # before a student's first visit is measured (that first run costs the server seconds, once).
    warm = browser.new_context()
    warm.new_page().goto(url)
    warm.pages[0].wait_for_function(FIRST_ROWS, timeout=60_000)
    warm.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    print("\n2. The Playground in Chromium (all five denoisers shown)")
    for label, pen in (("first visit", True), ("second visit (cache)", False)):
        print(f"   {label:22s} {playground_visit(context, url, pen)}")
    context.close()


def visit(context: BrowserContext, url: str, digit: np.ndarray, rounds: int) -> tuple[dict[str, Any], dict]:
    """One tab: the app's page, then the module's models created and timed; (network counts, timings)."""
    page = context.new_page()
    counted = _count_bytes(context, page)
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp]")
    specs = [model_spec(load(name)) for name in DENOISERS]
    result = page.evaluate(MEASURE, [url + MODULE, specs, digit.ravel().tolist(), rounds])
    page.wait_for_timeout(200)  # the last loadingFinished events
    page.close()
    return counted, result


def browser_figures(browser: Browser, url: str, rounds: int) -> None:
    digit = add_noise(load_test_images()[0][:1], "gaussian", 0.5, seed=0)
    context = browser.new_context()
    print(f"\n3. The module alone in Chromium (onnxruntime-web {_version()}, WebAssembly, one thread)")
    for label in ("first visit", "second visit (cache)"):
        counted, result = visit(context, url, digit, rounds)
        times = result["times"]
        print(
            f"   {label:22s} {counted['bytes']:>11,} bytes over the wire in {counted['requests']:2d} responses; "
            f"sessions created in {result['created'] / 1000:.2f} s; "
            f"one digit through all five: median {statistics.median(times):.1f} ms, "
            f"p95 {float(np.percentile(times, 95)):.1f} ms ({len(times)} runs)"
        )
    context.close()


def _version() -> str:
    import json

    return json.loads(MANIFEST.read_text())["version"]


def main(rounds: int = 200, nginx: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    from tools.scale_out import start_cluster

    # --nginx: one process behind deploy/nginx.conf, as a school serves it (nginx gzips Streamlit's own bundles).
    cluster = start_cluster(1) if nginx else None
    if cluster:
        server, url = next(iter(cluster.replicas.values())), cluster.url
    else:
        server, url = start_app()
    try:
        wait_until_healthy(url)
        headers_table(url, server.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            playground_figures(browser, url)
            started = time.perf_counter()
            browser_figures(browser, url, rounds)
            print(f"   (both visits took {time.perf_counter() - started:.1f} s)")
            browser.close()
    finally:
        if cluster:
            cluster.stop()
        else:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    import sys

    main(nginx="--nginx" in sys.argv[1:])
