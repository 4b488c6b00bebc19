"""JSON API routes for statements: list, add, read, edit, delete, confirm a suggested one, set
its side, move it to another group or to another claim of its group.

Each view parses the request, calls one service, commits once and serialises the result; any
failure goes to the one error handler (errors.py), which rolls the transaction back.
"""

from __future__ import annotations

from flask import Response, jsonify, url_for

from ..access import needs
from ..choices import SIDES, Role
from ..db import get_embedder, get_session
from ..inputs.files import STATEMENT_FIELDS
from ..inputs.records import InvalidInput, statement_from_mapping
from ..services import (
    add_statement,
    confirm_statement,
    delete_statement,
    get_statement,
    move_statement,
    move_to_claim,
    set_side,
    update_statement,
)
from ..services.listing import statements_page
from . import bp
from .arguments import (
    action_body,
    editor_name,
    json_body,
    only_fields,
    optional_id,
    page_args,
    query_int,
    query_text,
    required_field,
)
from .groups import group_state
from .responses import created
from .serializers import page_json, statement_json

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
@needs(Role.FACT_CHECKER)
def create_statement() -> tuple[Response, int] | tuple[Response, int, dict[str, str]]:
    body = json_body()
    only_fields(body, (*STATEMENT_FIELDS, "source_id"), "a statement")
    given = statement_from_mapping(body)
    source_id = optional_id(body.get("source_id"), "source_id")
    editor = editor_name(body) or None
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
@needs(Role.FACT_CHECKER)
def edit_statement(statement_id: int) -> Response:
    body = json_body()
    only_fields(body, (*EDITABLE_FIELDS, "note"), "a statement edit")
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
@needs(Role.FACT_CHECKER)
def remove_statement(statement_id: int) -> tuple[str, int]:
    body = json_body(required=False)
    only_fields(body, ("note",), "a deletion")
    session = get_session()
    delete_statement(session, statement_id, editor_name(body), body.get("note"))
    session.commit()
    return "", 204


@bp.post("/statements/<int:statement_id>/confirm")
@needs(Role.FACT_CHECKER)
def confirm_one(statement_id: int) -> Response:
    """Confirm a suggested statement: it is embedded and joins a group."""
    body = json_body(required=False)
    only_fields(body, ("note",), "a confirmation")
    session = get_session()
    confirm_statement(session, get_embedder(), statement_id, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(statement_json(get_statement(session, statement_id)))


@bp.post("/statements/<int:statement_id>/side")
@needs(Role.FACT_CHECKER)
def choose_side(statement_id: int) -> Response:
    body = action_body("side")
    side = required_field(body, "side", f"one of {', '.join(SIDES)}, or null for not yet known")
    session = get_session()
    membership = set_side(session, statement_id, side, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(statement_json(membership.statement))


@bp.post("/statements/<int:statement_id>/move")
@needs(Role.FACT_CHECKER)
def move_to_group(statement_id: int) -> Response:
    body = action_body("group_id")
    target = required_field(body, "group_id", "the group to move to, or null for a new group")
    session = get_session()
    move_statement(
        session,
        statement_id,
        optional_id(target, "group_id"),
        editor_name(body),
        body.get("note"),
    )
    session.commit()
    return jsonify(statement_json(get_statement(session, statement_id)))


@bp.post("/statements/<int:statement_id>/claim")
@needs(Role.FACT_CHECKER)
def move_to_another_claim(statement_id: int) -> Response:
    """Move a statement to another claim of its group, or to a new claim; answers with the
    group, as the claim routes do."""
    body = action_body("claim_id")
    target = required_field(
        body, "claim_id", "a claim of the statement's group, or null for a new claim"
    )
    session = get_session()
    claim = move_to_claim(
        session,
        statement_id,
        optional_id(target, "claim_id"),
        editor_name(body),
        body.get("note"),
    )
    group_id = claim.group_id
    session.commit()
    return jsonify(group_state(group_id))
