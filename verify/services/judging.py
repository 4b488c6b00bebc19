"""Sides judged after placement, not during it.

Placing statements (an import, a confirm, a new statement) stores them and their groups at
once and marks each group it touched `stance_due`; `judge_due` later judges those groups one
at a time, so a write returns at the model's pace and never waits for the pair model. Each
group is judged in rounds (`verify.stance.prejudged`): the pair model runs between short
transactions, never inside one, so other writers wait milliseconds, not the model's seconds.
Judging is incremental (`stance.organise`): the members that joined are judged against a
bounded number of others, the rest keep their stored stance.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import ClaimGroup
from ..stance.judge import stance_judge
from ..stance.prejudged import NeedsJudging, PrejudgedJudge
from ..stance.relation import PairJudge
from .stance import organise

log = logging.getLogger(__name__)

# Set in a session's info when it marked groups due: whoever closes it starts the judging.
DUE_KEY = "verify.stance_due"
# Due groups read per query while judging.
DUE_CHUNK = 50
# Rounds of judging one group may take (each a short transaction, then the model outside it)
# before its last round is allowed to call the model inside the transaction.
MAX_ROUNDS = 200


def mark_due(session: Session, group_ids: Iterable[int]) -> None:
    """Mark these groups as waiting for their sides to be judged."""
    ids = sorted(set(group_ids))
    if not ids:
        return
    session.execute(update(ClaimGroup).where(ClaimGroup.id.in_(ids)).values(stance_due=True))
    session.info[DUE_KEY] = True


def count_due(session: Session) -> int:
    """How many groups wait for their sides."""
    query = select(func.count()).select_from(ClaimGroup).where(ClaimGroup.stance_due)
    return session.scalar(query) or 0


def judge_group_due(session: Session, group_id: int, judge: PairJudge) -> bool:
    """Judge one due group in the caller's transaction; False when it was no longer due."""
    group = session.scalars(
        select(ClaimGroup).where(ClaimGroup.id == group_id).with_for_update()
    ).one_or_none()
    if group is None or not group.stance_due:
        return False
    organise(session, group, judge)
    group.stance_due = False
    session.flush()
    return True


def judge_in_rounds(sessions: Callable[[], Session], group_id: int, judge: PairJudge) -> bool:
    """Judge one due group in rounds, the model outside every transaction; False when it was
    no longer due."""
    prejudged = PrejudgedJudge(judge)
    for _round in range(MAX_ROUNDS):
        try:
            with sessions() as session, session.begin():
                return judge_group_due(session, group_id, prejudged)
        except NeedsJudging as needed:
            prejudged.judge(needed.pairs)
    log.warning(
        "group %s still needed pairs after %s rounds; judging it at once", group_id, MAX_ROUNDS
    )
    with sessions() as session, session.begin():
        return judge_group_due(session, group_id, judge)


def judge_due(
    sessions: Callable[[], Session],
    judge: PairJudge | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, list[int]]:
    """Judge every due group, each in a transaction of its own from `sessions` (a sessionmaker).

    Groups that become due meanwhile are judged too. A group whose judging fails is left due
    and skipped for the rest of this run. Returns how many groups were judged and the ids that
    failed; `progress(done, total)` is called after each group."""
    judged = 0
    failed: list[int] = []
    while True:
        with sessions() as session:
            query = select(ClaimGroup.id).where(ClaimGroup.stance_due).order_by(ClaimGroup.id)
            if failed:
                query = query.where(ClaimGroup.id.not_in(failed))
            ids = list(session.scalars(query.limit(DUE_CHUNK)))
            waiting = count_due(session) - len(failed)
        if not ids:
            return judged, failed
        for group_id in ids:
            try:
                done = judge_in_rounds(sessions, group_id, judge or stance_judge())
            except Exception:
                log.exception("judging the sides of group %s failed", group_id)
                failed.append(group_id)
                continue
            judged += done
            if progress is not None:
                progress(judged, judged + max(waiting - 1, 0))
            waiting -= 1
