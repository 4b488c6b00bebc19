"""Writers at once on the embedded SQLite default: they queue for the write lock, none fails."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter

from accounts import TestLogin, log_in
from api_calls import STORM, assert_error
from flask import Flask
from sqlalchemy import func, select

from verify import create_app, db, extraction, services
from verify.extraction import Extracted
from verify.inputs.records import SourceInput
from verify.models import ClaimGroup, EditorAction

THREADS = 8
WRITES = 10
FLAGS = ("disputed", "corroborated", "unresolved", "not_a_dispute")


def _group_ids(app: Flask) -> list[int]:
    with app.app_context():
        return list(db.get_session().scalars(select(ClaimGroup.id).order_by(ClaimGroup.id)))


def _flag_actions(app: Flask) -> int:
    with app.app_context():
        query = select(func.count()).where(EditorAction.action == "flag_group")
        return db.get_session().scalar(query) or 0


def test_editors_writing_at_once_all_succeed_and_every_write_is_kept(demo_app: Flask) -> None:
    groups = _group_ids(demo_app)
    before = _flag_actions(demo_app)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def editor(number: int) -> None:
        client = demo_app.test_client()
        for write in range(WRITES):
            group = groups[(number + write) % len(groups)]
            body = {"flag": FLAGS[(number * WRITES + write) % len(FLAGS)]}
            response = client.post(f"/api/groups/{group}/flag", json=body)
            with lock:
                statuses[response.status_code] += 1

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {200: THREADS * WRITES}
    assert _flag_actions(demo_app) == before + THREADS * WRITES


def _database_file(app: Flask) -> str:
    return str(app.config["DATABASE_URL"]).removeprefix("sqlite:///")


def test_a_write_waits_for_another_writer_and_then_succeeds(demo_app: Flask) -> None:
    group = _group_ids(demo_app)[0]
    other = sqlite3.connect(_database_file(demo_app), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock ...
    timer = threading.Timer(1.0, lambda: other.execute("COMMIT"))  # ... for a second
    timer.start()
    try:
        response = demo_app.test_client().post(
            f"/api/groups/{group}/flag", json={"flag": "disputed"}
        )
    finally:
        timer.join()
        other.close()
    assert response.status_code == 200, response.get_json()


def test_a_write_still_locked_after_the_timeout_is_a_503_naming_the_wait(
    demo_app: Flask, test_login: TestLogin
) -> None:
    config = {**demo_app.config, "SQLITE_BUSY_TIMEOUT": 0.2}
    impatient = create_app(config, embedder=demo_app.extensions["verify.embedder"])
    group = _group_ids(demo_app)[0]
    before = _flag_actions(demo_app)
    other = sqlite3.connect(_database_file(demo_app), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        client = log_in(impatient.test_client(), test_login)
        path = f"/api/groups/{group}/flag"
        response = client.post(path, json={"flag": "disputed"})
        assert_error(response, 503, "busy", "try again")
        assert response.headers["Retry-After"] == "5"
        page = client.post(f"/groups/{group}/flag", data={"flag": "disputed"})
        assert page.status_code == 503
        assert "The desk is busy" in page.get_data(as_text=True)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _flag_actions(demo_app) == before


def test_ingesting_an_article_holds_no_lock_while_extracting(app: Flask) -> None:
    others_could_write: list[bool] = []

    def extract_while_another_writes(text: str) -> list[Extracted]:
        other = sqlite3.connect(_database_file(app), timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once if the ingest held the lock
            other.execute("ROLLBACK")
            others_could_write.append(True)
        except sqlite3.OperationalError:
            others_could_write.append(False)
        finally:
            other.close()
        return extraction.extract(text)

    article = SourceInput(title="Storm", text=STORM)
    with app.test_request_context("/api/articles", method="POST"):
        session = db.get_session()
        report = services.ingest_article(session, article, extract_while_another_writes)
        session.commit()
    assert others_could_write == [True]
    assert len(report.suggested) == 2
