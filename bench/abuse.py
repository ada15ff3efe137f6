"""The attacks of the hardening issue, on loopback, for a bounded time; prints what they did.

usage: python -m bench.abuse [CORPUS.jsonl] [--port 8791] [--log abuse-server.log]

Against `quotetrace serve` (one worker, keys set) on 127.0.0.1 it measures:
1. memory: chunked bodies of 237 MB, four at once without a key and four with one, to
   /v1/quotes and /v1/quotes/batch; the worker's RSS sampled every 20 ms (goal: < 100 MB over
   idle);
2. a timed-out analysis: a text at the character limit under a 2 s time limit, then a small
   request (goal: answered in < 2 s); and how long a text at the limit takes when let run
   (it must fit the default time limit of 60 s);
3. streams: 30 clients at once, each streaming 8 articles; how many got 503 before their
   stream started, how many streamed, the longest wait for a first line (no unbounded waits);
4. over everything: responses 500 or above other than 503/504, and dropped connections.
Asserts nothing.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.bench import corpus_parser, descendants, read_corpus
from bench.load import rss_mb, start_server

KEY = "bench-key"
CHUNK = b"x" * 65536
BIG_BODY = 237_000_000


def chunked_post(port: int, path: str, key: str | None) -> int | str:
    """POST a chunked body of up to BIG_BODY bytes; the status, or how the connection ended."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    lines = [f"POST {path} HTTP/1.1", "Host: bench", "Content-Type: application/json",
             "Transfer-Encoding: chunked", *([f"X-API-Key: {key}"] if key else [])]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    sent = 0
    try:
        sock.sendall(head)
        sock.setblocking(False)
        while sent < BIG_BODY:
            try:
                if sock.recv(1, socket.MSG_PEEK):
                    break  # the server answered before the body ended
            except BlockingIOError:
                pass
            sock.setblocking(True)
            sock.sendall(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
            sock.setblocking(False)
            sent += len(CHUNK)
        sock.setblocking(True)
        sock.settimeout(30)
        answer = sock.recv(100)
        return int(answer.split(b" ", 2)[1]) if answer else "closed without an answer"
    except (BrokenPipeError, ConnectionResetError):
        return "reset after the answer"
    finally:
        sock.close()


def memory_attack(port: int, pid: int, outcomes: Counter) -> tuple[float, float]:
    idle = rss_mb(pid)
    peak = idle
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    attacks = [(path, key) for key in (None, KEY)
               for path in ("/v1/quotes", "/v1/quotes/batch", "/v1/quotes", "/v1/quotes/batch")]
    results: list[int | str] = ["no answer in 300 s"] * len(attacks)

    def attack(n: int) -> None:
        results[n] = chunked_post(port, *attacks[n])

    threads = [threading.Thread(target=attack, args=(n,)) for n in range(len(attacks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    stop.set()
    sampler.join()
    for (_, key), result in zip(attacks, results, strict=True):
        outcomes[(f"chunked 237 MB {'with' if key else 'without'} key", result)] += 1
    return idle, peak


def limit_size_time(port: int, text: str, outcomes: Counter) -> float:
    """How long a text at the character limit takes, under the default time limit."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120,
                      headers={"x-api-key": KEY}) as http:
        started = time.monotonic()
        response = http.post("/v1/quotes", json={"text": text})
        outcomes[("limit-size text, 60 s limit", response.status_code)] += 1
        return time.monotonic() - started


def small_after_timeout(port: int, text: str, small: str, outcomes: Counter) -> float:
    """The latency of a small request right after a limit-size text got its 504."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120,
                      headers={"x-api-key": KEY}) as http:
        response = http.post("/v1/quotes", json={"text": text})
        outcomes[("limit-size text, 2 s limit", response.status_code)] += 1
        started = time.monotonic()
        response = http.post("/v1/quotes", json={"text": small})
        outcomes[("small text right after", response.status_code)] += 1
        return time.monotonic() - started


def stream_attack(port: int, texts: list[str], outcomes: Counter) -> float:
    """30 streams at once; returns the longest wait for a first line."""
    body = "\n".join(json.dumps({"id": str(n), "text": t}) for n, t in enumerate(texts[:8]))
    waits: list[float] = []
    lock = threading.Lock()

    def one() -> None:
        started = time.monotonic()
        try:
            with httpx.stream("POST", f"http://127.0.0.1:{port}/v1/quotes/stream",
                              content=body.encode(), timeout=300,
                              headers={"x-api-key": KEY,
                                       "content-type": "application/x-ndjson"}) as response:
                first = None
                lines = 0
                for _ in response.iter_lines():
                    first = first or time.monotonic() - started
                    lines += 1
                outcome: int | str = response.status_code
                if response.status_code == 200 and lines != 8:
                    outcome = f"200 with {lines} of 8 lines"
        except httpx.HTTPError as err:
            outcome, first = f"dropped: {type(err).__name__}", None
        with lock:
            outcomes[("stream of 8 articles", outcome)] += 1
            if first is not None:
                waits.append(first)

    threads = [threading.Thread(target=one) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return max(waits, default=0.0)


def main() -> None:
    parser = corpus_parser(__doc__)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--log", default="abuse-server.log")
    args = parser.parse_args()
    texts = read_corpus(args.corpus, 100)
    limit = 200_000
    long_text = "\n\n".join(texts * 20)[:limit]
    outcomes: Counter[tuple[str, int | str]] = Counter()
    log = open(args.log, "w")  # noqa: SIM115  (open for the servers' whole life)
    env = {"QUOTETRACE_API_KEYS": json.dumps([KEY])}
    server = start_server(args.port, 1, env, log)
    try:
        worker = ([*descendants(server.pid)] or [server.pid])[-1]
        idle, peak = memory_attack(args.port, worker, outcomes)
        full_time = limit_size_time(args.port, long_text, outcomes)
        longest_wait = stream_attack(args.port, texts, outcomes)
    finally:
        server.terminate()
        server.wait(timeout=30)
    server = start_server(args.port, 1, {**env, "QUOTETRACE_REQUEST_TIMEOUT_S": "2"}, log)
    try:
        after = small_after_timeout(args.port, long_text, texts[0], outcomes)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print("outcomes:")
    for (what, outcome), count in sorted(outcomes.items(), key=str):
        print(f"  {what:<36} {outcome!s:<26} {count}")
    print(f"1. worker RSS: {idle:.0f} MB idle, {peak:.0f} MB at the peak of the chunked and "
          f"keyless bodies ({peak - idle:+.0f} MB; goal < +100 MB)")
    print(f"2. a {limit:,}-character text: {full_time:.1f} s (default limit 60 s); a small "
          f"request right after a timed-out one: {after:.2f} s (goal < 2 s)")
    streamed = sum(c for (w, o), c in outcomes.items() if w.startswith("stream") and o == 200)
    refused = sum(c for (w, o), c in outcomes.items() if w.startswith("stream") and o == 503)
    print(f"3. 30 streams: {streamed} streamed all their lines, {refused} got 503 before "
          f"starting; longest wait for a first line {longest_wait:.1f} s")
    errors = sum(c for (_, o), c in outcomes.items()
                 if isinstance(o, int) and o >= 500 and o not in (503, 504))
    dropped = sum(c for (_, o), c in outcomes.items()
                  if isinstance(o, str) and o.startswith(("dropped", "closed")))
    print(f"4. responses >= 500 other than 503/504: {errors}; dropped connections: {dropped}")
    print(f"server log: {Path(args.log).resolve()}")


if __name__ == "__main__":
    main()
