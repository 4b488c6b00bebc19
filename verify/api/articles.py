"""JSON API routes for articles: ingest one (extraction suggests statements), confirm them."""

from __future__ import annotations

from flask import Response, jsonify, url_for

from ..articles import read_article
from ..db import get_embedder, get_session
from ..inputs import InvalidInput, source_from_mapping
from ..services import confirm_source, confirm_statement, get_statement
from ..services.articles import ingest_article, source_statements
from ..services.history import get_source
from . import bp
from .parsing import editor_name, json_body, only_fields
from .serializers import confirmation_json, ingest_json, statement_json

ARTICLE_FIELDS = ("text", "title", "outlet", "url", "published")


@bp.post("/articles")
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
    session = get_session()
    report = ingest_article(session, source_from_mapping(fields))
    statements = (
        report.suggested if report.created else source_statements(session, report.source.id)
    )
    data = ingest_json(report, statements)
    session.commit()
    if not report.created:
        return jsonify(data), 200
    location = url_for("api.get_source_detail", source_id=report.source.id)
    return jsonify(data), 201, {"Location": location}


@bp.post("/statements/<int:statement_id>/confirm")
def confirm_one(statement_id: int) -> Response:
    """Confirm a suggested statement: it is embedded and joins a group."""
    body = json_body(required=False)
    only_fields(body, ("editor", "note"), "a confirmation")
    session = get_session()
    confirm_statement(session, get_embedder(), statement_id, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(statement_json(get_statement(session, statement_id)))


@bp.post("/sources/<int:source_id>/confirm")
def confirm_all(source_id: int) -> Response:
    """Confirm every suggested statement of a source at once."""
    body = json_body(required=False)
    only_fields(body, ("editor", "note"), "a confirmation")
    session = get_session()
    confirmed = confirm_source(
        session, get_embedder(), source_id, editor_name(body), body.get("note")
    )
    session.commit()
    return jsonify(confirmation_json(get_source(session, source_id), confirmed))
