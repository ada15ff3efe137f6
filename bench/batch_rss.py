"""One batch run with two local workers that records the workers' RSS at 10% and at 100% of
its articles (for ``bench/batch.py``, which times it). Arguments: INPUT OUTPUT."""

from __future__ import annotations

import json
import os
import sys

import psutil
from distributed import Client, LocalCluster
from tqdm import tqdm

from app.batch.run import run_batch


def worker_rss() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    source, output = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as lines:
        total = sum(1 for _ in lines)
    record = open(os.environ["QUOTETRACE_BENCH_RSS"], "w", encoding="utf-8")  # noqa: SIM115
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    seen, marks = 0, [0.1]

    def progress(articles: int) -> None:
        nonlocal seen
        seen += articles
        bar.update(articles)
        if marks and seen >= marks[0] * total:
            rss = sorted(client.run(worker_rss).values())
            record.write(json.dumps({"share": seen / total, "rss_mb": rss}) + "\n")
            marks.pop(0)

    with tqdm(total=total, unit=" articles") as bar:
        run_batch(lambda: Client(cluster), source, output, 1 << 20, on_progress=progress)
    rss = sorted(client.run(worker_rss).values())
    record.write(json.dumps({"share": 1.0, "rss_mb": rss}) + "\n")
    record.close()
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
