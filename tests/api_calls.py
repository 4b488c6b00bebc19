"""Calls to the JSON API that several test modules make, and the articles they send."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

# A source to attach hand-written statements to, and the claim they quote from it.
ARTICLE = (
    "The port authority said on Friday that the new container terminal at Kessa will open in "
    "June. Dock workers' union leader Marta Lind said the terminal is months behind schedule."
)
CLAIM = "the new container terminal at Kessa will open in June"

# An article to ingest: the extractor suggests two statements, by the mayor and by the police.
BRIDGE = '"We will rebuild the bridge," the mayor said.'
ARRESTS = "Police said that 40 people were arrested."
STORM = f"Storm damage in Kessa\n\n{BRIDGE}\n\n{ARRESTS}\n"


def assert_error(response: TestResponse, status: int, *words: str) -> str:
    """The JSON error message of `response`, which has `status` and names each of `words`."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    message: str = response.get_json()["error"]
    for word in words:
        assert word in message, message
    return message


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
    source: dict[str, Any] = response.get_json()
    return source


def statement_body(source: int, **changes: Any) -> dict[str, Any]:
    """A valid statement of CLAIM in `source`, with `changes` applied."""
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
    statement: dict[str, Any] = items[0]
    return statement


def groups(client: FlaskClient) -> list[dict[str, Any]]:
    """Every group in the list's order, each as its detail (which lists the members)."""
    items = client.get("/api/groups", query_string={"limit": 500}).get_json()["items"]
    return [client.get(f"/api/groups/{item['id']}").get_json() for item in items]


def history(client: FlaskClient, group_id: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(f"/api/groups/{group_id}/history").get_json()["items"]
    return items


def ingest(client: FlaskClient, **fields: Any) -> dict[str, Any]:
    """POST the STORM article (with `fields`) to /api/articles and return the 201 answer."""
    response = client.post("/api/articles", json={"text": STORM, **fields})
    assert response.status_code == 201, response.get_json()
    data: dict[str, Any] = response.get_json()
    return data
