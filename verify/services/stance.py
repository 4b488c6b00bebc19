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

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..models import Claim, ClaimGroup, Embedding, Membership, Speaker, Statement
from ..stance import graph, sides, signals
from ..stance.aspects import aspect_of
from ..stance.claims import partition
from ..stance.dismissals import DismissalJudge
from ..stance.judge import stance_judge
from ..stance.relation import PairJudge, RememberingJudge
from ..stance.slots import SlotConflict
from .lookups import LABEL_CHARS, get_group
from .settings import DeskSettings, settings_of

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


def _stored(session: Session, group_id: int, keys: Collection[int] | None = None) -> list[_Stored]:
    """The members of a group (of `keys` among them, when given: one claim) with their stored
    stances: one query of plain columns, no objects. Centrality and nearest neighbours are
    measured among the members read."""
    query = (
        select(
            Membership.statement_id,
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
            Speaker.kind,
        )
        .join(Statement, Statement.id == Membership.statement_id)
        .join(Speaker, Speaker.id == Statement.speaker_id)
        .where(Membership.group_id == group_id)
        .order_by(Membership.statement_id)
    )
    if keys is not None:
        query = query.where(Membership.statement_id.in_(list(keys)))
    rows = session.execute(query).all()
    centrality, neighbour = _geometry(session, [row.statement_id for row in rows])
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
            kind=row.kind,
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


