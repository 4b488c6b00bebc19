"""Editor actions on groups, the claims inside them and sides; each one appends to the
history."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..choices import FLAGS
from ..inputs import records
from ..inputs.records import InvalidInput
from ..models import Claim, ClaimGroup, Membership
from . import stance
from .history import check_editor, check_split, record
from .lookups import LABEL_CHARS, NotFound, get_group, get_statement, new_group
from .placement import INDEXES
from .publishing import unpublish_without_verdict


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
    _take_side(session, membership, chosen, editor, note)
    session.flush()
    stance.side_changed(session, membership)
    return membership


def _take_side(
    session: Session, membership: Membership, chosen: str | None, editor: str, note: str | None
) -> None:
    """Set a person's side and record it, with the side the desk suggested at the time."""
    before = membership.side
    membership.side = chosen
    membership.side_set_by = editor
    membership.confirmed_by = membership.confirmed_by or editor
    record(
        session,
        editor,
        "set_side",
        membership.group_id,
        membership.statement_id,
        {"from": before, "to": chosen, "suggested": membership.suggested_side},
        note,
    )


def accept_suggested_sides(
    session: Session, group_id: int, claim_id: int, editor: str, note: str | None = None
) -> list[int]:
    """A person takes the desk's suggested side for every member of the claim that has one and
    no person's side yet; each is recorded as a set_side. The ids of the statements accepted."""
    editor = check_editor(editor)
    claim = get_claim(session, claim_id)
    if claim.group_id != group_id:
        raise NotFound(f"claim {claim_id} is not in group {group_id}")
    waiting = list(
        session.scalars(
            select(Membership)
            .where(
                Membership.claim_id == claim_id,
                Membership.side.is_(None),
                Membership.suggested_side.is_not(None),
            )
            .order_by(Membership.statement_id)
        )
    )
    if not waiting:  # already accepted (a form sent twice): nothing to do, nothing recorded
        return []
    for membership in waiting:
        _take_side(session, membership, membership.suggested_side, editor, note)
    session.flush()
    stance.side_changed(session, waiting[-1])  # one claim: its summary is recomputed once
    return [membership.statement_id for membership in waiting]


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
    INDEXES.mark_changed(session, {target.id, source_group})
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
    INDEXES.mark_changed(session, {new.id, group_id})
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
    INDEXES.mark_changed(session, {group.id, other.id})
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
    detail: dict[str, object] = {"from": before, "to": chosen}
    if unpublish_without_verdict(group):
        detail["unpublished"] = True
    record(session, editor, "flag_group", group.id, None, detail, note)
    session.flush()
    return group


# ---------------------------------------------------------------- claims inside a group


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}")
    return claim


def _pin(membership: Membership, editor: str) -> None:
    """A person kept the statement in its claim: sorting the event again leaves it there."""
    if membership.claim_set_by in (None, stance.TIED_BY_STANCE):
        membership.claim_set_by = editor
    membership.confirmed_by = membership.confirmed_by or editor


def _place_in(membership: Membership, claim: Claim, editor: str) -> None:
    """Put the statement in `claim`, pinned there by `editor`. A suggestion made towards its old
    claim is dropped, so stance judges it afresh in the new one; a person's side stays."""
    if membership.claim_id != claim.id:
        membership.suggested_side = None
        membership.side_confidence = None
        membership.denial = None
        membership.slot_conflicts = None
        membership.clash = None
        membership.clash_with = None
    membership.claim = claim
    membership.claim_set_by = editor
    membership.confirmed_by = membership.confirmed_by or editor


def _new_claim(session: Session, group_id: int, text: str) -> Claim:
    claim = Claim(group_id=group_id, label=text[:LABEL_CHARS])
    session.add(claim)
    session.flush()
    return claim


def _judge_claims(
    session: Session,
    group_id: int,
    joined: list[int],
    left: list[Claim],
    placed: Iterable[Membership],
) -> None:
    """Bring the group's claims up to date after a person moved `joined` between them: claims
    in `left` that only lost members are resummarised from stored stances (sorting them again
    would see no change, as the move is already stored), the rest judged by `judge_placed`.
    The claims a person touched are never tied to others by contradiction, so the `placed`
    memberships stay where the person put them."""
    session.flush()
    for claim in left:
        stance.resummarise(session, claim)  # False when it needs judging: judge_placed does it
    stance.judge_placed(session, {group_id: joined})


