"""The JSON API: create/read/update/delete, imports, groups, editor actions, and its errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from verify import db
from verify.choices import MAX_STATEMENT_CHARS, SPEAKER_KINDS
from verify.models import ClaimGroup

EDITOR = {"X-Verify-Editor": "Ana"}

ARTICLE = (
    "The port authority said on Friday that the new container terminal at Kessa will open in "
    "June. Dock workers' union leader Marta Lind said the terminal is months behind schedule."
)
CLAIM = "the new container terminal at Kessa will open in June"


def counts(client: FlaskClient) -> dict[str, int]:
    """How many of each thing is stored, as the API reports it."""
    return {
        name: client.get(f"/api/{name}").get_json()["total"]
        for name in ("sources", "statements", "groups", "actions")
    }


def new_source(client: FlaskClient) -> dict[str, Any]:
    response = client.post(
        "/api/sources",
        json={"title": "Kessa terminal", "outlet": "Harbour News", "text": ARTICLE},
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def statement_body(source: int, **changes: Any) -> dict[str, Any]:
    start = ARTICLE.index(CLAIM)
    body = {
        "text": CLAIM,
        "speaker": "Kessa port authority",
        "speaker_kind": "government",
        "cue": "said",
        "attribution": "reported",
        "span": [start, start + len(CLAIM)],
        "said_on": "2026-05-01",
        "source_id": source,
    }
    body.update(changes)
    return body


def statement_of(client: FlaskClient, speaker: str) -> dict[str, Any]:
    """The first stored statement by `speaker`, looked up through the API."""
    items = client.get("/api/statements", query_string={"speaker": speaker}).get_json()["items"]
    assert items, speaker
    return items[0]


def groups(client: FlaskClient) -> list[dict[str, Any]]:
    return client.get("/api/groups", query_string={"limit": 500}).get_json()["items"]


def history(client: FlaskClient, group_id: int) -> list[dict[str, Any]]:
    return client.get(f"/api/groups/{group_id}/history").get_json()["items"]


def assert_error(response: Any, status: int, *words: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    message: str = response.get_json()["error"]
    for word in words:
        assert word in message, message
    return message


# ---------------------------------------------------------------- sources


def test_create_source_returns_201_and_location_that_reads_it_back(client: FlaskClient) -> None:
    created = new_source(client)
    response = client.get(f"/api/sources/{created['id']}")
    assert response.status_code == 200
    source = response.get_json()
    assert source["title"] == "Kessa terminal"
    assert source["text"] == ARTICLE
    assert source["statement_ids"] == []


def test_create_source_location_header_points_at_the_source(client: FlaskClient) -> None:
    response = client.post("/api/sources", json={"title": "T", "text": ARTICLE})
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/sources/{response.get_json()['id']}"
    assert client.get(response.headers["Location"]).get_json()["text"] == ARTICLE


def test_posting_the_same_article_again_returns_the_existing_source(client: FlaskClient) -> None:
    first = new_source(client)
    again = client.post("/api/sources", json={"title": "Other title", "text": ARTICLE})
    assert again.status_code == 200
    assert again.get_json()["id"] == first["id"]
    assert counts(client)["sources"] == 1


def test_source_detail_lists_its_statement_ids(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Colonel Idris Vahid")
    source = demo_client.get(f"/api/sources/{statement['source']['id']}").get_json()
    assert statement["id"] in source["statement_ids"]
    assert len(source["statement_ids"]) == 3


def test_sources_are_paged(demo_client: FlaskClient) -> None:
    page = demo_client.get("/api/sources?limit=2&offset=1").get_json()
    assert page["total"] == 3
    assert page["limit"] == 2 and page["offset"] == 1
    assert len(page["items"]) == 2
    assert "text" not in page["items"][0]


# ---------------------------------------------------------------- statements


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
        "/api/statements", json=statement_body(source["id"], side="asserts", editor="Ana")
    ).get_json()
    assert created["side"] == "asserts"


def test_statement_side_without_an_editor_is_refused(client: FlaskClient) -> None:
    source = new_source(client)
    before = counts(client)
    response = client.post("/api/statements", json=statement_body(source["id"], side="asserts"))
    assert response.status_code == 400
    assert "editor" in response.get_json()["error"]
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
        json={"cue": "told reporters", "attribution": "direct", "editor": "Ana"},
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
        headers=EDITOR,
    )
    assert response.status_code == 200, response.get_json()
    read = demo_client.get(f"/api/statements/{statement['id']}").get_json()
    assert read["text"] == "the dam released its full allocation"


def test_delete_removes_the_statement_and_records_it(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Hamid Toor")
    before = counts(demo_client)
    response = demo_client.delete(f"/api/statements/{statement['id']}", headers=EDITOR)
    assert response.status_code == 204
    assert demo_client.get(f"/api/statements/{statement['id']}").status_code == 404
    assert counts(demo_client)["statements"] == before["statements"] - 1
    entry = demo_client.get("/api/actions").get_json()["items"][0]
    assert entry["action"] == "delete_statement"
    assert entry["detail"]["text"] == statement["text"]


# ---------------------------------------------------------------- imports


def import_body() -> dict[str, Any]:
    start = ARTICLE.index(CLAIM)
    return {
        "sources": [{"key": "kessa", "title": "Kessa terminal", "text": ARTICLE}],
        "statements": [
            {
                "text": CLAIM,
                "speaker": "Kessa port authority",
                "speaker_kind": "government",
                "span": [start, start + len(CLAIM)],
                "source": "kessa",
            },
            {
                "text": "the terminal is months behind schedule",
                "speaker": "Marta Lind",
                "speaker_kind": "other",
                "source": "kessa",
            },
        ],
    }


def test_import_stores_sources_and_statements(client: FlaskClient) -> None:
    response = client.post("/api/import", data=json.dumps(import_body()))
    assert response.status_code == 201, response.get_json()
    report = response.get_json()
    assert report["sources_added"] == 1
    assert report["statements_added"] == 2
    assert len(report["statement_ids"]) == 2
    assert counts(client)["statements"] == 2


def test_importing_the_same_body_twice_adds_nothing(client: FlaskClient) -> None:
    body = json.dumps(import_body())
    client.post("/api/import", data=body)
    before = counts(client)
    again = client.post("/api/import", data=body)
    assert again.status_code == 200
    assert again.get_json() == {
        "sources_added": 0,
        "statements_added": 0,
        "statements_skipped": 2,
        "statement_ids": [],
    }
    assert counts(client) == before


def test_bad_import_names_the_statement_and_writes_nothing(client: FlaskClient) -> None:
    body = import_body()
    body["statements"][1]["speaker_kind"] = "wizard"
    response = client.post("/api/import", data=json.dumps(body))
    assert_error(response, 400, "statement 2", "wizard")
    assert counts(client)["sources"] == 0


# ---------------------------------------------------------------- groups


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
    assert {"id", "label", "flag", "members"} | STANCE_GROUP_KEYS <= set(group)
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
    demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": "disputed"}, headers=EDITOR)
    page = demo_client.get("/api/groups?flag=disputed").get_json()
    assert [g["id"] for g in page["items"]] == [group_id]
    assert page["total"] == 1


# ---------------------------------------------------------------- editor actions


def test_set_side_changes_the_column_and_is_in_history(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Government ministers")
    response = demo_client.post(
        f"/api/statements/{statement['id']}/side",
        json={"side": "denies", "editor": "Ana", "note": "contradicts the raid"},
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
    response = demo_client.post(
        f"/api/statements/{statement['id']}/move", json={"group_id": None}, headers=EDITOR
    )
    assert response.status_code == 200, response.get_json()
    new_group = response.get_json()["group_id"]
    assert new_group != statement["group_id"]
    for group_id in (new_group, statement["group_id"]):
        assert history(demo_client, group_id)[0]["action"] == "move_statement"


def test_move_to_an_existing_group(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "The Sarkand Weekly")
    target = next(g for g in groups(demo_client) if g["id"] != statement["group_id"])
    response = demo_client.post(
        f"/api/statements/{statement['id']}/move", json={"group_id": target["id"]}, headers=EDITOR
    )
    assert response.status_code == 200, response.get_json()
    detail = demo_client.get(f"/api/groups/{target['id']}").get_json()
    assert statement["id"] in [m["statement_id"] for m in detail["members"]]


def test_split_makes_a_new_group_with_201(demo_client: FlaskClient) -> None:
    group = next(g for g in groups(demo_client) if len(g["members"]) >= 2)
    taken = group["members"][-1]["statement_id"]
    response = demo_client.post(
        f"/api/groups/{group['id']}/split",
        json={"statement_ids": [taken], "editor": "Ana", "note": "different event"},
    )
    assert response.status_code == 201, response.get_json()
    new = response.get_json()
    assert response.headers["Location"] == f"/api/groups/{new['id']}"
    assert [m["statement_id"] for m in new["members"]] == [taken]
    assert new["history"][0]["action"] == "split_group"
    assert history(demo_client, group["id"])[0]["action"] == "split_group"


def test_merge_moves_every_member(demo_client: FlaskClient) -> None:
    first, second = groups(demo_client)[:2]
    response = demo_client.post(
        f"/api/groups/{first['id']}/merge", json={"group_id": second["id"]}, headers=EDITOR
    )
    assert response.status_code == 200, response.get_json()
    merged = {m["statement_id"] for m in response.get_json()["members"]}
    assert merged == {m["statement_id"] for g in (first, second) for m in g["members"]}
    assert history(demo_client, first["id"])[0]["action"] == "merge_groups"
    assert second["id"] not in [g["id"] for g in groups(demo_client)]


def test_flag_sets_verdict_and_note(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    response = demo_client.post(
        f"/api/groups/{group_id}/flag",
        json={"flag": "disputed", "note": "army and Kaleev disagree", "editor": "Ana"},
    )
    assert response.status_code == 200, response.get_json()
    group = response.get_json()
    assert (group["flag"], group["flag_note"], group["flagged_by"]) == (
        "disputed",
        "army and Kaleev disagree",
        "Ana",
    )
    assert history(demo_client, group_id)[0]["detail"] == {"from": None, "to": "disputed"}


def test_actions_are_listed_newest_first(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    for flag in ("disputed", "corroborated"):
        demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": flag}, headers=EDITOR)
    actions = demo_client.get("/api/actions?limit=2").get_json()["items"]
    assert [a["detail"]["to"] for a in actions] == ["corroborated", "disputed"]


def test_editor_in_the_body_wins_over_the_header(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    demo_client.post(
        f"/api/groups/{group_id}/flag", json={"flag": "unresolved", "editor": "Bo"}, headers=EDITOR
    )
    assert history(demo_client, group_id)[0]["editor"] == "Bo"


# ---------------------------------------------------------------- bad input writes nothing


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


def test_source_without_text_url_or_title_is_refused(client: FlaskClient) -> None:
    assert_error(client.post("/api/sources", json={"outlet": "X"}), 400, "text, a url or a title")
    assert counts(client)["sources"] == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"text": "a", "speaker": ', ["malformed JSON", "line 1"]),
        (b'["text", "speaker"]', ["JSON object", "array"]),
        (b"", ["empty"]),
        (b'{"text": "caf\xe9", "speaker": "x"}', ["not UTF-8", "0xe9"]),
    ],
    ids=["malformed", "not-an-object", "empty", "not-utf8"],
)
def test_unreadable_body_is_400_and_writes_nothing(
    client: FlaskClient, data: bytes, words: list[str]
) -> None:
    response = client.post("/api/statements", data=data, content_type="application/json")
    assert_error(response, 400, *words)
    assert counts(client)["statements"] == 0


def test_malformed_import_is_400_and_writes_nothing(client: FlaskClient) -> None:
    assert_error(client.post("/api/import", data=b'{"sources": ['), 400, "malformed JSON")
    assert counts(client)["sources"] == 0


def test_non_utf8_import_is_400(client: FlaskClient) -> None:
    assert_error(client.post("/api/import", data=b'{"statements": "\xff"}'), 400, "UTF-8")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/api/statements/{statement}", {"cue": "said"}),
        ("delete", "/api/statements/{statement}", None),
        ("post", "/api/statements/{statement}/side", {"side": "asserts"}),
        ("post", "/api/statements/{statement}/move", {"group_id": None}),
        ("post", "/api/groups/{group}/split", {"statement_ids": ["{statement}"]}),
        ("post", "/api/groups/{group}/merge", {"group_id": "{other}"}),
        ("post", "/api/groups/{group}/flag", {"flag": "disputed"}),
    ],
    ids=["patch", "delete", "side", "move", "split", "merge", "flag"],
)
def test_editing_without_an_editor_is_400_and_writes_nothing(
    demo_client: FlaskClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    first, second = groups(demo_client)[:2]
    ids = {
        "statement": first["members"][0]["statement_id"],
        "group": first["id"],
        "other": second["id"],
    }
    if body is not None:
        text = json.dumps(body)
        for name, value in ids.items():
            text = text.replace(f'"{{{name}}}"', str(value))
        body = json.loads(text)
    before = counts(demo_client)
    group_before = demo_client.get(f"/api/groups/{first['id']}").get_json()
    response = getattr(demo_client, method)(path.format(**ids), json=body)
    assert_error(response, 400, "editor")
    assert counts(demo_client) == before
    assert demo_client.get(f"/api/groups/{first['id']}").get_json() == group_before


def test_blank_editor_header_is_refused(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    response = demo_client.post(
        f"/api/groups/{group_id}/flag", json={"flag": "disputed"}, headers={"X-Verify-Editor": " "}
    )
    assert_error(response, 400, "editor")
    assert demo_client.get(f"/api/groups/{group_id}").get_json()["flag"] is None


def test_unknown_side_lists_the_valid_ones_and_changes_nothing(demo_client: FlaskClient) -> None:
    statement = statement_of(demo_client, "Leyla Osmani")
    response = demo_client.post(
        f"/api/statements/{statement['id']}/side", json={"side": "maybe"}, headers=EDITOR
    )
    assert_error(response, 400, "maybe", "asserts, denies, neutral")
    assert demo_client.get(f"/api/statements/{statement['id']}").get_json()["side"] is None
    assert counts(demo_client)["actions"] == 0


def test_missing_action_field_is_named(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    response = demo_client.post(f"/api/groups/{group_id}/merge", json={}, headers=EDITOR)
    assert_error(response, 400, "group_id is required")


def test_split_of_a_stranger_statement_writes_nothing(demo_client: FlaskClient) -> None:
    first, second = groups(demo_client)[:2]
    before = counts(demo_client)
    response = demo_client.post(
        f"/api/groups/{first['id']}/split",
        json={"statement_ids": [second["members"][0]["statement_id"]]},
        headers=EDITOR,
    )
    assert_error(response, 400, "not in group")
    assert counts(demo_client) == before


def test_bad_flag_filter_lists_the_valid_flags(client: FlaskClient) -> None:
    assert_error(client.get("/api/groups?flag=fake"), 400, "fake", "disputed, corroborated")


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "offset=-1", "limit=100000"])
def test_bad_paging_is_400(client: FlaskClient, query: str) -> None:
    assert_error(client.get(f"/api/statements?{query}"), 400, query.split("=")[0])


# ---------------------------------------------------------------- unknown ids, routes, methods


@pytest.mark.parametrize(
    ("method", "path", "words"),
    [
        ("get", "/api/statements/999999", ["no statement with id 999999"]),
        ("get", "/api/sources/999999", ["no source with id 999999"]),
        ("get", "/api/groups/999999", ["no group with id 999999"]),
        ("get", "/api/groups/999999/history", ["no group with id 999999"]),
        ("delete", "/api/statements/999999", ["no statement"]),
        ("get", "/api/no-such-thing", ["/api/no-such-thing"]),
        ("get", "/api/statements/abc", ["/api/statements/abc"]),
    ],
)
def test_unknown_id_or_route_is_404_json(
    client: FlaskClient, method: str, path: str, words: list[str]
) -> None:
    assert_error(getattr(client, method)(path, headers=EDITOR), 404, *words)


def test_action_on_unknown_group_is_404_and_writes_nothing(client: FlaskClient) -> None:
    response = client.post("/api/groups/999999/flag", json={"flag": "disputed"}, headers=EDITOR)
    assert_error(response, 404, "no group with id 999999")
    assert counts(client)["actions"] == 0


def test_wrong_method_is_405_json_with_allow(client: FlaskClient) -> None:
    response = client.put("/api/statements")
    assert_error(response, 405, "PUT", "GET", "POST")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_body_over_the_size_limit_is_413(app: Flask, client: FlaskClient) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/api/import", data=b"[" + b" " * 2000 + b"]")
    assert_error(response, 413, "too large", "1,000")


def test_unexpected_failure_is_500_json_without_traceback(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("verify.api.sources.sources_page", broken)
    response = client.get("/api/sources")
    message = assert_error(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in message


def test_failure_after_a_write_rolls_the_write_back(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import verify.api.statements as views

    real_add_statement = views.add_statement

    def add_then_fail(*args: Any, **kwargs: Any) -> Any:
        real_add_statement(*args, **kwargs)
        raise RuntimeError("after the flush")

    source = new_source(client)
    before = counts(client)
    monkeypatch.setattr(views, "add_statement", add_then_fail)
    assert_error(client.post("/api/statements", json=statement_body(source["id"])), 500)
    assert counts(client) == before
