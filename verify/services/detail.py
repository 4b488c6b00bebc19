"""A group laid out for review: its claims side by side, a page of cards per column.

The layout (which member stands in which column of which claim, the central statements first,
syndicated copies folded into one account) is worked out from one light query of the group's
members (ids, sides, texts), so it is exact however large the group is; only the members on the
page shown are then loaded whole, with their speakers and sources. A group of 1,000 members
once loaded 1,000 statements, speakers and sources to show 25 cards per column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..choices import COLUMNS, column_of
from ..models import Claim, ClaimGroup, EditorAction, Membership, Statement
from .lookups import get_group

# Members with clashing details shown against the central claim, the surest denial first.
CLASHING_SHOWN = 10
# History entries a group's page shows, newest first (`actions_page` pages the rest).
HISTORY_SHOWN = 50


@lru_cache(maxsize=50_000)  # a group page reads every member's text to fold copies: once each
def wording(text: str) -> str:
    """What two printings of one account share: the words, without case, spacing or punctuation."""
    return " ".join(re.findall(r"\w+", text.casefold()))


@dataclass
class _Member:
    """What the layout needs of a member: one row of the light query."""

    statement_id: int
    claim_id: int | None
    column: str
    source_id: int | None
    wording: str
    denial: float | None
    clashes: bool
    suggested: bool  # a side suggested by the desk and none set by a person


@dataclass
class Layout:
    """Members by column, as statement ids: the accounts in order (central first), and each
    account's later appearances in other outlets (syndicated copies, counted once)."""

    accounts: dict[str, list[int]] = field(default_factory=lambda: {c: [] for c in COLUMNS})
    copy_ids: dict[int, list[int]] = field(default_factory=dict)
    suggested: int = 0  # statements, copies included, whose side only the desk suggests

    @property
    def counts(self) -> dict[str, int]:
        """Independent accounts per column."""
        return {column: len(ids) for column, ids in self.accounts.items()}

    @property
    def size(self) -> int:
        """Statements, copies included."""
        return sum(self.counts.values()) + sum(len(more) for more in self.copy_ids.values())

    def ids(self, column: str) -> list[int]:
        """Every statement id of a column: each account followed by its copies."""
        return [
            key
            for account in self.accounts[column]
            for key in (account, *self.copy_ids.get(account, []))
        ]


def _lay_out(members: Sequence[_Member], central: int | None, fold: bool) -> Layout:
    layout = Layout(suggested=sum(member.suggested for member in members))
    first: dict[tuple[str, str], _Member] = {}
    for member in sorted(members, key=lambda m: m.statement_id != central):  # stable
        shown = first.get((member.column, member.wording)) if fold else None
        if shown is not None and shown.source_id != member.source_id:
            layout.copy_ids.setdefault(shown.statement_id, []).append(member.statement_id)
            continue
        first.setdefault((member.column, member.wording), member)
        layout.accounts[member.column].append(member.statement_id)
    return layout


