"""Bounded load test against `quotetrace serve` on 127.0.0.1: normal, huge and malformed
requests mixed for a fixed time. Prints requests, errors by status, p50/p95 latency of normal
requests, dropped connections, and worker RSS at the start and the end. Asserts nothing.

usage: python -m bench.load [CORPUS.jsonl] [--seconds 120] [--warmup-seconds 60] [--clients 6]
       [--workers 2] [--settle-seconds 5] [--log server.log]

RSS is read at rest: after the warm-up and after the run, once requests in flight have ended.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.bench import corpus_parser, descendants, percentile, read_corpus


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_server(port: int, workers: int, env: dict[str, str], log) -> subprocess.Popen:
    """`quotetrace serve` on 127.0.0.1:``port``, once every worker answers /readyz."""
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port),
                               "--workers", str(workers)],
                              env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if all(httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200
                   for _ in range(3 * workers)):
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the server did not become ready")


def hostile_requests() -> list[tuple[str, dict]]:
    """(kind, request arguments) of requests meant to be refused or to work hard."""
    return [
        ("huge", {"json": {"text": "word " * 230_000}}),
        ("huge", {"content": b"x" * 5_000_000, "headers": {"content-type": "text/plain"}}),
        ("marks", {"json": {"text": '"' * 200_000}}),
        ("malformed", {"content": b'{"text": ', "headers": {"content-type": "application/json"}}),
        ("malformed", {"content": b"\xff\xfe\x00garbage",
                       "headers": {"content-type": "text/plain; charset=utf-8"}}),
        ("malformed", {"json": {"txt": "wrong field"}}),
        ("malformed", {"json": {"text": 12}}),
    ]


def main() -> None:
    parser = corpus_parser(__doc__)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--warmup-seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--settle-seconds", type=float, default=5,
                        help="pause after each phase before RSS is read (work in flight ends)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--log", default="load-server.log")
    args = parser.parse_args()
    texts = read_corpus(args.corpus, 200)

    log = open(args.log, "w")  # noqa: SIM115  (open for the server's whole life)
    server = start_server(args.port, args.workers, {"QUOTETRACE_MAX_TEXT_CHARS": "1000000"}, log)
    base = f"http://127.0.0.1:{args.port}"
    try:
        statuses: Counter[tuple[str, int | str]] = Counter()
        normal_latency: list[float] = []
        lock = threading.Lock()

        def run_clients(seconds: float, first_seed: int) -> None:
            nonlocal stop_at
            stop_at = time.monotonic() + seconds
            threads = [threading.Thread(target=client, args=(first_seed + i,))
                       for i in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        def client(seed: int) -> None:
            rng = random.Random(seed)
            hostile = hostile_requests()
            with httpx.Client(base_url=base, timeout=120) as http:
                while time.monotonic() < stop_at:
                    if rng.random() < 0.8:
                        kind, request = "normal", {"json": {"text": rng.choice(texts)}}
                    else:
                        kind, request = rng.choice(hostile)
                    t0 = time.perf_counter()
                    try:
                        response = http.post("/v1/quotes", **request)
                        outcome: int | str = response.status_code
                        if response.status_code == 503:
                            time.sleep(float(response.headers.get("retry-after", "1")))
                    except httpx.HTTPError as err:
                        outcome = f"dropped: {type(err).__name__}"
                    elapsed = time.perf_counter() - t0
                    with lock:
                        statuses[(kind, outcome)] += 1
                        if kind == "normal" and outcome == 200:
                            normal_latency.append(elapsed)

        stop_at = 0.0
        run_clients(args.warmup_seconds, 1000)  # the same mix, to reach steady state
        time.sleep(args.settle_seconds)
        statuses.clear()
        normal_latency.clear()
        pids = [server.pid, *descendants(server.pid)]
        start_rss = {pid: rss_mb(pid) for pid in pids}
        run_clients(args.seconds, 0)
        time.sleep(args.settle_seconds)
        end_rss = {pid: rss_mb(pid) for pid in pids}

        print(f"{sum(statuses.values())} requests in {args.seconds:.0f} s from {args.clients} "
              f"clients against {args.workers} worker(s)")
        for (kind, outcome), count in sorted(statuses.items(), key=str):
            print(f"  {kind:<10} {outcome!s:<22} {count}")
        if normal_latency:
            print(f"  normal 200: p50 {1000 * percentile(normal_latency, 0.5):.0f} ms, "
                  f"p95 {1000 * percentile(normal_latency, 0.95):.0f} ms")
        server_errors = sum(c for (_, o), c in statuses.items() if isinstance(o, int) and o >= 500
                            and o not in (503, 504))
        dropped = sum(c for (k, o), c in statuses.items() if k == "normal" and isinstance(o, str))
        print(f"  5xx other than 503/504: {server_errors}; dropped normal connections: {dropped}")
        for pid in pids:
            print(f"  pid {pid}: RSS {start_rss[pid]:.0f} MB after warm-up, "
                  f"{end_rss[pid]:.0f} MB at the end "
                  f"({100 * (end_rss[pid] / start_rss[pid] - 1):+.1f}%)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
