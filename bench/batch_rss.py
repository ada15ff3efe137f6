"""One batch run with two local workers that records each worker's RSS whenever it has
written a partition (for ``bench/batch.py``, which times it): what a worker holds between
partitions, where growth would show. Its RSS while a partition is under way depends on that
partition (the strings of its articles are held until it is written); its largest then, over
the run, is recorded too. Arguments: INPUT OUTPUT."""

from __future__ import annotations

import json
import os
import sys
import threading
from contextlib import nullcontext, suppress
from typing import Any

import psutil
from distributed import Worker, WorkerPlugin
from tqdm import tqdm

from app.batch.run import client_for, run_batch


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


class RssAfterEachPartition(WorkerPlugin):
    """The worker's RSS each time a partition's task has finished."""

    name = "bench-rss"

    def setup(self, worker: Worker) -> None:
        self.after: list[float] = []

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "memory" and "run_partition" in str(key):
            self.after.append(rss_mb())


def main() -> None:
    source, output = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as lines:
        total = sum(1 for _ in lines)
    peaks: dict[int, float] = {}
    done = threading.Event()

    def sample(workers: list[psutil.Process]) -> None:
        while not done.wait(0.5):
            for worker in workers:
                with suppress(psutil.Error):  # a worker that restarts is not followed
                    peaks[worker.pid] = max(peaks.get(worker.pid, 0.0),
                                            worker.memory_info().rss / 2**20)

    # the local cluster of `quotetrace batch --workers 2`, kept open to read its workers
    with client_for(None, 2) as client, tqdm(total=total, unit=" articles") as bar:
        client.register_plugin(RssAfterEachPartition())
        workers = [psutil.Process(pid) for pid in sorted(client.run(os.getpid).values())]
        sampler = threading.Thread(target=sample, args=(workers,), daemon=True)
        sampler.start()
        run_batch(lambda: nullcontext(client), source, output, on_progress=bar.update)
        done.set()
        sampler.join()
        after = client.run(lambda dask_worker: dask_worker.plugins["bench-rss"].after)
    with open(os.environ["QUOTETRACE_BENCH_RSS"], "w", encoding="utf-8") as record:
        for _, series in sorted(after.items()):
            record.write(json.dumps({"partitions": len(series),
                                     "at_10": series[len(series) // 10] if series else None,
                                     "at_end": series[-1] if series else None}) + "\n")
        record.write(json.dumps({"peak": sorted(peaks.values())}) + "\n")


if __name__ == "__main__":
    main()
