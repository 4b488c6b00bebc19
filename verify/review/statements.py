"""Review UI for single statements: add, edit, delete, and confirm a suggested one.

A form with bad input is shown again with what was typed, the message flashed and status 400;
nothing of the request is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import db, services
from ..access import needs
from ..choices import Role
from ..inputs import records
from ..inputs.records import InvalidInput
from ..models import Statement
from ..services import articles
from ..services.listing import source_choices
from . import bp
from .forms import form_editor, form_note, form_optional_int, form_span

# Fields of the statement form that update_statement can change, besides the span.
EDITABLE = ("text", "speaker", "speaker_kind", "cue", "attribution", "said_on", "side")


def statement_values(statement: Statement) -> dict[str, str]:
    """The statement as the form shows it: every value a string, blank when absent."""
    span = statement.span
    return {
        "text": statement.text,
        "speaker": statement.speaker.name,
        "speaker_kind": statement.speaker.kind,
        "cue": statement.cue or "",
        "attribution": statement.attribution or "",
        "said_on": statement.said_on.isoformat() if statement.said_on else "",
        "span_start": str(span[0]) if span else "",
        "span_end": str(span[1]) if span else "",
        "side": (statement.membership.side if statement.membership else None) or "unknown",
    }


def statement_home(statement: Statement) -> str:
    """Where a statement is reviewed: its card in its group, else its row on its article's page."""
    anchor = f"#statement-{statement.id}"
    if statement.membership is not None:
        return url_for(".group", group_id=statement.membership.group_id) + anchor
    if statement.source_id is not None:
        return url_for(".source", source_id=statement.source_id) + anchor
    return url_for(".groups")


def render_statement_form(
    values: Mapping[str, Any], statement: Statement | None = None, status: int = 200
) -> ResponseReturnValue:
    choices = source_choices(db.get_session()) if statement is None else []
    return (
        render_template(
            "review/statement_form.html", values=values, statement=statement, sources=choices
        ),
        status,
    )


@bp.route("/statements/new", methods=["GET", "POST"])
@needs(Role.FACT_CHECKER)
def new_statement() -> ResponseReturnValue:
    if request.method == "GET":
        return render_statement_form({"source_id": request.args.get("source_id", "")})
    session = db.get_session()
    try:
        data: dict[str, Any] = {key: request.form.get(key) for key in request.form}
        data["span"] = form_span()
        data["anonymous"] = "anonymous" in request.form
        given = records.statement_from_mapping(data)
        editor = form_editor()
        if given.side and not editor:
            raise InvalidInput("give your name (at the top of the page) to choose a side")
        statement, created = services.add_statement(
            session,
            db.get_embedder(),
            given,
            form_optional_int("source_id", "source"),
            editor or None,
        )
    except (InvalidInput, services.NotFound) as error:
        session.rollback()
        flash(str(error), "error")
        return render_statement_form(request.form, status=400)
    group_id = statement.membership.group_id if statement.membership else None
    session.commit()
    if created:
        flash(f"Added statement {statement.id} to group {group_id}.", "success")
    else:
        flash(f"That statement is already stored as statement {statement.id}.", "info")
    if group_id is None:
        return redirect(url_for(".groups"))
    return redirect(url_for(".group", group_id=group_id) + f"#statement-{statement.id}")


@bp.route("/statements/<int:statement_id>/edit", methods=["GET", "POST"])
@needs(Role.FACT_CHECKER)
def edit_statement(statement_id: int) -> ResponseReturnValue:
    session = db.get_session()
    statement = services.get_statement(session, statement_id)
    current = statement_values(statement)
    if request.method == "GET":
        return render_statement_form(current, statement)
    changes: dict[str, Any] = {
        key: request.form.get(key, "")
        for key in EDITABLE
        if request.form.get(key, "").strip() != current[key]
        and (key != "side" or key in request.form)  # a form without the field keeps the side
    }
    if "speaker" in changes:  # a newly named speaker takes the kind chosen beside it
        changes["speaker_kind"] = request.form.get("speaker_kind", "")
    home = statement_home(statement)
    try:
        if (request.form.get("span_start", ""), request.form.get("span_end", "")) != (
            current["span_start"],
            current["span_end"],
        ):
            changes["span"] = form_span()
        if not changes:
            flash("Nothing changed.", "info")
            return redirect(home)
        services.update_statement(session, db.get_embedder(), statement_id, changes, form_editor())
    except InvalidInput as error:
        session.rollback()
        flash(str(error), "error")
        return render_statement_form(request.form, statement, status=400)
    session.commit()
    flash(f"Saved statement {statement_id}.", "success")
    return redirect(home)


@bp.post("/statements/<int:statement_id>/delete")
@needs(Role.FACT_CHECKER)
def delete_statement(statement_id: int) -> ResponseReturnValue:
    session = db.get_session()
    statement = services.get_statement(session, statement_id)
    group_id = statement.membership.group_id if statement.membership else None
    source_id = statement.source_id
    try:
        services.delete_statement(session, statement_id, form_editor())
    except InvalidInput as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".edit_statement", statement_id=statement_id))
    session.commit()
    flash(f"Deleted statement {statement_id}.", "success")
    if group_id is not None:
        return redirect(url_for(".group", group_id=group_id))
    if source_id is not None:  # a suggestion, not grouped yet: back to its article
        return redirect(url_for(".source", source_id=source_id))
    return redirect(url_for(".groups"))


@bp.post("/statements/<int:statement_id>/confirm")
@needs(Role.FACT_CHECKER)
def confirm_statement(statement_id: int) -> ResponseReturnValue:
    """Confirm one suggested statement, optionally putting it on a side of the group it joins."""
    session = db.get_session()
    statement = services.get_statement(session, statement_id)
    back = (
        url_for(".source", source_id=statement.source_id) + f"#statement-{statement_id}"
        if statement.source_id is not None
        else url_for(".groups")
    )
    if not statement.is_suggested:
        flash(f"Statement {statement_id} is already confirmed.", "info")  # a form sent twice
        return redirect(back)
    try:
        editor = form_editor()
        articles.confirm_statement(session, db.get_embedder(), statement_id, editor, form_note())
        side = records.side(request.form.get("side"))
        if side is not None:
            services.set_side(session, statement_id, side, editor, form_note())
    except InvalidInput as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(back)
    group_id = statement.membership.group_id if statement.membership else None
    session.commit()
    where = f" It is now in group {group_id}." if group_id is not None else ""
    flash(f"Confirmed statement {statement_id}.{where}", "success")
    return redirect(back)
