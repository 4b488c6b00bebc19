"""The server deployment: the whole desk on PostgreSQL (the migration tests check the schema)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from accounts import client_as
from flask import Flask
from postgres_schema import postgres_schema
from sqlalchemy import select

from verify import create_app, db, services
from verify.embedding import SentenceTransformerEmbedder
from verify.models import EditorAction, Statement
from verify.services import pgvector_index

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def pg_app(embedder: SentenceTransformerEmbedder) -> Iterator[Flask]:
    with postgres_schema() as url:
        db.upgrade(url)
        app = create_app(
            {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test", "CSRF_ENABLED": False},
            embedder=embedder,
        )
        yield app
        app.extensions["verify.engine"].dispose()


def test_demo_loads_groups_and_reloads_as_nothing_on_postgres(pg_app: Flask) -> None:
    runner = pg_app.test_cli_runner()
    assert "13 statement(s) and 3 source(s) added" in runner.invoke(args=["demo"]).output
    assert "13 already there" in runner.invoke(args=["demo"]).output
    groups = json.loads(runner.invoke(args=["groups", "--json"]).output.strip().splitlines()[-1])
    assert sorted(len(g["members"]) for g in groups) == [3, 10]


def test_confirmed_side_survives_regroup_on_postgres(pg_app: Flask) -> None:
    runner = pg_app.test_cli_runner()
    runner.invoke(args=["demo"])
    with pg_app.app_context():
        session = db.get_session()
        statement = session.scalars(
            select(Statement).where(Statement.text.startswith("the operation in the Sarkand"))
        ).one()
        services.set_side(session, statement.id, "neutral", "Ana", "local paper reports it")
        session.commit()
        group_id = statement.membership.group_id if statement.membership else None
    result = runner.invoke(args=["regroup"])
    assert result.exit_code == 0, result.output
    with pg_app.app_context():
        session = db.get_session()
        kept = session.get(Statement, statement.id)
        assert kept is not None and kept.membership is not None
        assert (kept.membership.group_id, kept.membership.side) == (group_id, "neutral")
        assert kept.membership.side_set_by == "Ana"


def test_api_group_detail_and_flag_on_postgres(pg_app: Flask) -> None:
    pg_app.test_cli_runner().invoke(args=["demo"])
    client = client_as(pg_app, "Ana", "editor")  # an empty schema: not the templates' account
    groups = client.get("/api/groups").get_json()["items"]
    raid = max(groups, key=lambda g: g["size"])
    response = client.post(
        f"/api/groups/{raid['id']}/flag",
        json={"flag": "disputed", "note": "rival accounts"},
    )
    assert response.status_code == 200, response.get_json()
    detail = client.get(f"/api/groups/{raid['id']}").get_json()
    assert detail["flag"] == "disputed"
    assert detail["history"][0]["editor"] == "Ana"
    with pg_app.app_context():
        entry = db.get_session().scalars(select(EditorAction)).one()
        assert entry.detail == {"from": None, "to": "disputed"}


def test_without_pgvector_groups_in_memory_and_says_so_once(
    pg_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with pg_app.app_context():
        if pgvector_index.centroid_dimensions(db.get_session()) is not None:
            pytest.skip("this server has pgvector: tests/test_pgvector.py covers it")
    with caplog.at_level(logging.WARNING, logger="verify.services.placement"):
        assert pg_app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    said = [r.getMessage() for r in caplog.records if "has no pgvector" in r.getMessage()]
    assert len(said) == 1, said
