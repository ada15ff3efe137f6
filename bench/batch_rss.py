"""One batch run with two local workers that records the workers' RSS at 10% and at 100% of
its articles (for ``bench/batch.py``, which times it). Arguments: INPUT OUTPUT."""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext

import psutil
from tqdm import tqdm

from app.batch.run import client_for, run_batch


def worker_rss() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    source, output = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as lines:
        total = sum(1 for _ in lines)
    record = open(os.environ["QUOTETRACE_BENCH_RSS"], "w", encoding="utf-8")  # noqa: SIM115
    seen, marks = 0, [0.1]

    def progress(articles: int) -> None:
        nonlocal seen
        seen += articles
        bar.update(articles)
        if marks and seen >= marks[0] * total:
            rss = sorted(client.run(worker_rss).values())
            record.write(json.dumps({"share": seen / total, "rss_mb": rss}) + "\n")
            marks.pop(0)

    # the local cluster of `quotetrace batch --workers 2`, kept open to read its workers' RSS
    with client_for(None, 2) as client, tqdm(total=total, unit=" articles") as bar:
        run_batch(lambda: nullcontext(client), source, output, 1 << 20, on_progress=progress)
        rss = sorted(client.run(worker_rss).values())
    record.write(json.dumps({"share": 1.0, "rss_mb": rss}) + "\n")
    record.close()


if __name__ == "__main__":
    main()
