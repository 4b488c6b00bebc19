"""Events that placement split, joined again once their groups say the same.

A statement picks its group by its own vector, and the rest of its article follows it, so an
article whose first statements miss every event opens a new one: rival outlets' reports of one
gas attack ended in as many groups as articles. A single statement is a poor witness of its
event; a group of several is a better one. After each placement, every group that took
statements is compared with its nearest other groups by centroid cosine, and joins the nearest
one that reaches ``GroupingParams.event_merge`` when both hold at least ``event_merge_size``
members, their articles are at most ``event_days`` days apart and together span at most twice
that (the rule an article joins an event by), and no person has yet
decided anything about either (a flag, a statement kept or moved, a side).

The smaller group's members move into the larger one as machine suggestions, out of their
claims (the larger group's claims are sorted again when its sides are judged). Nothing is
written to the history: placement is the machine's, and the history holds people's decisions.

``EVENT_MERGE_THRESHOLD`` is 0.85: on the development coverage that joins the three events one
gas attack's reports fell into, and nothing else (docs/experiments.md, "Split events, again");
0 turns it off.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..grouping.index import GroupingParams, PlacementIndex
from ..models import ClaimGroup, Membership
from . import judging
from .linking import event_days
from .stance import TIED_BY_STANCE

# Nearest other groups each group that took statements is compared with.
NEIGHBOURS = 5


def _decided(session: Session, group_id: int) -> bool:
    """Whether a person decided anything about the group: a flag, or a member kept, moved,
    put in a claim or given a side."""
    group = session.get(ClaimGroup, group_id)
    if group is None or group.flag is not None:
        return True
    touched = select(Membership.statement_id).where(
        Membership.group_id == group_id,
        or_(
            Membership.confirmed_by.is_not(None),
            Membership.side_set_by.is_not(None),
            Membership.claim_set_by.is_not(None) & (Membership.claim_set_by != TIED_BY_STANCE),
        ),
    )
    return session.scalar(touched.limit(1)) is not None


def _one_span(session: Session, a: int, b: int, days: int) -> bool:
    """Whether the articles of two groups may be one event, by the rule an article joins an
    event with (:func:`verify.services.linking.within_days`): at most `days` days apart, and
    together spanning at most twice that (true when either has no dated article: undated
    coverage is not kept apart by date). The cap on the union, not the gap alone, so that
    merges cannot chain an event across weeks."""
    found = event_days(session, [a, b])
    if a not in found or b not in found:
        return True
    (first_a, last_a), (first_b, last_b) = found[a], found[b]
    gap = max(first_a - last_b, first_b - last_a, timedelta(0))
    span = max(last_a, last_b) - min(first_a, first_b)
    return gap <= timedelta(days=days) and span <= timedelta(days=2 * days)


def _move(session: Session, gone: int, keep: int) -> None:
    """Every member of `gone` into `keep`, out of its claim."""
    for membership in session.scalars(select(Membership).where(Membership.group_id == gone)):
        membership.group_id = keep
        membership.claim_id = None
        membership.claim_set_by = None
    session.flush()


def merge_close_events(
    session: Session, index: PlacementIndex, touched: Collection[int], params: GroupingParams
) -> dict[int, int]:
    """Join each group in `touched` with its nearest other group when they are one event (see
    the module). Returns {merged-away group: group it joined}; the caller refreshes the index for
    both and judges the groups' sides again."""
    merged: dict[int, int] = {}
    if params.event_merge <= 0:
        return merged
    sizes = dict(
        session.execute(
            select(ClaimGroup.id, ClaimGroup.size).where(ClaimGroup.id.in_(list(touched)))
        ).all()
    )
    for group_id in sorted(touched):
        if group_id in merged or sizes.get(group_id, 0) < params.event_merge_size:
            continue
        for other, cosine, size in index.neighbours(group_id, NEIGHBOURS):
            if cosine < params.event_merge:
                break
            if other in merged or size < params.event_merge_size:
                continue
            if _decided(session, group_id) or _decided(session, other):
                continue
            if not _one_span(session, group_id, other, params.event_days):
                continue
            keep, gone = (other, group_id) if size >= sizes[group_id] else (group_id, other)
            _move(session, gone, keep)
            merged[gone] = keep
            break
    if merged:
        judging.mark_due(session, {*merged, *merged.values()})
    return merged
