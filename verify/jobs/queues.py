"""Where jobs run: here and now, in a worker thread of this process, or on Redis with RQ.

Every queue runs jobs with `work.perform`; the `job` row is the truth for all of them, so a job
submitted to one queue and abandoned (a killed process) is finished by whichever worker looks
next. After an import or an article, a stance job is queued when groups wait for their sides.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from ..choices import JobKind
from . import store
from .work import Context, Outcome, perform

log = logging.getLogger(__name__)

# Seconds a worker thread waits between looks at the job table when nothing wakes it.
POLL_SECONDS = 5.0


class Queue(Protocol):
    def submit(self, job_id: str) -> None:
        """Have the job run (now, or by a worker)."""
        ...


def stance_job(context: Context) -> str:
    """The id of the queued stance job, created if there is none."""
    with context.sessions() as session, session.begin():
        return store.queued_stance_job(session).id


def run_one(context: Context, job_id: str) -> Outcome | None:
    """Perform a job; when it left groups due (an import, an article), queue and return the
    stance job's outcome too, run right after in the same worker."""
    outcome = perform(context, job_id)
    if outcome is not None and outcome.sides_due and outcome.kind is not JobKind.STANCE:
        return perform(context, stance_job(context)) or outcome
    return outcome


class InlineQueue:
    """Runs each job at once in the caller's thread: tests, and commands that must finish."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def submit(self, job_id: str) -> None:
        run_one(self.context, job_id)


class ThreadQueue:
    """One daemon worker thread in this process (the embedded default): it runs what is
    submitted, and every POLL_SECONDS looks for queued or abandoned jobs, such as those left by
    a command, another process or a killed worker."""

    def __init__(self, context: Context, poll: float = POLL_SECONDS) -> None:
        self.context = context
        self.poll = poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._loop, name="verify-jobs", daemon=True)
                self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def submit(self, job_id: str) -> None:
        self.start()
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                run_waiting(self.context)
            except Exception:  # the database was away, say: look again later
                log.exception("the job worker could not read the job table")
            self._wake.wait(self.poll)


def run_waiting(context: Context, queued: bool = True) -> int:
    """Run every job that is queued (unless not `queued`: RQ holds those) or abandoned, oldest
    first; how many ran."""
    ran = 0
    while True:
        with context.sessions() as session:
            waiting = store.claimable(session, context.stale_after, queued)
        outcomes = [run_one(context, job_id) for job_id in waiting]
        ran += sum(outcome is not None for outcome in outcomes)
        if not any(outcome is not None for outcome in outcomes):
            return ran


class RedisQueue:
    """RQ on Redis (where REDIS_URL is set): `flask --app verify worker` runs the jobs."""

    def __init__(self, url: str, name: str = "verify") -> None:
        from redis import Redis
        from rq import Queue as RQ

        self.connection = Redis.from_url(url)
        self.queue = RQ(name, connection=self.connection)

    def submit(self, job_id: str) -> None:
        self.queue.enqueue("verify.jobs.queues.run_rq_job", job_id, job_timeout=-1)


# The context of an RQ worker process, set by the worker command before it starts working.
WORKER_CONTEXT: Context | None = None


def run_rq_job(job_id: str) -> str | None:
    """What RQ runs: the job, in the worker's context."""
    if WORKER_CONTEXT is None:
        raise RuntimeError("run RQ jobs with `flask --app verify worker`, which sets the context")
    outcome = run_one(WORKER_CONTEXT, job_id)
    return None if outcome is None else outcome.state
