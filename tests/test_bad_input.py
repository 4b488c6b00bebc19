"""Input that once answered 500: each is now a 400 (or CLI exit 2) naming the problem, and
nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_calls import assert_error, counts
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from werkzeug.test import TestResponse

from verify import db
from verify.ids import MAX_ID
from verify.inputs.documents import MAX_ARTICLE_CHARS, read_article
from verify.inputs.files import parse_csv
from verify.inputs.records import InvalidInput
from verify.models import Speaker

NESTED = "[" * 100_000 + "]" * 100_000
NOTHING = {"sources": 0, "statements": 0, "groups": 0, "actions": 0}


def post(client: FlaskClient, path: str, body: str) -> TestResponse:
    return client.post(path, data=body, content_type="application/json")


@pytest.mark.parametrize("path", ["/api/import", "/api/articles", "/api/statements"])
def test_json_nested_beyond_the_parser_is_refused(client: FlaskClient, path: str) -> None:
    assert_error(post(client, path, '{"text": ' + NESTED + "}"), 400, "nested too deeply")
    assert counts(client) == NOTHING


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("/api/statements", '{"text": "a \\ud800 b said so", "speaker": "Ana"}', "lone surrogate"),
        ("/api/articles", '{"title": "t\\udfff", "text": "Ana said so."}', "lone surrogate"),
        ("/api/import", '{"statements": [{"text": "x\\ud800", "speaker": "A"}]}', "surrogate"),
        ("/api/statements", '{"text": "a \\u0000 b said so", "speaker": "Ana"}', "NUL"),
    ],
)
def test_strings_no_database_stores_are_refused_by_name(
    client: FlaskClient, path: str, body: str, words: str
) -> None:
    assert_error(post(client, path, body), 400, words)
    assert counts(client) == NOTHING


@pytest.mark.parametrize("path", ["/api/groups", "/api/statements", "/api/claims", "/api/sources"])
def test_an_id_no_database_holds_is_a_404(client: FlaskClient, path: str) -> None:
    for number in (MAX_ID + 1, 2**63, 10**20):
        assert client.get(f"{path}/{number}").status_code == 404


def test_an_id_out_of_range_in_a_body_or_query_is_named(client: FlaskClient) -> None:
    response = post(client, "/api/statements/1/move", json.dumps({"group_id": 2**63}))
    assert_error(response, 400, "group_id", "out of range")
    assert_error(client.get(f"/api/statements?offset={2**63}"), 400, "offset")


def test_a_name_with_a_non_ascii_capital_is_one_speaker_however_written(
    app: Flask, client: FlaskClient
) -> None:
    for number, name in enumerate(("Émile Durand", "Émile Durand", "ÉMILE DURAND", "émile durand")):
        body = {"text": f"the bridge will reopen in {number + 2} weeks", "speaker": name}
        response = client.post("/api/statements", json=body)
        assert response.status_code == 201, response.get_json()
    with app.app_context():
        names = db.get_session().scalars(select(Speaker.name)).all()
    assert names == ["Émile Durand"]


def test_the_documented_csv_span_form_is_read() -> None:
    batch = parse_csv("text,speaker,span\nthe bridge will reopen,Ana Morel,10-42\n")
    assert batch.statements[0].span == (10, 42)


def test_a_csv_header_naming_a_column_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="more than once: speaker"):
        parse_csv("text,speaker,speaker\nthe bridge will reopen,Ana Morel,Boris\n")


def test_a_csv_header_over_the_field_limit_is_refused(
    runner: FlaskCliRunner, client: FlaskClient, tmp_path: Path
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("text,speaker," + "x" * 140_000 + "\nhello,Ana,1\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path), "--editor", "Ana"])
    assert result.exit_code == 2
    assert "malformed CSV header" in result.output
    assert counts(client) == NOTHING


def test_html_nested_beyond_the_budget_is_refused_at_once(client: FlaskClient) -> None:
    bomb = "<html><body>" + "<div>" * 100_000 + "Ana said so." + "</div>" * 100_000
    assert_error(post(client, "/api/articles", json.dumps({"text": bomb})), 400, "nests HTML")
    assert counts(client) == NOTHING


def test_real_pages_with_unclosed_paragraphs_stay_within_the_budget() -> None:
    page = "<html><body>" + "<p>Ana said the bridge is open." * 2_000 + "</body></html>"
    assert read_article(page.encode(), "page.html").text.count("Ana said") == 2_000


def test_an_article_longer_than_the_extractor_takes_is_refused(client: FlaskClient) -> None:
    text = "Ana Morel said the bridge is open. " * (MAX_ARTICLE_CHARS // 30)
    assert_error(post(client, "/api/articles", json.dumps({"text": text})), 400, "100,000")
    assert counts(client) == NOTHING
