"""JSON API routes for sources: list, add, read, and confirm all of a source's suggestions.

Each view parses the request, calls one service, commits once and serialises the result; any
failure goes to the one error handler (errors.py), which rolls the transaction back.
"""

from __future__ import annotations

from flask import Response, jsonify, url_for

from ..access import needs
from ..choices import Role
from ..db import get_embedder, get_session
from ..inputs.records import source_from_mapping
from ..services import add_source, confirm_source
from ..services.listing import sources_page
from ..services.lookups import get_source
from . import bp
from .arguments import editor_name, json_body, only_fields, page_args
from .responses import created
from .serializers import confirmation_json, page_json, source_detail_json, source_json

SOURCE_FIELDS = ("title", "outlet", "url", "published", "text")


@bp.get("/sources")
def list_sources() -> Response:
    limit, offset = page_args()
    return jsonify(page_json(sources_page(get_session(), limit, offset), source_json))


@bp.post("/sources")
@needs(Role.FACT_CHECKER)
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


@bp.post("/sources/<int:source_id>/confirm")
@needs(Role.FACT_CHECKER)
def confirm_all(source_id: int) -> Response:
    """Confirm every suggested statement of a source at once."""
    body = json_body(required=False)
    only_fields(body, ("note",), "a confirmation")
    session = get_session()
    confirmed = confirm_source(
        session, get_embedder(), source_id, editor_name(body), body.get("note")
    )
    session.commit()
    return jsonify(confirmation_json(get_source(session, source_id), confirmed))
