"""Editor actions on groups and sides; each one appends to the history."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from ..choices import FLAGS
from ..inputs import records
from ..inputs.records import InvalidInput
from ..models import ClaimGroup, Membership
from . import stance
from .history import check_editor, check_split, record
from .lookups import get_group, get_statement, new_group
from .placement import INDEXES


def _membership(session: Session, statement_id: int) -> Membership:
    statement = get_statement(session, statement_id)
    if statement.membership is None:
        if statement.is_suggested:
            raise InvalidInput(f"statement {statement_id} is a suggestion: confirm it first")
        raise InvalidInput(f"statement {statement_id} is in no group yet; run regroup")
    return statement.membership


def set_side(
    session: Session,
    statement_id: int,
    side: str | None,
    editor: str,
    note: str | None = None,
) -> Membership:
    """A person's side for a statement; it also confirms the statement's place in its group."""
    editor = check_editor(editor)
    chosen = records.side(side)
    membership = _membership(session, statement_id)
    before = membership.side
    membership.side = chosen
    membership.side_set_by = editor
    membership.confirmed_by = membership.confirmed_by or editor
    record(
        session,
        editor,
        "set_side",
        membership.group_id,
        statement_id,
        {"from": before, "to": chosen},
        note,
    )
    session.flush()
    stance.side_changed(session, membership)
    return membership


def move_statement(
    session: Session,
    statement_id: int,
    group_id: int | None,
    editor: str,
    note: str | None = None,
) -> ClaimGroup:
    """Move a statement to another group (or to a new group when `group_id` is None)."""
    editor = check_editor(editor)
    membership = _membership(session, statement_id)
    source_group = membership.group_id
    target = (
        new_group(session, membership.statement.text)
        if group_id is None
        else get_group(session, group_id)
    )
    membership.group_id = target.id
    membership.confirmed_by = editor
    if membership.side_set_by is None:
        membership.side = None
    record(
        session,
        editor,
        "move_statement",
        target.id,
        statement_id,
        {"from_group": source_group, "to_group": target.id},
        note,
    )
    if source_group != target.id:
        record(
            session,
            editor,
            "move_statement",
            source_group,
            statement_id,
            {"from_group": source_group, "to_group": target.id},
            note,
        )
    session.flush()
    INDEXES.mark_changed(session)
    # The statement is judged as a newcomer to its new group; the old one is resummarised.
    stance.judge_placed(session, {target.id: [statement_id], source_group: []})
    return target


def split_group(
    session: Session,
    group_id: int,
    statement_ids: Iterable[int],
    editor: str,
    note: str | None = None,
) -> ClaimGroup:
    """Take some statements out of a group into a new group; both sides are confirmed."""
    editor = check_editor(editor)
    group = get_group(session, group_id)
    chosen = set(statement_ids)
    members = {m.statement_id: m for m in group.memberships}
    check_split(chosen, set(members), f"in group {group_id}", "in the group")
    first = members[min(chosen)].statement
    new = new_group(session, first.text)
    for statement_id, membership in members.items():
        membership.confirmed_by = membership.confirmed_by or editor
        if statement_id in chosen:
            membership.group_id = new.id
            if membership.side_set_by is None:
                membership.side = None
    detail = {"from_group": group_id, "new_group": new.id, "statements": sorted(chosen)}
    record(session, editor, "split_group", group_id, None, detail, note)
    record(session, editor, "split_group", new.id, None, detail, note)
    session.flush()
    INDEXES.mark_changed(session)
    stance.judge_placed(session, {new.id: sorted(chosen), group_id: []})
    return new


def merge_groups(
    session: Session,
    group_id: int,
    other_group_id: int,
    editor: str,
    note: str | None = None,
) -> ClaimGroup:
    """Move every statement of `other_group_id` into `group_id`; all memberships are confirmed."""
    editor = check_editor(editor)
    if group_id == other_group_id:
        raise InvalidInput("a group cannot be merged with itself")
    group = get_group(session, group_id)
    other = get_group(session, other_group_id)
    moved = [m.statement_id for m in other.memberships]
    for membership in list(other.memberships):
        membership.group_id = group.id
        membership.confirmed_by = membership.confirmed_by or editor
        if membership.side_set_by is None:
            membership.side = None
    for membership in group.memberships:
        membership.confirmed_by = membership.confirmed_by or editor
    detail = {"into_group": group.id, "from_group": other.id, "statements": moved}
    record(session, editor, "merge_groups", group.id, None, detail, note)
    record(session, editor, "merge_groups", other.id, None, detail, note)
    session.flush()
    session.expire(group, ["memberships"])
    session.expire(other, ["memberships"])
    INDEXES.mark_changed(session)
    # The moved statements are newcomers to `group`; `other` is left empty and its stance cleared.
    stance.judge_placed(session, {group.id: moved, other.id: []})
    return group


def flag_group(
    session: Session,
    group_id: int,
    flag: str | None,
    editor: str,
    note: str | None = None,
) -> ClaimGroup:
    """An editor's verdict on a group, with a note; the history keeps every earlier verdict."""
    editor = check_editor(editor)
    chosen = records.choice(flag, "flag", FLAGS)
    group = get_group(session, group_id)
    before = group.flag
    group.flag = chosen
    group.flag_note = records.optional_str(note, "note", limit=5000)
    group.flagged_by = editor
    record(
        session,
        editor,
        "flag_group",
        group.id,
        None,
        {"from": before, "to": chosen},
        note,
    )
    session.flush()
    return group
