"""Stance on the desk: the central claim of each group, each member's suggested side, the
conflict score and the suggested flag, computed by `verify.stance.sides` and stored as
suggestions. A person's side (`Membership.side`) and flag (`ClaimGroup.flag`) are read, never
written: they always win over what is stored here.

Every path that changes what a group holds keeps its stance in step:
- placing statements (import, add, confirm) and moving them judges only the newcomers, each
  against the stored central claim and a few members on a side (`judge_placed`);
- a person choosing a side recomputes the summary from stored stances, without the model
  (`side_changed` -> `resummarise`);
- `flask --app verify stance` and `POST /api/groups/<id>/stance` judge groups from scratch
  (`judge_groups`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ClaimGroup, Embedding, Membership, Speaker, Statement
from ..stance import sides
from ..stance.judge import stance_judge
from ..stance.relation import PairJudge
from ..stance.slots import SlotConflict
from .lookups import get_group
from .settings import settings_of

# How far into its article a statement may start and still count as the lede (1.0 at the start,
# falling to 0.0 here): see `sides.LEDE_BONUS`.
LEDE_CHARS = 400
# Newcomers at least this share of the group are judged with the whole group instead: that is
# then about as cheap as judging each newcomer against the central claim, representatives and
# its neighbour,
# and lets the central claim be chosen among everyone.
FULL_JUDGEMENT_SHARE = 1 / sides.PAIRS_PER_NEWCOMER


@dataclass
class StanceReport:
    """The groups whose stance was (re)computed, in the order they were judged."""

    groups: list[ClaimGroup] = field(default_factory=list)

    @property
    def disputed(self) -> list[ClaimGroup]:
        """The judged groups suggested as disputed, most conflicted first."""
        found = [g for g in self.groups if g.suggested_flag == "disputed"]
        return sorted(found, key=lambda g: (-(g.conflict or 0.0), g.id))


@dataclass(frozen=True)
class _Stored:
    """A member as stance reads it, with the stance stored for it (None: never judged)."""

    member: sides.Member
    stance: sides.MemberStance | None


def _stored(
    session: Session, group_id: int, joined: Collection[int] | None = None
) -> list[_Stored]:
    """The group's members with their stored stances: one query of plain columns, no objects.

    Nearest neighbours are found for every member when `joined` is None, else only for the
    statements in `joined` and members never judged (what an incremental judgement reads), so
    that cost stays linear in the group's size."""
    rows = session.execute(
        select(
            Membership.statement_id,
            Membership.similarity,
            Membership.side,
            Membership.suggested_side,
            Membership.side_confidence,
            Membership.denial,
            Membership.clash,
            Membership.clash_with,
            Statement.span_start,
            Statement.text,
            Statement.cue,
            Speaker.name,
        )
        .join(Statement, Statement.id == Membership.statement_id)
        .join(Speaker, Speaker.id == Statement.speaker_id)
        .where(Membership.group_id == group_id)
        .order_by(Membership.statement_id)
    ).all()
    wanted = None
    if joined is not None:
        wanted = {
            row.statement_id
            for row in rows
            if row.statement_id in joined or (row.side is None and row.suggested_side is None)
        }
    centrality, neighbour = _geometry(session, [row.statement_id for row in rows], wanted)
    found = []
    for row in rows:
        member = sides.Member(
            key=row.statement_id,
            text=row.text,
            speaker=row.name,
            cue=row.cue,
            # Every stored side is a person's: set_side and imports (with an editor) write it,
            # nothing automatic does.
            person_side=row.side,
            centrality=centrality.get(row.statement_id, 0.0),
            lede=max(0.0, 1.0 - row.span_start / LEDE_CHARS) if row.span_start is not None else 0.0,
            neighbour=neighbour.get(row.statement_id),
        )
        stance = None
        if row.side is not None:
            denial = float(row.side == "denies")
            stance = sides.MemberStance(row.statement_id, row.side, 1.0, True, denial=denial)
        elif row.suggested_side is not None:
            stance = sides.MemberStance(
                row.statement_id,
                row.suggested_side,
                row.side_confidence or 0.0,
                denial=row.denial or 0.0,
                clash=row.clash or 0.0,
                clash_with=row.clash_with,
            )
        found.append(_Stored(member, stance))
    return found


