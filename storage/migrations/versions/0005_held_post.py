"""posts held for a button, so the button carries a short key rather than the post

Slack keeps 2,000 characters of a button's value; a post may have 4,000. The "which
ward?" and personal-data buttons now name a held post, which expires after 7 days.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "held_post",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("asker_key", sa.String(length=200), nullable=False),
        sa.Column("channel_id", sa.String(length=200), nullable=False),
        sa.Column("source_message_id", sa.String(length=200), nullable=False),
        sa.Column("source_link", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_held_post_expires", "held_post", ["expires_at"])
    op.create_index("ix_held_post_author", "held_post", ["author_id"])


def downgrade() -> None:
    op.drop_index("ix_held_post_author", table_name="held_post")
    op.drop_index("ix_held_post_expires", table_name="held_post")
    op.drop_table("held_post")
