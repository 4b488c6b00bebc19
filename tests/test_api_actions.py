"""Editor actions through the JSON API: each names its editor, and /api/actions lists them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from accounts import TEST_ACCOUNT, anonymous
from api_calls import assert_error, counts, groups, history
from flask.testing import FlaskClient


def test_actions_are_listed_newest_first(demo_client: FlaskClient) -> None:
    group_id = groups(demo_client)[0]["id"]
    for flag in ("disputed", "corroborated"):
        demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": flag})
    actions = demo_client.get("/api/actions?limit=2").get_json()["items"]
    assert [a["detail"]["to"] for a in actions] == ["corroborated", "disputed"]


def test_the_history_names_the_tokens_account_and_an_editor_field_is_refused(
    demo_client: FlaskClient,
) -> None:
    group_id = groups(demo_client)[0]["id"]
    response = demo_client.post(
        f"/api/groups/{group_id}/flag", json={"flag": "unresolved", "editor": "Bo"}
    )
    assert_error(response, 400, "unknown field", "editor")
    demo_client.post(f"/api/groups/{group_id}/flag", json={"flag": "unresolved"})
    assert history(demo_client, group_id)[0]["editor"] == TEST_ACCOUNT


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
@pytest.mark.parametrize("who", ["anonymous", "session only"])
def test_editing_without_a_token_is_401_and_writes_nothing(
    demo_client: FlaskClient, method: str, path: str, body: dict[str, Any] | None, who: str
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
    writer = demo_client.application.test_client()
    del writer.environ_base["HTTP_AUTHORIZATION"]  # a browser's login session, but no token
    if who == "anonymous":
        writer = anonymous(demo_client.application)
    response = getattr(writer, method)(path.format(**ids), json=body)
    assert_error(response, 401, "token")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert counts(demo_client) == before
    assert demo_client.get(f"/api/groups/{first['id']}").get_json() == group_before


@pytest.mark.parametrize("header", [" ", "Bearer", "Bearer  ", "Basic QW5hOnB3", "Bearer wrong"])
def test_a_blank_malformed_or_unknown_authorization_is_refused(
    demo_client: FlaskClient, header: str
) -> None:
    group_id = groups(demo_client)[0]["id"]
    response = demo_client.post(
        f"/api/groups/{group_id}/flag", json={"flag": "disputed"}, headers={"Authorization": header}
    )
    assert_error(response, 401, "token")
    assert demo_client.get(f"/api/groups/{group_id}").get_json()["flag"] is None
