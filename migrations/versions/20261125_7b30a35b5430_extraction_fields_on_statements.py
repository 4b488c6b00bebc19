"""Extraction fields on statements: status (suggested/confirmed), mention and cue spans,
confidences

Revision ID: 7b30a35b5430
Revises: 00516fc221e7
Create Date: 2026-11-25 01:23:29.068535
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "7b30a35b5430"
down_revision = "00516fc221e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="confirmed", nullable=False)
        )
        batch_op.add_column(sa.Column("mention_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("mention_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cue_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cue_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("kind_confidence", sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            "status", "status IS NULL OR status IN ('suggested', 'confirmed')"
        )


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_statement_status"), type_="check")
        batch_op.drop_column("kind_confidence")
        batch_op.drop_column("confidence")
        batch_op.drop_column("cue_end")
        batch_op.drop_column("cue_start")
        batch_op.drop_column("mention_end")
        batch_op.drop_column("mention_start")
        batch_op.drop_column("status")
