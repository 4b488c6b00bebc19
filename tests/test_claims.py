"""Claims inside an event: the partition of a group's members, and claims on the demo desk."""

from __future__ import annotations

import numpy as np
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from verify import db, services
from verify.embedding import MODEL_NAME
from verify.models import Claim, ClaimGroup, Membership, Statement
from verify.stance.claims import CENTRE_FROM, centred, partition


def unit(*rows: list[float]) -> np.ndarray:
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_alike_members_share_a_claim_and_a_stranger_stands_alone() -> None:
    vectors = unit([1, 0.1, 0], [1, 0, 0.1], [0, 0, 1])
    labels = partition(vectors, [None, None, None], threshold=0.5)
    assert labels[0] == labels[1] != labels[2]


def test_a_member_a_person_placed_keeps_its_claim_and_draws_alike_ones() -> None:
    vectors = unit([1, 0, 0], [1, 0.1, 0], [0, 1, 0])
    labels = partition(vectors, [7, None, None], threshold=0.5)
    assert labels[0] == labels[1] == 7
    assert labels[2] not in (7, None)


def test_members_without_a_vector_wait_together_in_one_claim() -> None:
    vectors = np.array([[1, 0], [0, 0], [0, 0]], dtype=np.float32)
    labels = partition(vectors, [None, None, None], threshold=0.5)
    assert labels[1] == labels[2] != labels[0]


def _large_event(rng: np.random.Generator) -> tuple[np.ndarray, list[int]]:
    """CENTRE_FROM members sharing one strong topic, each also saying one of two things: on
    plain vectors every pair is alike (the topic), centred they differ by what they say."""
    topic, blame, toll = rng.normal(size=(3, 64))
    rows, said = [], []
    for i in range(CENTRE_FROM):
        what = (blame, toll)[i % 2]
        rows.append(3.0 * topic + what + 0.3 * rng.normal(size=64))
        said.append(i % 2)
    vectors = np.array(rows)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True), said


def test_a_large_event_is_sorted_by_what_members_say_beyond_its_topic() -> None:
    vectors, said = _large_event(np.random.default_rng(5))
    assert float((vectors @ vectors.T).min()) > 0.35  # one claim, were they not centred
    labels = partition(vectors, [None] * len(said), threshold=0.35, centred_threshold=0.0)
    assert len(set(labels)) == 2
    pairs = [(i, j) for i in range(len(said)) for j in range(i)]
    assert all((labels[i] == labels[j]) == (said[i] == said[j]) for i, j in pairs)


def test_a_small_event_is_sorted_on_plain_vectors() -> None:
    vectors, said = _large_event(np.random.default_rng(5))
    few = vectors[: CENTRE_FROM - 1]
    labels = partition(few, [None] * len(few), threshold=0.35, centred_threshold=0.0)
    assert len(set(labels)) == 1


def test_centred_vectors_are_unit_and_rows_without_a_vector_stay_empty() -> None:
    vectors = unit([1, 0.2, 0], [1, 0, 0.2], [1, 0.1, 0.1])
    rows = centred(np.vstack([vectors, np.zeros((1, 3), dtype=np.float32)]))
    assert np.allclose(np.linalg.norm(rows[:3], axis=1), 1.0)
    assert not rows[3].any()


def test_an_event_whose_members_have_no_vector_yet_centres_to_nothing() -> None:
    with np.errstate(all="raise"):  # no mean of an empty slice
        rows = centred(np.zeros((CENTRE_FROM, 3), dtype=np.float32))
    assert rows.shape == (CENTRE_FROM, 3) and not rows.any()


def claims_of(session: Session, words: str) -> tuple[ClaimGroup, Claim]:
    statement = session.scalars(select(Statement).where(Statement.text.contains(words))).one()
    membership = session.get(Membership, statement.id)
    assert membership is not None and membership.claim is not None
    return membership.group, membership.claim


def test_the_raid_event_holds_several_claims(demo_app: Flask, db_session: Session) -> None:
    group, _ = claims_of(db_session, "Every person killed in Sarkand was an armed militant")
    assert len(group.claims) >= 2
    held = [m.statement_id for claim in group.claims for m in claim.memberships]
    assert sorted(held) == sorted(m.statement_id for m in group.memberships)


def test_the_civilian_toll_is_one_claim_with_the_denial_opposite_the_army(
    demo_app: Flask, db_session: Session
) -> None:
    _, army = claims_of(db_session, "Every person killed in Sarkand was an armed militant")
    _, kaleev = claims_of(db_session, "shelling farming families")
    assert army.id == kaleev.id
    sides = {m.statement.speaker.name: m.shown_side for m in army.memberships}
    assert sides["Colonel Idris Vahid"] == "asserts"
    assert sides["Rustam Kaleev"] == "denies"
    assert army.suggested_flag == "disputed"
    assert army.conflict_reason and "Rustam Kaleev" in army.conflict_reason


def test_regroup_sorts_a_desk_from_before_claims_into_claims(
    demo_app: Flask, db_session: Session
) -> None:
    db_session.execute(update(Membership).values(claim_id=None))
    db_session.execute(delete(Claim))
    db_session.commit()
    services.regroup(db_session, MODEL_NAME)
    db_session.commit()
    memberships = db_session.scalars(select(Membership)).all()
    assert memberships and all(m.claim_id is not None for m in memberships)


def test_the_api_lays_out_each_claim_side_by_side(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    with demo_app.app_context():
        session = db.get_session()
        group, claim = claims_of(session, "shelling farming families")
        kaleev = session.scalars(
            select(Statement.id).where(Statement.text.contains("shelling farming families"))
        ).one()
        group_id, claim_id = group.id, claim.id
    body = demo_client.get(f"/api/groups/{group_id}").get_json()
    shown = {c["id"]: c for c in body["claims"]}
    assert shown[claim_id]["shown_flag"] == "disputed"
    assert kaleev in shown[claim_id]["sides"]["denies"]
    assert body["claims"][0]["id"] == claim_id  # disputed claims first
    member = next(m for m in body["members"] if m["statement_id"] == kaleev)
    assert member["claim_id"] == claim_id


def test_the_events_list_names_each_events_disputed_claims(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    with demo_app.app_context():
        group, claim = claims_of(db.get_session(), "shelling farming families")
        group_id, claim_id = group.id, claim.id
    soup = BeautifulSoup(demo_client.get("/").get_data(as_text=True), "html.parser")
    row = soup.select_one(f'tr.group-row[data-group-id="{group_id}"]')
    assert row is not None
    links = [str(a["href"]) for a in row.select(".disputed-claims a")]
    assert f"/groups/{group_id}#claim-{claim_id}" in links
    assert all(link.startswith(f"/groups/{group_id}#claim-") for link in links)
