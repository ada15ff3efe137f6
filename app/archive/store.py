"""Storing an article and its analysis, each in one transaction: its speakers joined to
archive speakers, its quotes to archive quotes. The same content again changes nothing; new
content replaces the old, and the change is kept in the article's history. Deleting an article
removes all that came from it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session

from app.archive import clusters, speakers
from app.archive.database import Database
from app.archive.models import Article, ArticleSpeaker, ArticleVersion, Occurrence
from app.archive.search import FTS
from app.service.articles import METADATA, ArticleToStore


def stored_view(article: Article) -> dict[str, Any]:
    """An archived article as the API returns it."""
    return {"id": article.id, "url": article.url, "outlet": article.outlet,
            "published_at": article.published_at, "title": article.title,
            "authors": article.authors, "version": article.version,
            "stored_at": article.stored_at, "updated_at": article.updated_at,
            "text": article.text, **article.analysis}


class Archive:
    def __init__(self, database: Database) -> None:
        self.database = database

    def unchanged(self, article: ArticleToStore) -> dict[str, Any] | None:
        """The stored article, if it is stored with this very content (nothing to analyse)."""
        with self.database.read() as session:
            stored = session.get(Article, article.id)
            if stored is not None and stored.content_hash == article.content_hash:
                return stored_view(stored)
        return None

    def store(self, article: ArticleToStore, analysis: dict[str, Any]
              ) -> tuple[str, dict[str, Any]]:
        """Store ``article`` with its ``analysis`` (``{"quotes", "speakers"}``): ``("created"
        | "updated" | "unchanged", the stored article)``."""
        now = datetime.now(UTC)
        with self.database.write() as session:
            stored = session.get(Article, article.id)
            if stored is not None and stored.content_hash == article.content_hash:
                return "unchanged", stored_view(stored)
            status, touched = "created", (set(), set())
            if stored is not None:
                status = "updated"
                touched = self._keep_version(session, stored, article, analysis, now)
            # archive speakers and quotes first (they need no article row), so the article is
            # written once, with its analysis, before the rows that point to it
            linked, rows = self._link(session, article, analysis)
            values = {**{name: getattr(article, name) for name in METADATA},
                      "text": article.text, "content_hash": article.content_hash,
                      "updated_at": now, "analysis": linked}
            if stored is None:  # a new article: one Core insert, no unit of work
                values.update(id=article.id, version=1, stored_at=now)
                session.execute(insert(Article.__table__), [values])
                stored = Article(**values)  # what the answer shows, not added to the session
            else:
                for name, value in values.items():
                    setattr(stored, name, value)
                session.flush()
            for table, table_rows in rows:
                if table_rows:
                    session.execute(insert(table), table_rows)  # Core: no ORM bookkeeping
            self._tidy(session, *touched)  # after the new rows: what they still use stays
            session.flush()
            view = stored_view(stored)
        if status == "updated":
            self._scrub()
        return status, view

    def _keep_version(self, session: Session, stored: Article, article: ArticleToStore,
                      analysis: dict[str, Any], now: datetime) -> tuple[set[int], set[int]]:
        before = {q["text"] for q in stored.analysis["quotes"]}
        after = {q["text"] for q in analysis["quotes"]}
        changes = {"fields": [name for name in METADATA
                              if getattr(stored, name) != getattr(article, name)]
                   + (["text"] if stored.text != article.text else []),
                   "quotes_removed": sorted(before - after), "quotes_added": sorted(after - before)}
        session.add(ArticleVersion(article_id=stored.id, version=stored.version,
                                   content_hash=stored.content_hash, replaced_at=now,
                                   changes=changes))
        stored.version += 1
        return self._unlink(session, stored.id)

    def _link(self, session: Session, article: ArticleToStore, analysis: dict[str, Any]
              ) -> tuple[dict[str, Any], list[tuple[Table, list[dict[str, Any]]]]]:
        """The analysis with archive ids (its speakers joined to archive speakers, its quotes
        to archive quotes, made where new), and the article's speaker and occurrence rows."""
        quoted = [s for s in analysis["speakers"] if s.get("name") and s.get("quote_ids")]
        named = [speakers.Named(s["name"], s.get("label"), s.get("titles", [])) for s in quoted]
        archive_ids = speakers.identify_all(session, named)
        speaker_ids = {s["id"]: archive_id for s, archive_id in zip(quoted, archive_ids,
                                                                       strict=True)}
        speaker_rows = [{"article_id": article.id, "speaker_id": archive_id, "name": n.name,
                         "titles": n.titles, "name_key": n.person.key}
                        for n, archive_id in zip(named, archive_ids, strict=True)]
        quotes = analysis["quotes"]
        quote_ids = clusters.assign(session, [(q["text"], q["type"]) for q in quotes])
        rows = []
        for quote, quote_id in zip(quotes, quote_ids, strict=True):
            speaker = quote.get("speaker") or {}
            mention, cue = speaker.get("mention"), quote.get("cue")
            rows.append({
                "quote_id": quote_id, "article_id": article.id, "local_id": quote["id"],
                "speaker_id": speaker_ids.get(speaker.get("id")), "text": quote["text"],
                "start": quote["start"], "end": quote["end"], "type": quote["type"],
                "speaker_name": speaker.get("name"), "mention": mention and mention["text"],
                "cue": cue and cue["text"], "sentence": quote["sentence"]["text"],
                "confidence": quote["confidence"], "outlet": article.outlet,
                "published_at": article.published_at,
                "speaker_gender": speaker.get("gender"),
                "anonymous": bool(speaker.get("anonymous")),
                "affiliation": (speaker.get("affiliation") or {}).get("text")})
        linked = {"quotes": [{**q, "archive_quote_id": quote_id}
                             for q, quote_id in zip(quotes, quote_ids, strict=True)],
                  "speakers": [{**s, "archive_speaker_id": speaker_ids.get(s["id"])}
                               for s in analysis["speakers"]]}
        return linked, [(ArticleSpeaker.__table__, speaker_rows), (Occurrence.__table__, rows)]

    def _unlink(self, session: Session, article_id: str) -> tuple[set[int], set[int]]:
        """Remove the article's speaker and quote rows; the quotes and speakers they named."""
        quote_ids = set(session.scalars(select(Occurrence.quote_id)
                                        .where(Occurrence.article_id == article_id)))
        speaker_ids = set(session.scalars(select(ArticleSpeaker.speaker_id)
                                          .where(ArticleSpeaker.article_id == article_id)))
        session.execute(delete(Occurrence).where(Occurrence.article_id == article_id))
        session.execute(delete(ArticleSpeaker).where(ArticleSpeaker.article_id == article_id))
        return quote_ids, speaker_ids

    @staticmethod
    def _tidy(session: Session, quote_ids: set[int], speaker_ids: set[int]) -> None:
        """Drop the quotes and speakers no article gives any more."""
        clusters.tidy(session, quote_ids)
        speakers.tidy(session, speaker_ids)

    def get(self, article_id: str) -> dict[str, Any] | None:
        with self.database.read() as session:
            stored = session.get(Article, article_id)
            if stored is None:
                return None
            history = session.scalars(select(ArticleVersion)
                                      .where(ArticleVersion.article_id == article_id)
                                      .order_by(ArticleVersion.version))
            return {**stored_view(stored), "history": [
                {"version": v.version, "replaced_at": v.replaced_at, **v.changes}
                for v in history]}

    def delete(self, article_id: str) -> bool:
        """Remove the article, its history and all that came from it; False if not stored."""
        with self.database.write() as session:
            stored = session.get(Article, article_id)
            if stored is None:
                return False
            self._tidy(session, *self._unlink(session, article_id))
            session.execute(delete(ArticleVersion).where(ArticleVersion.article_id == article_id))
            session.delete(stored)
        self._scrub()
        return True

    def _scrub(self) -> None:
        """Delete means gone: after a delete or a replacement, SQLite's full-text index is
        merged into one segment (its delete markers otherwise keep the old words beside them)
        and the write-ahead log is emptied into the file, where secure_delete has zeroed what
        was freed. On PostgreSQL, dead rows stay in its files until VACUUM (docs/security)."""
        if self.database.dialect == "sqlite":
            with self.database.write() as session:
                session.execute(text(f"INSERT INTO {FTS.name}({FTS.name}) VALUES ('optimize')"))
            self.database.checkpoint()


class LazyArchive:
    """The archive of an app, opened (and migrated) on first use: an app that never touches
    the archive makes no database file."""

    def __init__(self, url: Callable[[], str]) -> None:
        self._url = url
        self._archive: Archive | None = None
        self._lock = threading.Lock()

    def get(self) -> Archive:
        with self._lock:
            if self._archive is None:
                self._archive = Archive(Database(self._url()))
            return self._archive

    def close(self) -> None:
        """Close the archive if it was opened (SQLite: its log emptied into the file)."""
        with self._lock:
            if self._archive is not None:
                self._archive.database.close()
                self._archive = None
