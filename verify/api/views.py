"""JSON API routes for sources, statements, imports and judging a group's stance; groups and
editor actions are in editing.

Each view parses the request, calls one service, commits once and serialises the result; any
failure goes to the one error handler (errors.py), which rolls the transaction back.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for

from ..db import get_embedder, get_session
from ..importing import STATEMENT_FIELDS, parse_json
from ..inputs import InvalidInput, optional_str, source_from_mapping, statement_from_mapping
from ..services import (
    add_source,
    add_statement,
    delete_statement,
    get_statement,
    group_detail,
    import_batch,
    update_statement,
)
from ..services.history import get_source
from ..services.listing import sources_page, statements_page
from ..services.stance import judge_groups
from . import bp, errors  # noqa: F401  (errors registers the error handler on bp)
from .parsing import (
    EDITOR_HEADER,
    body_text,
    editor_name,
    json_body,
    only_fields,
    optional_id,
    page_args,
    query_int,
    query_text,
)
from .serializers import (
    group_detail_json,
    import_json,
    page_json,
    source_detail_json,
    source_json,
    statement_json,
)

SOURCE_FIELDS = ("title", "outlet", "url", "published", "text")
EDITABLE_FIELDS = (
    "text",
    "speaker",
    "speaker_kind",
    "cue",
    "attribution",
    "said_on",
    "span",
    "side",
)


def created(body: dict[str, Any], location: str) -> tuple[Response, int, dict[str, str]]:
    return jsonify(body), 201, {"Location": location}


# ---------------------------------------------------------------- sources


@bp.get("/sources")
def list_sources() -> Response:
    limit, offset = page_args()
    return jsonify(page_json(sources_page(get_session(), limit, offset), source_json))


@bp.post("/sources")
def create_source() -> tuple[Response, int] | tuple[Response, int, dict[str, str]]:
    body = json_body()
    only_fields(body, SOURCE_FIELDS, "a source")
    session = get_session()
    source, is_new = add_source(session, source_from_mapping(body))
    session.commit()
    if not is_new:
        return jsonify(source_detail_json(source)), 200
    location = url_for("api.get_source_detail", source_id=source.id)
    return created(source_detail_json(source), location)


@bp.get("/sources/<int:source_id>")
def get_source_detail(source_id: int) -> Response:
    return jsonify(source_detail_json(get_source(get_session(), source_id)))


# ---------------------------------------------------------------- statements


@bp.get("/statements")
def list_statements() -> Response:
    limit, offset = page_args()
    page = statements_page(
        get_session(),
        limit,
        offset,
        group_id=query_int("group_id"),
        speaker=query_text("speaker"),
    )
    return jsonify(page_json(page, statement_json))


@bp.post("/statements")
def create_statement() -> tuple[Response, int] | tuple[Response, int, dict[str, str]]:
    body = json_body()
    only_fields(body, (*STATEMENT_FIELDS, "source_id", "editor"), "a statement")
    given = statement_from_mapping(body)
    source_id = optional_id(body.get("source_id"), "source_id")
    editor = optional_str(editor_name(body), "editor", limit=200)
    session = get_session()
    statement, is_new = add_statement(session, get_embedder(), given, source_id, editor)
    session.commit()
    if not is_new:
        return jsonify(statement_json(statement)), 200
    location = url_for("api.get_statement_detail", statement_id=statement.id)
    return created(statement_json(statement), location)


@bp.get("/statements/<int:statement_id>")
def get_statement_detail(statement_id: int) -> Response:
    return jsonify(statement_json(get_statement(get_session(), statement_id)))


@bp.patch("/statements/<int:statement_id>")
def edit_statement(statement_id: int) -> Response:
    body = json_body()
    only_fields(body, (*EDITABLE_FIELDS, "editor", "note"), "a statement edit")
    if not set(body) & set(EDITABLE_FIELDS):
        raise InvalidInput(f"nothing to change; give one or more of: {', '.join(EDITABLE_FIELDS)}")
    session = get_session()
    changes = {key: value for key, value in body.items() if key in EDITABLE_FIELDS}
    statement = update_statement(
        session, get_embedder(), statement_id, changes, editor_name(body), body.get("note")
    )
    session.commit()
    return jsonify(statement_json(statement))


@bp.delete("/statements/<int:statement_id>")
def remove_statement(statement_id: int) -> tuple[str, int]:
    body = json_body(required=False)
    only_fields(body, ("editor", "note"), "a deletion")
    session = get_session()
    delete_statement(session, statement_id, editor_name(body), body.get("note"))
    session.commit()
    return "", 204


# ---------------------------------------------------------------- imports


@bp.post("/import")
def import_statements() -> tuple[Response, int]:
    batch = parse_json(body_text())
    editor = optional_str(editor_name(), EDITOR_HEADER, limit=200) or "import"
    session = get_session()
    report = import_batch(session, get_embedder(), batch, editor)
    session.commit()
    return jsonify(import_json(report)), 201 if report.added or report.sources_added else 200


# ---------------------------------------------------------------- stance


@bp.post("/groups/<int:group_id>/stance")
def judge_stance(group_id: int) -> Response:
    """Judge one group's stance again from scratch and answer with the group. It recomputes
    suggestions, not a person's decision: it needs no editor, leaves no history entry, and keeps
    every side and flag a person chose. The body is empty or {}."""
    if json_body(required=False):
        raise InvalidInput("judging a group's stance takes no fields; send no body or {}")
    session = get_session()
    judge_groups(session, [group_id])
    session.commit()
    return jsonify(group_detail_json(group_detail(session, group_id)))


from . import articles, editing, speakers  # noqa: E402,F401  (articles, groups, speakers)
