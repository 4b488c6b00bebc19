"""History hash chain and append-only triggers: each editor_action entry carries the hash of the
entry before it and its own, and the database refuses UPDATE and DELETE on the table

The history was append-only in the ORM alone: a plain UPDATE on `editor_action` went through.
Triggers now refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) whatever the client, and
`hash` (sha256 over the entry's fields and `previous_hash`) lets `flask --app verify history
verify` name an entry edited by someone able to drop the triggers. Entries already stored are
chained here, in id order, with the same serialisation as verify.services.trail (kept here as
it is today: the hashes stored must never depend on later code).

A later revision that rebuilds `editor_action` on SQLite (`batch_alter_table` copies the
table) drops these triggers with it and must create them again.

Revision ID: c7f3e9a15b24
Revises: 6f2b8d41a9c3
Create Date: 2026-12-05 10:00:00.000000
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "c7f3e9a15b24"
down_revision = "6f2b8d41a9c3"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
REFUSAL = "editor_action is append-only: the history cannot be changed or deleted"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER editor_action_no_update BEFORE UPDATE ON editor_action BEGIN
         SELECT RAISE(ABORT, '{REFUSAL}');
       END""",
    f"""CREATE TRIGGER editor_action_no_delete BEFORE DELETE ON editor_action BEGIN
         SELECT RAISE(ABORT, '{REFUSAL}');
       END""",
)

POSTGRES_FUNCTION = f"""
CREATE FUNCTION editor_action_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$"""

POSTGRES_TRIGGERS = (
    """CREATE TRIGGER editor_action_no_update_delete BEFORE UPDATE OR DELETE ON editor_action
       FOR EACH ROW EXECUTE FUNCTION editor_action_append_only()""",
    """CREATE TRIGGER editor_action_no_truncate BEFORE TRUNCATE ON editor_action
       FOR EACH STATEMENT EXECUTE FUNCTION editor_action_append_only()""",
)

entries = sa.table(
    "editor_action",
    sa.column("id", sa.Integer),
    sa.column("editor", sa.String),
    sa.column("action", sa.String),
    sa.column("group_id", sa.Integer),
    sa.column("statement_id", sa.Integer),
    sa.column("detail", sa.JSON),
    sa.column("note", sa.Text),
    sa.column("created_at", sa.DateTime),
    sa.column("previous_hash", sa.String),
    sa.column("hash", sa.String),
)


def _hash(row: Any, previous: str) -> str:
    fields = {
        "id": row.id,
        "editor": row.editor,
        "action": row.action,
        "group_id": row.group_id,
        "statement_id": row.statement_id,
        "detail": row.detail,
        "note": row.note,
        "created_at": row.created_at.isoformat() if row.created_at is not None else None,
        "previous_hash": previous,
    }
    text = json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_stored_entries() -> None:
    bind = op.get_bind()
    previous, last = GENESIS, 0
    while True:
        rows = bind.execute(
            sa.select(entries).where(entries.c.id > last).order_by(entries.c.id).limit(1000)
        ).all()
        if not rows:
            return
        for row in rows:
            digest = _hash(row, previous)
            bind.execute(
                entries.update()
                .where(entries.c.id == row.id)
                .values(previous_hash=previous, hash=digest)
            )
            previous = digest
        last = rows[-1].id


def upgrade() -> None:
    with op.batch_alter_table("editor_action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    _chain_stored_entries()
    with op.batch_alter_table("editor_action", schema=None) as batch_op:
        batch_op.alter_column("previous_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for trigger in POSTGRES_TRIGGERS:
            op.execute(trigger)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER editor_action_no_update_delete ON editor_action")
        op.execute("DROP TRIGGER editor_action_no_truncate ON editor_action")
        op.execute("DROP FUNCTION editor_action_append_only()")
    else:
        op.execute("DROP TRIGGER editor_action_no_update")
        op.execute("DROP TRIGGER editor_action_no_delete")
    with op.batch_alter_table("editor_action", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("previous_hash")
