"""A student's first visit arrives compressed: Streamlit's own bundles and page (ui/server_gzip.py), and the
app's browser modules, runtime and model files (Streamlit's gzip middleware), each once; the page still works."""

import pytest

from dae.catalog import DENOISERS
from tools.browser import LIVE_SHOWN, PICTURES_SHOWN, assert_no_exception, wait_for_scores

pytestmark = pytest.mark.browser

COMPRESSIBLE = (".js", ".mjs", ".css", ".wasm", ".onnx")
GZIP = b"\x1f\x8b"  # a gzip stream's first bytes: what a body compressed twice still starts with once decoded


def first_visit(browser, url: str) -> tuple[dict[str, dict[str, str]], dict[str, bytes]]:
    """A new browser's visit to the Playground, once its rows are shown: each answered URL's response headers,
    and the first bytes of each compressible file as the browser decoded it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(url)
        page.wait_for_selector(LIVE_SHOWN)
        # The page still works: every model's row computed and shown, its pictures loaded, nothing raised.
        assert len(wait_for_scores(page)) == len(DENOISERS)
        page.wait_for_function(PICTURES_SHOWN)
        assert_no_exception(page)
        answered = [response for response in responses if response.status == 200]
        headers = {response.url: response.all_headers() for response in answered}
        starts = {
            response.url: response.body()[:4]
            for response in answered
            if response.url.split("?")[0].endswith(COMPRESSIBLE) or response.url == url + "/"
        }
    finally:
        context.close()
    return headers, starts


def test_a_first_visit_arrives_gzipped(browser, server_url):
    first_visit(browser, server_url)  # the server's script has run once: from then on, everything is compressed
    headers, starts = first_visit(browser, server_url)
    files = [url for url in headers if url.split("?")[0].endswith(COMPRESSIBLE)]
    assert any("/static/js/" in url for url in files) and any(".wasm" in url for url in files), files
    assert sum(".onnx" in url for url in files) == 2 * len(DENOISERS), files  # each model's encoder and decoder
    # Streamlit's middleware leaves files under 1,000 bytes as they are (gzip would not shrink them).
    plain = [
        url for url in [*files, server_url + "/"]
        if headers[url].get("content-encoding") != "gzip" and int(headers[url].get("content-length", 0)) >= 1000
    ]  # fmt: skip
    assert plain == []
    # Compressed once: what the browser decoded is the file itself, not another gzip stream.
    twice = [url for url, start in starts.items() if start.startswith(GZIP)]
    wasm = [url for url in files if url.split("?")[0].endswith(".wasm")]
    assert twice == [] and wasm and all(starts[url] == b"\0asm" for url in wasm), (twice, {u: starts[u] for u in wasm})
