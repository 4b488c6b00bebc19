"""The lookups by id every use case starts from (NotFound when there is nothing), and new groups."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, selectinload

from ..models import ClaimGroup, Membership, Source, Statement

# A new group's label: the start of its first statement.
LABEL_CHARS = 140


class NotFound(LookupError):
    """A statement, group or source id that does not exist."""


class Conflict(Exception):
    """The thing exists but its state refuses the request (an unflagged group cannot be
    published); the message says what to do first. The API answers 409."""


def get_group(session: Session, group_id: int) -> ClaimGroup:
    group = session.get(ClaimGroup, group_id)
    if group is None:
        raise NotFound(f"no group with id {group_id}")
    return group


def get_statement(session: Session, statement_id: int) -> Statement:
    statement = session.get(Statement, statement_id)
    if statement is None:
        raise NotFound(f"no statement with id {statement_id}")
    return statement


def new_group(session: Session, text: str) -> ClaimGroup:
    """A new, empty group labelled with the start of `text`."""
    group = ClaimGroup(label=text[:LABEL_CHARS])
    session.add(group)
    session.flush()
    return group


def new_group_id(session: Session, text: str) -> int:
    """Insert a group and return its id, without flushing the session's pending objects (a
    batch placement creates many groups and would otherwise flush once per group)."""
    table = cast(Table, ClaimGroup.__table__)  # Core, not ORM: an ORM insert would autoflush
    insert_group = insert(table).values(label=text[:LABEL_CHARS]).returning(table.c.id)
    return int(session.execute(insert_group).scalar_one())


def get_source(session: Session, source_id: int) -> Source:
    """The source with its statements, their speakers and memberships loaded."""
    source = session.scalar(
        select(Source)
        .where(Source.id == source_id)
        .options(
            selectinload(Source.statements).selectinload(Statement.speaker),
            selectinload(Source.statements)
            .selectinload(Statement.membership)
            .selectinload(Membership.group),
        )
    )
    if source is None:
        raise NotFound(f"no source with id {source_id}")
    return source
