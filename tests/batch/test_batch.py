"""Batch runs on a local Dask cluster of two worker processes: the same answers as
``quotetrace extract``, every article once after a worker is killed mid-run, resumable,
incremental, errors recorded, Parquet in, the archive loaded."""

import json
import os
import signal
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client

from app.archive.database import Database
from app.archive.store import Archive
from app.batch.output import Output, quote_rows
from app.batch.partitions import (
    BLOCKS_WANTED,
    LARGEST_BLOCK,
    SMALLEST_BLOCK,
    block_size_for,
    plan,
)
from app.batch.run import local_cluster, run_batch
from app.service.extract import extract

TEXTS = [
    'NATO Secretary-General Jens Stoltenberg spoke on Tuesday. "We need to replenish our own '
    'stocks," he said. He added that partners would "certainly be asked to join".',
    '"The vote was fair," said Maria Lopez, the city\'s election chief.',
    "The governor said the budget would be balanced by June.",
    'According to the ministry, "no decision has been taken".',
    "No quotes in this one at all.",
]


def articles(count: int, prefix: str = "a") -> list[dict]:
    return [{"id": f"{prefix}{n}", "text": TEXTS[n % len(TEXTS)] + f" Item {n}.",
             "outlet": "Example"} for n in range(count)]


def write_jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def cluster():
    """The local cluster of ``quotetrace batch --workers 2``: workers forked from a process
    that has loaded the pipeline, with quotetrace's Dask settings."""
    with local_cluster(2) as running:
        yield running


def run(cluster, source, output, block_size=400, archive_url=None, on_progress=None):
    """A run on the module's cluster (kept between tests: each run only connects to it)."""
    return run_batch(lambda: Client(cluster), source, output, block_size, archive_url,
                     on_progress)


def test_the_same_answers_as_extract(cluster, tmp_path, nlp):
    records = articles(10)
    summary = run(cluster, write_jsonl(tmp_path / "in.jsonl", records), str(tmp_path / "out"))
    assert summary.articles == Counter({"analysed": 10}) and summary.partitions > 2
    got = Output(str(tmp_path / "out")).table("quotes").to_pylist()
    want = [row for r in records for row in quote_rows(r["id"], extract(nlp, r["text"]))]
    key = lambda row: (row["article_id"], row["quote_id"])  # noqa: E731
    assert sorted(got, key=key) == sorted(want, key=key)


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(cluster, tmp_path):
    records = articles(40)
    source = write_jsonl(tmp_path / "in.jsonl", records)
    killed = []

    def kill_one_worker(_: int) -> None:
        if not killed:
            with Client(cluster) as client:
                pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    summary = run(cluster, source, str(tmp_path / "out"), block_size=200,
                  on_progress=kill_one_worker)
    assert killed and summary.articles == Counter({"analysed": 40})
    output = Output(str(tmp_path / "out"))
    ids = output.table("articles", columns=["article_id"])["article_id"].to_pylist()
    assert sorted(ids) == sorted(r["id"] for r in records)
    quotes = output.table("quotes").to_pylist()
    assert len({(q["article_id"], q["quote_id"]) for q in quotes}) == len(quotes)
    assert {q["article_id"] for q in quotes} >= {r["id"] for r in records if "said" in r["text"]}


def test_a_rerun_resumes_and_new_input_skips_what_the_output_has(cluster, tmp_path):
    source, out = write_jsonl(tmp_path / "in.jsonl", articles(12)), str(tmp_path / "out")
    first = run(cluster, source, out)
    parts = sorted((tmp_path / "out" / "articles").glob("*.parquet"))
    parts[0].unlink()  # as if the run had stopped before this partition was written
    again = run(cluster, source, out)
    assert again.written_before == first.partitions - 1 and sum(again.articles.values()) >= 1
    assert run(cluster, source, out).written_before == first.partitions
    table = Output(out).table("articles", columns=["article_id"])["article_id"].to_pylist()
    assert len(table) == len(set(table)) == 12
    # a new input: the articles whose content the output has are skipped
    more = articles(12) + [{"id": "new", "text": "\"We are done,\" the mayor said today."}]
    added = run(cluster, write_jsonl(tmp_path / "more.jsonl", more), out)
    assert added.articles == Counter({"skipped": 12, "analysed": 1})


