"""An article as the archive and batch runs take it: its id, the text analysed (a page's main
text, for HTML) and what the client knows of it; with no database or web code, so a batch
worker that only analyses loads neither."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from app.service.pages import main_text

METADATA = ("url", "outlet", "published_at", "title", "authors")
ID_RULE = ("an article id may hold any character but '/', '\\' and control characters, and "
           "may not be '.' or '..' (it is the last part of the article's address)")


def article_id_problem(article_id: str) -> str | None:
    """Why an id cannot be stored (None: it can): every stored article must be readable and
    deletable at ``/v1/articles/{id}``, and a slash, a backslash or a dot segment there names
    another path (browsers and proxies rewrite them)."""
    if (article_id in (".", "..") or "/" in article_id or "\\" in article_id
            or any(ord(ch) < 32 or ord(ch) == 127 for ch in article_id)):
        return ID_RULE
    return None


@dataclass(frozen=True)
class ArticleToStore:
    """An article as a client sends it to the archive (``text``: the text analysed)."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        fields = asdict(self)
        fields.pop("id")
        fields["published_at"] = self.published_at.isoformat() if self.published_at else None
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


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


def article_from(given: ArticleFields) -> ArticleToStore:
    """The article to analyse and store: its text, or the main text of its page."""
    metadata = {name: getattr(given, name) for name in METADATA}
    if given.html is not None:
        return from_page(given.id, given.html, **metadata)
    return ArticleToStore(id=given.id, text=given.text or "", **metadata)


def from_page(article_id: str, html: str, **metadata: Any) -> ArticleToStore:
    """An article from an HTML page: its main text, with what the page says of itself where
    the client said nothing."""
    page = main_text(html)
    given = {name: value for name, value in metadata.items() if value}
    published = _page_date(page.date)
    return ArticleToStore(id=article_id, text=page.text, **{
        "title": page.title, "published_at": published,
        "authors": [page.author] if page.author else [], **given})


def _page_date(date: str | None) -> datetime | None:
    if not date:
        return None
    try:
        parsed = datetime.fromisoformat(date)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
