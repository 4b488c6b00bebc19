"""Job rows: create, claim, report progress, finish.

A job is claimed by one process at a time (`owner` = host:pid, `heartbeat` renewed with each
step). A job left running by a process that died (kill -9, a crash) is claimed again by the
next worker that looks: at once when the dead process was on the same host, else once its
heartbeat is older than `stale_after` seconds.
"""

from __future__ import annotations

import os
import re
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..choices import JobKind, JobState
from ..models import Job

# A running job whose heartbeat is older than this (seconds) is taken to be abandoned.
STALE_AFTER = 120.0


# A job's id as `create_job` makes it (uuid4 hex); anything else names no job.
JOB_ID = re.compile(r"[0-9a-f]{32}")


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def create_job(
    session: Session,
    kind: JobKind,
    name: str = "",
    input: str | None = None,
    editor: str | None = None,
    total: int | None = None,
) -> Job:
    job = Job(
        id=uuid.uuid4().hex,
        kind=kind.value,
        state=JobState.QUEUED.value,
        name=name[:300],
        input=input,
        editor=editor,
        total=total,
        done=0,
        attempts=0,
    )
    session.add(job)
    session.flush()
    return job


def queued_stance_job(session: Session) -> Job:
    """The queued stance job, created if there is none: one waiting job judges every due group,
    so many writes in a row do not queue a job each."""
    waiting = session.scalars(
        select(Job)
        .where(Job.kind == JobKind.STANCE.value, Job.state == JobState.QUEUED.value)
        .limit(1)
    ).first()
    return waiting or create_job(session, JobKind.STANCE, name="judge the sides of due groups")


def _alive_here(owner: str | None) -> bool:
    """Whether `owner` is a live process on this host (unknown hosts count as alive)."""
    if not owner or ":" not in owner:
        return False
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname():
        return True
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def claim(session: Session, job_id: str, stale_after: float = STALE_AFTER) -> Job | None:
    """Take the job for this process, in the caller's transaction; None when it is finished or
    another live process holds it."""
    job = session.scalars(select(Job).where(Job.id == job_id).with_for_update()).one_or_none()
    if job is None or job.state in (JobState.DONE.value, JobState.FAILED.value):
        return None
    if job.state == JobState.RUNNING.value and job.owner != this_process():
        fresh = job.heartbeat is not None and job.heartbeat > now() - timedelta(seconds=stale_after)
        if fresh and _alive_here(job.owner):
            return None
    job.state = JobState.RUNNING.value
    job.owner = this_process()
    job.heartbeat = now()
    job.attempts += 1
    session.flush()
    return job


def claimable(session: Session, stale_after: float = STALE_AFTER, queued: bool = True) -> list[str]:
    """Ids of queued jobs (if `queued`) and of running jobs that look abandoned, oldest first."""
    cutoff = now() - timedelta(seconds=stale_after)
    rows = session.execute(
        select(Job.id, Job.state, Job.owner, Job.heartbeat)
        .where(
            or_(
                Job.state == JobState.QUEUED.value,
                Job.state == JobState.RUNNING.value,
            )
        )
        .order_by(Job.created_at, Job.id)
    ).all()
    found = []
    for job_id, state, owner, heartbeat in rows:
        if state == JobState.QUEUED.value:
            if queued:
                found.append(job_id)
        elif owner != this_process() and (
            heartbeat is None or heartbeat < cutoff or not _alive_here(owner)
        ):
            found.append(job_id)
    return found


def progress(session: Session, job_id: str, done: int, total: int | None, **result: Any) -> None:
    """Record how far the job got, in the caller's transaction (the one storing that work)."""
    values: dict[str, Any] = {"done": done, "heartbeat": now()}
    if total is not None:
        values["total"] = total
    if result:
        values["result"] = result
    session.execute(update(Job).where(Job.id == job_id).values(**values))


def finish(session: Session, job_id: str, message: str, error: str | None = None) -> None:
    state = JobState.FAILED if error else JobState.DONE
    session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(state=state.value, message=message, error=error, finished_at=now(), owner=None)
    )
