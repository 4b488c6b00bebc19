"""GET /api/openapi.json describes every /api route of the URL map, as valid OpenAPI 3.1."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from verify.api.openapi import OPERATIONS, api_routes, openapi_path

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.is_json
    found: dict[str, Any] = response.get_json()
    return found


def described(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }


def test_every_api_route_and_method_is_described(app: Flask, document: dict[str, Any]) -> None:
    routes = {(method, f"/api{path}") for method, path in api_routes(app)}
    missing = sorted(routes - described(document))
    assert not missing, f"routes missing from verify/api/openapi.py OPERATIONS: {missing}"


def test_no_description_names_a_route_that_is_gone(app: Flask) -> None:
    stale = sorted(set(OPERATIONS) - set(api_routes(app)))
    assert not stale, f"OPERATIONS describes routes the URL map lacks: {stale}"


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_bearer_scheme_guards_everything_but_the_description(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    assert document["security"] == [{"bearerAuth": []}]
    assert document["paths"]["/api/openapi.json"]["get"]["security"] == []


def test_path_parameters_come_from_the_url_map(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/groups/{group_id}/flag"]["post"]
    (parameter,) = [p for p in operation["parameters"] if p["in"] == "path"]
    assert parameter == {
        "name": "group_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
    job = document["paths"]["/api/jobs/{job_id}"]["get"]["parameters"][0]
    assert job["schema"]["type"] == "string"


def test_writes_describe_their_body_and_errors(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/groups/{group_id}/flag"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["flag"] and schema["additionalProperties"] is False
    assert {"200", "400", "401", "403", "404", "413", "415", "default"} <= set(
        operation["responses"]
    )
    error = operation["responses"]["415"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}


def test_lists_describe_their_query_parameters(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/statements"]["get"]
    names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert names == {"limit", "offset", "group_id", "speaker"}


def test_a_route_added_without_a_description_is_caught(app: Flask) -> None:
    @app.post("/api/widgets/<int:widget_id>")
    def make_widget(widget_id: int) -> str:
        return ""

    client = app.test_client()
    missing = {(m, f"/api{p}") for m, p in api_routes(app)} - described(
        client.get("/api/openapi.json").get_json()
    )
    assert missing == {("POST", "/api/widgets/{widget_id}")}


def test_openapi_paths_read_flask_rules() -> None:
    assert openapi_path("/api/groups/<int:group_id>/flag") == "/groups/{group_id}/flag"
    assert openapi_path("/api/jobs/<job_id>") == "/jobs/{job_id}"
