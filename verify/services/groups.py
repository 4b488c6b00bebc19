"""Groups as a whole: regrouping, re-embedding, and reading groups with their members."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, case, delete, func, insert, nulls_last, select, update
from sqlalchemy.orm import Session, selectinload

from ..embedding import Embedder
from ..grouping.index import GroupingParams
from ..models import (
    ClaimGroup,
    EditorAction,
    Embedding,
    Membership,
    Source,
    Speaker,
    Statement,
)
from . import stance
from .lookups import LABEL_CHARS
from .placement import INDEXES, check_single_model, source_key, statement_anchors
from .settings import settings_of


@dataclass
class RegroupReport:
    statements: int = 0
    moved: int = 0
    kept: int = 0
    groups: int = 0
    groups_created: int = 0
    groups_removed: int = 0


def regroup(session: Session, model: str, params: GroupingParams | None = None) -> RegroupReport:
    """Recompute every machine-suggested membership from stored vectors of `model`.

    Confirmed memberships stay where a person put them; free statements may join those groups.
    A new group takes over the id (and so the flag and history) of the old group most of its
    members came from.

    Stance is brought up to date only in the groups whose members changed (`judge_placed`: the
    statements that joined are judged as newcomers, groups that only lost members are
    resummarised, a group that lost its central claim is judged again). Groups left as they were
    keep their stance, which every other change already kept current; judging every group again
    would cost a pair judgement per statement of the desk. `judge_groups` does that on demand.
    """
    check_single_model(session, model)
    params = params or settings_of(session).grouping
    rows = session.execute(
        select(
            Statement.id,
            Statement.text,
            Statement.source_id,
            Source.title,
            Embedding.vector,
            Membership.group_id,
            Membership.confirmed_by,
            Membership.side_set_by,
        )
        .join(Embedding, Embedding.statement_id == Statement.id)
        .outerjoin(Membership, Membership.statement_id == Statement.id)
        .outerjoin(Source, Source.id == Statement.source_id)
        .where(Embedding.model == model, Statement.status == "confirmed")
        .order_by(Statement.id)
    ).all()
    report = RegroupReport(statements=len(rows))
    if not rows:
        return report
    vectors = np.vstack([np.frombuffer(r.vector, dtype=np.float32) for r in rows])
    fixed = {i: r.group_id for i, r in enumerate(rows) if r.confirmed_by is not None}
    from ..grouping.clustering import cluster  # scipy.sparse: 0.2 s of a process start

    labels = cluster(
        vectors,
        [statement_anchors(r.text, r.title) for r in rows],
        [source_key(r.source_id) for r in rows],
        fixed=fixed,
        params=params,
    )
    group_of_label = _match_groups(session, rows, labels, fixed, report)
    similarity, central = _centrality(vectors, labels)

    new_rows, changes = [], []
    joined: dict[int, list[int]] = {}  # group id -> statements that joined it
    for i, row in enumerate(rows):
        target = group_of_label[int(labels[i])]
        if i in fixed:
            report.kept += 1
            continue
        if row.group_id != target:
            joined.setdefault(target, []).append(row.id)
            if row.group_id is not None:
                joined.setdefault(row.group_id, [])
        if row.group_id is None:
            new_rows.append(
                {"statement_id": row.id, "group_id": target, "similarity": float(similarity[i])}
            )
            continue
        change = {"statement_id": row.id, "group_id": target, "similarity": float(similarity[i])}
        if row.group_id != target:
            report.moved += 1
            if row.side_set_by is None:
                change["side"] = None  # a machine's side does not travel to another group
        changes.append(change)
    if changes:
        session.execute(update(Membership), changes)
    if new_rows:
        session.execute(insert(Membership), new_rows)
    for label, row_index in central.items():
        group = session.get(ClaimGroup, group_of_label[label])
        if group is not None and not _has_history(session, group.id):
            group.label = rows[row_index].text[:LABEL_CHARS]
    report.groups = len(set(group_of_label.values()))
    session.flush()
    # Groups not yet sorted into claims (a database from before claims) are sorted now too.
    unsorted = select(Membership.group_id).where(Membership.claim_id.is_(None)).distinct()
    for group_id in session.scalars(unsorted):
        joined.setdefault(group_id, [])
    stance.judge_placed(session, joined)  # before empty groups go: it reads them as they are
    report.groups_removed = _remove_empty_groups(session)
    session.flush()
    INDEXES.mark_changed(session, None)  # every group
    return report


def _match_groups(
    session: Session,
    rows: Sequence[Any],
    labels: np.ndarray,
    fixed: dict[int, int],
    report: RegroupReport,
) -> dict[int, int]:
    """Map each cluster label to a group id, reusing old groups where members came from."""
    group_of_label: dict[int, int] = {}
    for i, group_id in fixed.items():
        group_of_label.setdefault(int(labels[i]), group_id)
    taken = set(group_of_label.values())
    votes: dict[int, Counter[int]] = {}
    for i, row in enumerate(rows):
        if row.group_id is not None:
            votes.setdefault(int(labels[i]), Counter())[row.group_id] += 1
    # Largest clusters choose first, so a big group keeps its id rather than a stray member's.
    sizes = Counter(int(label) for label in labels)
    for label, _size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        if label in group_of_label:
            continue
        for group_id, _count in (votes.get(label) or Counter()).most_common():
            if group_id not in taken:
                group_of_label[label] = group_id
                taken.add(group_id)
                break
        else:
            group = ClaimGroup(label="")
            session.add(group)
            session.flush()
            group_of_label[label] = group.id
            taken.add(group.id)
            report.groups_created += 1
    return group_of_label


def _centrality(vectors: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, dict[int, int]]:
    """Each row's cosine to its cluster's centroid, and the most central row of each cluster."""
    _, inverse = np.unique(labels, return_inverse=True)
    sums = np.zeros((inverse.max() + 1, vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    centroids = sums / np.where(norms == 0, 1, norms)
    similarity = np.einsum("ij,ij->i", vectors, centroids[inverse])
    order = np.lexsort((-similarity, inverse))
    first = np.ones(len(order), dtype=bool)
    first[1:] = inverse[order][1:] != inverse[order][:-1]
    central = {int(labels[i]): int(i) for i in order[first]}
    return similarity, central


def _has_history(session: Session, group_id: int) -> bool:
    first = select(EditorAction.id).where(EditorAction.group_id == group_id).limit(1)
    return session.scalar(first) is not None


def _remove_empty_groups(session: Session) -> int:
    """Delete groups left without members, unless a person flagged them or acted on them."""
    session.flush()
    empty = (
        select(ClaimGroup.id)
        .outerjoin(Membership, Membership.group_id == ClaimGroup.id)
        .where(Membership.statement_id.is_(None), ClaimGroup.flag.is_(None))
        .where(~select(EditorAction.id).where(EditorAction.group_id == ClaimGroup.id).exists())
    )
    ids = list(session.scalars(empty))
    if ids:
        session.execute(delete(ClaimGroup).where(ClaimGroup.id.in_(ids)))
    return len(ids)


def reembed(session: Session, embedder: Embedder, batch: int = 512) -> int:
    """Embed every statement with `embedder`'s model, drop other models' vectors, regroup."""
    confirmed = select(Statement.id, Statement.text).where(Statement.status == "confirmed")
    ids_texts = session.execute(confirmed.order_by(Statement.id)).all()
    session.execute(delete(Embedding))
    for start in range(0, len(ids_texts), batch):
        chunk = ids_texts[start : start + batch]
        vectors = embedder.encode([text for _, text in chunk])
        session.execute(
            insert(Embedding),
            [
                {"statement_id": sid, "model": embedder.name, "vector": v.tobytes()}
                for (sid, _), v in zip(chunk, vectors, strict=True)
            ],
        )
    regroup(session, embedder.name)
    return len(ids_texts)


# ---------------------------------------------------------------- reading


def _member_options() -> list[Any]:
    return [
        selectinload(ClaimGroup.memberships)
        .selectinload(Membership.statement)
        .selectinload(Statement.speaker),
        selectinload(ClaimGroup.memberships)
        .selectinload(Membership.statement)
        .selectinload(Statement.source),
        selectinload(ClaimGroup.claims),
    ]


def shown_flag() -> ColumnElement[str | None]:
    """`ClaimGroup.shown_flag` in SQL: a person's flag, else the suggested one."""
    return func.coalesce(ClaimGroup.flag, ClaimGroup.suggested_flag)


