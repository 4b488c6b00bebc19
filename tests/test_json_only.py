"""The API reads JSON bodies only: text/plain, form and multipart bodies (what a page on another
origin can send without asking) are refused with 415 before anything is read or written."""

from __future__ import annotations

import io

import pytest
from api_calls import assert_error, counts, new_source
from flask.testing import FlaskClient

STATEMENT = '{"text": "The bridge will reopen.", "speaker": "Ana"}'


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "application/xml",
        "application/json-patch+json",
    ],
)
def test_a_body_of_another_type_is_415(client: FlaskClient, content_type: str) -> None:
    response = client.post("/api/statements", data=STATEMENT, content_type=content_type)
    message = assert_error(response, 415, "application/json")
    assert content_type.split(";")[0] in message
    assert counts(client)["statements"] == 0


def test_a_multipart_body_is_415(client: FlaskClient) -> None:
    data = {"file": (io.BytesIO(b'{"statements": []}'), "import.json")}
    response = client.post("/api/import", data=data, content_type="multipart/form-data")
    assert_error(response, 415, "JSON only", "multipart/form-data")


def test_a_plain_form_post_to_a_flag_is_415(client: FlaskClient) -> None:
    response = client.post("/api/groups/1/flag", data={"flag": "unresolved", "editor": "x"})
    assert_error(response, 415, "application/x-www-form-urlencoded")


def test_a_body_without_a_type_is_415(client: FlaskClient) -> None:
    response = client.post("/api/import", data=b'{"statements": []}')
    assert_error(response, 415, "names no type")


def test_an_empty_text_plain_post_is_415_too(client: FlaskClient) -> None:
    source = new_source(client)
    response = client.post(f"/api/sources/{source['id']}/confirm", content_type="text/plain")
    assert_error(response, 415, "text/plain")


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_patch_and_delete_bodies_must_be_json(client: FlaskClient, method: str) -> None:
    response = client.open("/api/statements/1", method=method, data="{}", content_type="text/plain")
    assert_error(response, 415)


def test_json_with_a_charset_is_read(client: FlaskClient) -> None:
    response = client.post(
        "/api/sources",
        data='{"title": "Kessa"}',
        content_type="application/json; charset=utf-8",
    )
    assert response.status_code == 201, response.get_json()


def test_a_post_without_a_body_needs_no_type(client: FlaskClient) -> None:
    source = new_source(client)
    response = client.post(f"/api/sources/{source['id']}/confirm")
    assert_error(response, 400, "no suggested statements")  # the view read it: not a 415


def test_reads_are_not_checked(client: FlaskClient) -> None:
    assert client.get("/api/groups", content_type="text/plain").status_code == 200


def test_an_unknown_api_route_is_still_404(client: FlaskClient) -> None:
    assert_error(client.post("/api/nope", data="x", content_type="text/plain"), 404)
