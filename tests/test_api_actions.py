"""Editor actions through the JSON API: each names its editor, and /api/actions lists them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from api_calls import EDITOR_HEADER, assert_error, counts, groups, history
from flask.testing import FlaskClient


def test_actions_are_listed_newest_first(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    for flag in ("disputed", "corroborated"):
        demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": flag}, headers=EDITOR_HEADER)
    actions = demo_client.get("/api/actions?limit=2").get_json()["items"]
    assert [a["detail"]["to"] for a in actions] == ["corroborated", "disputed"]


def test_editor_in_the_body_wins_over_the_header(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    demo_client.post(
        f"/api/groups/{group_id}/flag",
        json={"flag": "unresolved", "editor": "Bo"},
        headers=EDITOR_HEADER,
    )
    assert history(demo_client, group_id)[0]["editor"] == "Bo"


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