def list_groups(
    session: Session,
    limit: int | None = None,
    offset: int = 0,
    flag: str | None = None,
    members: bool = True,
) -> list[ClaimGroup]:
    """Groups that have members, with members, speakers and sources loaded (claims only, when
    not `members`: see `count_members`): disputed ones first (by the flag shown: a person's,
    else the suggested one), then the most conflicted (groups never judged last), then the
    largest.

    `flag` keeps only groups showing that flag, as the desk shows them: "disputed" finds the
    machine's suggestions too, unless a person gave the group another flag."""
    query = (
        select(ClaimGroup)
        .where(ClaimGroup.size > 0)
        .order_by(
            case((shown_flag() == "disputed", 0), else_=1),
            nulls_last(ClaimGroup.conflict.desc()),
            ClaimGroup.size.desc(),
            ClaimGroup.id,
        )
        .options(*(_member_options() if members else [selectinload(ClaimGroup.claims)]))
        .offset(offset)
    )
    if flag:
        query = query.where(shown_flag() == flag)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


# Speakers a group's summary names, in order of appearance; the rest are counted, among the
# group's first SPEAKERS_SCANNED statements.
SUMMARY_SPEAKERS = 8
SPEAKERS_SCANNED = 100


@dataclass
class GroupCounts:
    """What a row of the groups list says of a group's members, counted in SQL."""

    size: int = 0
    sides: Counter[str] = field(default_factory=Counter)  # shown side (None: none) -> count
    speakers: list[str] = field(default_factory=list)  # the first SUMMARY_SPEAKERS
    more_speakers: int = 0  # other speakers among the first SPEAKERS_SCANNED statements
    central: str | None = None  # the text of the group's central claim, when stance chose one


