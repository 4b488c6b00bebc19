"""Review UI page of a background job: what it works on and how far it got (done of total)."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from .. import db
from ..jobs.store import JOB_ID
from ..models import Job
from . import bp

# Seconds between reloads of the page while the job runs.
REFRESH_SECONDS = 2


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> ResponseReturnValue:
    found = db.get_session().get(Job, job_id) if JOB_ID.fullmatch(job_id) else None
    if found is None:
        abort(404)
    running = found.state in ("queued", "running")
    return render_template(
        "review/job.html", job=found, running=running, refresh=REFRESH_SECONDS if running else None
    )
