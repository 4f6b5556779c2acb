"""Streamlit's own JavaScript and CSS sent gzipped, as a proxy in front of it would send them.

Streamlit 1.67 routes every response through its gzip middleware except its bundles (/static/...) and the
page itself, which it leaves uncompressed on purpose: it expects a proxy to compress them. A teacher's laptop
running `streamlit run app.py` has no proxy, so every student's first visit carried 3.2 MB of uncompressed
JavaScript and CSS over the classroom's Wi-Fi (a first visit 9.7 MB in all; 7.8 MB with this). Compressing
them costs this process ~40 ms of CPU per first visit (`python -m tools.bench_browser_models`); the browser
keeps the bundles, which are named by their hash, for a year. The switch takes effect once the script has
run once, so the very first page a fresh server sends (the teacher's) is still uncompressed.
"""

from __future__ import annotations


def compress_streamlit_bundles() -> bool:
    """Have Streamlit's gzip middleware compress its bundles and its page too; False (nothing changed) where
    this Streamlit has no such switch. `tests/e2e/test_compression.py` notices if an upgrade removes it."""
    try:
        from streamlit.web.server.starlette import starlette_gzip_middleware as middleware
    except ImportError:
        return False
    if not callable(getattr(middleware, "_should_bypass_gzip", None)):
        return False
    middleware._should_bypass_gzip = _bypass_nothing  # looked up on every request, so this holds from now on
    return True


def _bypass_nothing(path: str, base_url: str = "") -> bool:
    return False