def _geometry(
    session: Session, keys: Sequence[int], wanted: Collection[int] | None = None
) -> tuple[dict[int, float], dict[int, int]]:
    """From the stored vectors now: each statement's cosine to the centroid of `keys` (the
    similarity stored at placement is to the group as it was then), and the nearest other
    statement among `keys` of each statement in `wanted` (every one when None)."""
    found = session.execute(
        select(Embedding.statement_id, Embedding.vector).where(Embedding.statement_id.in_(keys))
    ).all()
    if not found:
        return {}, {}
    ids = [key for key, _ in found]
    vectors = np.stack([np.frombuffer(vector, dtype=np.float32) for _, vector in found])
    centroid = vectors.sum(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    centrality = {key: float(v @ centroid) for key, v in zip(ids, vectors, strict=True)}
    rows = [i for i, key in enumerate(ids) if wanted is None or key in wanted]
    if len(ids) < 2 or not rows:
        return centrality, {}
    similarity = vectors[rows] @ vectors.T
    similarity[np.arange(len(rows)), rows] = -np.inf
    nearest = similarity.argmax(axis=1)
    return centrality, {ids[i]: ids[int(n)] for i, n in zip(rows, nearest, strict=True)}


def members_of(session: Session, group_id: int) -> list[sides.Member]:
    """What stance needs of each statement in the group, in the order they were stored."""
    return [stored.member for stored in _stored(session, group_id)]


def slot_json(conflict: SlotConflict) -> dict[str, Any]:
    """A clash as stored: `central` is the central claim's slot, `member` this member's."""
    return {
        "kind": conflict.kind,
        "central": {"text": conflict.a.text, "span": list(conflict.a.span)},
        "member": {"text": conflict.b.text, "span": list(conflict.b.span)},
    }


def _unit(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def apply(
    session: Session,
    group: ClaimGroup,
    stance: sides.GroupStance,
    fresh: Collection[int] | None = None,
) -> None:
    """Store `stance` on the group and on the memberships in `fresh` (every member when None).

    Only suggestion columns are written; a person's side and flag are left as they are. A member
    whose side a person chose gets that side with confidence 1 (what the judgement used)."""
    group.central_statement_id = stance.central
    group.conflict = None if stance.central is None else _unit(stance.conflict)
    group.suggested_flag = "disputed" if stance.disputed else None
    group.conflict_reason = stance.reason
    keys = [key for key in stance.members if fresh is None or key in fresh]
    if not keys:
        return
    memberships = session.scalars(
        select(Membership)
        .where(Membership.group_id == group.id, Membership.statement_id.in_(keys))
        # regroup moves memberships with bulk UPDATEs, which leave loaded objects as they were.
        .execution_options(populate_existing=True)
    )
    for membership in memberships:
        judged = stance.members[membership.statement_id]
        membership.suggested_side = judged.side
        membership.side_confidence = _unit(judged.confidence)
        membership.denial = _unit(judged.denial)
        membership.slot_conflicts = [slot_json(c) for c in judged.slots]
        membership.clash = _unit(judged.clash) if judged.clash_with is not None else None
        membership.clash_with = judged.clash_with
    session.flush()


def judge_groups(
    session: Session, group_ids: Iterable[int] | None = None, judge: PairJudge | None = None
) -> StanceReport:
    """Judge groups from scratch: every group with members when `group_ids` is None.

    An unknown id raises NotFound; a group without members has its stance cleared."""
    if group_ids is None:
        query = select(Membership.group_id).distinct().order_by(Membership.group_id)
        group_ids = list(session.scalars(query))
    report = StanceReport()
    threshold = settings_of(session).dispute_threshold
    for group_id in group_ids:
        group = get_group(session, group_id)
        members = members_of(session, group_id)
        stance = (
            sides.judge_group(members, judge or stance_judge(), threshold=threshold)
            if members
            else None
        )
        apply(session, group, stance or sides.GroupStance())
        report.groups.append(group)
    return report


def judge_placed(
    session: Session, placed: Mapping[int, Sequence[int]], judge: PairJudge | None = None
) -> StanceReport:
    """Bring the stance of each group in `placed` up to date after statements joined it
    (`placed` maps a group id to the statements that joined; members may also have left).

    Each newcomer, and any member never judged, is compared with the stored central claim, at
    most `sides.REPRESENTATIVES` members on a side and its nearest neighbour: at most
    `sides.PAIRS_PER_NEWCOMER` pair judgements, whatever the group's size. The whole group is
    judged instead when it has no stored central claim, the central claim left it or is among
    the newcomers, or the newcomers are at least FULL_JUDGEMENT_SHARE of it.
    With no newcomers the summary is recomputed without the model."""
    report = StanceReport()
    threshold = settings_of(session).dispute_threshold
    for group_id, joined in placed.items():
        group = session.get(ClaimGroup, group_id)
        if group is None:
            continue
        stored = _stored(session, group_id, set(joined))
        report.groups.append(group)
        if not stored:
            apply(session, group, sides.GroupStance())
            continue
        keys = {s.member.key for s in stored}
        wanted = set(joined)
        newcomers = [s.member for s in stored if s.member.key in wanted or s.stance is None]
        central = group.central_statement_id
        if (
            central is None
            or central not in keys
            or any(m.key == central for m in newcomers)
            or len(newcomers) >= FULL_JUDGEMENT_SHARE * len(stored)
        ):
            members = members_of(session, group_id)  # with every member's neighbour
            stance = sides.judge_group(members, judge or stance_judge(), threshold=threshold)
            apply(session, group, stance)
            continue
        fresh = {m.key for m in newcomers}
        before = [s.member for s in stored if s.member.key not in fresh]
        stances = {
            s.member.key: s.stance
            for s in stored
            if s.stance is not None and s.member.key not in fresh
        }
        current = sides.GroupStance(central, stances)
        if not newcomers:
            current = _summary(before, current, threshold)
        for newcomer in newcomers:
            current = sides.judge_newcomer(
                current, before, newcomer, judge or stance_judge(), threshold=threshold
            )
            before.append(newcomer)
        apply(session, group, current, fresh)
    return report


def _summary(
    members: Sequence[sides.Member], current: sides.GroupStance, threshold: float
) -> sides.GroupStance:
    """`current`'s conflict, flag and reason recomputed over `members` (the central among them)."""
    by_key = {m.key: m for m in members}
    assert current.central is not None
    return sides.summarise(by_key[current.central], by_key, dict(current.members), threshold)


def resummarise(session: Session, group_id: int) -> bool:
    """Recompute a group's conflict, suggested flag and reason from stored stances and a
    person's sides, without the model. False (nothing written) when that needs a judgement: the
    group has no stored central claim, it left the group, or a member was never judged."""
    group = get_group(session, group_id)
    stored = _stored(session, group_id, ())
    keys = {s.member.key for s in stored}
    central = group.central_statement_id
    if not stored or central not in keys or any(s.stance is None for s in stored):
        return False
    stances = {s.member.key: s.stance for s in stored if s.stance is not None}
    threshold = settings_of(session).dispute_threshold
    summary = _summary([s.member for s in stored], sides.GroupStance(central, stances), threshold)
    # Members a person decided carry that decision in their suggestion columns too, as a full
    # judgement leaves them; so a side just chosen is written there.
    apply(session, group, summary, fresh={k for k, s in stances.items() if s.by_person})
    return True


def side_changed(
    session: Session, membership: Membership, judge: PairJudge | None = None
) -> StanceReport:
    """Keep the group's stance in step after a person chose or cleared `membership`'s side.

    The summary is recomputed without the model, except when the side was cleared (the statement
    then needs a suggestion of its own: one newcomer's judgement) or the central claim is no
    longer one a person says asserts (the group is judged again from scratch)."""
    group = get_group(session, membership.group_id)
    if membership.side is None:
        return judge_placed(session, {group.id: [membership.statement_id]}, judge)
    if membership.statement_id == group.central_statement_id and membership.side != "asserts":
        return judge_groups(session, [group.id], judge)
    if resummarise(session, group.id):
        return StanceReport([group])
    return judge_placed(session, {group.id: []}, judge)


def placed_groups(statements: Iterable[Statement]) -> dict[int, list[int]]:
    """Group id -> the ids of `statements` it holds, for `judge_placed`."""
    placed: dict[int, list[int]] = {}
    for statement in statements:
        if statement.membership is not None:
            placed.setdefault(statement.membership.group_id, []).append(statement.id)
    return placed
