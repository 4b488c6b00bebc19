"""JSON API route for the history: every editor action, newest first."""

from __future__ import annotations

from flask import Response, jsonify

from ..db import get_session
from ..services.listing import actions_page
from . import bp
from .arguments import page_args
from .serializers import action_json, page_json


@bp.get("/actions")
def list_actions() -> Response:
    limit, offset = page_args()
    return jsonify(page_json(actions_page(get_session(), limit, offset), action_json))
