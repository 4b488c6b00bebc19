"""JSON API route for importing sources and statements (the JSON import format) at once."""

from __future__ import annotations

from flask import Response, jsonify

from ..db import get_embedder, get_session
from ..inputs.files import parse_json
from ..inputs.records import optional_str
from ..services import import_batch
from . import bp
from .arguments import EDITOR_HEADER, body_text, editor_name
from .serializers import import_json


@bp.post("/import")
def import_statements() -> tuple[Response, int]:
    batch = parse_json(body_text())
    editor = optional_str(editor_name(), EDITOR_HEADER, limit=200) or "import"
    session = get_session()
    report = import_batch(session, get_embedder(), batch, editor)
    session.commit()
    return jsonify(import_json(report)), 201 if report.added or report.sources_added else 200
