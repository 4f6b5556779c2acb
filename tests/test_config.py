"""The server settings a classroom deployment relies on (.streamlit/config.toml)."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())


def test_uploads_are_capped_and_requests_protected():
    assert 1 <= CONFIG["server"]["maxUploadSize"] <= 10  # megabytes
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_production_settings():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"]["fileWatcherType"] == "none" and CONFIG["server"]["runOnSave"] is False
    assert CONFIG["server"]["enableStaticServing"] is False  # nothing on disk is served
    assert CONFIG["client"]["showErrorDetails"] in ("type", "none")  # never a traceback in the browser
