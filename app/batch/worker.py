"""What runs on a Dask worker: the pipeline (and the archive) loaded once per worker process by
a worker plugin, and one partition analysed through ``nlp.pipe`` and written once.

The driver imports this module for the plugin and the task it sends, so spaCy, the web schemas
and the database layer are imported where they are used, on the workers: the driver starts
the cluster without loading them."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from distributed import Worker, WorkerPlugin, get_worker

from app.batch.output import Output, article_row, quote_rows
from app.batch.partitions import Partition, Record, read
from app.core.normalise import InvalidText, check_text
from app.core.settings import get_settings

if TYPE_CHECKING:
    from app.archive.store import Archive
    from app.service.articles import ArticleIn as StoredArticle
    from app.web.archive_schemas import ArticleIn


class QuotetracePlugin(WorkerPlugin):
    """Loads the pipeline when a worker starts (a restarted worker too), and opens the archive
    when the run loads one."""

    name = "quotetrace"

    def __init__(self, archive_url: str | None = None) -> None:
        self.archive_url = archive_url
        self.archive: Archive | None = None

    def setup(self, worker: Worker) -> None:
        from app.nlp.pipeline import get_pipeline
        from app.web import archive_schemas  # noqa: F401  (the articles' checks, loaded now)

        get_pipeline()
        if self.archive_url:
            from app.archive.database import Database
            from app.archive.store import Archive

            self.archive = Archive(Database(self.archive_url))

    def teardown(self, worker: Worker) -> None:
        if self.archive is not None:
            self.archive.database.close()


def partition_name(fingerprint: str, partition: Partition) -> str:
    return f"{fingerprint}-{partition.number:06d}"


def content_hash(fields: dict[str, Any]) -> str:
    given = fields.get("text") if fields.get("html") is None else "html:" + str(fields["html"])
    return hashlib.sha256(str(given).encode("utf-8", "surrogatepass")).hexdigest()


def _article(record: Record) -> ArticleIn | str:
    """The article a record holds, checked as the API checks it, or why it is none (fields
    other than the article's are left aside)."""
    from pydantic import ValidationError

    from app.web.archive_schemas import ArticleIn

    if record.fields is None:
        return record.problem or "no article"
    fields = {k: v for k, v in record.fields.items() if k in ArticleIn.model_fields
              and v is not None}
    if "id" in fields:
        fields["id"] = str(fields["id"])
    for name in ("text", "html"):
        if isinstance(fields.get(name), str):
            try:
                check_text(fields[name])
            except InvalidText as err:
                return str(err)
    try:
        return ArticleIn.model_validate_json(json.dumps(fields, default=str))
    except ValidationError as err:
        first = err.errors()[0]
        return f"{'.'.join(map(str, first['loc'])) or 'article'}: {first['msg']}"


def run_partition(partition: Partition, output_url: str, fingerprint: str,
                  known: set[str]) -> dict[str, int]:
    """Analyse one partition and write its rows; counts of its articles by status."""
    output = Output(output_url)
    name = partition_name(fingerprint, partition)
    if output.done(name):  # written by an attempt whose worker died before it answered
        return dict(Counter(output.statuses(name)))
    from app.service.articles import article_from

    plugin: QuotetracePlugin = get_worker().plugins["quotetrace"]
    settings = get_settings()
    rows, todo = [], []
    for record in read(partition):
        article = _article(record)
        article_id = record.fields.get("id") if record.fields else None
        if isinstance(article, str):
            rows.append(article_row(article_id and str(article_id), record.where, None, "error",
                                    article))
            continue
        digest = content_hash(record.fields)
        if digest in known:
            rows.append(article_row(article.id, record.where, digest, "skipped"))
            continue
        stored = article_from(article)  # a page's main text, with what the page says
        problem = _text_problem(stored.text, settings.max_text_chars)
        if problem:
            rows.append(article_row(article.id, record.where, digest, "error", problem))
            continue
        todo.append(Pending(len(rows), stored, record.where, digest))
        rows.append({})
    quotes = _analyse(plugin, todo, rows, settings.batch_size)
    output.write(name, quotes, rows)
    return dict(Counter(row["status"] for row in rows))


@dataclass(frozen=True)
class Pending:
    """An article to analyse, and where its row goes."""

    at: int
    article: StoredArticle
    where: str
    digest: str

    def row(self, status: str, quotes: int) -> dict[str, Any]:
        a = self.article
        metadata = {"url": a.url, "outlet": a.outlet, "published_at": a.published_at,
                    "title": a.title, "authors": a.authors}
        return article_row(a.id, self.where, self.digest, status, quotes=quotes,
                           metadata={k: v for k, v in metadata.items() if v})

    def failed(self, message: str) -> dict[str, Any]:
        """Its row when its analysis failed (it is not stored)."""
        return article_row(self.article.id, self.where, self.digest, "error", message)


def _text_problem(text: str, max_chars: int) -> str | None:
    try:
        check_text(text)
    except InvalidText as err:
        return str(err)
    if len(text) > max_chars:
        return (f"text of {len(text)} characters; the limit is {max_chars} "
                "(QUOTETRACE_MAX_TEXT_CHARS)")
    return None


def _analyse(plugin: QuotetracePlugin, todo: list[Pending], rows: list[dict[str, Any]],
             batch_size: int) -> list[dict[str, Any]]:
    """Fill the rows of the articles to analyse; their quotes' rows (none when the run loads
    the archive: the archive has them)."""
    from app.nlp.pipeline import get_pipeline
    from app.service.extract import Failed, extract_each

    nlp, quotes = get_pipeline(), []
    if plugin.archive is not None:
        from app.archive.ingest import analyse_new, store_all

        articles = [p.article for p in todo]
        prepared = analyse_new(nlp, plugin.archive, articles, batch_size)
        for pending, (status, view) in zip(todo, store_all(plugin.archive, articles, prepared),
                                           strict=True):
            if status == "error":  # its analysis failed: not stored
                rows[pending.at] = pending.failed(view["error"])
                continue
            rows[pending.at] = pending.row("unchanged" if status == "unchanged" else "stored",
                                           len(view["quotes"]))
        return quotes
    items = [(p.article.text, n) for n, p in enumerate(todo)]
    for result, n in extract_each(items, batch_size=batch_size):
        pending = todo[n]
        if isinstance(result, Failed):  # one article's failure is its row's, not the run's
            rows[pending.at] = pending.failed(result.message)
            continue
        rows[pending.at] = pending.row("analysed", len(result["quotes"]))
        quotes += quote_rows(pending.article.id, result)
    return quotes
