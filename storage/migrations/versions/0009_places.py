"""the council's own places (place), places learned from answers (place_answer,
learned_place), neighbourhoods and other areas (area), each ward's ONS code, and the
place each update was read from

Revision ID: 0009
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A digest may be for a neighbourhood or area: one subscription per channel and scope.
    op.add_column(
        "digest_subscription",
        sa.Column("area_slug", sa.String(length=64), nullable=False, server_default=""),
    )
    op.drop_index("uq_subscription_scope", table_name="digest_subscription")
    op.create_index(
        "uq_subscription_scope",
        "digest_subscription",
        ["platform", "target", sa.text("coalesce(ward_id, 0)"), "area_slug"],
        unique=True,
    )
    # Plain ADD COLUMN on both databases: SQLite's table rebuild would trip the foreign keys.
    op.add_column(
        "ward_update",
        sa.Column("place_name", sa.String(length=300), nullable=False, server_default=""),
    )
    op.add_column(
        "ward_update",
        sa.Column("place_kind", sa.String(length=40), nullable=False, server_default=""),
    )
    op.add_column(
        "ward", sa.Column("ons_code", sa.String(length=16), nullable=False, server_default="")
    )
    op.create_table(
        "place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("ward_slug", sa.String(length=64), nullable=False),
        sa.Column("locality", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_place_council_source", "place", ["council", "source"])
    op.create_table(
        "place_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council", sa.String(length=200), nullable=False),
        sa.Column("phrase", sa.String(length=300), nullable=False),
        sa.Column("phrase_key", sa.String(length=300), nullable=False),
        sa.Column("ward_slug", sa.String(length=64), nullable=False),
        sa.Column("author_key", sa.String(length=200), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_place_answer_phrase", "place_answer", ["council", "phrase_key"])
    op.create_table(
        "learned_place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council", sa.String(length=200), nullable=False),
        sa.Column("phrase", sa.String(length=300), nullable=False),
        sa.Column("phrase_key", sa.String(length=300), nullable=False),
        sa.Column("ward_slug", sa.String(length=64), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("by", sa.String(length=400), nullable=False),
        sa.Column("learned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("council", "phrase_key", name="uq_learned_place"),
    )
    op.create_table(
        "area",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("wards", sa.JSON(), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )


def downgrade() -> None:
    op.drop_index("uq_subscription_scope", table_name="digest_subscription")
    op.execute("DELETE FROM digest_subscription WHERE area_slug <> ''")
    op.create_index(
        "uq_subscription_scope",
        "digest_subscription",
        ["platform", "target", sa.text("coalesce(ward_id, 0)")],
        unique=True,
    )
    op.drop_column("digest_subscription", "area_slug")
    op.drop_table("area")
    op.drop_table("learned_place")
    op.drop_index("ix_place_answer_phrase", table_name="place_answer")
    op.drop_table("place_answer")
    op.drop_index("ix_place_council_source", table_name="place")
    op.drop_table("place")
    # DROP COLUMN in place (SQLite 3.35+): a rebuild of ward would trip its foreign keys.
    op.drop_column("ward", "ons_code")
    op.drop_column("ward_update", "place_kind")
    op.drop_column("ward_update", "place_name")
