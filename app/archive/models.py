"""The archive's tables (SQLAlchemy 2). Articles hold what the client sent and its analysis;
everything else is derived from them and goes with them: each article's speakers (the name and
titles it gives) point to one archive speaker, each of its quotes is an occurrence of one
archive quote (a wording seen across outlets)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

MAX_ID = 2**31 - 1
"""The largest id an integer column holds on both databases (PostgreSQL's ``integer``): an id
beyond it names nothing, and asking for one is a client's mistake, never a server error."""

class UtcDateTime(TypeDecorator):
    """A time with its zone, stored as UTC: SQLite keeps no zone, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime}


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column()
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list] = mapped_column(JSON, default=list)
    analysis: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    stored_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class ArticleVersion(Base):
    """A version an article had before new content replaced it, and what changed: the fields,
    the quotes removed and added (not the old text; deleting the article deletes these too)."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    replaced_at: Mapped[datetime] = mapped_column()
    changes: Mapped[dict] = mapped_column(JSON)


class Speaker(Base):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(20))
    surname: Mapped[str] = mapped_column(String(200), index=True)


class SpeakerAlias(Base):
    """A name (folded, titles aside) and the one archive speaker it stands for, while some
    article still names someone so: the index ``identify`` reads, one row per name however
    many articles give it."""

    __tablename__ = "speaker_aliases"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)


class ArticleSpeaker(Base):
    """A speaker as one article names it; its archive speaker's aliases and titles are these."""

    __tablename__ = "article_speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    titles: Mapped[list] = mapped_column(JSON, default=list)


class Quote(Base):
    """One wording across articles: its first-seen text and canonical words."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str] = mapped_column(Text)
    canonical_hash: Mapped[str] = mapped_column(String(32), unique=True)


class QuoteBand(Base):
    """The MinHash LSH keys of a quote's wording (``app.core.wording.band_keys``)."""

    __tablename__ = "quote_bands"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), primary_key=True, index=True)


class Occurrence(Base):
    """A quote as one article gives it, with the speaker it is attributed to there."""

    __tablename__ = "occurrences"
    __table_args__ = (Index("ix_occurrences_speaker_date", "speaker_id", "published_at"),
                      Index("ix_occurrences_quote_date", "quote_id", "published_at"),
                      Index("ix_occurrences_outlet_date", "outlet", "published_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    local_id: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    speaker_name: Mapped[str | None] = mapped_column(Text)
    mention: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    # copied from the article so that search filters and sorts on one table
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # who gets quoted (0004): the speaker's gender as the article says it, whether nobody
    # named speaks, the organisation the article ties them to
    speaker_gender: Mapped[str | None] = mapped_column(String(6))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    affiliation: Mapped[str | None] = mapped_column(Text)
