"""Review UI for JSON and CSV imports of sources and statements: in the request, or as a
background job (with a page showing its progress) when the file holds more than a batch."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import db, services
from ..access import needs
from ..background import submit
from ..choices import JobKind, Role
from ..inputs.files import ImportBatch, decode, parse_import
from ..inputs.records import InvalidInput
from ..jobs.store import create_job
from ..jobs.work import IMPORT_BATCH
from . import bp
from .display import plural
from .forms import form_editor


@bp.route("/import", methods=["GET", "POST"])
@needs(Role.FACT_CHECKER)
def import_file() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("review/import.html", pasted="")
    session = db.get_session()
    upload = request.files.get("file")
    pasted = request.form.get("pasted", "")
    try:
        if upload is not None and upload.filename:
            data, name = upload.read(), str(upload.filename)
        elif pasted.strip():
            data, name = pasted.encode("utf-8"), "pasted.json"
        else:
            raise InvalidInput("choose a file to upload or paste JSON")
        batch = parse_import(data, name)
        text = decode(data, name)
        if len(batch.statements) > IMPORT_BATCH:
            return _start_job(batch, text, name)
        report = services.import_batch(
            session, db.get_embedder(), batch, editor=form_editor() or "import"
        )
    except InvalidInput as error:
        session.rollback()
        flash(str(error), "error")
        return render_template("review/import.html", pasted=pasted), 400
    session.commit()
    flash(
        f"Imported {plural(len(report.added), 'statement')}, "
        f"{plural(report.sources_added, 'source')}, {report.skipped} already stored.",
        "success",
    )
    return redirect(url_for(".import_file"))


def _start_job(batch: ImportBatch, text: str, name: str) -> ResponseReturnValue:
    """A file larger than a batch is imported by a background job; its page shows progress."""
    services.check_import(batch)  # refused now, not later in the job
    session = db.get_session()
    editor = form_editor() or "import"
    job = create_job(session, JobKind.IMPORT, name, text, editor, len(batch.statements))
    session.commit()
    submit(job.id)
    return redirect(url_for(".job", job_id=job.id))
