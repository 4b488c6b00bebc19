"""Pages of sources, statements, groups and history entries, with the total each page is from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from ..models import ClaimGroup, EditorAction, Membership, Source, Statement
from .groups import list_groups, shown_flag
from .statements import find_speaker

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """Some rows of a longer list, and how long the whole list is."""

    items: Sequence[T]
    total: int
    limit: int
    offset: int


def _total(session: Session, query: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def sources_page(session: Session, limit: int, offset: int = 0) -> Page[Source]:
    """Sources in the order they were stored."""
    query = select(Source).order_by(Source.id)
    items = session.scalars(
        query.options(selectinload(Source.statements)).limit(limit).offset(offset)
    ).all()
    return Page(items, _total(session, query), limit, offset)


def statements_page(
    session: Session,
    limit: int,
    offset: int = 0,
    group_id: int | None = None,
    speaker: str | None = None,
) -> Page[Statement]:
    """Statements in the order they were stored, optionally of one group or one speaker
    (matched by name or alias, ignoring case); speakers and sources loaded."""
    query = select(Statement).order_by(Statement.id)
    if group_id is not None:
        query = query.join(Membership).where(Membership.group_id == group_id)
    if speaker is not None:
        found = find_speaker(session, speaker)
        if found is None:
            return Page([], 0, limit, offset)
        query = query.where(Statement.speaker_id == found.id)
    items = session.scalars(
        query.options(
            selectinload(Statement.speaker),
            selectinload(Statement.source),
            selectinload(Statement.membership),
        )
        .limit(limit)
        .offset(offset)
    ).all()
    return Page(items, _total(session, query), limit, offset)


def groups_page(
    session: Session,
    limit: int,
    offset: int = 0,
    flag: str | None = None,
    members: bool = True,
) -> Page[ClaimGroup]:
    """Groups that have members in `list_groups` order, optionally only those showing one flag
    (with their members loaded unless not `members`: then count them with `count_members`)."""
    query = select(ClaimGroup.id).where(ClaimGroup.size > 0)
    if flag is not None:
        query = query.where(shown_flag() == flag)
    items = list_groups(session, limit=limit, offset=offset, flag=flag, members=members)
    return Page(items, _total(session, query), limit, offset)


def actions_page(
    session: Session,
    limit: int,
    offset: int = 0,
    group_id: int | None = None,
    statement_id: int | None = None,
    editor: str | None = None,
) -> Page[EditorAction]:
    """History entries, newest first, optionally only those recorded about one group, about one
    statement (kept after the statement is deleted) or by one account (its name, exactly)."""
    query = select(EditorAction).order_by(EditorAction.id.desc())
    if group_id is not None:
        query = query.where(EditorAction.group_id == group_id)
    if statement_id is not None:
        query = query.where(EditorAction.statement_id == statement_id)
    if editor is not None:
        query = query.where(EditorAction.editor == editor)
    items = session.scalars(query.limit(limit).offset(offset)).all()
    return Page(items, _total(session, query), limit, offset)


def source_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "title — outlet") for every source, newest first: the options of a source select."""
    rows = session.execute(
        select(Source.id, Source.title, Source.outlet, Source.url).order_by(Source.id.desc())
    ).all()
    return [
        (
            row.id,
            " — ".join(
                part for part in (row.title or row.url or f"source {row.id}", row.outlet) if part
            ),
        )
        for row in rows
    ]
