"""JSON API route for importing sources and statements (the JSON import format) at once.

A file of up to IMPORT_BATCH statements is imported in the request; a larger one becomes a
background job (202 Accepted, its progress at `GET /api/jobs/<id>`)."""

from __future__ import annotations

from flask import Response, jsonify

from ..access import needs
from ..background import submit
from ..choices import JobKind, Role
from ..db import get_embedder, get_session
from ..inputs.files import parse_json
from ..jobs.store import create_job
from ..jobs.work import IMPORT_BATCH
from ..services import check_import, import_batch
from . import bp
from .arguments import body_text, editor_name
from .jobs import accepted
from .serializers import import_json


@bp.post("/import")
@needs(Role.FACT_CHECKER)
def import_statements() -> tuple[Response, int] | tuple[Response, int, dict[str, str]]:
    text = body_text()
    batch = parse_json(text)
    editor = editor_name() or "import"
    session = get_session()
    if len(batch.statements) > IMPORT_BATCH:
        check_import(batch)  # refused now, not later in the job
        total = len(batch.statements)
        job = create_job(session, JobKind.IMPORT, "the request body", text, editor, total)
        session.commit()
        submit(job.id)
        return accepted(job)
    report = import_batch(session, get_embedder(), batch, editor)
    session.commit()
    return jsonify(import_json(report)), 201 if report.added or report.sources_added else 200
