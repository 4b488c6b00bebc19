"""Review UI for articles: paste or upload one; what extraction finds in it waits on the
article's page as suggestions until a person confirms (then it is embedded and grouped), edits
or deletes each. A long article is extracted by a background job.
"""

from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import db
from ..access import needs
from ..background import submit
from ..choices import JobKind, Role
from ..inputs import records
from ..inputs.documents import Article, read_article
from ..inputs.records import InvalidInput
from ..jobs.store import create_job
from ..jobs.work import LARGE_ARTICLE_CHARS
from ..services import articles
from . import bp
from .display import plural


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
@needs(Role.FACT_CHECKER)
def new_article() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("review/article_form.html", values={})
    session = db.get_session()
    try:
        article = given_article()
        fields = {key: request.form.get(key) for key in ("title", "outlet", "url", "published")}
        fields["title"] = (fields["title"] or "").strip() or article.title
        given = records.source_from_mapping({**fields, "text": article.text})
        if len(article.text) > LARGE_ARTICLE_CHARS:
            name = given.title or "an article"
            text = json.dumps({**fields, "text": article.text})
            job = create_job(session, JobKind.ARTICLE, name, text, total=1)
            session.commit()
            submit(job.id)
            return redirect(url_for(".job", job_id=job.id))
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
