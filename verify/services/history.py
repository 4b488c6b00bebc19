"""The append-only history of editor actions, and the lookups by id every use case starts from."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, selectinload

from .. import inputs
from ..inputs import InvalidInput
from ..models import ClaimGroup, EditorAction, Membership, Source, Statement

LABEL_CHARS = 140


class NotFound(LookupError):
    """A statement, group or source id that does not exist."""


def check_editor(editor: str | None) -> str:
    return inputs.required_str(editor, "editor (your name)", limit=200)


def record(
    session: Session,
    editor: str,
    action: str,
    group_id: int | None,
    statement_id: int | None,
    detail: dict[str, Any],
    note: str | None = None,
) -> EditorAction:
    entry = EditorAction(
        editor=editor,
        action=action,
        group_id=group_id,
        statement_id=statement_id,
        detail=detail,
        note=inputs.optional_str(note, "note", limit=5000),
    )
    session.add(entry)
    return entry


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


def check_split(chosen: set[int], held: set[int], holder: str, remainder: str) -> None:
    """Refuse a split that names nothing, names statements `holder` lacks, or takes them all."""
    if not chosen:
        raise InvalidInput("choose at least one statement to split off")
    strangers = sorted(chosen - held)
    if strangers:
        raise InvalidInput(f"statement(s) {strangers} are not {holder}")
    if chosen == held:
        raise InvalidInput(f"a split must leave at least one statement {remainder}")