def _neighbours(session: Session, keys: Sequence[int], count: int) -> dict[int, list[int]]:
    """Each statement's `count` nearest others among `keys`, by their stored vectors."""
    found = session.execute(
        select(Embedding.statement_id, Embedding.vector).where(Embedding.statement_id.in_(keys))
    ).all()
    if len(found) < 2:
        return {}
    ids = [key for key, _ in found]
    vectors = np.stack([np.frombuffer(vector, dtype=np.float32) for _, vector in found])
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    order = np.argsort(-similarity, axis=1)[:, :count]
    return {ids[i]: [ids[int(j)] for j in row] for i, row in enumerate(order)}


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
    claim: Claim,
    stance: sides.GroupStance,
    fresh: Collection[int] | None = None,
) -> None:
    """Store `stance` on the claim and on its memberships in `fresh` (every member when None).

    Only suggestion columns are written; a person's side and flag are left as they are. A member
    whose side a person chose gets that side with confidence 1 (what the judgement used)."""
    claim.central_statement_id = stance.central
    claim.conflict = None if stance.central is None else _unit(stance.conflict)
    claim.suggested_flag = "disputed" if stance.disputed else None
    claim.conflict_reason = stance.reason
    if stance.central is not None:
        text = session.scalar(select(Statement.text).where(Statement.id == stance.central))
        claim.label = (text or "")[:LABEL_CHARS]
    keys = [key for key in stance.members if fresh is None or key in fresh]
    if not keys:
        return
    memberships = session.scalars(
        select(Membership)
        .where(Membership.claim_id == claim.id, Membership.statement_id.in_(keys))
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


def roll_up(session: Session, group: ClaimGroup) -> None:
    """The group's conflict, suggested flag, reason and central claim: those of its most
    conflicted claim (a disputed one first, then the biggest)."""
    claims = session.scalars(select(Claim).where(Claim.group_id == group.id)).all()
    sizes = Counter(
        session.scalars(
            select(Membership.claim_id).where(Membership.claim_id.in_([c.id for c in claims]))
        )
    )
    # Ties go to the bigger claim, then the earlier central statement: not to the claim's id,
    # which sorting the event again may hand to another cluster.
    top = max(
        claims,
        key=lambda c: (
            c.suggested_flag == "disputed",
            round(c.conflict or 0.0, 6),
            sizes[c.id],
            -(c.central_statement_id or 0),
        ),
        default=None,
    )
    group.central_statement_id = top.central_statement_id if top else None
    group.conflict = top.conflict if top else None
    group.suggested_flag = top.suggested_flag if top else None
    group.conflict_reason = top.conflict_reason if top else None
    session.flush()


def organise(
    session: Session,
    group: ClaimGroup,
    judge: PairJudge,
    joined: Collection[int] = (),
    everything: bool = False,
) -> None:
    """Sort the group's members into claims (`verify.stance.claims`), join claims that
    contradict each other (`_tie_contradictions`), then judge the sides inside each claim that
    changed: one that gained or lost members, holds a member in `joined` or one
    never judged, or every claim when `everything`. A claim left as it was keeps its stance, so
    a newcomer costs the pair judgements of its own claim, not of the whole event. A pair is
    judged once however often the claims are judged again (after contradiction ties)."""
    judge = RememberingJudge(DismissalJudge(judge))
    settings = settings_of(session)
    rows = session.execute(
        select(
            Membership.statement_id,
            Membership.claim_id,
            Membership.claim_set_by,
            Membership.side,
            Membership.suggested_side,
            Embedding.vector,
            Statement.text,
            Statement.cue,
        )
        .join(Statement, Statement.id == Membership.statement_id)
        .outerjoin(Embedding, Embedding.statement_id == Membership.statement_id)
        .where(Membership.group_id == group.id)
        .order_by(Membership.statement_id)
    ).all()
    own = set(session.scalars(select(Claim.id).where(Claim.group_id == group.id)))
    if not rows:
        session.execute(delete(Claim).where(Claim.group_id == group.id))
        roll_up(session, group)
        return
    before: dict[int, set[int]] = {}  # as stored: members that left the group count too
    held = select(Membership.statement_id, Membership.claim_id).where(Membership.claim_id.in_(own))
    for statement_id, claim_id in session.execute(held):
        if claim_id is not None:
            before.setdefault(claim_id, set()).add(statement_id)
    after = _claims_of(session, group.id, rows, own, settings)
    for claim_id in own - set(after):
        session.execute(delete(Claim).where(Claim.id == claim_id))
    unjudged = {row.statement_id for row in rows if row.side is None and row.suggested_side is None}
    wanted = set(joined) | unjudged
    centrals = dict(
        session.execute(
            select(Claim.id, Claim.central_statement_id).where(Claim.group_id == group.id)
        ).all()
    )
    changed = [
        claim_id
        for claim_id, keys in after.items()
        if everything
        or before.get(claim_id) != keys
        or keys & wanted
        or centrals.get(claim_id) not in keys
    ]
    personal = {row.claim_id for row in rows if row.claim_set_by not in (None, TIED_BY_STANCE)}
    tied = _tie_contradictions(
        session, rows, after, changed, judge, settings.dispute_threshold, personal
    )
    for claim_id, keys in tied.items():  # ties first: a claim is judged once, as it ends up
        if claim_id in changed or keys != after[claim_id]:
            old = set() if everything else before.get(claim_id, set())
            _judge_claim(session, group.id, claim_id, keys, old, judge)
    roll_up(session, group)


def _judge_claim(
    session: Session,
    group_id: int,
    claim_id: int,
    keys: set[int],
    before: set[int],
    judge: PairJudge,
) -> None:
    """Judge the sides in one claim. When it only gained a few members since its stance was
    stored (less than FULL_JUDGEMENT_SHARE of it, the central statement still there), each
    newcomer whose words say whom it blames takes its side from the members whose words do
    (`graph.blame_stance`), and any other is judged against the central statement, a few
    members on a side and its neighbour (`sides.judge_newcomer`); when it only lost members,
    the summary is recomputed without the model; otherwise the claim is judged from scratch."""
    claim = session.get(Claim, claim_id)
    assert claim is not None
    threshold = settings_of(session).dispute_threshold
    stored = _stored(session, group_id, keys)
    central = claim.central_statement_id
    fresh = keys - before
    kept = [s for s in stored if s.member.key not in fresh]
    incremental = (
        central in before
        and central in keys
        and all(s.stance is not None for s in kept)
        and len(fresh) < FULL_JUDGEMENT_SHARE * len(keys)
    )
    if not incremental:
        members = [s.member for s in stored]
        near = _neighbours(session, [m.key for m in members], graph.NEIGHBOURS)
        apply(session, claim, graph.judge_claim(members, judge, near, threshold))
        return
    assert central is not None
    stances = {s.member.key: s.stance for s in kept if s.stance is not None}
    current = sides.GroupStance(central, stances)
    members = [s.member for s in kept]
    if not fresh:
        by_key = {m.key: m for m in members}
        current = sides.summarise(by_key[central], by_key, dict(stances), threshold)
    for newcomer in (s.member for s in stored if s.member.key in fresh):
        read = graph.blame_stance(newcomer, members, current.members)
        if read is None:
            current = sides.judge_newcomer(current, members, newcomer, judge, threshold=threshold)
        else:  # whom it blames places it beside the members judged already, without the model
            by_key = {m.key: m for m in [*members, newcomer]}
            stances = {**current.members, newcomer.key: read}
            current = sides.summarise(by_key[central], by_key, stances, threshold)
        members.append(newcomer)
    apply(session, claim, current, fresh)


# A claim that changed is compared with this many of the nearest other claims of its event.
CONTRADICTION_CANDIDATES = 3
# ... whose centroids are at least this alike (members of one event usually are).
CONTRADICTION_FLOOR = 0.2
# The pinned claim of a member that contradiction tied to it, in place of a person's name.
TIED_BY_STANCE = "stance"


def _tie_contradictions(
    session: Session,
    rows: Sequence[Any],
    after: dict[int, set[int]],
    changed: Sequence[int],
    judge: PairJudge,
    threshold: float,
    personal: Collection[int | None] = (),
) -> dict[int, set[int]]:
    """Claims whose most typical statements contradict each other are one claim with two sides
    ("IS does not have an organized presence" against "destroyed an IS stronghold"), however
    few words they share. Each claim in `changed` is judged against its nearest
    CONTRADICTION_CANDIDATES claims; the smaller of two that contradict joins the larger, its
    members pinned there (`TIED_BY_STANCE`) so that sorting the event again keeps them. A claim
    holding a statement a person placed (`personal`) is never tied: the person decided."""
    if len(after) < 2 or not changed:
        return after
    vectors = {
        row.statement_id: np.frombuffer(row.vector, dtype=np.float32)
        for row in rows
        if row.vector is not None
    }
    query = select(Claim.id, Claim.central_statement_id).where(Claim.id.in_(list(after)))
    centrals = {claim_id: central for claim_id, central in session.execute(query)}
    centroids, typical = {}, {}
    for claim_id, keys in after.items():
        held = [k for k in sorted(keys) if k in vectors]
        if not held:
            continue
        stack = np.stack([vectors[k] for k in held])
        centre = stack.sum(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        centroids[claim_id] = centre
        central = centrals.get(claim_id)
        typical[claim_id] = central if central in keys else held[int(np.argmax(stack @ centre))]
    pairs: list[tuple[int, int]] = []
    for claim_id in changed:
        if claim_id not in centroids or claim_id in personal:
            continue
        near = sorted(
            (
                (float(centroids[claim_id] @ centroids[other]), other)
                for other in centroids
                if other != claim_id and other not in personal
            ),
            reverse=True,
        )
        pairs += [
            (other, claim_id)
            for score, other in near[:CONTRADICTION_CANDIDATES]
            if score >= CONTRADICTION_FLOOR and (claim_id, other) not in pairs
        ]
    if not pairs:
        return after
    wanted = {typical[c] for pair in pairs for c in pair}
    found = session.execute(
        select(Statement.id, Statement.text, Statement.cue).where(Statement.id.in_(wanted))
    )
    texts, denying = {}, set()
    for key, text, cue in found:
        texts[key] = text
        if signals.cue_force(cue) < 0:
            denying.add(key)
    both = [(texts[typical[a]], texts[typical[b]]) for a, b in pairs]
    relations = judge.relate(both + [(b, a) for a, b in both])  # either may be the denial
    merged = {claim_id: set(keys) for claim_id, keys in after.items()}
    for index, (a, b) in enumerate(pairs):
        forth, back = relations[index], relations[len(pairs) + index]
        if (
            max(forth.probabilities.get("disagree", 0.0), back.probabilities.get("disagree", 0.0))
            < threshold
        ):
            continue
        if a not in merged or b not in merged:
            continue  # one of them was merged already
        keep, gone = (a, b) if len(merged[a]) >= len(merged[b]) else (b, a)
        moved = merged.pop(gone)
        merged[keep] |= moved
        session.execute(
            update(Membership)
            .where(Membership.statement_id.in_(moved))
            .values(claim_id=keep, claim_set_by=TIED_BY_STANCE)
        )
        session.execute(delete(Claim).where(Claim.id == gone))
    return merged


def _claims_of(
    session: Session, group_id: int, rows: Sequence[Any], own: set[int], settings: DeskSettings
) -> dict[int, set[int]]:
    """Claim id -> its members, after partitioning `rows`; new claims are created and the
    memberships written. A member a person placed stays in its claim while it is the group's; a
    new cluster keeps the id of the old claim most of its members come from."""
    fixed = [row.claim_id if row.claim_set_by and row.claim_id in own else None for row in rows]
    dimensions = next((len(row.vector) // 4 for row in rows if row.vector is not None), 1)
    vectors = np.stack(
        [
            np.frombuffer(row.vector, dtype=np.float32)
            if row.vector is not None
            else np.zeros(dimensions, dtype=np.float32)
            for row in rows
        ]
    )
    clusters: dict[int, list[int]] = {}
    aspects = [aspect_of(row.text, row.cue) for row in rows] if settings.claim_aspects else None
    labels = partition(
        vectors, fixed, settings.claim_threshold, settings.centred_claim_threshold, aspects
    )
    for row, label in zip(rows, labels, strict=True):
        clusters.setdefault(label, []).append(row.statement_id)
    pinned = {label for label in fixed if label is not None}  # claim ids; free labels exceed them
    taken = set(pinned)
    previous = {row.statement_id: row.claim_id for row in rows if row.claim_id in own}
    after: dict[int, set[int]] = {}
    for label, keys in sorted(clusters.items(), key=lambda item: -len(item[1])):
        claim_id = label if label in pinned else None
        if claim_id is None:
            old = Counter(previous[k] for k in keys if k in previous and previous[k] not in taken)
            claim_id = old.most_common(1)[0][0] if old else None
        if claim_id is None:
            claim = Claim(group_id=group_id, label="")
            session.add(claim)
            session.flush()
            claim_id = claim.id
        taken.add(claim_id)
        after[claim_id] = set(keys)
        moved = [k for k in keys if previous.get(k) != claim_id]
        if moved:
            session.execute(
                update(Membership)
                .where(Membership.statement_id.in_(moved))
                .values(claim_id=claim_id)
            )
    return after


def judge_groups(
    session: Session, group_ids: Iterable[int] | None = None, judge: PairJudge | None = None
) -> StanceReport:
    """Sort every group (every group with members when `group_ids` is None) into claims again
    and judge the sides in every claim from scratch.

    An unknown id raises NotFound; a group without members has its claims and stance cleared."""
    if group_ids is None:
        query = select(Membership.group_id).distinct().order_by(Membership.group_id)
        group_ids = list(session.scalars(query))
    report = StanceReport()
    for group_id in group_ids:
        group = get_group(session, group_id)
        organise(session, group, judge or stance_judge(), everything=True)
        report.groups.append(group)
    return report


def judge_placed(
    session: Session, placed: Mapping[int, Sequence[int]], judge: PairJudge | None = None
) -> StanceReport:
    """Bring each group in `placed` up to date after statements joined it (`placed` maps a group
    id to the statements that joined; members may also have left): its claims are sorted again
    and the claims that changed are judged (`organise`)."""
    report = StanceReport()
    for group_id, joined in placed.items():
        group = session.get(ClaimGroup, group_id)
        if group is None:
            continue
        report.groups.append(group)
        organise(session, group, judge or stance_judge(), joined)
    return report


def resummarise(session: Session, claim: Claim) -> bool:
    """Recompute a claim's conflict, suggested flag and reason from stored stances and a
    person's sides, without the model. False (nothing written) when that needs a judgement: the
    claim has no stored central statement, it left the claim, or a member was never judged."""
    keys = set(
        session.scalars(select(Membership.statement_id).where(Membership.claim_id == claim.id))
    )
    stored = _stored(session, claim.group_id, keys)
    central = claim.central_statement_id
    if not stored or central not in keys or any(s.stance is None for s in stored):
        return False
    stances = {s.member.key: s.stance for s in stored if s.stance is not None}
    by_key = {s.member.key: s.member for s in stored}
    threshold = settings_of(session).dispute_threshold
    summary = sides.summarise(by_key[central], by_key, dict(stances), threshold)
    # Members a person decided carry that decision in their suggestion columns too, as a full
    # judgement leaves them; so a side just chosen is written there.
    apply(session, claim, summary, fresh={k for k, s in stances.items() if s.by_person})
    return True


def _claim_keys(session: Session, claim: Claim) -> set[int]:
    query = select(Membership.statement_id).where(Membership.claim_id == claim.id)
    return set(session.scalars(query))


def side_changed(
    session: Session, membership: Membership, judge: PairJudge | None = None
) -> StanceReport:
    """Keep the stance of the membership's claim in step after a person chose or cleared its side.

    The summary is recomputed without the model, except when the side was cleared (the statement
    then needs a suggestion of its own) or the central statement is no longer one a person says
    asserts: the claim is judged again."""
    group = get_group(session, membership.group_id)
    claim = session.get(Claim, membership.claim_id) if membership.claim_id else None
    if claim is None or membership.side is None:
        return judge_placed(session, {group.id: [membership.statement_id]}, judge)
    central = membership.statement_id == claim.central_statement_id
    if (central and membership.side != "asserts") or not resummarise(session, claim):
        keys = set(
            session.scalars(select(Membership.statement_id).where(Membership.claim_id == claim.id))
        )
        members = [stored.member for stored in _stored(session, group.id, keys)]
        threshold = settings_of(session).dispute_threshold
        apply(
            session,
            claim,
            sides.judge_group(
                members, DismissalJudge(judge or stance_judge()), threshold=threshold
            ),
        )
    roll_up(session, group)
    return StanceReport([group])


def placed_groups(statements: Iterable[Statement]) -> dict[int, list[int]]:
    """Group id -> the ids of `statements` it holds, for `judge_placed`."""
    placed: dict[int, list[int]] = {}
    for statement in statements:
        if statement.membership is not None:
            placed.setdefault(statement.membership.group_id, []).append(statement.id)
    return placed
