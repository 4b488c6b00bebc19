"""Review UI for sources: the list, a new source, one source's page, and confirming all of its
suggested statements at once.

A form with bad input is shown again with what was typed, the message flashed and status 400;
nothing of the request is written.
"""

from __future__ import annotations

import math

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from .. import db, services
from ..access import needs
from ..choices import Role
from ..inputs import records
from ..inputs.records import InvalidInput
from ..services import articles
from ..services.listing import sources_page
from ..services.lookups import get_source
from . import bp
from .display import plural
from .forms import form_editor, page_number
from .highlights import ROLES, highlight


@bp.get("/sources")
def sources() -> ResponseReturnValue:
    session = db.get_session()
    size = current_app.config["PAGE_SIZE"]
    page = page_number()
    listed = sources_page(session, limit=size, offset=(page - 1) * size)
    return render_template(
        "review/sources.html",
        sources=listed.items,
        page=page,
        pages=max(1, math.ceil(listed.total / size)),
    )


@bp.route("/sources/new", methods=["GET", "POST"])
@needs(Role.FACT_CHECKER)
def new_source() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("review/source_form.html", values={})
    session = db.get_session()
    try:
        source, created = services.add_source(session, records.source_from_mapping(request.form))
    except InvalidInput as error:
        session.rollback()
        flash(str(error), "error")
        return render_template("review/source_form.html", values=request.form), 400
    session.commit()
    if created:
        flash(f"Stored source {source.id}.", "success")
    else:
        flash("That article is already stored: here it is.", "info")
    return redirect(url_for(".source", source_id=source.id))


@bp.get("/sources/<int:source_id>")
def source(source_id: int) -> ResponseReturnValue:
    found = get_source(db.get_session(), source_id)
    ordered = sorted(found.statements, key=lambda s: (s.span_start is None, s.span_start, s.id))
    return render_template(
        "review/source.html",
        source=found,
        runs=highlight(found),
        roles=ROLES,
        suggested=[s for s in ordered if s.is_suggested],
        confirmed=[s for s in ordered if not s.is_suggested],
    )


@bp.post("/sources/<int:source_id>/confirm")
@needs(Role.FACT_CHECKER)
def confirm_source(source_id: int) -> ResponseReturnValue:
    """Confirm every statement of the source that still waits as a suggestion."""
    session = db.get_session()
    try:
        confirmed = articles.confirm_source(session, db.get_embedder(), source_id, form_editor())
    except InvalidInput as error:
        session.rollback()
        if _all_confirmed(session, source_id):  # the same form sent twice: the first did it
            flash("Every statement of this source is already confirmed.", "info")
        else:
            flash(str(error), "error")
    else:
        session.commit()
        flash(f"Confirmed {plural(len(confirmed), 'statement')}.", "success")
    return redirect(url_for(".source", source_id=source_id))


def _all_confirmed(session: Session, source_id: int) -> bool:
    statements = articles.source_statements(session, source_id)
    return bool(statements) and not any(statement.is_suggested for statement in statements)
