"""Speaker name keys: names and aliases compare by a stored case-folded key, not SQL lower()

SQLite's lower() folds ASCII only, so 'Émile' was not found as 'émile' and a second import of
the name hit the UNIQUE constraint. Existing rows get their key from the same Python function
the app uses (`verify.models.name_key`, copied here as it stood: a revision must not change
when the app does).

Revision ID: b7e2d4a91c30
Revises: 9d3b6f1c2e48
Create Date: 2026-12-03 14:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b7e2d4a91c30"
down_revision = "9d3b6f1c2e48"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _fill(table: str, column: str) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
    for row_id, name in rows:
        connection.execute(
            sa.text(f"UPDATE {table} SET key = :key WHERE id = :id"),
            {"key": _key(name), "id": row_id},
        )


def upgrade() -> None:
    for table, column in (("speaker", "name"), ("speaker_alias", "alias")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("key", sa.String(length=300), nullable=True))
        _fill(table, column)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("key", existing_type=sa.String(length=300), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_key"), ["key"], unique=False)


def downgrade() -> None:
    for table in ("speaker_alias", "speaker"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_key"))
            batch_op.drop_column("key")
