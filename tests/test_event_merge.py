"""Events split by placement are joined again (`verify.services.events`): two groups of the same
days whose centroids nearly coincide become one, unless they are small, far apart in time, or a
person decided something about either. Vectors are given (no model); the database is real."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from placement_fixture import DIMENSIONS, Said, store
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify.grouping.index import DEFAULT_PARAMS, GroupIndex
from verify.models import Claim, ClaimGroup, Membership
from verify.services.events import merge_close_events
from verify.services.lookups import new_group

ON = DEFAULT_PARAMS  # on by default (EVENT_MERGE_THRESHOLD 0.85): the tests use the default
RNG = np.random.default_rng(3)
CENTRE = RNG.normal(size=DIMENSIONS)


def _vectors(count: int, centre: np.ndarray, noise: float) -> list[np.ndarray]:
    rows = []
    for _ in range(count):
        vector = centre / np.linalg.norm(centre) + noise * RNG.normal(size=DIMENSIONS)
        rows.append((vector / np.linalg.norm(vector)).astype(np.float32))
    return rows


class Desk:
    """Groups stored in the database and indexed in memory, as placement leaves them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.index = GroupIndex(DIMENSIONS)
        self.articles = 0

    def group(
        self,
        vectors: list[np.ndarray],
        published: date | None = date(2030, 5, 7),
        later: date | None = None,
    ) -> ClaimGroup:
        """A group of one article of `published`; with `later`, its last statement comes from
        a second article, of that day."""
        self.articles += 2
        said = [Said(f"officials said {i} things", self.articles, v) for i, v in enumerate(vectors)]
        if later is not None:
            said[-1] = Said(said[-1].text, self.articles + 1, said[-1].vector)
        statements = store(self.session, said)
        statements[0].source.published = published  # type: ignore[union-attr]
        if later is not None:
            statements[-1].source.published = later  # type: ignore[union-attr]
        group = new_group(self.session, said[0].text)
        claim = Claim(group_id=group.id, label="")
        self.session.add(claim)
        self.session.flush()
        for statement, vector in zip(statements, vectors, strict=True):
            statement.membership = Membership(group_id=group.id, claim_id=claim.id)
            self.index.add(group.id, vector, frozenset())
        self.session.flush()
        self.session.refresh(group)
        return group

    def members(self, group: ClaimGroup) -> list[Membership]:
        query = select(Membership).where(Membership.group_id == group.id)
        return list(self.session.scalars(query))


@pytest.fixture
def desk(db_session: Session) -> Desk:
    return Desk(db_session)


def test_two_groups_of_one_event_are_joined_into_the_larger(desk: Desk) -> None:
    small = desk.group(_vectors(5, CENTRE, 0.02))
    large = desk.group(_vectors(7, CENTRE, 0.02))
    other = desk.group(_vectors(6, RNG.normal(size=DIMENSIONS), 0.02))
    merged = merge_close_events(desk.session, desk.index, {small.id}, ON)
    assert merged == {small.id: large.id}
    moved = desk.members(large)
    assert len(moved) == 12 and not desk.members(small)
    assert sum(m.claim_id is None for m in moved) == 5  # out of their old claim, to be sorted
    assert len(desk.members(other)) == 6
    desk.session.refresh(small)
    desk.session.refresh(large)
    assert small.stance_due and large.stance_due  # both judged again


def test_groups_far_apart_in_meaning_stay_apart(desk: Desk) -> None:
    one = desk.group(_vectors(6, CENTRE, 0.02))
    desk.group(_vectors(6, RNG.normal(size=DIMENSIONS), 0.02))
    assert merge_close_events(desk.session, desk.index, {one.id}, ON) == {}


def test_groups_of_articles_a_week_apart_stay_apart(desk: Desk) -> None:
    one = desk.group(_vectors(6, CENTRE, 0.02), published=date(2030, 5, 1))
    desk.group(_vectors(6, CENTRE, 0.02), published=date(2030, 5, 8))
    assert merge_close_events(desk.session, desk.index, {one.id}, ON) == {}


def test_an_event_of_several_days_takes_the_group_of_its_next_day(desk: Desk) -> None:
    """Together 4 days (over EVENT_DAYS), 1 day apart: the rule an article joins an event by
    (within EVENT_DAYS of it, spanning at most twice that) lets them be one."""
    one = desk.group(_vectors(6, CENTRE, 0.02), published=date(2030, 5, 7), later=date(2030, 5, 10))
    day = desk.group(_vectors(5, CENTRE, 0.02), published=date(2030, 5, 11))
    assert merge_close_events(desk.session, desk.index, {day.id}, ON) == {day.id: one.id}


def test_events_that_would_span_over_twice_the_days_stay_apart(desk: Desk) -> None:
    one = desk.group(_vectors(6, CENTRE, 0.02), published=date(2030, 5, 1), later=date(2030, 5, 4))
    other = desk.group(
        _vectors(6, CENTRE, 0.02), published=date(2030, 5, 5), later=date(2030, 5, 8)
    )
    assert merge_close_events(desk.session, desk.index, {one.id, other.id}, ON) == {}


def test_small_groups_are_not_trusted_to_merge(desk: Desk) -> None:
    one = desk.group(_vectors(4, CENTRE, 0.02))
    desk.group(_vectors(8, CENTRE, 0.02))
    assert merge_close_events(desk.session, desk.index, {one.id}, ON) == {}


def test_a_persons_decision_keeps_both_groups_as_they_are(desk: Desk) -> None:
    one = desk.group(_vectors(6, CENTRE, 0.02))
    kept = desk.group(_vectors(6, CENTRE, 0.02))
    desk.members(kept)[0].confirmed_by = "Ana"  # a person kept a statement in its group
    desk.session.flush()
    assert merge_close_events(desk.session, desk.index, {one.id}, ON) == {}
    desk.members(kept)[0].confirmed_by = None
    kept.flag = "disputed"
    desk.session.flush()
    assert merge_close_events(desk.session, desk.index, {one.id}, ON) == {}


def test_the_setting_at_zero_never_merges(desk: Desk) -> None:
    one = desk.group(_vectors(6, CENTRE, 0.02))
    desk.group(_vectors(6, CENTRE, 0.02))
    off = replace(DEFAULT_PARAMS, event_merge=0.0)
    assert merge_close_events(desk.session, desk.index, {one.id}, off) == {}


def test_neighbours_compare_centroids_by_cosine(desk: Desk) -> None:
    one = desk.group(_vectors(5, CENTRE, 0.02))
    near = desk.group(_vectors(5, CENTRE, 0.02))
    far = desk.group(_vectors(5, RNG.normal(size=DIMENSIONS), 0.02))
    found = desk.index.neighbours(one.id, 5)
    assert [group for group, _cosine, _size in found] == [near.id, far.id]
    assert found[0][1] > 0.9 > abs(found[1][1]) and found[0][2] == 5
    assert desk.index.neighbours(10_000, 5) == []
