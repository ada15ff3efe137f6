"""The input of a batch run in partitions a worker reads on its own: byte blocks of a JSONL
file (a line belongs to the block it starts in, as ``dask.bag.read_text`` splits), or row
groups of a Parquet file; local paths or fsspec URLs (``s3://…`` with ``s3fs`` installed)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import fsspec
import pyarrow.parquet as pq

PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(frozen=True)
class Partition:
    source: str
    number: int
    start: int  # a byte offset (JSONL) or a row group (Parquet)
    end: int

    @property
    def is_parquet(self) -> bool:
        return self.source.endswith(PARQUET_SUFFIXES)


@dataclass(frozen=True)
class Record:
    """One input line or row: its place (``where``, for messages) and what it holds, or why it
    is no article."""

    where: str
    fields: dict[str, Any] | None
    problem: str | None = None


SMALLEST_BLOCK, LARGEST_BLOCK = 16 * 1024, 1024 * 1024
BLOCKS_WANTED = 64
"""A JSONL file in blocks of a 64th of it, between 16 kB (some 5 articles, an ``nlp.pipe``
batch worth sending) and 1 MB (some 200): work for up to 16 workers with four partitions
each, wherever the run goes, and bounded memory on any input."""


def block_size_for(source: str) -> int:
    """The block size a JSONL input gets when none is asked for."""
    fs, path = fsspec.core.url_to_fs(source)
    return min(LARGEST_BLOCK, max(SMALLEST_BLOCK, fs.size(path) // BLOCKS_WANTED))


def fingerprint(source: str, block_size: int) -> str:
    """What names this input's partitions in the output: its path, size and modification
    time, so a changed input is new work and an unchanged one resumes; and for JSONL the
    block size, so that a re-run in other blocks never takes a block for one written before
    (what the output holds already is skipped by content)."""
    fs, path = fsspec.core.url_to_fs(source)
    info = fs.info(path)
    seen = [source, info.get("size"), str(info.get("mtime") or info.get("LastModified")
                                          or info.get("created"))]
    if not source.endswith(PARQUET_SUFFIXES):
        seen.append(block_size)
    return hashlib.sha256(json.dumps(seen).encode()).hexdigest()[:12]


def plan(source: str, block_size: int) -> list[Partition]:
    """The partitions of ``source``: blocks of about ``block_size`` bytes, or its row groups."""
    if source.endswith(PARQUET_SUFFIXES):
        with fsspec.open(source, "rb") as stream:
            groups = pq.ParquetFile(stream).num_row_groups
        return [Partition(source, n, n, n + 1) for n in range(groups)]
    fs, path = fsspec.core.url_to_fs(source)
    size = fs.size(path)
    starts = range(0, max(size, 1), block_size)
    return [Partition(source, n, start, min(start + block_size, size))
            for n, start in enumerate(starts)]


def read(partition: Partition) -> Iterator[Record]:
    """The records of one partition."""
    if partition.is_parquet:
        with fsspec.open(partition.source, "rb") as stream:
            table = pq.ParquetFile(stream).read_row_group(partition.start)
        for n, row in enumerate(table.to_pylist()):
            yield Record(f"row group {partition.start}, row {n + 1}", row)
        return
    with fsspec.open(partition.source, "rb") as stream:
        if partition.start:
            stream.seek(partition.start - 1)
            stream.readline()  # the line under way at the start is the block before's
        while stream.tell() < partition.end:
            offset = stream.tell()
            line = stream.readline()
            if not line:
                break
            if line.strip():
                yield _parsed(line, f"byte {offset}")


def _parsed(line: bytes, where: str) -> Record:
    try:
        fields = json.loads(line.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return Record(where, None, "not a line of JSON in UTF-8")
    if not isinstance(fields, dict):
        return Record(where, None, "not a JSON object")
    return Record(where, fields)
