"""Claims inside events: a claim table under each group, and each membership's claim

Revision ID: 4c1a9e2b7d35
Revises: 837e35224d52
Create Date: 2026-12-03 08:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "4c1a9e2b7d35"
down_revision = "837e35224d52"
branch_labels = None
depends_on = None

FLAGS = "'disputed', 'corroborated', 'unresolved', 'not_a_dispute'"


def upgrade() -> None:
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("central_statement_id", sa.Integer(), nullable=True),
        sa.Column("conflict", sa.Float(), nullable=True),
        sa.Column("suggested_flag", sa.String(length=30), nullable=True),
        sa.Column("conflict_reason", sa.Text(), nullable=True),
        sa.Column("flag", sa.String(length=30), nullable=True),
        sa.Column("flag_note", sa.Text(), nullable=True),
        sa.Column("flagged_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint(f"flag IS NULL OR flag IN ({FLAGS})", name=op.f("ck_claim_flag")),
        sa.CheckConstraint(
            f"suggested_flag IS NULL OR suggested_flag IN ({FLAGS})",
            name=op.f("ck_claim_suggested_flag"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["claim_group.id"],
            name=op.f("fk_claim_group_id_claim_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_group_id"), ["group_id"], unique=False)

    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("claim_set_by", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_membership_claim_id"), ["claim_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_membership_claim_id_claim"),
            "claim",
            ["claim_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_membership_claim_id_claim"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_membership_claim_id"))
        batch_op.drop_column("claim_set_by")
        batch_op.drop_column("claim_id")

    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_group_id"))
    op.drop_table("claim")
