"""Ingest: what the API's ``POST /v1/articles`` and ``quotetrace ingest`` share. An HTML page
gives its main text (and its title, date and author where the client gave none); an article
already stored with the same content is not analysed again."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol

from spacy.language import Language

from app.archive.store import Archive, ArticleIn
from app.service.extract import extract_many
from app.service.pages import main_text


def from_page(article_id: str, html: str, **metadata: Any) -> ArticleIn:
    """An article from an HTML page: its main text, with what the page says of itself where
    the client said nothing."""
    page = main_text(html)
    given = {name: value for name, value in metadata.items() if value}
    published = _page_date(page.date)
    return ArticleIn(id=article_id, text=page.text, **{
        "title": page.title, "published_at": published,
        "authors": [page.author] if page.author else [], **given})


class ArticleFields(Protocol):
    """What a client sends for one article (the API's schema, a line of ``quotetrace ingest``)."""

    id: str
    text: str | None
    html: str | None
    url: str | None
    outlet: str | None
    published_at: datetime | None
    title: str | None
    authors: list[str]


def archive_article(given: ArticleFields) -> ArticleIn:
    """The article to store: its text, or the main text of its page."""
    metadata = {"url": given.url, "outlet": given.outlet, "published_at": given.published_at,
                "title": given.title, "authors": given.authors}
    if given.html is not None:
        return from_page(given.id, given.html, **metadata)
    return ArticleIn(id=given.id, text=given.text or "", **metadata)


def _page_date(date: str | None) -> datetime | None:
    if not date:
        return None
    try:
        parsed = datetime.fromisoformat(date)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


Prepared = tuple[dict[str, Any] | None, dict[str, Any] | None]  # (analysis, stored view)


def analyse_new(nlp: Language, archive: Archive, articles: list[ArticleIn],
                batch_size: int = 16) -> list[Prepared]:
    """Each article's analysis, or, for one already stored with this content, its stored view
    (nothing to analyse)."""
    stored = [archive.unchanged(article) for article in articles]
    todo = [(article.text, n) for n, article in enumerate(articles) if stored[n] is None]
    analyses: list[dict[str, Any] | None] = [None] * len(articles)
    for result, n in extract_many(nlp, todo, batch_size=batch_size):
        analyses[n] = result
    return list(zip(analyses, stored, strict=True))


def store_all(archive: Archive, articles: list[ArticleIn],
              prepared: list[Prepared]) -> list[tuple[str, dict[str, Any]]]:
    """Store each analysed article, each in its own transaction."""
    results = []
    for article, (analysis, stored) in zip(articles, prepared, strict=True):
        if analysis is None and stored is not None:
            results.append(("unchanged", stored))
        else:
            results.append(archive.store(article, analysis))
    return results


def ingest_stream(nlp: Language, archive: Archive, articles: Iterable[ArticleIn],
                  batch_size: int = 16) -> Iterator[tuple[ArticleIn, str, dict[str, Any]]]:
    """Analyse and store articles as they come, a batch at a time (the CLI's ingest)."""
    batch: list[ArticleIn] = []
    for article in articles:
        batch.append(article)
        if len(batch) == batch_size:
            yield from _batch(nlp, archive, batch, batch_size)
            batch = []
    if batch:
        yield from _batch(nlp, archive, batch, batch_size)


def _batch(nlp: Language, archive: Archive, batch: list[ArticleIn],
           batch_size: int) -> Iterator[tuple[ArticleIn, str, dict[str, Any]]]:
    prepared = analyse_new(nlp, archive, batch, batch_size)
    for article, (status, view) in zip(batch, store_all(archive, batch, prepared), strict=True):
        yield article, status, view
