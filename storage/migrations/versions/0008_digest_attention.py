"""digests that respect attention: what a subscription does with an empty period, and
who a direct-message subscription goes to

`when_empty`: "post" (the digest with its zeros, as before), "line" (one line saying
nothing was logged) or "skip" (nothing at all). `recipient`: the person's name when the
target is their direct messages ("" for a channel).

Revision ID: 0008
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "digest_subscription",
        sa.Column("when_empty", sa.String(8), nullable=False, server_default="post"),
    )
    op.add_column(
        "digest_subscription",
        sa.Column("recipient", sa.String(200), nullable=False, server_default=""),
    )


def downgrade() -> None:
    # Plain DROP COLUMN: a batch rebuild on SQLite would lose the expression index
    # uq_subscription_scope (it cannot be reflected), which 0009's downgrade then drops.
    op.drop_column("digest_subscription", "recipient")
    op.drop_column("digest_subscription", "when_empty")
