"""JSON API route for background jobs: how far an import or a large article has got."""

from __future__ import annotations

from flask import Response, jsonify, url_for

from ..db import get_session
from ..jobs.store import JOB_ID
from ..models import Job
from ..services import NotFound
from . import bp
from .serializers import job_json


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> Response:
    job = get_session().get(Job, job_id) if JOB_ID.fullmatch(job_id) else None
    if job is None:
        raise NotFound(f"no job with id {job_id!r}")
    return jsonify(job_json(job))


def accepted(job: Job) -> tuple[Response, int, dict[str, str]]:
    """202 Accepted: the job's state now, and where to follow it."""
    session = get_session()
    session.refresh(job)  # an inline queue may have run it already
    location = url_for("api.get_job", job_id=job.id)
    return jsonify(job_json(job)), 202, {"Location": location}
