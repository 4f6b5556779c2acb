"""Copy the onnxruntime-web files the browser runs into ui/components/ort/, with their SHA-256.

`python -m tools.web_assets` installs the version tools/web/package-lock.json pins (npm ci, which checks
the package's integrity against the lockfile), copies exactly RUNTIME_FILES, and writes
ui/components/ort/manifest.json; tests/test_web_assets.py checks the committed files against it. Run it
after changing the pinned version (edit tools/web/package.json, then `npm install` there), and commit
the folder. Students' browsers load only what is committed: nothing is fetched at run time.

Why these two files: the plain WebAssembly backend with one thread needs onnxruntime's API and the
Emscripten glue that loads the .wasm; ort.wasm.bundle.min.mjs is both in one ES module (77 KB, against
54 + 25 KB for ort.wasm.min.mjs and ort-wasm-simd-threaded.mjs apart). Since 1.19 the package ships one
.wasm for every thread count; with numThreads 1 it starts no worker and needs no cross-origin isolation.
The other builds (WebGPU, WebGL, JSPI, asyncify, "all") and the source maps are not needed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from dae.catalog import REPO_ROOT

WEB = REPO_ROOT / "tools" / "web"
PACKAGE = "onnxruntime-web"
RUNTIME_FILES = ("ort.wasm.bundle.min.mjs", "ort-wasm-simd-threaded.wasm")
ORT_DIR = REPO_ROOT / "ui" / "components" / "ort"
MANIFEST = ORT_DIR / "manifest.json"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locked_package() -> dict[str, str]:
    """The version and integrity (the tarball's SHA-512) tools/web/package-lock.json pins for onnxruntime-web."""
    lock = json.loads((WEB / "package-lock.json").read_text())
    entry = lock["packages"][f"node_modules/{PACKAGE}"]
    return {"version": entry["version"], "integrity": entry["integrity"]}


def install() -> Path:
    """npm ci in tools/web: exactly the lockfile's packages, their integrity checked; returns the dist folder."""
    if shutil.which("npm") is None:
        sys.exit("npm is needed to refresh the browser runtime (Node.js 20 or newer).")
    # --ignore-scripts: nothing from the registry runs here; the files are only copied.
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    return WEB / "node_modules" / PACKAGE / "dist"


def copy_runtime(dist: Path) -> dict[str, dict[str, int | str]]:
    """Replace ui/components/ort/ with RUNTIME_FILES from `dist` and write the manifest beside them; returns
    each file's size and SHA-256."""
    if ORT_DIR.exists():
        shutil.rmtree(ORT_DIR)  # a file an older version needed must not linger
    ORT_DIR.mkdir(parents=True)
    files: dict[str, dict[str, int | str]] = {}
    for name in RUNTIME_FILES:
        shutil.copyfile(dist / name, ORT_DIR / name)
        files[name] = {"bytes": (ORT_DIR / name).stat().st_size, "sha256": sha256_of(ORT_DIR / name)}
    manifest = {"package": PACKAGE, **locked_package(), "files": files}
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    return files


def main() -> None:
    files = copy_runtime(install())
    for name, entry in files.items():
        print(f"{name:32s} {entry['bytes']:>10,} bytes  sha256 {entry['sha256']}")
    print(f"{PACKAGE} {locked_package()['version']} -> {ORT_DIR.relative_to(REPO_ROOT)}/ (commit it)")


if __name__ == "__main__":
    main()
