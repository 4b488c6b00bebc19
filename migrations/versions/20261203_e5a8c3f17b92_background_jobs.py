"""Background jobs: a job table for imports, articles and stance, and groups whose sides are due

Placing statements no longer judges sides in the same transaction: the groups they joined are
marked `stance_due` and a background job judges them.

Revision ID: e5a8c3f17b92
Revises: b7e2d4a91c30
Create Date: 2026-12-03 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e5a8c3f17b92"
down_revision = "b7e2d4a91c30"
branch_labels = None
depends_on = None

# As the choices stood when this revision was written (a revision must not change with the app).
KINDS = ("import", "article", "stance")
STATES = ("queued", "running", "done", "failed")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({quoted})"


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("input", sa.Text(), nullable=True),
        sa.Column("editor", sa.String(length=200), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("heartbeat", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(_one_of("kind", KINDS), name=op.f("ck_job_kind")),
        sa.CheckConstraint(_one_of("state", STATES), name=op.f("ck_job_state")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    op.create_index(op.f("ix_job_state"), "job", ["state"], unique=False)
    with op.batch_alter_table("claim_group", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stance_due", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_claim_group_stance_due"), ["stance_due"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_group_stance_due"))
        batch_op.drop_column("stance_due")
    op.drop_index(op.f("ix_job_state"), table_name="job")
    op.drop_table("job")
