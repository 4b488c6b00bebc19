"""Review UI for articles: paste or upload one, then confirm, edit or delete what was found in it.

Extraction only suggests statements; each waits on the article's page until a person confirms it
(it is then embedded and grouped), edits it or deletes it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import db, inputs, services
from ..articles import Article, read_article
from ..inputs import InvalidInput
from ..services import articles
from . import bp
from .entry import plural
from .forms import form_editor, form_note


def given_article() -> Article:
    """The article from the uploaded file or the text box (one of them, not both)."""
    upload = request.files.get("file")
    pasted = request.form.get("text", "")
    if upload is not None and upload.filename:
        if pasted.strip():
            raise InvalidInput("paste the article's text or upload a file, not both")
        return read_article(upload.read(), upload.filename)
    if not pasted.strip():
        raise InvalidInput("paste the article's text or choose a .txt or .html file")
    return read_article(pasted.encode("utf-8"), "the pasted text")


@bp.route("/articles/new", methods=["GET", "POST"])
def new_article() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("review/article_form.html", values={})
    session = db.get_session()
    try:
        article = given_article()
        fields = {key: request.form.get(key) for key in ("title", "outlet", "url", "published")}
        fields["title"] = (fields["title"] or "").strip() or article.title
        given = inputs.source_from_mapping({**fields, "text": article.text})
        report = articles.ingest_article(session, given)
    except InvalidInput as error:
        session.rollback()
        flash(str(error), "error")
        return render_template("review/article_form.html", values=request.form), 400
    session.commit()
    if not report.created:
        flash("That article is already ingested: here it is.", "info")
    elif report.suggested:
        found = plural(len(report.suggested), "statement")
        flash(f"Found {found}: confirm, edit or delete each.", "success")
    else:
        flash("No statements found in this article.", "info")
    return redirect(url_for(".source", source_id=report.source.id))


@bp.post("/statements/<int:statement_id>/confirm")
def confirm_statement(statement_id: int) -> ResponseReturnValue:
    """Confirm one suggested statement, optionally putting it on a side of the group it joins."""
    session = db.get_session()
    statement = services.get_statement(session, statement_id)
    back = (
        url_for(".source", source_id=statement.source_id) + f"#statement-{statement_id}"
        if statement.source_id is not None
        else url_for(".groups")
    )
    try:
        editor = form_editor()
        articles.confirm_statement(session, db.get_embedder(), statement_id, editor, form_note())
        side = inputs.side(request.form.get("side"))
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


@bp.post("/sources/<int:source_id>/confirm")
def confirm_source(source_id: int) -> ResponseReturnValue:
    """Confirm every statement of the source that still waits as a suggestion."""
    session = db.get_session()
    try:
        confirmed = articles.confirm_source(session, db.get_embedder(), source_id, form_editor())
    except InvalidInput as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"Confirmed {plural(len(confirmed), 'statement')}.", "success")
    return redirect(url_for(".source", source_id=source_id))
