"""The JSON API for speakers: list with suggestion counts, read, merge, split."""

from __future__ import annotations

from typing import Any

from api_calls import assert_error, ingest
from flask.testing import FlaskClient


def speaker_named(client: FlaskClient, fragment: str) -> dict[str, Any]:
    items = client.get("/api/speakers").get_json()["items"]
    found = [s for s in items if fragment in s["name"].lower()]
    assert len(found) == 1, items
    return found[0]


def test_speakers_are_listed_with_their_suggestion_counts(client: FlaskClient) -> None:
    ingest(client)
    mayor = speaker_named(client, "mayor")
    assert (mayor["statements"], mayor["suggested"]) == (1, 1)


def test_a_speaker_is_shown_with_its_statements(client: FlaskClient) -> None:
    ingest(client)
    mayor = speaker_named(client, "mayor")
    data = client.get(f"/api/speakers/{mayor['id']}").get_json()
    assert data["name"] == mayor["name"]
    assert ["rebuild the bridge" in s["text"] for s in data["statements"]] == [True]


def test_an_unknown_speaker_is_404(client: FlaskClient) -> None:
    assert_error(client.get("/api/speakers/77"), 404, "no speaker with id 77")


def test_merging_speakers_moves_statements_and_keeps_the_name_as_alias(
    client: FlaskClient,
) -> None:
    ingest(client)
    mayor, police = speaker_named(client, "mayor"), speaker_named(client, "police")
    response = client.post(f"/api/speakers/{mayor['id']}/merge", json={"speaker_id": police["id"]})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert len(data["statements"]) == 2 and police["name"] in data["aliases"]
    assert_error(client.get(f"/api/speakers/{police['id']}"), 404)


def test_merging_needs_the_other_speaker(client: FlaskClient) -> None:
    ingest(client)
    mayor = speaker_named(client, "mayor")
    response = client.post(f"/api/speakers/{mayor['id']}/merge", json={})
    assert_error(response, 400, "speaker_id is required")


def test_splitting_a_speaker_answers_201_with_the_new_speaker(client: FlaskClient) -> None:
    data = ingest(client)
    mayor = speaker_named(client, "mayor")
    police = speaker_named(client, "police")
    client.post(f"/api/speakers/{mayor['id']}/merge", json={"speaker_id": police["id"]})
    arrests = data["statements"][1]["id"]
    response = client.post(
        f"/api/speakers/{mayor['id']}/split",
        json={
            "statement_ids": [arrests],
            "name": "Kessa police",
            "kind": "government",
        },
    )
    assert response.status_code == 201, response.get_json()
    new = response.get_json()
    assert response.headers["Location"].endswith(f"/api/speakers/{new['id']}")
    assert (new["name"], new["kind"]) == ("Kessa police", "government")
    assert [s["id"] for s in new["statements"]] == [arrests]


def test_splitting_needs_a_name(client: FlaskClient) -> None:
    data = ingest(client)
    mayor = speaker_named(client, "mayor")
    response = client.post(
        f"/api/speakers/{mayor['id']}/split",
        json={"statement_ids": [data["statements"][0]["id"]]},
    )
    assert_error(response, 400, "name is required")
