"""JSON API route for articles: ingest one; extraction suggests its statements, which wait
until confirmed (`POST /api/statements/<id>/confirm`, `POST /api/sources/<id>/confirm`).

An article longer than LARGE_ARTICLE_CHARS (its text, once HTML is reduced) is extracted by a
background job: 202 Accepted, its progress and then its source at `GET /api/jobs/<id>`."""

from __future__ import annotations

import json

from flask import Response, jsonify, url_for

from ..access import needs
from ..background import submit
from ..choices import JobKind, Role
from ..db import get_session
from ..inputs.documents import read_article
from ..inputs.records import InvalidInput, source_from_mapping
from ..jobs.store import create_job
from ..jobs.work import LARGE_ARTICLE_CHARS
from ..services.articles import ingest_article, source_statements
from . import bp
from .arguments import json_body, only_fields
from .jobs import accepted
from .serializers import ingest_json

ARTICLE_FIELDS = ("text", "title", "outlet", "url", "published")


@bp.post("/articles")
@needs(Role.FACT_CHECKER)
def create_article() -> tuple[Response, int] | tuple[Response, int, dict[str, str]]:
    """Store an article (plain text or HTML) and suggest the statements found in it."""
    body = json_body()
    only_fields(body, ARTICLE_FIELDS, "an article")
    text = body.get("text")
    if not isinstance(text, str):
        raise InvalidInput("text is required: the article's text (plain text or HTML)")
    article = read_article(text.encode("utf-8"), "the article")
    fields = {**body, "text": article.text}
    title = body.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        fields["title"] = article.title  # the HTML <title>, else the first line
    given = source_from_mapping(fields)  # refused now, not later in the job
    session = get_session()
    if len(article.text) > LARGE_ARTICLE_CHARS:
        name = given.title or "an article"
        job = create_job(session, JobKind.ARTICLE, name, json.dumps(fields), total=1)
        session.commit()
        submit(job.id)
        return accepted(job)
    report = ingest_article(session, given)
    statements = (
        report.suggested if report.created else source_statements(session, report.source.id)
    )
    data = ingest_json(report, statements)
    session.commit()
    if not report.created:
        return jsonify(data), 200
    location = url_for("api.get_source_detail", source_id=report.source.id)
    return jsonify(data), 201, {"Location": location}
