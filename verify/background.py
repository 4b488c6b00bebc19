"""The app's background jobs: which queue runs them (JOBS, REDIS_URL), and judging sides once a
request or command that placed statements has finished."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, has_request_context

from .jobs import store
from .jobs.queues import InlineQueue, Queue, RedisQueue, ThreadQueue, stance_job
from .jobs.work import Context
from .services import judging

log = logging.getLogger(__name__)

JOB_QUEUES = ("auto", "thread", "inline", "rq")


def make_queue(app: Flask, context: Context) -> Queue:
    """The queue JOBS names; "auto" is RQ where REDIS_URL is set, else a worker thread."""
    kind = app.config["JOBS"]
    if kind not in JOB_QUEUES:
        raise ValueError(f"JOBS is {kind!r}; it must be one of {', '.join(JOB_QUEUES)}")
    url = app.config.get("REDIS_URL")
    if kind == "auto":
        kind = "rq" if url else "thread"
    if kind == "rq":
        if not url:
            raise ValueError("JOBS is 'rq' but REDIS_URL is not set")
        return RedisQueue(url)
    if kind == "inline":
        return InlineQueue(context)
    return ThreadQueue(context)


def init_app(app: Flask) -> None:
    """Build the job context and queue; after each request or command that marked groups due,
    queue the stance job. Registered after `db.init_app`, so its teardown runs first."""
    context = Context(
        sessions=app.extensions["verify.writing_sessionmaker"],
        embedder=app.extensions["verify.embedder"],
        stale_after=app.config["JOB_STALE_SECONDS"],
    )
    app.extensions["verify.job_context"] = context
    queue = make_queue(app, context)
    app.extensions["verify.jobs"] = queue
    if isinstance(queue, ThreadQueue):
        app.before_request(queue.start)
    app.teardown_appcontext(_judge_due_sides)


def get_queue() -> Queue:
    queue: Queue = current_app.extensions["verify.jobs"]
    return queue


def get_context() -> Context:
    context: Context = current_app.extensions["verify.job_context"]
    return context


def submit(job_id: str) -> None:
    """Hand a job to the app's queue. A command (no request) with the worker-thread queue
    leaves it queued: the desk's server, or `flask --app verify worker`, runs it."""
    queue = get_queue()
    if isinstance(queue, ThreadQueue) and not has_request_context():
        return
    queue.submit(job_id)


def _judge_due_sides(error: BaseException | None = None) -> None:
    session = g.get("db_session")
    if session is None or not session.info.pop(judging.DUE_KEY, False):
        return
    # The request's session may have begun another transaction after its commit (reading what
    # it answers with); on SQLite that one holds the write lock. Close it first.
    g.pop("db_session").close()
    try:
        submit(stance_job(get_context()))
    except Exception:  # the writes are stored; the next worker look or `worker` judges them
        log.exception("could not queue the judging of due sides")


__all__ = ["JOB_QUEUES", "get_context", "get_queue", "init_app", "store", "submit"]
