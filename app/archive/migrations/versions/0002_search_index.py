"""Full-text search over quote text: FTS5 on SQLite, a tsvector with a GIN index on
PostgreSQL; both also index the speaker's id, so that "this speaker, these words" is one
intersection inside the index. Quotes already archived are indexed too.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE VIRTUAL TABLE occurrence_search USING fts5(text, speaker_id, "
    "content='occurrences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER occurrences_search_insert AFTER INSERT ON occurrences BEGIN "
    "INSERT INTO occurrence_search(rowid, text, speaker_id) "
    "VALUES (new.id, new.text, new.speaker_id); END",
    "CREATE TRIGGER occurrences_search_delete AFTER DELETE ON occurrences BEGIN "
    "INSERT INTO occurrence_search(occurrence_search, rowid, text, speaker_id) "
    "VALUES ('delete', old.id, old.text, old.speaker_id); END",
    "INSERT INTO occurrence_search(occurrence_search) VALUES ('rebuild')",
]
POSTGRESQL = [
    "ALTER TABLE occurrences ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english', text) || to_tsvector('simple', 'qtspeaker' "
    "|| coalesce(speaker_id::text, 'none'))) STORED",
    "CREATE INDEX ix_occurrences_search ON occurrences USING gin (search)",
]


def upgrade() -> None:
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("occurrences_search_insert", "occurrences_search_delete"):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE occurrence_search")
    else:
        op.execute("DROP INDEX ix_occurrences_search")
        op.execute("ALTER TABLE occurrences DROP COLUMN search")
