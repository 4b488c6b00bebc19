"""Group placement state in tables, with a pgvector HNSW index where PostgreSQL has pgvector

Each group's vector sum and size, its anchor and source counts, and every anchor's document
frequency: what placing a statement reads, kept in the database so that every process sees the
same state and none rebuilds it from all vectors at start. Where the server offers the `vector`
extension the revision creates it and adds `group_vector.centroid`, a vector(384) (the
dimensions of all-MiniLM-L6-v2) with an HNSW index for cosine distance. SQLite, and PostgreSQL
without the extension, get the plain tables only: the app then keeps the index in memory.

Revision ID: e3f1a7c52d90
Revises: e5a8c3f17b92
Create Date: 2026-12-03 17:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e3f1a7c52d90"
down_revision = "e5a8c3f17b92"
branch_labels = None
depends_on = None

DIMENSIONS = 384


def _group_table(name: str, *columns: sa.Column, key: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("group_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["claim_group.id"],
            name=op.f(f"fk_{name}_group_id_claim_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*key, name=op.f(f"pk_{name}")),
    )


def _has_pgvector() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    query = sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    return bind.execute(query).first() is not None


def upgrade() -> None:
    op.create_table(
        "anchor_frequency",
        sa.Column("anchor", sa.Text(), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("anchor", name=op.f("pk_anchor_frequency")),
    )
    _group_table(
        "group_anchor",
        sa.Column("anchor", sa.Text(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        key=("group_id", "anchor"),
    )
    with op.batch_alter_table("group_anchor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_anchor_anchor"), ["anchor"], unique=False)
    _group_table(
        "group_source",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        key=("group_id", "source_id"),
    )
    _group_table(
        "group_vector",
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("vector_sum", sa.LargeBinary(), nullable=False),
        key=("group_id",),
    )
    with op.batch_alter_table("grouping_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("model", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("members", sa.Integer(), server_default="0", nullable=False))
    if _has_pgvector():
        op.execute("CREATE EXTENSION IF NOT EXISTS vector")
        op.execute(f"ALTER TABLE group_vector ADD COLUMN centroid vector({DIMENSIONS})")
        op.execute(
            "CREATE INDEX ix_group_vector_centroid ON group_vector "
            "USING hnsw (centroid vector_cosine_ops) WITH (m = 16, ef_construction = 100)"
        )


def downgrade() -> None:
    # The vector extension stays: other databases' objects may use it.
    with op.batch_alter_table("grouping_state", schema=None) as batch_op:
        batch_op.drop_column("members")
        batch_op.drop_column("model")
    op.drop_table("group_vector")
    op.drop_table("group_source")
    with op.batch_alter_table("group_anchor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_anchor_anchor"))
    op.drop_table("group_anchor")
    op.drop_table("anchor_frequency")
