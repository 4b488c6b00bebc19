"""Review UI for JSON and CSV imports of sources and statements, in one transaction."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import db, services
from ..inputs.files import parse_import
from ..inputs.records import InvalidInput
from . import bp
from .display import plural
from .forms import form_editor


@bp.route("/import", methods=["GET", "POST"])
def import_file() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("review/import.html", pasted="")
    session = db.get_session()
    upload = request.files.get("file")
    pasted = request.form.get("pasted", "")
    try:
        if upload is not None and upload.filename:
            batch = parse_import(upload.read(), upload.filename)
        elif pasted.strip():
            batch = parse_import(pasted.encode("utf-8"), "pasted.json")
        else:
            raise InvalidInput("choose a file to upload or paste JSON")
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
