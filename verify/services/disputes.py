"""The units the review UI shows side by side as one dispute, read for scoring (`verify eval
disputes`). What a unit is lives in `dispute_units` alone; its callers only see `DisputeUnit`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..choices import Flag
from .groups import list_groups


@dataclass(frozen=True)
class DisputeUnit:
    """One side-by-side dispute as the desk shows it: its members with the side each is shown on
    (None where no side is known), and whether it is flagged or suggested disputed."""

    id: int
    label: str
    disputed: bool
    members: dict[int, str | None] = field(default_factory=dict)  # statement id -> shown side


def dispute_units(session: Session) -> list[DisputeUnit]:
    """Every unit that has members, in the order the desk lists them. Today a unit is a group."""
    return [
        DisputeUnit(
            id=group.id,
            label=group.label,
            disputed=group.shown_flag == Flag.DISPUTED,
            members={m.statement_id: m.shown_side for m in group.memberships},
        )
        for group in list_groups(session)
    ]
