"""The chain that makes the history tamper-evident: each entry's `hash` covers its own fields and
the `previous_hash` of the entry before it (by id), so an entry changed after the fact no longer
matches its hash, and recomputing that hash breaks the link to every later entry.

The database refuses UPDATE and DELETE on the table (triggers, see the revision that added the
chain); this is what shows an entry edited by someone who could drop the triggers. Someone who
rewrites the whole table and recomputes every hash is caught only by comparing the newest hash
with a copy kept elsewhere (`flask --app verify history verify` prints it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..models import EditorAction

# The previous hash of the first entry.
GENESIS = "0" * 64
# pg_advisory_xact_lock key held while an entry is chained: writers of the history take turns.
CHAIN_LOCK = 0x76657269667968  # "verifyh"


def now() -> datetime:
    """The time an entry is stored with: naive UTC to the microsecond, which SQLite and
    PostgreSQL (`timestamp without time zone`) both give back exactly as written."""
    return datetime.now(UTC).replace(tzinfo=None)


def plain_json(value: Any) -> Any:
    """`value` as it reads back from a JSON column (tuples as lists, keys as strings)."""
    return json.loads(json.dumps(value))


def canonical(fields: dict[str, Any]) -> bytes:
    """The bytes an entry's hash covers: its fields as JSON with sorted keys, no spaces."""
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


class Entry(Protocol):
    """What the hash covers: an EditorAction, or a row of its columns."""

    id: int
    editor: str
    action: str
    group_id: int | None
    statement_id: int | None
    detail: Any
    note: str | None
    created_at: datetime


def entry_fields(entry: Entry, previous_hash: str) -> dict[str, Any]:
    created = entry.created_at
    return {
        "id": entry.id,
        "editor": entry.editor,
        "action": entry.action,
        "group_id": entry.group_id,
        "statement_id": entry.statement_id,
        "detail": entry.detail,
        "note": entry.note,
        "created_at": created.isoformat() if created is not None else None,
        "previous_hash": previous_hash,
    }


def entry_hash(entry: Entry, previous_hash: str) -> str:
    return hashlib.sha256(canonical(entry_fields(entry, previous_hash))).hexdigest()


def chain(session: Session, entry: EditorAction) -> None:
    """Give `entry` (not yet added) its id, time and place after the newest entry.

    On PostgreSQL a transaction-scoped advisory lock makes other writers wait until this
    transaction ends, so two entries never name the same previous one; SQLite writers already
    take turns (the app begins writing transactions with BEGIN IMMEDIATE)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    # Autoflush writes this transaction's earlier entries first, so they are read here too.
    head = session.execute(
        select(EditorAction.id, EditorAction.hash).order_by(EditorAction.id.desc()).limit(1)
    ).first()
    if postgres:
        entry.id = session.scalars(
            text("SELECT nextval(pg_get_serial_sequence('editor_action', 'id'))")
        ).one()
    else:
        entry.id = 1 if head is None else head.id + 1
    entry.created_at = now()
    entry.detail = plain_json(entry.detail)
    entry.previous_hash = GENESIS if head is None else head.hash
    entry.hash = entry_hash(entry, entry.previous_hash)


@dataclass
class Break:
    """The first entry that does not fit the chain, and how."""

    entry_id: int
    reason: str


@dataclass
class ChainReport:
    entries: int
    head: str  # the newest entry's hash (GENESIS when there is none)
    broken: Break | None = None
    expected_found: bool = True


_COLUMNS = (
    EditorAction.id,
    EditorAction.editor,
    EditorAction.action,
    EditorAction.group_id,
    EditorAction.statement_id,
    EditorAction.detail,
    EditorAction.note,
    EditorAction.created_at,
    EditorAction.previous_hash,
    EditorAction.hash,
)


def _in_order(session: Session, batch: int) -> Iterator[Any]:
    """Every entry's columns in id order, `batch` rows per query (nothing kept in the session)."""
    last = 0
    while True:
        query = select(*_COLUMNS).where(EditorAction.id > last).order_by(EditorAction.id)
        rows = session.execute(query.limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify_chain(session: Session, batch: int = 1000, expect: str | None = None) -> ChainReport:
    """Walk the history in id order, recomputing every hash; stop at the first that differs.
    With `expect` (a hash kept from an earlier check), `expected_found` says whether the chain
    still passes through it."""
    previous, count = GENESIS, 0
    report = ChainReport(0, GENESIS, expected_found=expect is None or expect == GENESIS)
    for entry in _in_order(session, batch):
        if entry.previous_hash != previous:
            reason = (
                f"its previous_hash {entry.previous_hash!r} is not the hash of the entry before "
                f"it ({previous!r}): the entry before it was changed, or entries between them "
                f"were removed or inserted"
            )
            return replace(report, entries=count, head=previous, broken=Break(entry.id, reason))
        expected = entry_hash(entry, previous)
        if entry.hash != expected:
            reason = (
                f"its stored hash {entry.hash!r} does not match its fields (they hash to "
                f"{expected!r}): the entry was changed after it was written"
            )
            return replace(report, entries=count, head=previous, broken=Break(entry.id, reason))
        previous, count = entry.hash, count + 1
        report.expected_found = report.expected_found or entry.hash == expect
    return replace(report, entries=count, head=previous)
