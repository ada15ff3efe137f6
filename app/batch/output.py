"""The output of a batch run: a Parquet dataset with a row per quote (``quotes/``) and a row
per article with its status (``articles/``). Each partition's files are written under a
temporary name and then renamed, the article file last: it marks the partition done, so a
retried partition replaces its files and never adds rows twice, and a re-run skips it."""

from __future__ import annotations

import json
import uuid
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

QUOTES = pa.schema([
    ("article_id", pa.string()), ("quote_id", pa.string()), ("group", pa.string()),
    ("type", pa.string()), ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("speaker_name", pa.string()), ("speaker_mention", pa.string()),
    ("mention_start", pa.int64()), ("mention_end", pa.int64()), ("resolved_by", pa.string()),
    ("speaker_alternatives", pa.list_(pa.string())),
    ("cue", pa.string()), ("cue_start", pa.int64()), ("cue_end", pa.int64()),
    ("sentence", pa.string()), ("sentence_start", pa.int64()), ("sentence_end", pa.int64()),
    ("confidence", pa.float64()), ("rule_kind", pa.string()),
    ("rule_cue", pa.list_(pa.string())), ("rule_speaker", pa.list_(pa.string())),
])
ARTICLES = pa.schema([
    ("article_id", pa.string()), ("where", pa.string()), ("content_hash", pa.string()),
    ("status", pa.string()), ("error", pa.string()), ("quotes", pa.int64()),
    ("metadata", pa.string()),
])
STATUSES = ("analysed", "stored", "unchanged", "skipped", "error")
"""analysed: its quotes are in ``quotes/``; stored: in the archive; unchanged: the archive had
it already; skipped: its content was in the output already; error: see ``error``."""


def quote_rows(article_id: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    """The quotes of one article's result as rows."""
    rows = []
    for quote in result["quotes"]:
        speaker, cue = quote.get("speaker") or {}, quote.get("cue") or {}
        mention = speaker.get("mention") or {}
        rows.append({
            "article_id": article_id, "quote_id": quote["id"], "group": quote["group"],
            "type": quote["type"], "text": quote["text"], "start": quote["start"],
            "end": quote["end"], "speaker_name": speaker.get("name"),
            "speaker_mention": mention.get("text"), "mention_start": mention.get("start"),
            "mention_end": mention.get("end"), "resolved_by": speaker.get("resolved_by"),
            "speaker_alternatives": [a["name"] for a in speaker.get("alternatives", [])],
            "cue": cue.get("text"), "cue_start": cue.get("start"), "cue_end": cue.get("end"),
            "sentence": quote["sentence"]["text"], "sentence_start": quote["sentence"]["start"],
            "sentence_end": quote["sentence"]["end"], "confidence": quote["confidence"],
            "rule_kind": quote["rule"]["kind"], "rule_cue": quote["rule"]["cue"],
            "rule_speaker": quote["rule"]["speaker"]})
    return rows


def article_row(article_id: str | None, where: str, content_hash: str | None, status: str,
                error: str | None = None, quotes: int = 0,
                metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"article_id": article_id, "where": where, "content_hash": content_hash,
            "status": status, "error": error, "quotes": quotes,
            "metadata": json.dumps(metadata, default=str) if metadata else None}


class Output:
    """A batch run's output folder (a local path or an fsspec URL)."""

    def __init__(self, url: str) -> None:
        self.fs, self.root = fsspec.core.url_to_fs(url)
        self.url = url

    def _path(self, kind: str, name: str) -> str:
        return f"{self.root}/{kind}/{name}.parquet"

    def done(self, name: str) -> bool:
        return self.fs.exists(self._path("articles", name))

    def write(self, name: str, quotes: list[dict[str, Any]],
              articles: list[dict[str, Any]]) -> None:
        """A partition's rows, each file written whole and then renamed into place; the
        article file, which marks the partition done, last."""
        for kind, rows, schema in (("quotes", quotes, QUOTES), ("articles", articles, ARTICLES)):
            final = self._path(kind, name)
            temporary = f"{self.root}/{kind}/.{name}.{uuid.uuid4().hex}.tmp"
            self.fs.makedirs(f"{self.root}/{kind}", exist_ok=True)
            with self.fs.open(temporary, "wb") as stream:
                pq.write_table(pa.Table.from_pylist(rows, schema=schema), stream)
            self.fs.mv(temporary, final)

    def drop_unfinished(self) -> None:
        """Remove the quotes of partitions whose article file was never written (a run that
        stopped between the two): their articles are analysed again, in whatever partitions
        the next run reads, and must not have their quotes twice."""
        for path in self.fs.glob(f"{self.root}/quotes/*.parquet"):
            name = path.rsplit("/", 1)[-1].removesuffix(".parquet")
            if not self.done(name):
                self.fs.rm(path)

    def statuses(self, name: str) -> list[str]:
        """The status of each article of a written partition."""
        with self.fs.open(self._path("articles", name), "rb") as stream:
            return pq.read_table(stream, columns=["status"])["status"].to_pylist()

    def known_hashes(self) -> set[str]:
        """Content hashes of the articles the output already holds (analysed or stored)."""
        folder = f"{self.root}/articles"
        if not self.fs.exists(folder):
            return set()
        table = self.table("articles", columns=["content_hash", "status"])
        return {h for h, s in zip(table["content_hash"].to_pylist(), table["status"].to_pylist(),
                                  strict=True) if h and s in ("analysed", "stored", "unchanged")}

    def table(self, kind: str, columns: list[str] | None = None) -> pa.Table:
        """One of the output's tables, every partition (what a reader of the output does)."""
        dataset = ds.dataset(f"{self.root}/{kind}", format="parquet", filesystem=self.fs,
                             schema=QUOTES if kind == "quotes" else ARTICLES,
                             exclude_invalid_files=False, ignore_prefixes=["."])
        return dataset.to_table(columns=columns)
