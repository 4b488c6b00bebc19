"""The JSON API's import: sources and statements in one body, stored once or not at all."""

from __future__ import annotations

import json
from typing import Any

from api_calls import ARTICLE, CLAIM, assert_error, counts
from flask.testing import FlaskClient

JSON = "application/json"


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
    response = client.post("/api/import", json=import_body())
    assert response.status_code == 201, response.get_json()
    report = response.get_json()
    assert report["sources_added"] == 1
    assert report["statements_added"] == 2
    assert len(report["statement_ids"]) == 2
    assert counts(client)["statements"] == 2


def test_importing_the_same_body_twice_adds_nothing(client: FlaskClient) -> None:
    body = json.dumps(import_body())
    client.post("/api/import", data=body, content_type=JSON)
    before = counts(client)
    again = client.post("/api/import", data=body, content_type=JSON)
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
    response = client.post("/api/import", json=body)
    assert_error(response, 400, "statement 2", "wizard")
    assert counts(client)["sources"] == 0


def test_malformed_import_is_400_and_writes_nothing(client: FlaskClient) -> None:
    assert_error(
        client.post("/api/import", data=b'{"sources": [', content_type=JSON), 400, "malformed JSON"
    )
    assert counts(client)["sources"] == 0


def test_non_utf8_import_is_400(client: FlaskClient) -> None:
    assert_error(
        client.post("/api/import", data=b'{"statements": "\xff"}', content_type=JSON), 400, "UTF-8"
    )
