"""The JSON API for statements: create, filter, edit, delete, side, move, and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from api_calls import (
    ARTICLE,
    CLAIM,
    assert_error,
    counts,
    groups,
    history,
    new_source,
    statement_body,
    statement_of,
)
from flask.testing import FlaskClient

from verify.choices import MAX_STATEMENT_CHARS, SPEAKER_KINDS


def test_create_statement_returns_201_location_and_group(client: FlaskClient) -> None:
    source = new_source(client)
    response = client.post("/api/statements", json=statement_body(source["id"]))
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["group_id"] is not None
    assert response.headers["Location"] == f"/api/statements/{created['id']}"
    read = client.get(response.headers["Location"]).get_json()
    assert read["text"] == CLAIM
    assert read["speaker"] == "Kessa port authority"
    assert read["speaker_kind"] == "government"
    assert read["source"]["id"] == source["id"]
    assert read["span"] == statement_body(0)["span"]
    assert read["said_on"] == "2026-05-01"


def test_posting_an_identical_statement_returns_the_stored_one(client: FlaskClient) -> None:
    source = new_source(client)
    first = client.post("/api/statements", json=statement_body(source["id"])).get_json()
    before = counts(client)
    again = client.post("/api/statements", json=statement_body(source["id"]))
    assert again.status_code == 200
    assert again.get_json()["id"] == first["id"]
    assert counts(client) == before


def test_statement_side_given_on_create_is_kept(client: FlaskClient) -> None:
    source = new_source(client)
    created = client.post(
        "/api/statements", json=statement_body(source["id"], side="asserts")
    ).get_json()
    assert created["side"] == "asserts"


def test_a_statement_naming_its_editor_is_refused(client: FlaskClient) -> None:
    """Who acts is the token's account; an "editor" field is an unknown field."""
    source = new_source(client)
    before = counts(client)
    body = statement_body(source["id"], side="asserts", editor="Bo")
    response = client.post("/api/statements", json=body)
    assert response.status_code == 400
    assert "unknown field(s) for a statement: editor" in response.get_json()["error"]
    assert counts(client) == before


def test_statements_filter_by_speaker(demo_client: FlaskClient) -> None:
    page = demo_client.get("/api/statements?speaker=rustam kaleev").get_json()
    assert page["total"] == 2
    assert {s["speaker"] for s in page["items"]} == {"Rustam Kaleev"}


def test_statements_filter_by_group(demo_client: FlaskClient) -> None:
    group = groups(demo_client)[0]
    page = demo_client.get(f"/api/statements?group_id={group['id']}&limit=500").get_json()
    assert {s["id"] for s in page["items"]} == {m["statement_id"] for m in group["members"]}
    assert page["total"] == len(group["members"])


def test_unknown_speaker_filter_gives_an_empty_page(demo_client: FlaskClient) -> None:
    page = demo_client.get("/api/statements?speaker=Nobody Atall").get_json()
    assert page == {"items": [], "total": 0, "limit": 50, "offset": 0}


