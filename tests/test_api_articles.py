"""The JSON API for articles (ingest, confirm) and speakers (list, read, merge, split)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

BRIDGE = '"We will rebuild the bridge," the mayor said.'
ARRESTS = "Police said that 40 people were arrested."
ARTICLE = f"Storm damage in Kessa\n\n{BRIDGE}\n\n{ARRESTS}\n"
EDITOR = {"editor": "Ana"}


def assert_error(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    message = response.get_json()["error"]
    for word in words:
        assert word in message, message


def ingest(client: FlaskClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/articles", json={"text": ARTICLE, **fields})
    assert response.status_code == 201, response.get_json()
    data: dict[str, Any] = response.get_json()
    return data


def speaker_named(client: FlaskClient, fragment: str) -> dict[str, Any]:
    items = client.get("/api/speakers").get_json()["items"]
    found = [s for s in items if fragment in s["name"].lower()]
    assert len(found) == 1, items
    return found[0]


# ---------------------------------------------------------------- articles


def test_posting_an_article_answers_201_with_its_suggested_statements(
    client: FlaskClient,
) -> None:
    response = client.post("/api/articles", json={"text": ARTICLE, "outlet": "Courier"})
    assert response.status_code == 201
    data = response.get_json()
    assert response.headers["Location"].endswith(f"/api/sources/{data['source']['id']}")
    assert data["created"] is True
    assert data["source"]["title"] == "Storm damage in Kessa"
    assert [s["status"] for s in data["statements"]] == ["suggested", "suggested"]


def test_a_suggested_statement_shows_its_spans_and_confidences(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    start, end = statement["span"]
    assert "rebuild the bridge" in ARTICLE[start:end]
    cue_start, cue_end = statement["cue_span"]
    assert ARTICLE[cue_start:cue_end] == "said"
    mention_start, mention_end = statement["mention_span"]
    assert "mayor" in ARTICLE[mention_start:mention_end]
    assert 0 < statement["confidence"] <= 1 and 0 <= statement["kind_confidence"] <= 1
    assert statement["group_id"] is None


def test_posting_the_same_article_again_answers_200_and_adds_nothing(
    client: FlaskClient,
) -> None:
    first = ingest(client)
    again = client.post("/api/articles", json={"text": ARTICLE})
    assert again.status_code == 200
    data = again.get_json()
    assert data["created"] is False and data["source"]["id"] == first["source"]["id"]
    assert [s["id"] for s in data["statements"]] == [s["id"] for s in first["statements"]]
    assert client.get("/api/statements").get_json()["total"] == 2


def test_an_html_article_is_stored_without_its_script(client: FlaskClient) -> None:
    html = (
        "<html><head><title>Kessa</title><script>steal()</script></head>"
        f"<body><p>{BRIDGE}</p><script>alert('x')</script></body></html>"
    )
    data = ingest(client, text=html)
    assert data["source"]["text"] == BRIDGE
    assert data["source"]["title"] == "Kessa"


def test_an_article_without_text_is_refused(client: FlaskClient) -> None:
    assert_error(client.post("/api/articles", json={"title": "x"}), 400, "text is required")


def test_an_empty_article_is_refused(client: FlaskClient) -> None:
    assert_error(client.post("/api/articles", json={"text": "  \n "}), 400, "the article is empty")


def test_an_article_over_5_mb_is_refused(client: FlaskClient) -> None:
    response = client.post("/api/articles", json={"text": "a" * 5_300_000})
    assert_error(response, 400, "5,300,000 bytes", "5 MB")
    assert client.get("/api/sources").get_json()["total"] == 0


def test_an_unknown_article_field_is_refused(client: FlaskClient) -> None:
    response = client.post("/api/articles", json={"text": ARTICLE, "author": "me"})
    assert_error(response, 400, "unknown field(s) for an article: author")


# ---------------------------------------------------------------- confirming


def test_confirming_a_statement_puts_it_in_a_group(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    response = client.post(f"/api/statements/{statement['id']}/confirm", json=EDITOR)
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "confirmed" and data["group_id"] is not None
    history = client.get(f"/api/groups/{data['group_id']}/history").get_json()["items"]
    assert [(h["action"], h["statement_id"]) for h in history] == [
        ("confirm_statement", statement["id"])
    ]


def test_confirming_needs_an_editor(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    response = client.post(f"/api/statements/{statement['id']}/confirm", json={})
    assert_error(response, 400, "editor")


def test_confirming_twice_is_refused(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    client.post(f"/api/statements/{statement['id']}/confirm", json=EDITOR)
    response = client.post(f"/api/statements/{statement['id']}/confirm", json=EDITOR)
    assert_error(response, 400, "already confirmed")


def test_confirming_an_unknown_statement_is_404(client: FlaskClient) -> None:
    assert_error(client.post("/api/statements/999/confirm", json=EDITOR), 404, "999")


def test_confirming_a_source_confirms_every_suggestion(client: FlaskClient) -> None:
    source_id = ingest(client)["source"]["id"]
    response = client.post(f"/api/sources/{source_id}/confirm", json=EDITOR)
    assert response.status_code == 200
    confirmed = response.get_json()["statements"]
    assert len(confirmed) == 2
    assert all(s["status"] == "confirmed" and s["group_id"] for s in confirmed)


def test_confirming_a_source_with_nothing_suggested_is_refused(client: FlaskClient) -> None:
    source_id = ingest(client)["source"]["id"]
    client.post(f"/api/sources/{source_id}/confirm", json=EDITOR)
    response = client.post(f"/api/sources/{source_id}/confirm", json=EDITOR)
    assert_error(response, 400, "no suggested statements")


def test_suggested_statements_are_in_no_group_listing(client: FlaskClient) -> None:
    ingest(client)
    assert client.get("/api/groups").get_json()["total"] == 0


def test_patching_a_side_onto_a_suggestion_confirms_it(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    response = client.patch(
        f"/api/statements/{statement['id']}", json={"side": "asserts", "editor": "Ana"}
    )
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert (data["status"], data["side"]) == ("confirmed", "asserts")


# ---------------------------------------------------------------- speakers


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
    response = client.post(
        f"/api/speakers/{mayor['id']}/merge", json={"speaker_id": police["id"], **EDITOR}
    )
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert len(data["statements"]) == 2 and police["name"] in data["aliases"]
    assert_error(client.get(f"/api/speakers/{police['id']}"), 404)


def test_merging_needs_the_other_speaker(client: FlaskClient) -> None:
    ingest(client)
    mayor = speaker_named(client, "mayor")
    response = client.post(f"/api/speakers/{mayor['id']}/merge", json=EDITOR)
    assert_error(response, 400, "speaker_id is required")


def test_splitting_a_speaker_answers_201_with_the_new_speaker(client: FlaskClient) -> None:
    data = ingest(client)
    mayor = speaker_named(client, "mayor")
    police = speaker_named(client, "police")
    client.post(f"/api/speakers/{mayor['id']}/merge", json={"speaker_id": police["id"], **EDITOR})
    arrests = data["statements"][1]["id"]
    response = client.post(
        f"/api/speakers/{mayor['id']}/split",
        json={"statement_ids": [arrests], "name": "Kessa police", "kind": "government", **EDITOR},
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
        json={"statement_ids": [data["statements"][0]["id"]], **EDITOR},
    )
    assert_error(response, 400, "name is required")
