"""Group centroids in a table of their own, group sums kept in the row

Placing a statement rewrites its group's `group_vector` row. With the centroid in that row, every
new row version was a new entry in the HNSW index, whether or not the centroid moved, and the
nearest groups' sums (3 KB each) were fetched from TOAST one by one. Where the group-state
revision added the pgvector centroid, this one moves it to `group_centroid` (group id, centroid)
with its own HNSW index, built with `ef_construction` 64 instead of 100, so that a placement
rewrites a centroid only when it asks to. On PostgreSQL `group_vector.vector_sum` is stored in
the row (STORAGE MAIN: out of line only if the row would not fit a page). SQLite is untouched.

Revision ID: 6f2b8d41a9c3
Revises: a4d2c8e61b07
Create Date: 2026-12-04 16:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "6f2b8d41a9c3"
down_revision = "a4d2c8e61b07"
branch_labels = None
depends_on = None


def _vector_type(table: str) -> str | None:
    """The type of `table.centroid` as PostgreSQL writes it ("vector(384)"), None without one."""
    query = sa.text(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = to_regclass(:table) AND attname = 'centroid' AND NOT attisdropped"
    )
    found = op.get_bind().execute(query, {"table": table}).scalar()
    return None if found is None else str(found)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE group_vector ALTER COLUMN vector_sum SET STORAGE MAIN")
    op.execute("UPDATE group_vector SET vector_sum = vector_sum || ''::bytea")  # into the row
    kind = _vector_type("group_vector")
    if kind is None:
        return
    op.execute(
        f"CREATE TABLE group_centroid (group_id INTEGER NOT NULL, centroid {kind} NOT NULL, "
        "CONSTRAINT pk_group_centroid PRIMARY KEY (group_id), "
        "CONSTRAINT fk_group_centroid_group_id_claim_group FOREIGN KEY (group_id) "
        "REFERENCES claim_group (id) ON DELETE CASCADE)"
    )
    op.execute(
        "INSERT INTO group_centroid (group_id, centroid) "
        "SELECT group_id, centroid FROM group_vector WHERE centroid IS NOT NULL"
    )
    op.execute(
        "CREATE INDEX ix_group_centroid_centroid ON group_centroid "
        "USING hnsw (centroid vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
    )
    op.execute("ALTER TABLE group_vector DROP COLUMN centroid")  # and its index


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    kind = _vector_type("group_centroid")
    if kind is not None:
        op.execute(f"ALTER TABLE group_vector ADD COLUMN centroid {kind}")
        op.execute(
            "UPDATE group_vector AS v SET centroid = c.centroid "
            "FROM group_centroid AS c WHERE c.group_id = v.group_id"
        )
        op.execute(
            "CREATE INDEX ix_group_vector_centroid ON group_vector "
            "USING hnsw (centroid vector_cosine_ops) WITH (m = 16, ef_construction = 100)"
        )
        op.execute("DROP TABLE group_centroid")
    op.execute("ALTER TABLE group_vector ALTER COLUMN vector_sum SET STORAGE EXTENDED")
