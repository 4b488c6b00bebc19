"""Background jobs: a large import or article answers 202 and runs as a job whose progress the
API shows; the worker thread, RQ on Redis and `flask --app verify worker` run them; a worker
killed mid-job leaves whole batches only and the job finishes, without duplicates, when run
again; groups whose sides are due say so until a job has judged them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import pytest
from api_calls import STORM, assert_error
from conftest import TEST_CONFIG
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from verify import create_app, db
from verify.choices import JobKind
from verify.jobs.store import create_job
from verify.jobs.work import IMPORT_BATCH, LARGE_ARTICLE_CHARS
from verify.models import ClaimGroup, Job, Membership, Statement

PLACES = ("Kessa", "Orvik", "Tamsel", "Brenna", "Luvo")


def _many(count: int, offset: int = 0) -> dict[str, Any]:
    """`count` distinct statements about road works in five towns."""
    statements = [
        {
            "text": f"the road to {PLACES[n % 5]} will reopen in {n + 2} days",
            "speaker": f"Official {n % 7}",
        }
        for n in range(offset, offset + count)
    ]
    return {"statements": statements}


def _stored(app: Flask) -> int:
    with app.app_context():
        return db.get_session().scalar(select(func.count(Statement.id))) or 0


def _due(app: Flask) -> int:
    with app.app_context():
        query = select(func.count()).select_from(ClaimGroup).where(ClaimGroup.stance_due)
        return db.get_session().scalar(query) or 0


def _wait_for(client: FlaskClient, location: str, seconds: float = 300) -> dict[str, Any]:
    """The job at `location` once it is done or failed."""
    deadline = time.monotonic() + seconds
    while True:
        job: dict[str, Any] = client.get(location).get_json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


@pytest.mark.slow
def test_a_large_api_import_is_a_job_whose_progress_the_api_shows(
    app: Flask, client: FlaskClient
) -> None:
    total = IMPORT_BATCH + 30
    response = client.post("/api/import", json=_many(total))
    assert response.status_code == 202, response.get_json()
    location = response.headers["Location"]
    assert location == f"/api/jobs/{response.get_json()['id']}"
    job = client.get(location).get_json()
    assert job["kind"] == "import"
    assert (job["state"], job["done"], job["total"]) == ("done", total, total)
    assert job["result"] == {"added": total, "skipped": 0, "sources_added": 0}
    assert _stored(app) == total
    assert _due(app) == 0  # the stance job that followed judged every group
    with app.app_context():
        judged = select(func.count()).where(Membership.suggested_side.is_not(None))
        assert db.get_session().scalar(judged) == total


def test_a_small_api_import_is_answered_at_once(client: FlaskClient) -> None:
    response = client.post("/api/import", json=_many(3))
    assert response.status_code == 201
    assert response.get_json()["statements_added"] == 3


def test_a_large_import_with_a_bad_statement_is_refused_before_any_job(
    app: Flask, client: FlaskClient
) -> None:
    document = _many(IMPORT_BATCH + 5)
    document["statements"][IMPORT_BATCH + 2]["text"] = ""
    response = client.post("/api/import", json=document)
    assert_error(response, 400, "statement", str(IMPORT_BATCH + 3))
    with app.app_context():
        assert db.get_session().scalar(select(func.count(Job.id))) == 0


@pytest.mark.parametrize("job_id", ["0" * 32, "not-a-job", "ABCDEF" * 6])
def test_an_unknown_job_is_a_404(client: FlaskClient, job_id: str) -> None:
    assert_error(client.get(f"/api/jobs/{job_id}"), 404, "no job")


@pytest.mark.slow
def test_the_worker_thread_runs_a_large_import_while_others_write(app: Flask) -> None:
    threaded = create_app(
        {**app.config, "JOBS": "thread"}, embedder=app.extensions["verify.embedder"]
    )
    client = threaded.test_client()
    total = IMPORT_BATCH * 2 + 10
    response = client.post("/api/import", json=_many(total))
    assert response.status_code == 202
    assert response.get_json()["state"] in ("queued", "running")
    location = response.headers["Location"]
    # Another writer meanwhile: statements added one at a time, each answered at once.
    statuses = []
    for n in range(5):
        body = {"text": f"the ferry to Orvik is cancelled for {n + 1} weeks", "speaker": "Port"}
        statuses.append(client.post("/api/statements", json=body).status_code)
    job = _wait_for(client, location)
    assert statuses == [201] * 5
    assert (job["state"], job["done"], job["total"]) == ("done", total, total)
    assert _stored(app) == total + 5
    deadline = time.monotonic() + 300
    while _due(app) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _due(app) == 0
    threaded.extensions["verify.jobs"].stop(5)


def _environment(app: Flask, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "VERIFY_DATABASE_URL": app.config["DATABASE_URL"],
        "HF_HUB_OFFLINE": "1",
        **extra,
    }


def _queue_import(app: Flask, count: int) -> str:
    """A queued import job of `count` statements, as the API leaves one."""
    with app.app_context():
        session = db.get_session()
        text = json.dumps(_many(count))
        job = create_job(session, JobKind.IMPORT, "roads.json", text, "import", count)
        session.commit()
        return job.id


def _job(app: Flask, job_id: str) -> Job:
    with app.app_context():
        job = db.get_session().get(Job, job_id)
        assert job is not None
        return job


@pytest.mark.slow
def test_a_worker_killed_mid_job_leaves_whole_batches_and_the_job_finishes_when_run_again(
    app: Flask,
) -> None:
    total = IMPORT_BATCH + 60
    job_id = _queue_import(app, total)
    command = [sys.executable, "-m", "flask", "--app", "verify", "worker"]
    env = _environment(app, VERIFY_JOBS="thread")
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while _stored(app) < IMPORT_BATCH and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    process.kill()  # SIGKILL: the second batch dies with the process, uncommitted
    process.wait()
    first = _stored(app)
    assert first in (IMPORT_BATCH, total)  # a whole batch or all: never half of one
    killed = _job(app, job_id)
    assert killed.done == first
    assert killed.state == ("running" if first < total else "done")
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    finished = _job(app, job_id)
    assert (finished.state, finished.done, finished.total) == ("done", total, total)
    assert finished.result == {"added": total, "skipped": 0, "sources_added": 0}
    assert _stored(app) == total
    assert _due(app) == 0


def _redis_url() -> str:
    redis = pytest.importorskip("redis")
    url = os.environ.get("VERIFY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url} (set VERIFY_TEST_REDIS_URL)")
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.mark.slow
def test_with_redis_rq_queues_the_job_and_the_worker_command_runs_it(app: Flask) -> None:
    url = _redis_url()
    config = {**app.config, "JOBS": "auto", "REDIS_URL": url}
    queued = create_app(config, embedder=app.extensions["verify.embedder"])
    client = queued.test_client()
    total = IMPORT_BATCH + 4
    response = client.post("/api/import", json=_many(total))
    assert response.status_code == 202
    assert response.get_json()["state"] == "queued"  # nothing runs it until a worker does
    assert _stored(app) == 0
    result = queued.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    job = client.get(response.headers["Location"]).get_json()
    assert (job["state"], job["done"]) == ("done", total)
    assert _stored(app) == total
    assert _due(app) == 0


def test_a_group_whose_sides_are_due_says_so_on_its_page_and_in_the_list(
    demo_app: Flask, client: FlaskClient
) -> None:
    with demo_app.app_context():
        session = db.get_session()
        group_id = session.scalars(select(ClaimGroup.id).order_by(ClaimGroup.id)).first()
        session.execute(update(ClaimGroup).where(ClaimGroup.id == group_id).values(stance_due=True))
        session.commit()
    assert "sides being judged" in client.get(f"/groups/{group_id}").get_data(as_text=True).lower()
    assert "sides being judged" in client.get("/").get_data(as_text=True)
    detail = client.get(f"/api/groups/{group_id}").get_json()
    assert detail["stance_due"] is True


def test_the_cli_import_shows_progress_and_leaves_no_group_due(app: Flask, tmp_path: Any) -> None:
    path = tmp_path / "roads.json"
    path.write_text(json.dumps(_many(40)), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 40 statement(s)" in result.output
    assert "importing: 40 of 40 done" in result.stderr
    assert _due(app) == 0  # tests run jobs inline: the sides were judged before it returned


def test_an_unknown_job_queue_setting_is_refused(app: Flask) -> None:
    with pytest.raises(ValueError, match="JOBS"):
        create_app({**TEST_CONFIG, "DATABASE_URL": app.config["DATABASE_URL"], "JOBS": "cron"})


@pytest.mark.slow
def test_a_large_upload_in_the_review_ui_becomes_a_job_with_a_progress_page(
    app: Flask, client: FlaskClient
) -> None:
    total = IMPORT_BATCH + 3
    pasted = json.dumps(_many(total))
    response = client.post("/import", data={"pasted": pasted})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"imported {total} statement(s)" in text  # tests run jobs inline: it is done
    assert _stored(app) == total
    assert client.get("/jobs/" + "0" * 32).status_code == 404


def _long_article() -> str:
    """An article of our own, longer than LARGE_ARTICLE_CHARS: dispatches about road works."""
    paragraphs = []
    for n in range(LARGE_ARTICLE_CHARS // 120 + 10):
        town = PLACES[n % 5]
        paragraphs.append(
            f"Works on the road to {town} continued on day {n + 1}. The mayor of {town} said "
            f"that the road would reopen within {n % 9 + 2} weeks."
        )
    return "Road works\n\n" + "\n\n".join(paragraphs)


@pytest.mark.slow
def test_a_long_article_is_extracted_by_a_job_that_names_its_source(
    app: Flask, client: FlaskClient
) -> None:
    text = _long_article()
    assert len(text) > LARGE_ARTICLE_CHARS
    response = client.post("/api/articles", json={"text": text, "outlet": "Kessa Courier"})
    assert response.status_code == 202, response.get_json()
    job = client.get(response.headers["Location"]).get_json()
    assert (job["kind"], job["state"], job["done"], job["total"]) == ("article", "done", 1, 1)
    source = client.get(f"/api/sources/{job['result']['source_id']}").get_json()
    assert source["outlet"] == "Kessa Courier"
    assert job["result"]["suggested"] > 0


def test_a_confirmation_is_judged_right_after_its_request_even_with_a_short_lock_wait(
    app: Flask,
) -> None:
    """The request's own session (which may hold SQLite's write lock after reading its answer)
    is closed before the stance job is queued: a busy timeout of a fraction of a second is
    enough, and the sides are judged when the request returns (inline jobs)."""
    config = {**app.config, "SQLITE_BUSY_TIMEOUT": 0.5}
    impatient = create_app(config, embedder=app.extensions["verify.embedder"]).test_client()
    source = impatient.post("/api/articles", json={"text": STORM}).get_json()["source"]
    response = impatient.post(f"/api/sources/{source['id']}/confirm", json={})
    assert response.status_code == 200, response.get_json()
    assert _due(app) == 0
    with app.app_context():
        unjudged = select(func.count()).where(Membership.suggested_side.is_(None))
        assert db.get_session().scalar(unjudged) == 0


def test_an_import_of_sources_only_finishes_with_nothing_added(app: Flask) -> None:
    with app.app_context():
        session = db.get_session()
        text = json.dumps({"sources": [{"key": "a", "title": "Roads", "text": "Roads close."}]})
        job = create_job(session, JobKind.IMPORT, "sources.json", text, "import", 0)
        session.commit()
        job_id = job.id
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    finished = _job(app, job_id)
    assert (finished.state, finished.done, finished.total) == ("done", 0, 0)
    assert finished.result == {"added": 0, "skipped": 0, "sources_added": 1}