def count_members(session: Session, group_ids: Sequence[int]) -> dict[int, GroupCounts]:
    """Size, members per shown side, first speakers and central claim of each group, in two
    aggregate queries and one lookup whatever the groups' sizes (the list once loaded every
    member of every group it showed)."""
    counts = {group_id: GroupCounts() for group_id in group_ids}
    if not counts:
        return counts
    shown = func.coalesce(Membership.side, Membership.suggested_side)
    per_side = session.execute(
        select(Membership.group_id, shown, func.count())
        .where(Membership.group_id.in_(counts))
        .group_by(Membership.group_id, shown)
    )
    for group_id, side, number in per_side:
        counts[group_id].sides[side] += number
        counts[group_id].size += number
    # Each group's speakers by their first statement, numbered and counted in SQL among the
    # group's first SPEAKERS_SCANNED statements (a list of groups of 500 members each once
    # joined 25,000 statements to name 8 speakers each): only the first SUMMARY_SPEAKERS come back.
    numbered = (
        select(
            Membership.group_id,
            Membership.statement_id,
            func.row_number()
            .over(partition_by=Membership.group_id, order_by=Membership.statement_id)
            .label("n"),
        )
        .where(Membership.group_id.in_(counts))
        .subquery()
    )
    first = (
        select(
            numbered.c.group_id,
            Statement.speaker_id,
            func.min(numbered.c.statement_id).label("first"),
        )
        .join(Statement, Statement.id == numbered.c.statement_id)
        .where(numbered.c.n <= SPEAKERS_SCANNED)
        .group_by(numbered.c.group_id, Statement.speaker_id)
        .subquery()
    )
    ranked = select(
        first.c.group_id,
        first.c.speaker_id,
        func.row_number().over(partition_by=first.c.group_id, order_by=first.c.first).label("rank"),
        func.count().over(partition_by=first.c.group_id).label("speakers"),
    ).subquery()
    named = session.execute(
        select(ranked.c.group_id, Speaker.name, ranked.c.speakers)
        .join(Speaker, Speaker.id == ranked.c.speaker_id)
        .where(ranked.c.rank <= SUMMARY_SPEAKERS)
        .order_by(ranked.c.group_id, ranked.c.rank)
    )
    for group_id, name, speakers in named:
        counts[group_id].speakers.append(name)
        counts[group_id].more_speakers = max(speakers - SUMMARY_SPEAKERS, 0)
    centrals = session.execute(
        select(ClaimGroup.id, Statement.text)
        .join(Statement, Statement.id == ClaimGroup.central_statement_id)
        .where(ClaimGroup.id.in_(counts))
    )
    for group_id, text in centrals:
        counts[group_id].central = text
    return counts


def count_groups(session: Session) -> int:
    """Groups that have members (the stored sizes: no scan of the memberships)."""
    return session.scalar(select(func.count()).where(ClaimGroup.size > 0)) or 0
