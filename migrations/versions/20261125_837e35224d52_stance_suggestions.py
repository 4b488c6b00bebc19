"""Stance suggestions: central claim, conflict, suggested flag and reason on groups; suggested
side, confidence, denial, slot conflicts and clash with a neighbour on memberships

Revision ID: 837e35224d52
Revises: 7b30a35b5430
Create Date: 2026-11-25 03:05:16.264434
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "837e35224d52"
down_revision = "7b30a35b5430"
branch_labels = None
depends_on = None

FLAGS = "'disputed', 'corroborated', 'unresolved', 'not_a_dispute'"
SIDES = "'asserts', 'denies', 'neutral'"


def upgrade() -> None:
    with op.batch_alter_table("claim_group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("central_statement_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("conflict", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("suggested_flag", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("conflict_reason", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_claim_group_conflict"), ["conflict"], unique=False)
        batch_op.create_check_constraint(
            "suggested_flag", f"suggested_flag IS NULL OR suggested_flag IN ({FLAGS})"
        )

    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suggested_side", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("side_confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("denial", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("slot_conflicts", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("clash", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("clash_with", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            "suggested_side", f"suggested_side IS NULL OR suggested_side IN ({SIDES})"
        )


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_membership_suggested_side"), type_="check")
        batch_op.drop_column("clash_with")
        batch_op.drop_column("clash")
        batch_op.drop_column("slot_conflicts")
        batch_op.drop_column("denial")
        batch_op.drop_column("side_confidence")
        batch_op.drop_column("suggested_side")

    with op.batch_alter_table("claim_group", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_claim_group_suggested_flag"), type_="check")
        batch_op.drop_index(batch_op.f("ix_claim_group_conflict"))
        batch_op.drop_column("conflict_reason")
        batch_op.drop_column("suggested_flag")
        batch_op.drop_column("conflict")
        batch_op.drop_column("central_statement_id")
