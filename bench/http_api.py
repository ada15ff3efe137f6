"""The HTTP part of the benchmark, run by ``bench.bench`` in a fresh process.

The process loads one windowed pipeline and warms it on the corpus, like the server it measures:
the HTTP overhead is then the paired difference between a request and the same call in a process
with the same history. (Paired against the library of the main benchmark process — three
pipelines loaded, every run of the benchmark behind it, a 100,000-word text among them — the
difference also measured that process's head start, 2–3 ms per article.)

usage: python -m bench.http_api [CORPUS.jsonl] [--limit 100] [--rounds 2] [--port 8765]
Prints the figures for 1 and 2 workers as one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx

from app.nlp.pipeline import build_pipeline
from app.service.extract import extract
from bench.bench import corpus_parser, descendants, peak_rss_mb, percentile, read_corpus


def http_runs(texts: list[str], workers: int, port: int,
              library: Callable[[str], object], rounds: int) -> dict[str, float]:
    """Start `quotetrace serve`, then time sequential, 8-client and batch requests.

    The sequential pass alternates each request with the same article through ``library`` in
    this process, so the HTTP overhead is a paired difference, not two runs minutes apart.
    The 8-client pass keeps the best of ``rounds``, as the library runs of ``bench.bench`` do.
    """
    # a queue long enough for the 8 clients: this measures throughput, not refusals
    env = {**os.environ, "QUOTETRACE_MAX_QUEUE": "16"}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port),
                               "--workers", str(workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    # one client, pooled keep-alive connections, as a real bulk caller would use
    client = httpx.Client(base_url=base, timeout=600, limits=httpx.Limits(max_connections=8))
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                ready = [client.get("/readyz").status_code == 200 for _ in range(workers * 3)]
                if all(ready):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)

        def post(text: str) -> float:
            t0 = time.perf_counter()
            client.post("/v1/quotes", json={"text": text}).raise_for_status()
            return time.perf_counter() - t0

        # warm every worker up on the whole corpus, as the library was warmed by the runs
        # before: spaCy's caches (lemmas, lexemes) make a warm process measurably faster
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(post, texts))
        figures: dict[str, float] = {}
        def in_library(text: str) -> float:
            t0 = time.perf_counter()
            library(text)
            return time.perf_counter() - t0

        latencies, differences = [], []
        for text in texts:
            # twice each, alternating, and the faster of each: a slow spell of the machine then
            # has to hit both runs of one side to count
            library_s = min(in_library(text), in_library(text))
            first, second = post(text), post(text)
            latencies.append(first)
            differences.append(min(first, second) - library_s)
        figures["seq_s"] = sum(latencies)
        figures["seq_p50"], figures["seq_p95"] = (percentile(latencies, 0.5),
                                                  percentile(latencies, 0.95))
        figures["overhead_p50"] = percentile(differences, 0.5)
        short = " ".join(texts[0].split()[:60])
        figures["short_overhead_p50"] = percentile(
            [min(post(short), post(short)) - min(in_library(short), in_library(short))
             for _ in range(50)], 0.5)

        figures["conc_s"] = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            with ThreadPoolExecutor(8) as pool:
                latencies = list(pool.map(post, texts))
            if time.perf_counter() - start < figures["conc_s"]:
                figures["conc_s"] = time.perf_counter() - start
                figures["conc_p50"], figures["conc_p95"] = (percentile(latencies, 0.5),
                                                            percentile(latencies, 0.95))
        articles = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
        start = time.perf_counter()
        for i in range(0, len(articles), 32):
            client.post("/v1/quotes/batch",
                        json={"articles": articles[i:i + 32]}).raise_for_status()
        figures["batch_s"] = time.perf_counter() - start
        pids = [server.pid, *descendants(server.pid)]
        figures["rss_mb"] = max(peak_rss_mb(pid) for pid in pids)
        return figures
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = corpus_parser(__doc__)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of the 8-client pass (the best is kept)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    texts = read_corpus(args.corpus, args.limit)
    nlp = build_pipeline()
    for text in texts:  # as warm as the servers, which are warmed on the corpus too
        extract(nlp, text)
    results = {workers: http_runs(texts, workers, args.port + workers,
                                  lambda t: extract(nlp, t), args.rounds)
               for workers in (1, 2)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
