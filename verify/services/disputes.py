"""The units the review UI shows side by side as one dispute, read for scoring (`verify eval
disputes`). What a unit is lives in `dispute_units` alone; its callers only see `DisputeUnit`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..choices import Flag
from ..models import Claim, Membership


@dataclass(frozen=True)
class DisputeUnit:
    """One side-by-side dispute as the desk shows it: its members with the side each is shown on
    (None where no side is known), whether it is flagged or suggested disputed, and the event
    (group) it belongs to."""

    id: int
    label: str
    disputed: bool
    members: dict[int, str | None] = field(default_factory=dict)  # statement id -> shown side
    event: int = 0


def dispute_units(session: Session) -> list[DisputeUnit]:
    """Every unit that has members: a unit is a claim inside an event, shown side by side on its
    group's page. A member not yet sorted into a claim stands in a unit of its group's
    claim-less members (id 0 - the group's id), as the page shows it."""
    claims = session.scalars(select(Claim).options(selectinload(Claim.memberships))).all()
    units = [
        DisputeUnit(
            id=claim.id,
            label=claim.label,
            disputed=claim.shown_flag == Flag.DISPUTED,
            event=claim.group_id,
            members={m.statement_id: m.shown_side for m in claim.memberships},
        )
        for claim in claims
        if claim.memberships
    ]
    waiting: dict[int, dict[int, str | None]] = {}
    for membership in session.scalars(select(Membership).where(Membership.claim_id.is_(None))):
        waiting.setdefault(membership.group_id, {})[membership.statement_id] = membership.shown_side
    units += [
        DisputeUnit(id=-group_id, label="", disputed=False, event=group_id, members=members)
        for group_id, members in sorted(waiting.items())
    ]
    return units
