"""What the browser loads is what was committed, and the app serves it from the folders it declares.

ui/components/ort/ holds the onnxruntime-web files `python -m tools.web_assets` copied from the version
tools/web/package-lock.json pins; its manifest.json names each file's SHA-256. pyproject.toml declares
the asset folders Streamlit serves (Components v2); these tests ask Streamlit's own scanner for them.
"""

import json
import tomllib
from pathlib import Path

import pytest
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.components.v2.manifest_scanner import scan_component_manifests

from tools.web_assets import MANIFEST, ORT_DIR, PACKAGE, RUNTIME_FILES, WEB, locked_package, sha256_of
from ui.browser_models import COMPONENT, PROJECT

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(MANIFEST.read_text())


def test_the_committed_runtime_files_are_the_ones_the_manifest_names(manifest):
    assert manifest["package"] == PACKAGE
    assert sorted(manifest["files"]) == sorted(RUNTIME_FILES)
    assert sorted(path.name for path in ORT_DIR.iterdir()) == sorted([*RUNTIME_FILES, MANIFEST.name])  # nothing else
    for name, entry in manifest["files"].items():
        path = ORT_DIR / name
        assert path.stat().st_size == entry["bytes"], f"{path} is not the size the manifest names"
        assert sha256_of(path) == entry["sha256"], f"{path} differs from the manifest: python -m tools.web_assets"


def test_the_lockfile_pins_the_version_the_files_came_from(manifest):
    wanted = json.loads((WEB / "package.json").read_text())["dependencies"][PACKAGE]
    assert wanted == manifest["version"], "package.json must pin one exact version (no ^ or ~)"
    assert locked_package() == {"version": manifest["version"], "integrity": manifest["integrity"]}


def test_the_browser_module_loads_the_committed_runtime_files():
    module = (REPO / "ui" / "components" / "browser_models.js").read_text()
    assert all(f'"{name}"' in module for name in RUNTIME_FILES)
    assert "cdn" not in module.lower() and "https://" not in module  # nothing from outside the app


@pytest.fixture(scope="module")
def manager() -> BidiComponentManager:
    """Components v2's registry as a server starts it: what Streamlit's own scanner finds for this app."""
    registry = BidiComponentManager()
    for found, package_root in scan_component_manifests():
        if found.name == PROJECT:
            registry.register_from_manifest(found, package_root)
    return registry


def test_streamlit_finds_the_declared_asset_folders(manager):
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == PROJECT
    assert f"Name: {PROJECT}\n" in (REPO / "dae_app.egg-info" / "PKG-INFO").read_text()
    assert manager.get_component_asset_root(COMPONENT) == REPO / "ui" / "components"
    assert manager.get_component_asset_root(f"{PROJECT}.weights") == REPO / "weights"


def test_the_component_resolves_its_module_inside_its_asset_folder(manager):
    definition = manager.build_definition_with_validation(
        component_key=COMPONENT, html="", css=None, js="browser_models.js"
    )
    assert definition.js_asset_relative_path == "browser_models.js"
    assert definition.js == str(REPO / "ui" / "components" / "browser_models.js")


def test_the_committed_axe_core_is_the_version_the_lockfile_pins():
    lock = json.loads((REPO / "tools" / "a11y" / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    header = (REPO / "tools" / "a11y" / "axe.min.js").read_text()[:40]
    assert header.startswith(f"/*! axe v{pinned}\n"), header