def test_bad_articles_are_recorded_and_the_run_goes_on(cluster, tmp_path):
    lines = (json.dumps({"id": "ok", "text": TEXTS[0]}) + "\nnot json\n"
             + json.dumps({"id": "no-text"}) + "\n"
             + '{"id": "surrogate", "text": "bad \\ud800 text"}\n')
    (tmp_path / "in.jsonl").write_text(lines, encoding="utf-8")
    summary = run(cluster, str(tmp_path / "in.jsonl"), str(tmp_path / "out"), block_size=10_000)
    assert summary.articles == Counter({"analysed": 1, "error": 3})
    rows = Output(str(tmp_path / "out")).table("articles").to_pylist()
    errors = {r["where"]: r["error"] for r in rows if r["status"] == "error"}
    assert len(errors) == 3 and all(errors.values())
    assert any("surrogate" in e for e in errors.values())


def test_parquet_in(cluster, tmp_path):
    table = pa.Table.from_pylist([{"id": r["id"], "text": r["text"]} for r in articles(6)])
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    summary = run(cluster, str(tmp_path / "in.parquet"), str(tmp_path / "out"))
    assert summary.partitions == 3 and summary.articles == Counter({"analysed": 6})


def test_the_archive_loaded_instead(cluster, tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    source = write_jsonl(tmp_path / "in.jsonl", articles(6))
    summary = run(cluster, source, str(tmp_path / "out"), archive_url=url)
    assert summary.articles == Counter({"stored": 6})
    archive = Archive(Database(url))
    assert archive.get("a0")["quotes"] and archive.get("a5")
    assert not (tmp_path / "out" / "quotes").exists() or not Output(
        str(tmp_path / "out")).table("quotes").num_rows
    archive.database.close()


def test_the_workers_settings_change_only_what_they_name():
    import dask

    from app.batch.local import LOCAL_WORKERS

    with dask.config.set(LOCAL_WORKERS):
        assert dask.config.get("distributed.admin.tick.interval") == "1s"
        assert dask.config.get("distributed.nanny.pre-spawn-environ")[
            "MALLOC_TRIM_THRESHOLD_"] == 33554432
        assert dask.config.get("distributed.scheduler.work-stealing") is True  # a default kept


def test_the_workers_are_forked_with_the_pipeline_and_the_environment(cluster):
    def state() -> tuple:
        import sys

        return ("app.batch.warm" in sys.modules, os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                os.environ.get("OMP_NUM_THREADS"))

    with Client(cluster) as client:
        # forked from the process that loaded the pipeline, with the nanny's environment
        assert set(client.run(state).values()) == {(True, "33554432", "1")}


def test_a_rerun_in_other_blocks_loses_and_repeats_nothing(cluster, tmp_path):
    records = articles(12)
    source, out = write_jsonl(tmp_path / "in.jsonl", records), str(tmp_path / "out")
    first = run(cluster, source, out, block_size=200)
    # as if the run had stopped between a partition's quotes and its articles
    (tmp_path / "out" / "articles" / sorted(
        p.name for p in (tmp_path / "out" / "articles").glob("*.parquet"))[1]).unlink()
    again = run(cluster, source, out, block_size=700)  # other blocks: new partitions
    assert again.written_before == 0 and again.partitions < first.partitions
    output = Output(out)
    ids = output.table("articles", columns=["article_id", "status"]).to_pylist()
    analysed = [row["article_id"] for row in ids if row["status"] == "analysed"]
    assert sorted(analysed) == sorted(r["id"] for r in records)  # each once
    quotes = output.table("quotes").to_pylist()
    assert len({(q["article_id"], q["quote_id"]) for q in quotes}) == len(quotes)


def test_the_default_blocks_give_every_worker_work_and_stay_bounded(tmp_path):
    small = write_jsonl(tmp_path / "small.jsonl", articles(200))
    assert SMALLEST_BLOCK <= block_size_for(small) <= LARGEST_BLOCK
    assert len(plan(small, block_size_for(small))) >= 2
    assert block_size_for(small) == max(SMALLEST_BLOCK, os.path.getsize(small) // BLOCKS_WANTED)
