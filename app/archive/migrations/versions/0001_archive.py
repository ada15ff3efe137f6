"""The archive: articles, their versions, speakers and their aliases, quotes and occurrences.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    _articles()
    _speakers()
    _quotes()


def _articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.String(200)),
        sa.Column("published_at", WHEN),
        sa.Column("title", sa.Text),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("analysis", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("stored_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False))
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String(200),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("replaced_at", WHEN, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False))


def _speakers() -> None:
    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("label", sa.String(20)),
        sa.Column("surname", sa.String(200), nullable=False, index=True))
    op.create_table(
        "speaker_aliases",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id"), nullable=False,
                  index=True))
    op.create_table(
        "article_speakers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.String(200),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id"), nullable=False,
                  index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.String(300), nullable=False, index=True),
        sa.Column("titles", sa.JSON, nullable=False))


def _quotes() -> None:
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
        sa.Column("canonical_hash", sa.String(32), nullable=False, unique=True))
    op.create_table(
        "quote_bands",
        sa.Column("key", sa.BigInteger, primary_key=True),
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id"), primary_key=True,
                  index=True))
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id"), nullable=False,
                  index=True),
        sa.Column("article_id", sa.String(200),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("speaker_id", sa.Integer, sa.ForeignKey("speakers.id")),
        sa.Column("local_id", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("speaker_name", sa.Text),
        sa.Column("mention", sa.Text),
        sa.Column("cue", sa.Text),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("outlet", sa.String(200), index=True),
        sa.Column("published_at", WHEN, index=True))
    op.create_index("ix_occurrences_speaker_date", "occurrences", ["speaker_id", "published_at"])
    # a quote's occurrences in date order (its first appearance) without a walk through all
    op.create_index("ix_occurrences_quote_date", "occurrences", ["quote_id", "published_at"])


def downgrade() -> None:
    for table in ("occurrences", "quote_bands", "quotes", "article_speakers", "speaker_aliases",
                  "speakers",
                  "article_versions", "articles"):
        op.drop_table(table)
