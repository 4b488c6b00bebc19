"""The JSON API for groups: list, detail with stance suggestions, split, merge, flag."""

from __future__ import annotations

from api_calls import assert_error, counts, groups, history, statement_of
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from verify import db
from verify.models import ClaimGroup

STANCE_GROUP_KEYS = {
    "central_statement_id",
    "conflict",
    "suggested_flag",
    "flag",
    "shown_flag",
    "conflict_reason",
}


STANCE_MEMBER_KEYS = {"suggested_side", "side_confidence", "denial", "slot_conflicts", "side_by"}


def test_group_list_shape(demo_client: FlaskClient) -> None:
    page = demo_client.get("/api/groups").get_json()
    assert page["total"] == len(page["items"]) > 0
    group = page["items"][0]
    assert {"id", "label", "flag", "size", "side_counts", "stance_due"} | STANCE_GROUP_KEYS <= set(
        group
    )
    assert "members" not in group  # counted in the list, listed (and paged) in the detail
    assert sum(group["side_counts"].values()) == group["size"]
    order = [(g["shown_flag"] != "disputed", -(g["conflict"] or 0.0)) for g in page["items"]]
    assert order == sorted(order)  # disputed first, then the most conflicted


def test_group_json_carries_the_stance_suggestions(demo_client: FlaskClient) -> None:
    vahid = statement_of(demo_client, "Colonel Idris Vahid")
    ministers = statement_of(demo_client, "Government ministers")
    group = demo_client.get(f"/api/groups/{vahid['group_id']}").get_json()
    assert group["shown_flag"] == group["suggested_flag"] == "disputed"
    assert group["flag"] is None
    assert group["conflict"] == 1.0 and group["conflict_reason"].startswith("Rustam Kaleev")
    members = {m["statement_id"]: m for m in group["members"]}
    assert group["central_statement_id"] in members
    assert all(STANCE_MEMBER_KEYS <= set(m) for m in members.values())
    assert members[vahid["id"]]["side_by"] == "person"
    assert members[ministers["id"]]["side_by"] == "machine"
    assert members[ministers["id"]]["suggested_side"] in {"asserts", "denies", "neutral"}
    assert 0.0 <= members[ministers["id"]]["side_confidence"] <= 1.0
    statement = demo_client.get(f"/api/statements/{ministers['id']}").get_json()
    assert STANCE_MEMBER_KEYS <= set(statement)
    assert statement["side_by"] == "machine"


def test_judging_a_groups_stance_again_restores_its_suggestions(
    demo_app: Flask, demo_client: FlaskClient
) -> None:
    group_id = statement_of(demo_client, "Colonel Idris Vahid")["group_id"]
    before = demo_client.get(f"/api/groups/{group_id}").get_json()
    with demo_app.app_context():
        session = db.get_session()
        session.execute(update(ClaimGroup).values(conflict=None, suggested_flag=None))
        session.commit()
    response = demo_client.post(f"/api/groups/{group_id}/stance")
    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    assert (after["conflict"], after["suggested_flag"]) == (1.0, "disputed")
    assert after["central_statement_id"] == before["central_statement_id"]
    assert counts(demo_client)["actions"] == 0  # a suggestion, not a person's decision


def test_judging_a_groups_stance_refuses_fields_and_unknown_groups(
    demo_client: FlaskClient,
) -> None:
    group_id = groups(demo_client)[0]["id"]
    assert_error(
        demo_client.post(f"/api/groups/{group_id}/stance", json={"x": 1}), 400, "no fields"
    )
    assert_error(demo_client.post("/api/groups/999999/stance"), 404, "999999")


def test_group_detail_members_carry_side_and_source(demo_client: FlaskClient) -> None:
    vahid = statement_of(demo_client, "Colonel Idris Vahid")
    detail = demo_client.get(f"/api/groups/{vahid['group_id']}").get_json()
    member = next(m for m in detail["members"] if m["statement_id"] == vahid["id"])
    assert {"statement_id", "text", "speaker", "speaker_kind", "side", "source"} <= set(member)
    assert member["speaker_kind"] == "military"
    assert member["side"] == "asserts"
    assert member["source"]["outlet"] == "Valoria Wire Service"
    assert set(detail["sides"]) == {"asserts", "denies", "neutral", "undetermined"}
    assert vahid["id"] in detail["sides"]["asserts"]
    assert isinstance(detail["history"], list)


