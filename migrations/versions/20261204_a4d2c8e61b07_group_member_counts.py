"""Group member counts: each group's size stored on it, kept by triggers on membership

An index on membership (group_id, side, suggested_side) lets the list count the members of the
groups it shows per side without reading the table's rows.

The groups list sorted and counted groups by a GROUP BY over every membership of the desk on
each request (100,000 rows at 100,000 statements). The count now lives on `claim_group.size`,
kept by the database itself whenever a membership is inserted, deleted or moved to another
group, whatever code path (placement, regroup, an editor's move, a bulk load) does it.

A later revision that rebuilds the `membership` table on SQLite (`batch_alter_table` copies
the table) drops these triggers with it and must create them again.

Revision ID: a4d2c8e61b07
Revises: e3f1a7c52d90
Create Date: 2026-12-04 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a4d2c8e61b07"
down_revision = "e3f1a7c52d90"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER membership_size_insert AFTER INSERT ON membership BEGIN
         UPDATE claim_group SET size = size + 1 WHERE id = NEW.group_id;
       END""",
    """CREATE TRIGGER membership_size_delete AFTER DELETE ON membership BEGIN
         UPDATE claim_group SET size = size - 1 WHERE id = OLD.group_id;
       END""",
    """CREATE TRIGGER membership_size_move AFTER UPDATE OF group_id ON membership
       WHEN NEW.group_id IS NOT OLD.group_id BEGIN
         UPDATE claim_group SET size = size - 1 WHERE id = OLD.group_id;
         UPDATE claim_group SET size = size + 1 WHERE id = NEW.group_id;
       END""",
)

POSTGRES_FUNCTION = """
CREATE FUNCTION membership_size() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE claim_group SET size = size - 1 WHERE id = OLD.group_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE claim_group SET size = size + 1 WHERE id = NEW.group_id;
  END IF;
  RETURN NULL;
END $$"""

POSTGRES_TRIGGERS = (
    """CREATE TRIGGER membership_size_insert_delete AFTER INSERT OR DELETE ON membership
       FOR EACH ROW EXECUTE FUNCTION membership_size()""",
    """CREATE TRIGGER membership_size_move AFTER UPDATE OF group_id ON membership
       FOR EACH ROW WHEN (NEW.group_id IS DISTINCT FROM OLD.group_id)
       EXECUTE FUNCTION membership_size()""",
)


def upgrade() -> None:
    with op.batch_alter_table("claim_group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("size", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index(batch_op.f("ix_claim_group_size"), ["size"], unique=False)
    # The list counts each listed group's members per side from this index alone.
    op.create_index(
        "ix_membership_group_sides", "membership", ["group_id", "side", "suggested_side"]
    )
    op.execute(
        "UPDATE claim_group SET size = "
        "(SELECT count(*) FROM membership WHERE membership.group_id = claim_group.id)"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for trigger in POSTGRES_TRIGGERS:
            op.execute(trigger)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER membership_size_insert_delete ON membership")
        op.execute("DROP TRIGGER membership_size_move ON membership")
        op.execute("DROP FUNCTION membership_size()")
    else:
        for name in ("insert", "delete", "move"):
            op.execute(f"DROP TRIGGER membership_size_{name}")
    op.drop_index("ix_membership_group_sides", table_name="membership")
    with op.batch_alter_table("claim_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_group_size"))
        batch_op.drop_column("size")
