"""Grouping with the real model on the demo dispatches: rival accounts together, others apart."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from verify import db, services
from verify.inputs.demo import STATEMENTS
from verify.inputs.records import StatementInput
from verify.models import Membership, Statement

RAID_WORDS = [words for key, words, *_ in STATEMENTS if key in ("raid", "wire")]
DAM_WORDS = [words for key, words, *_ in STATEMENTS if key == "dam"]


def _groups(session: Session) -> dict[str, int]:
    rows = session.execute(select(Statement.text, Membership.group_id).join(Membership))
    return {text: group_id for text, group_id in rows}


def _group_of(groups: dict[str, int], words: str) -> int:
    return groups[words.strip(' ,"')]


def test_rival_accounts_of_the_raid_share_one_group(demo_app: Flask) -> None:
    with demo_app.app_context():
        groups = _groups(db.get_session())
    raid_groups = {_group_of(groups, words) for words in RAID_WORDS}
    assert len(raid_groups) == 1, raid_groups


def test_the_dam_dispute_is_not_grouped_with_the_raid(demo_app: Flask) -> None:
    with demo_app.app_context():
        groups = _groups(db.get_session())
    raid = _group_of(groups, RAID_WORDS[0])
    assert all(_group_of(groups, words) != raid for words in DAM_WORDS)


def test_the_dam_accounts_share_one_group(demo_app: Flask) -> None:
    with demo_app.app_context():
        groups = _groups(db.get_session())
    assert len({_group_of(groups, words) for words in DAM_WORDS}) == 1


def test_regroup_keeps_the_same_grouping_of_the_demo(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.get_session()
        before = _groups(session)
        services.regroup(session, "all-MiniLM-L6-v2")
        session.commit()
        after = _groups(session)
    assert _partition(before) == _partition(after)


def _partition(groups: dict[str, int]) -> set[frozenset[str]]:
    return {frozenset(t for t in groups if groups[t] == g) for g in set(groups.values())}


def test_a_new_statement_joins_the_group_of_its_event(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.get_session()
        statement, created = services.add_statement(
            session,
            db.get_embedder(),
            StatementInput(
                text="Villagers in the Sarkand valley say soldiers burned crops during the raid",
                speaker="Sarkand village elder",
                speaker_kind="witness",
            ),
        )
        session.commit()
        groups = _groups(session)
        assert created and statement.membership is not None
        assert statement.membership.group_id == _group_of(groups, RAID_WORDS[0])


def test_an_unrelated_new_statement_starts_a_group_of_its_own(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.get_session()
        before = set(_groups(session).values())
        statement, _ = services.add_statement(
            session,
            db.get_embedder(),
            StatementInput(
                text="The national football team named a new coach on Thursday",
                speaker="Football federation",
                speaker_kind="other",
            ),
        )
        session.commit()
        assert statement.membership is not None
        assert statement.membership.group_id not in before


def test_every_stored_similarity_is_a_cosine(demo_app: Flask) -> None:
    """Placement scores add anchor and source bonuses; what a membership shows is the cosine."""
    with demo_app.app_context():
        similarities = db.get_session().scalars(select(Membership.similarity)).all()
    assert similarities
    assert all(s is not None and -1.0 <= s <= 1.0 + 1e-6 for s in similarities), similarities
