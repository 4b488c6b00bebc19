"""Stance on the desk with the real model and the real judge: central claims, suggested sides,
conflict scores and flags, kept in step by imports, confirmations, editor actions, regrouping,
the `stance` command; a person's sides and flags always kept."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from verify import services
from verify.choices import SIDES
from verify.embedding import SentenceTransformerEmbedder
from verify.inputs.records import SourceInput, StatementInput
from verify.models import ClaimGroup, Membership, Speaker, Statement
from verify.services.stance import judge_groups, judge_placed
from verify.stance.judge import stance_judge
from verify.stance.relation import Relation
from verify.stance.sides import PAIRS_PER_NEWCOMER

VAHID = "Colonel Idris Vahid"  # asserts the raid (a person's side in the demo)
KALEEV = "Rustam Kaleev"  # denies it (a person's side in the demo)
MINISTERS = "Government ministers"  # in the raid group, no side given
OSMANI = "Leyla Osmani"  # the dam group, no side given
TOOR = "Hamid Toor"  # the dam group, no side given


class CountingJudge:
    """The real judge, with the pairs it is asked about counted (measuring, not faking)."""

    def __init__(self) -> None:
        self.inner = stance_judge()
        self.pairs = 0

    def relate(self, pairs: Sequence[tuple[str, str]]) -> list[Relation]:
        self.pairs += len(pairs)
        return self.inner.relate(pairs)


def statement_by(session: Session, speaker: str) -> Statement:
    found = session.scalars(
        select(Statement).join(Speaker).where(Speaker.name == speaker).order_by(Statement.id)
    ).first()
    assert found is not None, speaker
    return found


def group_of(session: Session, speaker: str) -> ClaimGroup:
    membership = statement_by(session, speaker).membership
    assert membership is not None
    return membership.group


def fresh(session: Session) -> Session:
    """The session with nothing cached, so what follows reads what is stored."""
    session.expire_all()
    return session


# ---------------------------------------------------------------- after an import


def test_after_the_demo_every_group_has_a_central_claim_and_every_member_a_side(
    demo_app: Flask, db_session: Session
) -> None:
    groups = db_session.scalars(select(ClaimGroup).where(ClaimGroup.memberships.any())).all()
    assert len(groups) >= 2
    for group in groups:
        assert group.central_statement_id in {m.statement_id for m in group.memberships}
        assert group.conflict is not None and 0.0 <= group.conflict <= 1.0
        for membership in group.memberships:
            assert membership.suggested_side in SIDES, membership
            assert membership.side_confidence is not None
            assert 0.0 <= membership.side_confidence <= 1.0
            assert membership.denial is not None and 0.0 <= membership.denial <= 1.0
            assert isinstance(membership.slot_conflicts, list)


def test_a_denial_a_person_gave_makes_the_raid_group_disputed(
    demo_app: Flask, db_session: Session
) -> None:
    raid = group_of(db_session, VAHID)
    assert raid.conflict == 1.0
    assert raid.suggested_flag == "disputed"
    assert raid.flag is None and raid.shown_flag == "disputed"
    assert raid.conflict_reason is not None and raid.conflict_reason.startswith(KALEEV)
    central = db_session.get(Statement, raid.central_statement_id)
    assert central is not None and central.membership is not None
    assert central.membership.side == "asserts"  # a person's asserter is the central claim


def test_confirmed_suggestions_are_judged_in_the_groups_they_join(
    app: Flask,
    db_session: Session,
    embedder: SentenceTransformerEmbedder,
    judge_sides: Callable[[Session], None],
) -> None:
    text = (
        "The port authority said on Friday that the new container terminal at Kessa will open "
        "in June. Dock workers' union leader Marta Lind denied that the terminal will open in "
        "June, saying it is months behind schedule."
    )
    report = services.ingest_article(db_session, SourceInput(title="Kessa terminal", text=text))
    assert report.suggested
    confirmed = services.confirm_source(db_session, embedder, report.source.id, "Ana")
    assert confirmed
    assert all(s.membership and s.membership.group.stance_due for s in confirmed)
    judge_sides(db_session)
    for statement in confirmed:
        membership = statement.membership
        assert membership is not None
        assert membership.suggested_side in SIDES
        assert membership.group.central_statement_id is not None


# ---------------------------------------------------------------- a person's choices win


def test_a_side_a_person_chose_survives_judging_and_regrouping(
    demo_app: Flask, db_session: Session, embedder: SentenceTransformerEmbedder
) -> None:
    ministers = statement_by(db_session, MINISTERS)
    assert ministers.membership is not None
    suggested = ministers.membership.suggested_side
    chosen = "asserts" if suggested != "asserts" else "denies"  # against the machine
    services.set_side(db_session, ministers.id, chosen, "Ana")
    db_session.commit()
    judge_groups(db_session)
    services.regroup(db_session, embedder.name)
    db_session.commit()
    membership = fresh(db_session).get(Membership, ministers.id)
    assert membership is not None
    assert (membership.side, membership.side_set_by) == (chosen, "Ana")
    assert membership.shown_side == chosen
    kaleev = statement_by(db_session, KALEEV).membership
    assert kaleev is not None and (kaleev.side, kaleev.side_set_by) == ("denies", "demo")


def test_a_flag_a_person_gave_is_never_overwritten(
    demo_app: Flask, db_session: Session, embedder: SentenceTransformerEmbedder
) -> None:
    raid = group_of(db_session, VAHID)
    services.flag_group(db_session, raid.id, "corroborated", "Ana")
    db_session.commit()
    judge_groups(db_session)
    services.set_side(db_session, statement_by(db_session, MINISTERS).id, "neutral", "Bo")
    services.regroup(db_session, embedder.name)
    db_session.commit()
    group = fresh(db_session).get(ClaimGroup, raid.id)
    assert group is not None
    assert (group.flag, group.flagged_by) == ("corroborated", "Ana")
    assert group.shown_flag == "corroborated"
    assert group.suggested_flag == "disputed"  # the suggestion stays beside the person's flag


# ---------------------------------------------------------------- small groups


def test_a_lone_denial_denies_its_claim_with_no_conflict_and_no_suggested_flag(
    app: Flask,
    db_session: Session,
    embedder: SentenceTransformerEmbedder,
    judge_sides: Callable[[Session], None],
) -> None:
    statement, _ = services.add_statement(
        db_session,
        embedder,
        StatementInput(
            text="the municipal library will stay open on Sundays from June",
            speaker="City council of Arden",
            cue="denied",  # the council denies what its words say: the card shows a denial
        ),
    )
    judge_sides(db_session)
    membership = statement.membership
    assert membership is not None
    group = membership.group
    assert [m.statement_id for m in group.memberships] == [statement.id]
    assert group.central_statement_id == statement.id
    assert group.conflict == 0.0
    assert group.suggested_flag is None and group.conflict_reason is None
    assert membership.suggested_side == "denies"


def test_the_same_words_from_a_second_speaker_assert(
    app: Flask,
    db_session: Session,
    embedder: SentenceTransformerEmbedder,
    judge_sides: Callable[[Session], None],
) -> None:
    words = "the Kestrel Dam released its full seasonal allocation of water to the canals"
    first, _ = services.add_statement(db_session, embedder, StatementInput(words, "Leyla Osmani"))
    second, _ = services.add_statement(db_session, embedder, StatementInput(words, "Dam office"))
    judge_sides(db_session)
    assert first.membership is not None and second.membership is not None
    assert first.membership.group_id == second.membership.group_id
    # One of them is the central claim; the other asserts only because its words are the same.
    assert first.membership.suggested_side == second.membership.suggested_side == "asserts"
    assert second.membership.side_confidence is not None
    assert second.membership.side_confidence >= 0.9


# ---------------------------------------------------------------- cost at ingest


def _big_group(session: Session, size: int) -> ClaimGroup:
    """A group of `size` accounts of one bridge collapse, stored without the placement step
    (stance reads memberships, not vectors)."""
    group = ClaimGroup(label="bridge collapse")
    session.add(group)
    speakers = ["Police", "The ministry", "Witnesses", "The mayor", "Rescue teams"]
    for i in range(size):
        speaker = speakers[i % len(speakers)]
        text = (
            f"{3 + i % 7} people were killed when the old bridge over the Teshin river "
            f"collapsed on Monday, {speaker.lower()} said in update {i}"
        )
        _add_member(session, group, text, speaker)
    session.flush()
    return group


def _add_member(session: Session, group: ClaimGroup, text: str, speaker: str) -> Statement:
    known = session.scalar(select(Speaker).where(Speaker.name == speaker))
    statement = Statement(
        text=text,
        speaker=known or Speaker(name=speaker),
        cue="said",
        fingerprint=hashlib.sha256(f"{speaker}|{text}".encode()).hexdigest(),
    )
    statement.membership = Membership(group=group, similarity=0.6)
    session.add(statement)
    session.flush()
    return statement


@pytest.mark.slow
def test_a_newcomer_to_a_big_group_costs_a_few_pair_judgements(
    app: Flask, db_session: Session
) -> None:
    group = _big_group(db_session, 40)
    whole = CountingJudge()
    judge_groups(db_session, [group.id], whole)
    assert whole.pairs >= 39  # judging from scratch reads every member
    central = group.central_statement_id
    newcomers = [
        _add_member(db_session, group, "Nobody died when the Teshin bridge fell", "Union"),
        _add_member(db_session, group, "The Teshin bridge collapse killed five", "Wire"),
    ]
    counting = CountingJudge()
    judge_placed(db_session, {group.id: [s.id for s in newcomers]}, counting)
    assert 1 <= counting.pairs <= len(newcomers) * PAIRS_PER_NEWCOMER
    assert group.central_statement_id == central
    for statement in newcomers:
        assert statement.membership is not None
        assert statement.membership.suggested_side in SIDES


# ---------------------------------------------------------------- editor actions


def test_a_moved_central_claim_leaves_its_old_group_a_new_one(
    demo_app: Flask, db_session: Session
) -> None:
    dam = group_of(db_session, OSMANI)
    raid = group_of(db_session, VAHID)
    moved = dam.central_statement_id
    assert moved is not None
    services.move_statement(db_session, moved, raid.id, "Ana")
    db_session.commit()
    dam = fresh(db_session).get_one(ClaimGroup, dam.id)
    left = {m.statement_id for m in dam.memberships}
    assert moved not in left and dam.central_statement_id in left
    membership = db_session.get(Membership, moved)
    assert membership is not None and membership.group_id == raid.id
    assert membership.suggested_side in SIDES


def test_merging_clears_the_emptied_group_and_judges_the_newcomers(
    demo_app: Flask, db_session: Session
) -> None:
    dam, raid = group_of(db_session, OSMANI), group_of(db_session, VAHID)
    central = raid.central_statement_id
    services.merge_groups(db_session, raid.id, dam.id, "Ana")
    db_session.commit()
    emptied = fresh(db_session).get(ClaimGroup, dam.id)
    assert emptied is not None
    assert (emptied.central_statement_id, emptied.conflict, emptied.suggested_flag) == (
        None,
        None,
        None,
    )
    merged = db_session.get(ClaimGroup, raid.id)
    assert merged is not None and merged.central_statement_id == central
    assert all(m.suggested_side in SIDES for m in merged.memberships)


def test_a_denial_a_person_sets_makes_a_small_group_list_first(
    demo_app: Flask, db_session: Session
) -> None:
    raid, dam = group_of(db_session, VAHID), group_of(db_session, OSMANI)
    services.flag_group(db_session, raid.id, "not_a_dispute", "Ana")
    services.set_side(db_session, statement_by(db_session, TOOR).id, "denies", "Ana")
    db_session.commit()
    dam = fresh(db_session).get_one(ClaimGroup, dam.id)
    assert (dam.conflict, dam.suggested_flag) == (1.0, "disputed")
    assert dam.conflict_reason is not None and dam.conflict_reason.startswith(TOOR)
    listed = services.list_groups(db_session)
    assert [g.id for g in listed][:2] == [dam.id, raid.id]  # smaller, but disputed


def test_list_groups_puts_groups_shown_disputed_first(demo_app: Flask, db_session: Session) -> None:
    raid, dam = group_of(db_session, VAHID), group_of(db_session, OSMANI)
    services.flag_group(db_session, raid.id, "corroborated", "Ana")
    services.flag_group(db_session, dam.id, "disputed", "Ana")
    db_session.commit()
    listed = services.list_groups(db_session)
    assert listed[0].id == dam.id
    shown = [g.shown_flag == "disputed" for g in listed]
    assert shown == sorted(shown, reverse=True)
    rest = [g.conflict for g in listed if g.shown_flag != "disputed"]
    assert rest == sorted(rest, key=lambda c: (c is None, -(c or 0.0)))
    assert [g.id for g in services.list_groups(db_session, flag="disputed")] == [dam.id]


# ---------------------------------------------------------------- the command


def _forget_stance(session: Session) -> None:
    session.execute(update(ClaimGroup).values(central_statement_id=None, conflict=None))
    session.execute(update(Membership).values(suggested_side=None, side_confidence=None))
    session.commit()


def test_stance_command_judges_every_group_and_prints_the_disputed_ones(
    demo_app: Flask, runner: FlaskCliRunner, db_session: Session
) -> None:
    raid = group_of(db_session, VAHID)
    _forget_stance(db_session)
    result = runner.invoke(args=["stance"])
    assert result.exit_code == 0, result.output
    groups = fresh(db_session).scalars(select(ClaimGroup).where(ClaimGroup.memberships.any()))
    judged = list(groups)
    disputed = [g for g in judged if g.suggested_flag == "disputed"]
    lines = result.output.splitlines()
    assert lines[0] == f"judged {len(judged)} group(s); {len(disputed)} suggested disputed"
    assert f"#{raid.id} conflict 1.00: {KALEEV}" in result.output
    assert len(lines) == 1 + len(disputed)
    assert all(g.central_statement_id is not None for g in judged)


def test_stance_command_judges_one_group_as_json(
    demo_app: Flask, runner: FlaskCliRunner, db_session: Session
) -> None:
    raid, dam = group_of(db_session, VAHID), group_of(db_session, OSMANI)
    _forget_stance(db_session)
    result = runner.invoke(args=["stance", "--group", str(raid.id), "--json"])
    assert result.exit_code == 0, result.output
    shape = json.loads(result.output.splitlines()[-1])
    assert shape["judged"] == 1
    assert [g["id"] for g in shape["disputed"]] == [raid.id]
    assert shape["disputed"][0]["conflict"] == 1.0
    untouched = fresh(db_session).get(ClaimGroup, dam.id)
    assert untouched is not None and untouched.central_statement_id is None


def test_stance_command_refuses_an_unknown_group(demo_app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["stance", "--group", "999"])
    assert result.exit_code == 2
    assert "Error: no group with id 999" in result.output
