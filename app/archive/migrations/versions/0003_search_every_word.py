"""PostgreSQL finds a quote by any of its words, as SQLite does: the search vector keeps every
word as written ('simple') beside the stemmed English words without stop words, so a search of
stop words alone ("to be or not to be") has words to match. SQLite's FTS5 index drops no word
and is left as it is.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SPEAKER_TOKEN = "to_tsvector('simple', 'qtspeaker' || coalesce(speaker_id::text, 'none'))"


def _vector(words: str) -> list[str]:
    return ["DROP INDEX ix_occurrences_search",
            "ALTER TABLE occurrences DROP COLUMN search",
            f"ALTER TABLE occurrences ADD COLUMN search tsvector GENERATED ALWAYS AS ({words} || "
            f"{SPEAKER_TOKEN}) STORED",
            "CREATE INDEX ix_occurrences_search ON occurrences USING gin (search)"]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _vector("to_tsvector('english', text) || to_tsvector('simple', text)"):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _vector("to_tsvector('english', text)"):
            op.execute(statement)
