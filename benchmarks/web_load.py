"""Load on the web's read endpoints with wrk: requests per second and p99 latency.

    python benchmarks/web_load.py                    # SQLite, 2 workers, 10 s per endpoint
    python benchmarks/web_load.py --pg URL           # the same through PostgreSQL (an empty
                                                     # database the script fills)

Builds the default dataset, starts `coopatlas serve --workers N` on a free loopback port,
and runs Debian's wrk (bounded: --duration seconds, --connections) against a region page,
`GET /api/trade?...` and `GET /api/enterprises?...` (anonymous, and with an analyst's token).
Prints a Markdown table for docs/benchmarks.md. Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

from coopatlas import registry
from coopatlas.registry.dataset import load_default_dataset
from coopatlas.web import accounts

ENDPOINTS = [
    ("region page", "/regions/RU-LIP", False),
    ("trade", "/api/trade?partner=RU-LIP&sort=period_start", False),
    ("enterprises", "/api/enterprises?region=RU-LIP&limit=20", False),
    ("enterprises (analyst token)", "/api/enterprises?sector=automotive&limit=20", True),
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, seconds: int, connections: int, token: str | None) -> tuple[float, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        print(f"warning: {errors.group(1)} non-2xx answers from {url}", file=sys.stderr)
    return rps, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", help="an empty PostgreSQL database URL to use instead")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp())
    url = args.pg or f"sqlite:///{tmp / 'bench.db'}"
    engine = registry.connect(url)
    registry.init_db(engine)
    load_default_dataset(engine)
    accounts.add_user(engine, "bench", "analyst", "benchmark password")
    token = accounts.create_token(engine, "bench")
    engine.dispose()
    port = _port()
    env = {**os.environ, "COOPATLAS_SECRET": "bench"}
    server = subprocess.Popen(
        [sys.executable, "-m", "coopatlas", "--db", url, "serve", "--port", str(port),
         "--workers", str(args.workers)],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        db = "PostgreSQL" if args.pg else "SQLite"
        how = f"wrk -t2 -c{args.connections} -d{args.seconds}s"
        print(f"{date.today()} · {platform.node()} · {os.cpu_count()} cores · {db} · "
              f"{args.workers} workers · {how}\n")  # fmt: skip
        print("| endpoint | requests/s | p99 ms |\n|---|---:|---:|")
        for name, path, auth in ENDPOINTS:
            # warm: each worker builds and keeps a region's brief on its first request (about
            # half a second); the table is about the steady state, the warm-up is reported
            started = time.perf_counter()
            for _ in range(4 * args.workers):
                headers = {"Authorization": f"Bearer {token}"} if auth else {}
                httpx.get(base + path, headers=headers, timeout=30)
            warm = (time.perf_counter() - started) * 1000 / (4 * args.workers)
            print(f"warm-up {path}: {warm:.0f} ms a request on average", file=sys.stderr)
            rps, p99 = wrk(base + path, args.seconds, args.connections, token if auth else None)
            print(f"| {name} `{path}` | {rps:,.0f} | {p99:.1f} |")
    finally:
        server.terminate()
        server.wait(15)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
