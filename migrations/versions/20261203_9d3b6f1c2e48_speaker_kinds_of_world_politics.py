"""Speaker kinds of world politics: opposition, international bodies and monitors

Revision ID: 9d3b6f1c2e48
Revises: 4c1a9e2b7d35
Create Date: 2026-12-03 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "9d3b6f1c2e48"
down_revision = "4c1a9e2b7d35"
branch_labels = None
depends_on = None

OLD_KINDS = "'military', 'government', 'anonymous_official', 'insurgent', 'militant_group', 'media', 'ngo', 'witness', 'expert', 'other'"
NEW_KINDS = "'military', 'government', 'anonymous_official', 'opposition', 'insurgent', 'militant_group', 'international', 'monitor', 'media', 'ngo', 'witness', 'expert', 'other'"
# Where a downgrade puts the speakers of the new kinds: what extraction called them before.
DOWNGRADED = {"opposition": "other", "international": "other", "monitor": "ngo"}


def upgrade() -> None:
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_speaker_kind"), type_="check")
        batch_op.create_check_constraint("kind", f"kind IS NULL OR kind IN ({NEW_KINDS})")


def downgrade() -> None:
    for new, old in DOWNGRADED.items():
        op.execute(f"UPDATE speaker SET kind = '{old}' WHERE kind = '{new}'")
    with op.batch_alter_table("speaker", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_speaker_kind"), type_="check")
        batch_op.create_check_constraint("kind", f"kind IS NULL OR kind IN ({OLD_KINDS})")
