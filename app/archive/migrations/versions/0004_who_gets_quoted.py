"""Who gets quoted: each occurrence keeps its speaker's gender as the article says it, whether
nobody named speaks, and the organisation the article ties the speaker to; an index on outlet
and date serves the sources report. Occurrences stored before keep null and false: their
articles were analysed without these (store them again to fill them).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN on both databases: a batch rebuild of the table on SQLite would drop the
    # triggers that keep its full-text index (0002)
    op.add_column("occurrences", sa.Column("speaker_gender", sa.String(6)))
    op.add_column("occurrences", sa.Column("anonymous", sa.Boolean, nullable=False,
                                           server_default=sa.false()))
    op.add_column("occurrences", sa.Column("affiliation", sa.Text))
    op.create_index("ix_occurrences_outlet_date", "occurrences", ["outlet", "published_at"])


def downgrade() -> None:
    op.drop_index("ix_occurrences_outlet_date", "occurrences")
    for column in ("affiliation", "anonymous", "speaker_gender"):
        op.drop_column("occurrences", column)
