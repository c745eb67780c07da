"""evidence of impact: outcome measures and their readings, partners (the plan's list and
those people confirmed), case studies with their stories and where they were shared, the
plan's funds; volunteers by ward read from a partial index

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "measure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("ward.id"), nullable=False),
        sa.Column("priority_number", sa.Integer(), nullable=True),
        sa.Column("project", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("baseline_on", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("ward_id", "name_key", name="uq_measure_ward_name"),
    )
    op.create_table(
        "measure_reading",
        sa.Column(
            "measure_id",
            sa.Integer(),
            sa.ForeignKey("measure.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("read_on", sa.Date(), primary_key=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False, unique=True),
        sa.Column("short_forms", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),  # plan or confirmed
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "case_study",
        sa.Column(
            "update_id",
            sa.Integer(),
            sa.ForeignKey("ward_update.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who_for", sa.Text(), nullable=False),
        sa.Column("difference", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "case_share",
        sa.Column(
            "update_id",
            sa.Integer(),
            sa.ForeignKey("case_study.update_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("platform", sa.String(length=16), primary_key=True),
        sa.Column("channel_id", sa.String(length=200), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("ward.id"), nullable=False),
        sa.Column("shared_by", sa.String(length=200), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),  # claimed, sent, failed
    )
    op.create_index("ix_case_share_at", "case_share", ["shared_at"])
    live_volunteers = sa.text("volunteers IS NOT NULL AND deleted_at IS NULL")
    op.create_index(
        "ix_update_ward_volunteers",
        "ward_update",
        ["ward_id", "volunteers"],
        sqlite_where=live_volunteers,
        postgresql_where=live_volunteers,
    )
    # A plain ADD COLUMN: a batch copy of plan_year would trip the priorities' foreign keys.
    op.add_column("plan_year", sa.Column("funds", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    op.drop_index("ix_update_ward_volunteers", table_name="ward_update")
    op.drop_column("plan_year", "funds")
    op.drop_index("ix_case_share_at", table_name="case_share")
    op.drop_table("case_share")
    op.drop_table("case_study")
    op.drop_table("partner")
    op.drop_table("measure_reading")
    op.drop_table("measure")