@dataclass
class ClaimDetail:
    """One claim of a group side by side: `layout` places every member; `columns` holds the
    members of the page shown, whole, and `copies` their syndicated copies."""

    claim: Claim
    layout: Layout = field(default_factory=Layout)
    columns: dict[str, list[Membership]] = field(default_factory=dict)
    central: Membership | None = None
    copies: dict[int, list[Membership]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.layout.size


@dataclass
class GroupDetail:
    """A group laid out for review: its claims, disputed first, each side by side; every member
    by the side shown across claims (`layout`, with the page of it in `columns`); the group's
    central claim and the members whose details clash with it (the surest denial first); the
    newest history entries. Pages start at `offset` and hold `limit` accounts per column."""

    group: ClaimGroup
    layout: Layout = field(default_factory=Layout)
    columns: dict[str, list[Membership]] = field(default_factory=dict)
    history: list[EditorAction] = field(default_factory=list)
    central: Membership | None = None
    clashing: list[Membership] = field(default_factory=list)
    claims: list[ClaimDetail] = field(default_factory=list)
    limit: int | None = None
    offset: int = 0


def _members(session: Session, group_id: int) -> list[_Member]:
    rows = session.execute(
        select(
            Membership.statement_id,
            Membership.claim_id,
            Membership.side,
            Membership.suggested_side,
            Membership.denial,
            Membership.slot_conflicts,
            Statement.source_id,
            Statement.text,
        )
        .join(Statement, Statement.id == Membership.statement_id)
        .where(Membership.group_id == group_id)
        .order_by(Membership.similarity.desc(), Membership.statement_id)
    )
    return [
        _Member(
            statement_id=row.statement_id,
            claim_id=row.claim_id,
            column=column_of(row.side or row.suggested_side),
            source_id=row.source_id,
            wording=wording(row.text),
            denial=row.denial,
            clashes=bool(row.slot_conflicts),
            suggested=row.side is None and row.suggested_side is not None,
        )
        for row in rows
    ]


def _page(ids: list[int], limit: int | None, offset: int) -> list[int]:
    return ids[offset:] if limit is None else ids[offset : offset + limit]


def _load(session: Session, ids: set[int]) -> dict[int, Membership]:
    """The members with these statement ids, whole: statements, speakers and sources."""
    if not ids:
        return {}
    loaded = session.scalars(
        select(Membership)
        .where(Membership.statement_id.in_(ids))
        .options(
            selectinload(Membership.statement).selectinload(Statement.speaker),
            selectinload(Membership.statement).selectinload(Statement.source),
        )
    )
    return {m.statement_id: m for m in loaded}


def group_detail(
    session: Session, group_id: int, limit: int | None = None, offset: int = 0
) -> GroupDetail:
    """The group side by side, `limit` accounts per column of each claim (and of the whole
    group) from `offset` on; every account when `limit` is None."""
    group = get_group(session, group_id)
    members = _members(session, group_id)
    claims = session.scalars(select(Claim).where(Claim.group_id == group_id)).all()
    claim_ids = {claim.id for claim in claims}
    by_claim: dict[int | None, list[_Member]] = {}
    for member in members:
        known = member.claim_id if member.claim_id in claim_ids else None
        by_claim.setdefault(known, []).append(member)
    details = [
        ClaimDetail(claim, _lay_out(by_claim.get(claim.id, []), claim.central_statement_id, True))
        for claim in claims
    ]
    if by_claim.get(None):  # members not yet sorted into a claim wait in one section at the end
        unsorted = Claim(id=None, group_id=group_id, label="")
        details.append(ClaimDetail(unsorted, _lay_out(by_claim[None], None, True)))
    detail = GroupDetail(
        group, _lay_out(members, group.central_statement_id, False), limit=limit, offset=offset
    )
    clashing = sorted(
        (m for m in members if m.clashes and m.statement_id != group.central_statement_id),
        key=lambda m: (-(m.denial or 0.0), m.statement_id),
    )[:CLASHING_SHOWN]
    wanted = {m.statement_id for m in clashing}
    wanted.update(c.central_statement_id for c in claims if c.central_statement_id)
    if group.central_statement_id:
        wanted.add(group.central_statement_id)
    for layout in [detail.layout, *(part.layout for part in details)]:
        for ids in layout.accounts.values():
            for account in _page(ids, limit, offset):
                wanted.add(account)
                wanted.update(layout.copy_ids.get(account, []))
    loaded = _load(session, wanted)
    detail.columns = {
        column: [loaded[i] for i in _page(ids, limit, offset)]
        for column, ids in detail.layout.accounts.items()
    }
    for part in details:
        part.columns = {
            column: [loaded[i] for i in _page(ids, limit, offset)]
            for column, ids in part.layout.accounts.items()
        }
        part.central = loaded.get(part.claim.central_statement_id or -1)
        part.copies = {
            account: [loaded[i] for i in part.layout.copy_ids[account]]
            for shown in part.columns.values()
            for account in (m.statement_id for m in shown)
            if account in part.layout.copy_ids
        }
    detail.central = loaded.get(group.central_statement_id or -1)
    # Slot spans point into the central claim's text: without it they cannot be shown.
    detail.clashing = [loaded[m.statement_id] for m in clashing] if detail.central else []
    detail.claims = sorted(
        (d for d in details if d.size),
        key=lambda d: (
            d.claim.id is None,
            d.claim.shown_flag != "disputed",
            -(d.claim.conflict or 0.0),
            -d.size,
            d.claim.id or 0,
        ),
    )
    # Newest first in id order, the chain's: older entries were timed by the server's clock.
    detail.history = list(
        session.scalars(
            select(EditorAction)
            .where(EditorAction.group_id == group_id)
            .order_by(EditorAction.id.desc())
            .limit(HISTORY_SHOWN)
        )
    )
    return detail
