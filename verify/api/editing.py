"""JSON API routes for groups, the editor actions on them, and the history those actions leave.

Every action needs an editor's name (the "editor" field or the X-Verify-Editor header) and takes
an optional "note"; each answers with the state it left behind, read after the commit.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for

from ..db import get_session
from ..inputs import choice
from ..services import (
    flag_group,
    get_group,
    get_statement,
    group_detail,
    merge_groups,
    move_statement,
    set_side,
    split_group,
)
from ..services.listing import actions_page, groups_page
from ..vocabulary import FLAGS, SIDES
from . import bp
from .parsing import (
    editor_name,
    id_list,
    json_body,
    only_fields,
    optional_id,
    page_args,
    query_text,
    required_field,
    whole_number,
)
from .serializers import action_json, group_detail_json, group_json, page_json, statement_json


def action_body(*fields: str) -> dict[str, Any]:
    """The JSON object of an editor action: its own fields plus "editor" and "note"."""
    body = json_body()
    only_fields(body, (*fields, "editor", "note"), "this action")
    return body


def group_state(group_id: int) -> dict[str, Any]:
    return group_detail_json(group_detail(get_session(), group_id))


# ---------------------------------------------------------------- reading


@bp.get("/groups")
def list_groups() -> Response:
    limit, offset = page_args()
    flag = choice(query_text("flag"), "flag", FLAGS)
    return jsonify(page_json(groups_page(get_session(), limit, offset, flag), group_json))


@bp.get("/groups/<int:group_id>")
def get_group_detail(group_id: int) -> Response:
    return jsonify(group_state(group_id))


@bp.get("/groups/<int:group_id>/history")
def group_history(group_id: int) -> Response:
    limit, offset = page_args()
    session = get_session()
    get_group(session, group_id)
    return jsonify(page_json(actions_page(session, limit, offset, group_id), action_json))


@bp.get("/actions")
def list_actions() -> Response:
    limit, offset = page_args()
    return jsonify(page_json(actions_page(get_session(), limit, offset), action_json))


# ---------------------------------------------------------------- editor actions


@bp.post("/statements/<int:statement_id>/side")
def choose_side(statement_id: int) -> Response:
    body = action_body("side")
    side = required_field(body, "side", f"one of {', '.join(SIDES)}, or null for not yet known")
    session = get_session()
    membership = set_side(session, statement_id, side, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(statement_json(membership.statement))


@bp.post("/statements/<int:statement_id>/move")
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


@bp.post("/groups/<int:group_id>/split")
def split(group_id: int) -> tuple[Response, int, dict[str, str]]:
    body = action_body("statement_ids")
    chosen = id_list(
        required_field(body, "statement_ids", "the ids of the statements to split off"),
        "statement_ids",
    )
    session = get_session()
    new = split_group(session, group_id, chosen, editor_name(body), body.get("note"))
    session.commit()
    location = url_for("api.get_group_detail", group_id=new.id)
    return jsonify(group_state(new.id)), 201, {"Location": location}


@bp.post("/groups/<int:group_id>/merge")
def merge(group_id: int) -> Response:
    body = action_body("group_id")
    other = whole_number(
        required_field(body, "group_id", "the group to merge into this one"), "group_id"
    )
    session = get_session()
    merge_groups(session, group_id, other, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(group_state(group_id))


@bp.post("/groups/<int:group_id>/flag")
def flag(group_id: int) -> Response:
    body = action_body("flag")
    chosen = required_field(body, "flag", f"one of {', '.join(FLAGS)}, or null to clear it")
    session = get_session()
    flag_group(session, group_id, chosen, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(group_state(group_id))
