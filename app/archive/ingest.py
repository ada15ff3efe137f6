"""Ingest: what the API's ``POST /v1/articles`` and ``quotetrace ingest`` share: an article
already stored with the same content is not analysed again."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from app.archive.store import Archive
from app.service.articles import ArticleToStore
from app.service.extract import Failed, extract_each

# (analysis, or Failed when it raised, or None when the stored view stands; stored view)
Prepared = tuple[dict[str, Any] | Failed | None, dict[str, Any] | None]


def analyse_new(nlp: Language, archive: Archive, articles: list[ArticleToStore],
                batch_size: int = 16) -> list[Prepared]:
    """Each article's analysis (``Failed`` if it raised: that article is not stored), or, for
    one already stored with this content, its stored view (nothing to analyse)."""
    stored = [archive.unchanged(article) for article in articles]
    todo = [(article.text, n) for n, article in enumerate(articles) if stored[n] is None]
    analyses: list[dict[str, Any] | Failed | None] = [None] * len(articles)
    for result, n in extract_each(todo, batch_size=batch_size, nlp=nlp):
        analyses[n] = result
    return list(zip(analyses, stored, strict=True))


def store_all(archive: Archive, articles: list[ArticleToStore],
              prepared: list[Prepared]) -> list[tuple[str, dict[str, Any]]]:
    """Store each analysed article, each in its own transaction; one whose analysis failed is
    not stored (status "error", with why)."""
    results = []
    for article, (analysis, stored) in zip(articles, prepared, strict=True):
        if isinstance(analysis, Failed):
            results.append(("error", {"error": analysis.message}))
        elif analysis is None and stored is not None:
            results.append(("unchanged", stored))
        else:
            results.append(archive.store(article, analysis))
    return results


def ingest_stream(nlp: Language, archive: Archive, articles: Iterable[ArticleToStore],
                  batch_size: int = 16) -> Iterator[tuple[ArticleToStore, str, dict[str, Any]]]:
    """Analyse and store articles as they come, a batch at a time (the CLI's ingest)."""
    batch: list[ArticleToStore] = []
    for article in articles:
        batch.append(article)
        if len(batch) == batch_size:
            yield from _batch(nlp, archive, batch, batch_size)
            batch = []
    if batch:
        yield from _batch(nlp, archive, batch, batch_size)


def _batch(nlp: Language, archive: Archive, batch: list[ArticleToStore],
           batch_size: int) -> Iterator[tuple[ArticleToStore, str, dict[str, Any]]]:
    prepared = analyse_new(nlp, archive, batch, batch_size)
    for article, (status, view) in zip(batch, store_all(archive, batch, prepared), strict=True):
        yield article, status, view
