"""Group publication: when an editor published a group's ClaimReview page, and who

`published_at` is None while the group is not public; the public page and its ClaimReview
answer only for a group with a time here (and a person's flag).

Plain ADD/DROP COLUMN, not a batch copy: copying `claim_group` on SQLite would trip over the
membership triggers (revision a4d2c8e61b07) that name it.

Revision ID: c81f4e2a9d63
Revises: c61f0a9d2b84
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c81f4e2a9d63"
down_revision = "c61f0a9d2b84"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim_group", sa.Column("published_at", sa.DateTime(), nullable=True))
    op.add_column("claim_group", sa.Column("published_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("claim_group", "published_by")
    op.drop_column("claim_group", "published_at")
