"""Figures for batch runs on Dask (the batch issue), on this machine:

1. 100 dev articles: ``quotetrace batch --workers 1`` and ``--workers 2`` against
   ``quotetrace extract --processes 2``, end to end, with the peak RSS of any worker process;
2. N articles (dev articles repeated under new ids, written here, not committed): each worker's
   RSS after the partition a tenth of the way through its partitions and after its last one,
   and its largest while analysing; then the same run again (everything skipped) and its time;
3. the 100 articles again against a scheduler and two workers started by hand on 127.0.0.1:
   the same rows as ``--workers 2``.

    python -m bench.batch ../shared/eval/polnear-dev.jsonl [--articles 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from app.batch.output import Output

BIN = Path(sys.executable).parent  # the venv's commands: quotetrace, dask
QUOTETRACE = [str(BIN / "quotetrace")]


def write_articles(gold: list[dict], count: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            article = gold[n % len(gold)]
            out.write(json.dumps({"id": f"{article['id']}#{n // len(gold)}",
                                  "text": article["text"]}) + "\n")


class PeakRss:
    """The largest resident set of any process below ``pid``, sampled twice a second."""

    def __init__(self, pid: int) -> None:
        self.root, self.peak, self.stop = psutil.Process(pid), 0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stop.wait(0.5):
            try:
                for child in self.root.children(recursive=True):
                    self.peak = max(self.peak, child.memory_info().rss)
            except psutil.Error:
                pass

    def done(self) -> float:
        self.stop.set()
        self.thread.join()
        return self.peak / 2**20


def timed(command: list[str]) -> tuple[float, float, float | None]:
    """Seconds of a command, end to end; the peak RSS (MB) of any process under it; and, for a
    batch run, the seconds of analysis it reports (after the workers have started)."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    peak = PeakRss(process.pid)
    _, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{err[-2000:]}")
    analysis = re.search(r"in ([0-9.]+) s, after", err)
    return time.perf_counter() - began, peak.done(), analysis and float(analysis.group(1))


def rows(output: str) -> list[tuple]:
    table = Output(output).table("quotes").to_pylist()
    return sorted(tuple((k, str(v)) for k, v in row.items()) for row in table)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def by_hand(source: str, output: str) -> float:
    """The run against a scheduler and two workers started as separate processes."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    started = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    time.sleep(3)
    for _ in range(2):
        started.append(subprocess.Popen([dask, "worker", address, "--nthreads", "1",
                                         "--no-dashboard"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    time.sleep(3)
    try:
        return timed([*QUOTETRACE, "batch", source, output, "--scheduler", address])[0]
    finally:
        for process in started:
            process.terminate()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", help="dev articles (JSONL with id and text)")
    parser.add_argument("--articles", type=int, default=10_000,
                        help="articles of the long run (0: only the 100-article runs)")
    args = parser.parse_args()
    with open(args.gold, encoding="utf-8") as lines:
        gold = [json.loads(line) for line in lines]
    work = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    small = work / "dev100.jsonl"
    write_articles(gold, 100, small)
    # the default blocks: a 64th of the file, 16 kB at least (some 5 articles)
    one, rss_one, one_analysis = timed([*QUOTETRACE, "batch", str(small), str(work / "w1"),
                                        "--workers", "1"])
    two, rss_two, two_analysis = timed([*QUOTETRACE, "batch", str(small), str(work / "w2"),
                                        "--workers", "2"])
    partitions = len(list((work / "w2" / "articles").glob("*.parquet")))
    extract, _, _ = timed([*QUOTETRACE, "extract", str(small), "-o",
                           str(work / "extract.jsonl"), "--processes", "2"])
    print(f"100 dev articles ({partitions} partitions, the default blocks):")
    print(f"  batch --workers 1: {one:.1f} s end to end, {one_analysis:.1f} s of analysis; "
          f"--workers 2: {two:.1f} s, {two_analysis:.1f} s "
          f"(speed-up {one / two:.2f}x end to end, {one_analysis / two_analysis:.2f}x analysis)")
    print(f"  extract --processes 2: {extract:.1f} s end to end (batch --workers 2 is "
          f"{100 * (two / extract - 1):+.1f}%)")
    print(f"  peak RSS of a process under the run: {rss_one:.0f} MB (1 worker), "
          f"{rss_two:.0f} MB (2 workers)")
    hand = by_hand(str(small), str(work / "hand"))
    same = rows(str(work / "hand")) == rows(str(work / "w2"))
    print(f"  scheduler + 2 workers started by hand: {hand:.1f} s, same rows as --workers 2: "
          f"{same}")

    if not args.articles:
        return
    big = work / "big.jsonl"
    write_articles(gold, args.articles, big)
    print(f"\n{args.articles:,} articles ({big.stat().st_size / 2**20:.0f} MB):")
    env = {**os.environ, "QUOTETRACE_BENCH_RSS": str(work / "rss.jsonl")}
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.batch_rss", str(big), str(work / "big-out")],
                   check=True, env=env)
    first = time.perf_counter() - began
    samples = [json.loads(line) for line in (work / "rss.jsonl").open()]
    for n, worker in enumerate(samples[:-1], 1):
        print(f"  worker {n}, RSS after a partition: {worker['at_10']:.0f} MB at a tenth of "
              f"its {worker['partitions']} partitions, {worker['at_end']:.0f} MB after the "
              "last")
    print("  largest worker RSS while analysing: "
          + ", ".join(f"{mb:.0f} MB" for mb in samples[-1]["peak"]))
    again, _, _ = timed([*QUOTETRACE, "batch", str(big), str(work / "big-out"), "--workers",
                         "2"])
    print(f"  first run {first:.0f} s; the same run again {again:.1f} s "
          f"({100 * again / first:.1f}% of it, everything skipped)")
    print(f"(files in {work})")


if __name__ == "__main__":
    main()
