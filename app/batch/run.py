"""The driver of a batch run: a Dask client (a local cluster of ``workers`` processes, or a
running scheduler), the input's partitions not yet written sent to the workers, a progress bar
over articles as partitions finish."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

import dask
from distributed import Client, LocalCluster, as_completed

from app.batch.local import LOCAL_WORKERS, start_worker_template
from app.batch.output import Output
from app.batch.partitions import block_size_for, fingerprint, plan
from app.batch.worker import QuotetracePlugin, partition_name, run_partition


@dataclass
class Summary:
    partitions: int
    written_before: int
    articles: Counter = field(default_factory=Counter)
    startup_s: float = 0.0
    """Connecting, and every worker loading the pipeline."""
    analysis_s: float = 0.0
    """From the first partition sent to the last one written."""


@contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """A cluster of ``workers`` processes on this machine with one thread each (the analysis
    is CPU-bound) and quotetrace's settings, forked from a process with the pipeline loaded."""
    start_worker_template()
    with dask.config.set(LOCAL_WORKERS), LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            dashboard_address=None) as cluster:
        yield cluster


@contextmanager
def client_for(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of a running scheduler, or of a local cluster of ``workers`` processes, closed
    with the client."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with local_cluster(workers or 1) as cluster, Client(cluster) as client:
        yield client


def run_batch(connect: Callable[[], AbstractContextManager[Client]], source: str,
              output_url: str, block_size: int | None = None,
              archive_url: str | None = None,
              on_progress: Callable[[int], None] | None = None) -> Summary:
    """Analyse every partition of ``source`` not yet in ``output_url`` on the cluster
    ``connect`` gives (not even started when there is nothing to do); articles whose content
    the output holds already are skipped. JSONL is read in blocks of ``block_size`` bytes
    (by default ``block_size_for`` the input)."""
    output = Output(output_url)
    block_size = block_size or block_size_for(source)
    run = fingerprint(source, block_size)
    partitions = plan(source, block_size)
    todo = [p for p in partitions if not output.done(partition_name(run, p))]
    summary = Summary(len(partitions), len(partitions) - len(todo))
    if not todo:
        return summary
    output.drop_unfinished()
    started = time.perf_counter()
    with connect() as client:
        _run(client, todo, output, run, archive_url, summary, on_progress, started)
    return summary


def _run(client: Client, todo: list, output: Output, run: str, archive_url: str | None,
         summary: Summary, on_progress: Callable[[int], None] | None, started: float) -> None:
    client.register_plugin(QuotetracePlugin(archive_url), name="quotetrace")  # loads them
    sent = time.perf_counter()
    summary.startup_s = sent - started
    # one object on every worker, not a collection to spread (a set would be split up)
    [known] = client.scatter([output.known_hashes()], broadcast=True)
    futures = client.map(run_partition, todo, output_url=output.url, fingerprint=run,
                         known=known, pure=False)
    for future in as_completed(futures):
        counts = future.result()
        summary.articles.update(counts)
        if on_progress is not None:
            on_progress(sum(counts.values()))
    summary.analysis_s = time.perf_counter() - sent