def test_groups_filter_by_flag(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": "disputed"})
    page = demo_client.get("/api/groups?flag=disputed").get_json()
    assert [g["id"] for g in page["items"]] == [group_id]
    assert page["total"] == 1


def test_bad_flag_filter_lists_the_valid_flags(client: FlaskClient) -> None:
    assert_error(client.get("/api/groups?flag=fake"), 400, "fake", "disputed, corroborated")


def test_split_makes_a_new_group_with_201(demo_client: FlaskClient) -> None:
    group = next(g for g in groups(demo_client) if len(g["members"]) >= 2)
    taken = group["members"][-1]["statement_id"]
    response = demo_client.post(
        f"/api/groups/{group['id']}/split",
        json={"statement_ids": [taken], "note": "different event"},
    )
    assert response.status_code == 201, response.get_json()
    new = response.get_json()
    assert response.headers["Location"] == f"/api/groups/{new['id']}"
    assert [m["statement_id"] for m in new["members"]] == [taken]
    assert new["history"][0]["action"] == "split_group"
    assert history(demo_client, group["id"])[0]["action"] == "split_group"


def test_split_of_a_stranger_statement_writes_nothing(demo_client: FlaskClient) -> None:
    first, second = groups(demo_client)[:2]
    before = counts(demo_client)
    response = demo_client.post(
        f"/api/groups/{first['id']}/split",
        json={"statement_ids": [second["members"][0]["statement_id"]]},
    )
    assert_error(response, 400, "not in group")
    assert counts(demo_client) == before


def test_merge_moves_every_member(demo_client: FlaskClient) -> None:
    first, second = groups(demo_client)[:2]
    response = demo_client.post(f"/api/groups/{first['id']}/merge", json={"group_id": second["id"]})
    assert response.status_code == 200, response.get_json()
    merged = {m["statement_id"] for m in response.get_json()["members"]}
    assert merged == {m["statement_id"] for g in (first, second) for m in g["members"]}
    assert history(demo_client, first["id"])[0]["action"] == "merge_groups"
    assert second["id"] not in [g["id"] for g in groups(demo_client)]


def test_missing_action_field_is_named(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    response = demo_client.post(f"/api/groups/{group_id}/merge", json={})
    assert_error(response, 400, "group_id is required")


def test_flag_sets_verdict_and_note(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    response = demo_client.post(
        f"/api/groups/{group_id}/flag",
        json={"flag": "disputed", "note": "army and Kaleev disagree"},
    )
    assert response.status_code == 200, response.get_json()
    group = response.get_json()
    assert (group["flag"], group["flag_note"], group["flagged_by"]) == (
        "disputed",
        "army and Kaleev disagree",
        "Ana",
    )
    assert history(demo_client, group_id)[0]["detail"] == {"from": None, "to": "disputed"}


def test_action_on_unknown_group_is_404_and_writes_nothing(client: FlaskClient) -> None:
    response = client.post("/api/groups/999999/flag", json={"flag": "disputed"})
    assert_error(response, 404, "no group with id 999999")
    assert counts(client)["actions"] == 0


def test_the_detail_pages_its_members_per_column(demo_client: FlaskClient) -> None:
    biggest = max(groups(demo_client), key=lambda g: g["size"])
    whole = demo_client.get(f"/api/groups/{biggest['id']}").get_json()
    paged = demo_client.get(f"/api/groups/{biggest['id']}?limit=1&offset=1").get_json()
    assert paged["side_counts"] == whole["side_counts"]
    assert (paged["limit"], paged["offset"], paged["size"]) == (1, 1, whole["size"])
    for column, ids in whole["sides"].items():
        assert paged["sides"][column] == ids[1:2]
    assert [m["statement_id"] for m in paged["members"]] == [
        key for ids in paged["sides"].values() for key in ids
    ]
    assert_error(demo_client.get(f"/api/groups/{biggest['id']}?limit=0"), 400, "limit")
