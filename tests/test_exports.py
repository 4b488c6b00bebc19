"""Exports of statements and groups (API and CLI): shapes, an empty desk, and a round trip of the
statements' JSON through the import into an empty desk."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from accounts import client_as
from conftest import TEST_CONFIG
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from postgres_schema import postgres_schema

from verify import create_app, db
from verify.embedding import SentenceTransformerEmbedder
from verify.services.exports import GROUP_COLUMNS, STATEMENT_COLUMNS

# What a statement is, whatever its id: compared before and after a round trip.
KEPT = (
    "text",
    "speaker",
    "speaker_kind",
    "speaker_description",
    "anonymous",
    "cue",
    "attribution",
    "span",
    "said_on",
    "source_title",
    "source_url",
    "source_outlet",
    "source_published",
    "side",
)


def exported(client: FlaskClient, path: str) -> str:
    """The text of a streamed export, read whole and its response closed."""
    with client.get(path) as response:
        assert response.status_code == 200 and response.is_streamed
        return response.get_data(as_text=True)


def statements(client: FlaskClient) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(exported(client, "/api/export/statements.json"))
    return body


def kept(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(tuple(json.dumps(row[key]) for key in KEPT) for row in document["statements"])


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_empty_desk_exports_valid_empty_files(client: FlaskClient) -> None:
    assert statements(client) == {"sources": [], "statements": []}
    assert client.get("/api/export/groups.json").get_json() == {"groups": []}
    for name, columns in (("statements", STATEMENT_COLUMNS), ("groups", GROUP_COLUMNS)):
        response = client.get(f"/api/export/{name}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.get_data(as_text=True).splitlines() == [",".join(columns)]


def test_unknown_export_is_a_json_404(client: FlaskClient) -> None:
    for path in ("/api/export/speakers.json", "/api/export/statements.xml"):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json


def test_statement_export_carries_speaker_source_group_and_sides(demo_client: FlaskClient) -> None:
    document = statements(demo_client)
    rows = {row["id"]: row for row in document["statements"]}
    assert set(STATEMENT_COLUMNS) <= set(next(iter(rows.values())))
    vahid = next(row for row in rows.values() if row["speaker"] == "Colonel Idris Vahid")
    assert (vahid["speaker_kind"], vahid["side"]) == ("military", "asserts")
    assert vahid["group_id"] and vahid["source_url"] and vahid["source_title"]
    detail = demo_client.get(f"/api/groups/{vahid['group_id']}").get_json()
    member = next(m for m in detail["members"] if m["statement_id"] == vahid["id"])
    assert vahid["claim_id"] == member["claim_id"]
    assert any(row["suggested_side"] for row in rows.values())
    keys = {source["key"] for source in document["sources"]}
    assert {row["source"] for row in rows.values() if row["source"]} <= keys


def test_statement_csv_has_a_row_per_statement(demo_client: FlaskClient) -> None:
    total = demo_client.get("/api/statements").get_json()["total"]
    rows = csv_rows(demo_client.get("/api/export/statements.csv").get_data(as_text=True))
    assert len(rows) == total
    assert {row["anonymous"] for row in rows} <= {"yes", "no"}
    spans = [row["span"] for row in rows if row["span"]]
    assert all(len(span.split("-")) == 2 for span in spans)


def test_group_exports_list_members_with_their_sides(demo_client: FlaskClient) -> None:
    groups = demo_client.get("/api/export/groups.json").get_json()["groups"]
    listed = demo_client.get("/api/groups").get_json()["total"]
    assert len(groups) == listed
    for group in groups:
        claim_ids = {claim["id"] for claim in group["claims"]}
        assert {m["claim_id"] for m in group["members"]} - {None} <= claim_ids
    members = sum(len(group["members"]) for group in groups)
    rows = csv_rows(demo_client.get("/api/export/groups.csv").get_data(as_text=True))
    assert len([row for row in rows if row["statement_id"]]) == members
    assert any(row["side"] == "denies" and row["side_set_by"] for row in rows)


def test_statements_json_round_trips_through_the_import(
    demo_client: FlaskClient,
    tmp_path: Path,
    migrated_template: Path,
    embedder: SentenceTransformerEmbedder,
) -> None:
    exported = statements(demo_client)
    empty = tmp_path / "empty.sqlite"
    shutil.copy(migrated_template, empty)
    other = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{empty}"}, embedder=embedder)
    fresh = other.test_client()
    response = fresh.post("/api/import", json=exported)
    assert response.status_code == 201, response.get_json()
    again = statements(fresh)
    assert kept(again) == kept(exported)
    assert len(again["sources"]) == len(exported["sources"])


def test_cli_exports_to_a_file_and_to_stdout(demo_app: Flask, tmp_path: Path) -> None:
    runner: FlaskCliRunner = demo_app.test_cli_runner()
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "groups.csv"
    result = runner.invoke(args=["export", "groups", "--format", "csv", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith(",".join(GROUP_COLUMNS))
    assert [p.name for p in target.parent.iterdir()] == ["groups.csv"]  # no temporary file left
    printed = runner.invoke(args=["export", "statements"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout)["statements"]


def test_cli_refuses_a_bad_format_or_folder(runner: FlaskCliRunner, tmp_path: Path) -> None:
    bad = runner.invoke(args=["export", "statements", "--format", "xml"])
    assert bad.exit_code == 2 and "xml" in bad.output
    nowhere = tmp_path / "missing" / "out.json"
    result = runner.invoke(args=["export", "groups", "--output", str(nowhere)])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not nowhere.parent.exists()


def test_cli_export_of_an_empty_desk_is_valid(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["export", "groups"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"groups": []}


@pytest.mark.postgres
@pytest.mark.slow
def test_publish_claimreview_and_exports_on_postgres(embedder: SentenceTransformerEmbedder) -> None:
    with postgres_schema() as url:
        db.upgrade(url)
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url}, embedder=embedder)
        try:
            app.test_cli_runner().invoke(args=["demo"])
            client = client_as(app, "Ana", "editor")  # an empty schema: not the templates' account
            raid = max(client.get("/api/groups").get_json()["items"], key=lambda g: g["size"])
            path = f"/api/groups/{raid['id']}"
            client.post(f"{path}/flag", json={"flag": "disputed"})
            published = client.post(f"{path}/publish", json={})
            assert published.status_code == 200, published.get_json()
            assert client.get(f"{path}/claimreview").get_json()
            assert client.get(f"/published/groups/{raid['id']}").status_code == 200
            document = statements(client)
            assert len(document["statements"]) == 13
            groups = json.loads(exported(client, "/api/export/groups.json"))["groups"]
            assert any(g["published_by"] == "Ana" for g in groups)
        finally:
            app.extensions["verify.engine"].dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_publishing_a_flagged_claim_of_an_unflagged_group_on_postgres(
    embedder: SentenceTransformerEmbedder,
) -> None:
    with postgres_schema() as url:
        db.upgrade(url)
        app = create_app({**TEST_CONFIG, "DATABASE_URL": url}, embedder=embedder)
        try:
            app.test_cli_runner().invoke(args=["demo"])
            client = client_as(app, "Ana", "editor")
            raid = max(client.get("/api/groups").get_json()["items"], key=lambda g: g["size"])
            path = f"/api/groups/{raid['id']}"
            claim = client.get(path).get_json()["claims"][0]["id"]
            client.post(f"/api/claims/{claim}/flag", json={"flag": "unresolved"})
            published = client.post(f"{path}/publish", json={})
            assert published.status_code == 200, published.get_json()
            reviews = client.get(f"{path}/claimreview").get_json()
            assert reviews and all(f"#review-{claim}-" in r["url"] for r in reviews)
            assert client.get(f"/published/groups/{raid['id']}").status_code == 200
        finally:
            app.extensions["verify.engine"].dispose()
