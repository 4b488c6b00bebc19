"""JSON API route for the history: editor actions, newest first, each with its place in the
hash chain; `/api/history` (and its older name `/api/actions`) filter by group, statement or
account."""

from __future__ import annotations

from flask import Response, jsonify

from ..db import get_session
from ..services.listing import actions_page
from . import bp
from .arguments import page_args, query_int, query_text
from .serializers import action_json, page_json


@bp.get("/history", endpoint="history")
@bp.get("/actions")
def list_actions() -> Response:
    """?group_id=, ?statement_id= and ?editor= (an account's name) narrow the entries; ids of
    groups and statements since deleted still find what was recorded about them."""
    limit, offset = page_args()
    page = actions_page(
        get_session(),
        limit,
        offset,
        group_id=query_int("group_id", low=1),
        statement_id=query_int("statement_id", low=1),
        editor=query_text("editor"),
    )
    return jsonify(page_json(page, action_json))