def move_to_claim(
    session: Session,
    statement_id: int,
    claim_id: int | None,
    editor: str,
    note: str | None = None,
) -> Claim:
    """Move a statement to another claim of its group (or to a new claim when `claim_id` is
    None). It stays there whenever the group is sorted again, and so do the members of the
    claims it left and joined, which a person has now looked at."""
    editor = check_editor(editor)
    membership = _membership(session, statement_id)
    if claim_id is None:
        target = _new_claim(session, membership.group_id, membership.statement.text)
    else:
        target = get_claim(session, claim_id)
        if target.group_id != membership.group_id:
            raise InvalidInput(
                f"claim {target.id} belongs to group {target.group_id}, not to statement "
                f"{statement_id}'s group {membership.group_id}: move the statement to that "
                "group first"
            )
    source = membership.claim
    if source is target:
        raise InvalidInput(f"statement {statement_id} is already in claim {target.id}")
    kept = [*(source.memberships if source else []), *target.memberships]
    for other in kept:
        _pin(other, editor)
    _place_in(membership, target, editor)
    detail = {
        "from_claim": source.id if source else None,
        "to_claim": target.id,
        "to_new_claim": claim_id is None,
    }
    record(session, editor, "move_to_claim", membership.group_id, statement_id, detail, note)
    left = [source] if source is not None else []
    _judge_claims(session, membership.group_id, [statement_id], left, [*kept, membership])
    return target


def split_claim(
    session: Session,
    claim_id: int,
    statement_ids: Iterable[int],
    editor: str,
    note: str | None = None,
) -> Claim:
    """Take some statements of a claim into a new claim of the same group; both stay as split
    whenever the group is sorted again."""
    editor = check_editor(editor)
    claim = get_claim(session, claim_id)
    chosen = set(statement_ids)
    members = {m.statement_id: m for m in claim.memberships}
    check_split(chosen, set(members), f"in claim {claim_id}", "in the claim")
    new = _new_claim(session, claim.group_id, members[min(chosen)].statement.text)
    for statement_id, membership in members.items():
        if statement_id in chosen:
            _place_in(membership, new, editor)
        else:
            _pin(membership, editor)
    detail = {"from_claim": claim.id, "new_claim": new.id, "statements": sorted(chosen)}
    record(session, editor, "split_claim", claim.group_id, None, detail, note)
    _judge_claims(session, claim.group_id, sorted(chosen), [claim], members.values())
    return new


def merge_claims(
    session: Session,
    claim_id: int,
    other_claim_id: int,
    editor: str,
    note: str | None = None,
) -> Claim:
    """Move every statement of claim `other_claim_id` into claim `claim_id` of the same group
    and delete the emptied claim; the merged claim stays whole whenever the group is sorted
    again."""
    editor = check_editor(editor)
    if claim_id == other_claim_id:
        raise InvalidInput("a claim cannot be merged into itself")
    claim = get_claim(session, claim_id)
    other = get_claim(session, other_claim_id)
    if other.group_id != claim.group_id:
        raise InvalidInput(
            f"claim {other.id} belongs to group {other.group_id}, not to claim {claim.id}'s "
            f"group {claim.group_id}: only claims of one group merge; move its statements to "
            f"group {claim.group_id} first"
        )
    moved = sorted(m.statement_id for m in other.memberships)
    for membership in list(claim.memberships):
        _pin(membership, editor)
    for membership in list(other.memberships):
        _place_in(membership, claim, editor)
    detail = {"into_claim": claim.id, "from_claim": other.id, "statements": moved}
    record(session, editor, "merge_claims", claim.group_id, None, detail, note)
    session.flush()
    session.delete(other)
    session.flush()
    session.expire(claim.group, ["claims"])
    _judge_claims(session, claim.group_id, moved, [], list(claim.memberships))
    return claim


def flag_claim(
    session: Session,
    claim_id: int,
    flag: str | None,
    editor: str,
    note: str | None = None,
) -> Claim:
    """An editor's verdict on one claim of a group, with a note; the history keeps every
    earlier verdict."""
    editor = check_editor(editor)
    chosen = records.choice(flag, "flag", FLAGS)
    claim = get_claim(session, claim_id)
    before = claim.flag
    claim.flag = chosen
    claim.flag_note = records.optional_str(note, "note", limit=5000)
    claim.flagged_by = editor
    detail: dict[str, object] = {"claim": claim.id, "from": before, "to": chosen}
    if unpublish_without_verdict(claim.group):
        detail["unpublished"] = True
    record(session, editor, "flag_claim", claim.group_id, None, detail, note)
    session.flush()
    return claim
