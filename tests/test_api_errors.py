"""The JSON API's errors on every route: unreadable bodies, bad paging, unknown ids and
routes, wrong methods, oversized bodies, and failures that roll back and hide their internals."""

from __future__ import annotations

from typing import Any

import pytest
from api_calls import assert_error, counts, new_source, statement_body
from flask import Flask
from flask.testing import FlaskClient


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


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "offset=-1", "limit=100000"])
def test_bad_paging_is_400(client: FlaskClient, query: str) -> None:
    assert_error(client.get(f"/api/statements?{query}"), 400, query.split("=")[0])


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
    assert_error(getattr(client, method)(path), 404, *words)


def test_wrong_method_is_405_json_with_allow(client: FlaskClient) -> None:
    response = client.put("/api/statements")
    assert_error(response, 405, "PUT", "GET", "POST")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_body_over_the_size_limit_is_413(app: Flask, client: FlaskClient) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/api/import", data=b"[" + b" " * 2000 + b"]", content_type="application/json"
    )
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
