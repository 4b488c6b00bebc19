"""The JSON API for articles: ingest (suggested statements), then confirm them."""

from __future__ import annotations

from accounts import anonymous
from api_calls import BRIDGE, STORM, assert_error, ingest
from flask.testing import FlaskClient

# ---------------------------------------------------------------- articles


def test_posting_an_article_answers_201_with_its_suggested_statements(
    client: FlaskClient,
) -> None:
    response = client.post("/api/articles", json={"text": STORM, "outlet": "Courier"})
    assert response.status_code == 201
    data = response.get_json()
    assert response.headers["Location"].endswith(f"/api/sources/{data['source']['id']}")
    assert data["created"] is True
    assert data["source"]["title"] == "Storm damage in Kessa"
    assert [s["status"] for s in data["statements"]] == ["suggested", "suggested"]


def test_a_suggested_statement_shows_its_spans_and_confidences(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    start, end = statement["span"]
    assert "rebuild the bridge" in STORM[start:end]
    cue_start, cue_end = statement["cue_span"]
    assert STORM[cue_start:cue_end] == "said"
    mention_start, mention_end = statement["mention_span"]
    assert "mayor" in STORM[mention_start:mention_end]
    assert 0 < statement["confidence"] <= 1 and 0 <= statement["kind_confidence"] <= 1
    assert statement["group_id"] is None


def test_posting_the_same_article_again_answers_200_and_adds_nothing(
    client: FlaskClient,
) -> None:
    first = ingest(client)
    again = client.post("/api/articles", json={"text": STORM})
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
    response = client.post("/api/articles", json={"text": STORM, "author": "me"})
    assert_error(response, 400, "unknown field(s) for an article: author")


# ---------------------------------------------------------------- confirming


def test_confirming_a_statement_puts_it_in_a_group(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    response = client.post(f"/api/statements/{statement['id']}/confirm", json={})
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "confirmed" and data["group_id"] is not None
    history = client.get(f"/api/groups/{data['group_id']}/history").get_json()["items"]
    assert [(h["action"], h["statement_id"]) for h in history] == [
        ("confirm_statement", statement["id"])
    ]


def test_confirming_needs_a_token(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    response = anonymous(client.application).post(
        f"/api/statements/{statement['id']}/confirm", json={}
    )
    assert_error(response, 401, "token")


def test_confirming_twice_is_refused(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    client.post(f"/api/statements/{statement['id']}/confirm", json={})
    response = client.post(f"/api/statements/{statement['id']}/confirm", json={})
    assert_error(response, 400, "already confirmed")


def test_confirming_an_unknown_statement_is_404(client: FlaskClient) -> None:
    assert_error(client.post("/api/statements/999/confirm", json={}), 404, "999")


def test_confirming_a_source_confirms_every_suggestion(client: FlaskClient) -> None:
    source_id = ingest(client)["source"]["id"]
    response = client.post(f"/api/sources/{source_id}/confirm", json={})
    assert response.status_code == 200
    confirmed = response.get_json()["statements"]
    assert len(confirmed) == 2
    assert all(s["status"] == "confirmed" and s["group_id"] for s in confirmed)


def test_confirming_a_source_with_nothing_suggested_is_refused(client: FlaskClient) -> None:
    source_id = ingest(client)["source"]["id"]
    client.post(f"/api/sources/{source_id}/confirm", json={})
    response = client.post(f"/api/sources/{source_id}/confirm", json={})
    assert_error(response, 400, "no suggested statements")


def test_suggested_statements_are_in_no_group_listing(client: FlaskClient) -> None:
    ingest(client)
    assert client.get("/api/groups").get_json()["total"] == 0


def test_patching_a_side_onto_a_suggestion_confirms_it(client: FlaskClient) -> None:
    statement = ingest(client)["statements"][0]
    response = client.patch(f"/api/statements/{statement['id']}", json={"side": "asserts"})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert (data["status"], data["side"]) == ("confirmed", "asserts")
