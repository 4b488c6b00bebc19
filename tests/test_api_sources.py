"""The JSON API for sources: create (201 + Location), deduplicate, read, page, refuse."""

from __future__ import annotations

from api_calls import ARTICLE, assert_error, counts, new_source, statement_of
from flask.testing import FlaskClient


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


def test_source_without_text_url_or_title_is_refused(client: FlaskClient) -> None:
    assert_error(client.post("/api/sources", json={"outlet": "X"}), 400, "text, a url or a title")
    assert counts(client)["sources"] == 0
