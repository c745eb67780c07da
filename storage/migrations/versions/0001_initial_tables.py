"""initial tables

Revision ID: 0001
Revises:
Create Date: 2026-11-26 08:45:01.463207
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_at", ["at"], unique=False)

    op.create_table(
        "board_aim",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "conversation_ref",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=400), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "conversation_id"),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("platform_user_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "platform_user_id"),
    )
    op.create_table(
        "plan_year",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("council", sa.Text(), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("ward_slugs", sa.JSON(), nullable=False),
        sa.Column(
            "loaded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "processed_event",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("platform", "event_id"),
    )
    op.create_table(
        "ward",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("priorities_known", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "channel_link",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.String(length=200), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("linked_by", sa.String(length=200), nullable=False),
        sa.Column(
            "linked_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["ward.id"],
        ),
        sa.PrimaryKeyConstraint("platform", "channel_id"),
    )
    op.create_table(
        "digest_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=400), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=True),
        sa.Column("cron", sa.String(length=100), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["ward.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "target", "ward_id", name="uq_subscription"),
    )
    op.create_table(
        "priority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_year"],
            ["plan_year.year"],
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["ward.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ward_id", "plan_year", "number"),
    )
    op.create_table(
        "theme",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("board_aim_key", sa.String(length=64), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_aim_key"],
            ["board_aim.key"],
        ),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "digest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"], ["digest_subscription.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subscription_id", "period_start", name="uq_digest_period"),
    )
    op.create_table(
        "priority_theme",
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["priority_id"], ["priority.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["theme_key"],
            ["theme.key"],
        ),
        sa.PrimaryKeyConstraint("priority_id", "theme_key"),
    )
    op.create_table(
        "ward_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.String(length=200), nullable=False),
        sa.Column("source_message_id", sa.String(length=200), nullable=False),
        sa.Column("source_link", sa.Text(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("people_reached", sa.Integer(), nullable=True),
        sa.Column("volunteers", sa.Integer(), nullable=True),
        sa.Column("quantities", sa.JSON(), nullable=False),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("evidence_link", sa.Text(), nullable=False),
        sa.Column("case_study", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["person.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["ward.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "source_message_id", name="uq_update_source"),
    )
    with op.batch_alter_table("ward_update", schema=None) as batch_op:
        batch_op.create_index("ix_update_occurred", ["occurred_on"], unique=False)
        batch_op.create_index("ix_update_ward_occurred", ["ward_id", "occurred_on"], unique=False)

    op.create_table(
        "update_theme",
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_key"],
            ["theme.key"],
        ),
        sa.ForeignKeyConstraint(["update_id"], ["ward_update.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("update_id", "theme_key"),
    )


def downgrade() -> None:
    op.drop_table("update_theme")
    with op.batch_alter_table("ward_update", schema=None) as batch_op:
        batch_op.drop_index("ix_update_ward_occurred")
        batch_op.drop_index("ix_update_occurred")

    op.drop_table("ward_update")
    op.drop_table("priority_theme")
    op.drop_table("digest_run")
    op.drop_table("theme")
    op.drop_table("priority")
    op.drop_table("digest_subscription")
    op.drop_table("channel_link")
    op.drop_table("ward")
    op.drop_table("processed_event")
    op.drop_table("plan_year")
    op.drop_table("person")
    op.drop_table("conversation_ref")
    op.drop_table("board_aim")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_at")

    op.drop_table("audit_log")
