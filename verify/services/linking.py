"""Which event an article is about, decided by the whole article and its date.

A statement alone is a poor witness of its event: rival reports of one gas attack share few
words statement by statement, and the first statement placed used to decide where the rest of
its article went, so each article opened an event of its own. The article as a whole is a
better witness: the normalised sum of its statements' vectors (its centroid) is compared with
the centroids of the events a statement would be scored against (the nearest, and those sharing
a rare anchor), and the article joins the event whose centroid cosine is highest when it reaches
``GroupingParams.article_threshold``. Two averages are compared, so their cosine is used as it
is: the grouping score scales a loose group down, which would keep an article out of a large
event it is plainly about.

Dates keep events apart where words cannot: an event only takes statements of articles
published within ``GroupingParams.event_days`` of its nearest article, and only while it spans
at most twice that (`within_days`). Undated articles and events are not kept apart by date.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..grouping.index import GroupingParams, PlacementIndex
from ..models import Membership, Source, Statement

Days = tuple[date, date]


def event_days(session: Session, group_ids: Collection[int]) -> dict[int, Days]:
    """First and last publication date of each group's dated articles (groups with none are
    left out)."""
    if not group_ids:
        return {}
    query = (
        select(Membership.group_id, func.min(Source.published), func.max(Source.published))
        .join(Statement, Statement.id == Membership.statement_id)
        .join(Source, Source.id == Statement.source_id)
        .where(Membership.group_id.in_(list(group_ids)), Source.published.is_not(None))
        .group_by(Membership.group_id)
    )
    return {
        group: (first, last)
        for group, first, last in session.execute(query)
        if first is not None and last is not None
    }


class EventDays:
    """The days of events as one placement batch sees them: each group's dates are read once
    (`event_days`), then kept in step as the batch adds articles to groups."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[int, Days | None] = {}

    def of(self, group_ids: Collection[int]) -> dict[int, Days]:
        unknown = [group for group in group_ids if group not in self.known]
        if unknown:
            found = event_days(self.session, unknown)
            self.known.update({group: found.get(group) for group in unknown})
        return {g: days for g in group_ids if (days := self.known.get(g)) is not None}

    def add(self, group_id: int, published: date | None, new: bool = False) -> None:
        """Record that an article of `published` joined `group_id` (`new`: created in this
        batch, so it has no dates stored)."""
        if new:
            self.known.setdefault(group_id, None)
        elif group_id not in self.known:
            self.of([group_id])
        if published is None:
            return
        days = self.known.get(group_id)
        self.known[group_id] = (
            (published, published)
            if days is None
            else (min(days[0], published), max(days[1], published))
        )


def within_days(days: Days | None, published: date | None, limit: int) -> bool:
    """Whether an article of `published` may join an event of `days`: within `limit` days of
    the event's nearest article, and the event then spanning at most twice that (true when
    either is undated). The gap, not the span alone, because coverage does not arrive in date
    order: an event whose first articles were of its eve must still take the reports of its
    day; the cap keeps a running story from chaining into one event across weeks."""
    if days is None or published is None:
        return True
    gap = max(days[0] - published, published - days[1], timedelta(0))
    span = max(days[1], published) - min(days[0], published)
    return gap <= timedelta(days=limit) and span <= timedelta(days=2 * limit)


def dated(
    scored: Mapping[int, float],
    days: Mapping[int, Days],
    published: date | None,
    params: GroupingParams,
) -> dict[int, float]:
    """`scored` without the groups an article of `published` may not join."""
    return {
        group: score
        for group, score in scored.items()
        if within_days(days.get(group), published, params.event_days)
    }


def article_event(
    days: EventDays,
    index: PlacementIndex,
    vectors: np.ndarray,
    marks: frozenset[str],
    published: date | None,
    params: GroupingParams,
) -> int | None:
    """The event an article's statements (their unit `vectors`, their anchors `marks`) belong
    to, or None when no event of its days has a centroid cosine reaching the article
    threshold."""
    if params.article_threshold <= 0 or len(vectors) == 0:
        return None
    total = np.asarray(vectors, dtype=np.float64).sum(axis=0)
    norm = float(np.linalg.norm(total))
    if norm == 0.0:
        return None
    centroid = (total / norm).astype(np.float32)
    candidates = index.scores(centroid, marks, None)  # the nearest and those sharing anchors
    candidates = dated(candidates, days.of(candidates), published, params)
    cosines = {group: index.cosine(group, centroid) for group in candidates}
    if not cosines:
        return None
    group, cosine = max(cosines.items(), key=lambda item: (item[1], -item[0]))
    return group if cosine >= params.article_threshold else None
