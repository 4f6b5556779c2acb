"""A school's server on one machine: `python -m tools.scale_out --replicas 2 --port 8080`.

Starts N `streamlit run app.py` processes, each on a free local port, and Debian's nginx in front of
them from the committed deploy/nginx.conf (session affinity by cookie, websocket upgrade on
/_stcore/stream). Then it watches: every 2 s it asks each process's /_stcore/health; one that does not
answer is reported and started again on its port. nginx has already taken it out after one failed
request, and its students' browsers reconnect through nginx to another process (Streamlit shows
"Connecting" and a fresh session; no traceback). Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from dae.catalog import REPO_ROOT
from tools.server import free_port, start_app, wait_until_healthy

TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Cluster:
    """nginx on `url`, and the Streamlit processes behind it (by port)."""

    url: str
    nginx: subprocess.Popen
    replicas: dict[int, subprocess.Popen] = field(default_factory=dict)
    folder: Path = Path()

    def stop(self) -> None:
        for process in [self.nginx, *self.replicas.values()]:
            process.terminate()
        for process in [self.nginx, *self.replicas.values()]:
            process.wait(timeout=20)
        shutil.rmtree(self.folder, ignore_errors=True)


def nginx_config(folder: Path, listen: int, ports: list[int]) -> Path:
    """deploy/nginx.conf with this run's working folder, address and processes filled in."""
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports)
    text = TEMPLATE.read_text().replace("@PREFIX@", str(folder)).replace("@LISTEN@", f"127.0.0.1:{listen}")
    path = folder / "nginx.conf"
    path.write_text(text.replace("@SERVERS@", servers))
    return path


def start_cluster(replicas: int, port: int | None = None) -> Cluster:
    """`replicas` Streamlit processes and nginx in front of them, all answering when this returns."""
    if not Path(NGINX).exists():
        raise FileNotFoundError("nginx not found: apt-get install nginx (Debian's package)")
    folder = Path(tempfile.mkdtemp(prefix="dae-nginx-"))
    started = [start_app(open(folder / f"streamlit-{n}.log", "w")) for n in range(replicas)]
    ports = [int(url.rsplit(":", 1)[1]) for _, url in started]
    listen = port or free_port()
    config = nginx_config(folder, listen, ports)
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-p", str(folder), "-g", "daemon off;"])
    cluster = Cluster(
        f"http://127.0.0.1:{listen}",
        nginx,
        {port: process for port, (process, _) in zip(ports, started, strict=True)},
        folder,
    )
    try:
        if nginx.wait(timeout=0.5) is not None:  # it exited: a bad configuration, or the port is taken
            raise RuntimeError(f"nginx did not start: see {folder}/error.log and its output above")
    except subprocess.TimeoutExpired:
        pass  # still running: good
    try:
        for url in [url for _, url in started] + [cluster.url]:
            wait_until_healthy(url)
    except Exception:
        cluster.stop()
        raise
    return cluster


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def revive(cluster: Cluster) -> list[int]:
    """One health check of every process: those that do not answer are reported and started again on
    their port (answering when this returns). Returns their ports."""
    down = [port for port in cluster.replicas if not healthy(port)]
    for port in down:
        print(f"replica on port {port} is down (exit code {cluster.replicas[port].poll()}): restarting it", flush=True)
        cluster.replicas[port].kill()
        cluster.replicas[port] = start_app(open(cluster.folder / f"streamlit-{port}.log", "a"), port)[0]
    for port in down:
        wait_until_healthy(f"http://127.0.0.1:{port}")
    return down


def watch(cluster: Cluster, interval: float = 2.0) -> None:
    while True:
        revive(cluster)
        time.sleep(interval)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    cluster = start_cluster(args.replicas, args.port)
    print(f"{args.replicas} Streamlit processes behind nginx on {cluster.url} (logs in {cluster.folder})", flush=True)
    try:
        watch(cluster)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
