"""A student's first visit arrives compressed: Streamlit's own bundles and page (ui/server_gzip.py), and the
app's browser modules, runtime and model files (Streamlit's gzip middleware), each once; the page still works."""

import pytest

from tools.browser import LIVE_SHOWN

pytestmark = pytest.mark.browser

COMPRESSIBLE = (".js", ".mjs", ".css", ".wasm", ".onnx")


def first_visit(browser, url: str) -> dict[str, dict[str, str]]:
    """A new browser's visit to the Playground: each answered URL's response headers."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector(LIVE_SHOWN)
    headers = {response.url: response.all_headers() for response in responses if response.status == 200}
    context.close()
    return headers


def test_a_first_visit_arrives_gzipped(browser, server_url):
    first_visit(browser, server_url)  # the server's script has run once: from then on, everything is compressed
    headers = first_visit(browser, server_url)
    files = [url for url in headers if url.split("?")[0].endswith(COMPRESSIBLE)]
    assert any("/static/js/" in url for url in files) and any(".wasm" in url for url in files), files
    # Streamlit's middleware leaves files under 1,000 bytes as they are (gzip would not shrink them).
    plain = [
        url for url in [*files, server_url + "/"]
        if headers[url].get("content-encoding") != "gzip" and int(headers[url].get("content-length", 0)) >= 1000
    ]  # fmt: skip
    assert plain == []