def test_patch_changes_a_statement_and_records_the_edit(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Hamid Toor")
    response = demo_client.patch(
        f"/api/statements/{statement['id']}",
        json={"cue": "told reporters", "attribution": "direct"},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["cue"] == "told reporters"
    assert demo_client.get(f"/api/statements/{statement['id']}").get_json()["cue"] == (
        "told reporters"
    )
    entry = history(demo_client, statement["group_id"])[0]
    assert (entry["action"], entry["editor"], entry["statement_id"]) == (
        "edit_statement",
        "Ana",
        statement["id"],
    )


def test_patch_new_text_is_stored(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Leyla Osmani")
    response = demo_client.patch(
        f"/api/statements/{statement['id']}",
        json={"text": "the dam released its full allocation"},
    )
    assert response.status_code == 200, response.get_json()
    read = demo_client.get(f"/api/statements/{statement['id']}").get_json()
    assert read["text"] == "the dam released its full allocation"


def test_delete_removes_the_statement_and_records_it(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Hamid Toor")
    before = counts(demo_client)
    response = demo_client.delete(f"/api/statements/{statement['id']}")
    assert response.status_code == 204
    assert demo_client.get(f"/api/statements/{statement['id']}").status_code == 404
    assert counts(demo_client)["statements"] == before["statements"] - 1
    entry = demo_client.get("/api/actions").get_json()["items"][0]
    assert entry["action"] == "delete_statement"
    assert entry["detail"]["text"] == statement["text"]


def test_set_side_changes_the_column_and_is_in_history(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Government ministers")
    response = demo_client.post(
        f"/api/statements/{statement['id']}/side",
        json={"side": "denies", "note": "contradicts the raid"},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["side"] == "denies"
    detail = demo_client.get(f"/api/groups/{statement['group_id']}").get_json()
    assert statement["id"] in detail["sides"]["denies"]
    entry = detail["history"][0]
    assert (entry["action"], entry["editor"], entry["note"]) == (
        "set_side",
        "Ana",
        "contradicts the raid",
    )


def test_move_to_a_new_group_is_in_both_histories(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "The Sarkand Weekly")
    response = demo_client.post(f"/api/statements/{statement['id']}/move", json={"group_id": None})
    assert response.status_code == 200, response.get_json()
    new_group = response.get_json()["group_id"]
    assert new_group != statement["group_id"]
    for group_id in (new_group, statement["group_id"]):
        assert history(demo_client, group_id)[0]["action"] == "move_statement"


def test_move_to_an_existing_group(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "The Sarkand Weekly")
    target = next(g for g in groups(demo_client) if g["id"] != statement["group_id"])
    response = demo_client.post(
        f"/api/statements/{statement['id']}/move",
        json={"group_id": target["id"]},
    )
    assert response.status_code == 200, response.get_json()
    detail = demo_client.get(f"/api/groups/{target['id']}").get_json()
    assert statement["id"] in [m["statement_id"] for m in detail["members"]]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"text": ""}, ["text", "required"]),
        ({"text": "   \n\t "}, ["text", "required"]),
        ({"speaker": None}, ["speaker", "required"]),
        ({"speaker_kind": "wizard"}, ["wizard", *SPEAKER_KINDS]),
        ({"span": [0, len(ARTICLE) + 5]}, ["span", "outside its source text"]),
        ({"text": "x" * (MAX_STATEMENT_CHARS + 1)}, ["20,000"]),
        ({"said_on": "last Tuesday"}, ["said_on", "YYYY-MM-DD"]),
        ({"source_id": "one"}, ["source_id", "whole number"]),
        ({"colour": "red"}, ["unknown field", "colour"]),
    ],
    ids=[
        "empty-text",
        "whitespace-text",
        "missing-speaker",
        "unknown-speaker-kind",
        "span-outside-source",
        "text-too-long",
        "bad-date",
        "source-id-not-a-number",
        "unknown-field",
    ],
)
def test_bad_statement_is_refused_and_writes_nothing(
    client: FlaskClient, changes: dict[str, Any], words: list[str]
) -> None:
    source = new_source(client)
    before = counts(client)
    body = {k: v for k, v in statement_body(source["id"], **changes).items() if v is not None}
    assert_error(client.post("/api/statements", json=body), 400, *words)
    assert counts(client) == before


def test_statement_in_unknown_source_is_404(client: FlaskClient) -> None:
    response = client.post("/api/statements", json={"text": "x", "speaker": "y", "source_id": 99})
    assert_error(response, 404, "no source with id 99")
    assert counts(client)["statements"] == 0


def test_unknown_side_lists_the_valid_ones_and_changes_nothing(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Leyla Osmani")
    response = demo_client.post(f"/api/statements/{statement['id']}/side", json={"side": "maybe"})
    assert_error(response, 400, "maybe", "asserts, denies, neutral")
    assert demo_client.get(f"/api/statements/{statement['id']}").get_json()["side"] is None
    assert counts(demo_client)["actions"] == 0
