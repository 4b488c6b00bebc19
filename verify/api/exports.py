"""JSON API routes that export the desk: statements and groups, as JSON or CSV, streamed."""

from __future__ import annotations

from flask import Response, stream_with_context

from ..db import get_session
from ..services.exports import EXPORTS
from . import bp

MIMETYPES = {"json": "application/json", "csv": "text/csv"}


@bp.get("/export/<any(statements, groups):what>.<any(json, csv):kind>")
def export(what: str, kind: str) -> Response:
    """The whole desk's statements or groups, written out a piece at a time as it is read (see
    verify.services.exports); an empty desk gives a header-only CSV or empty JSON lists."""
    pieces = EXPORTS[(what, kind)](get_session())
    response = Response(stream_with_context(pieces), mimetype=MIMETYPES[kind])
    if kind == "csv":
        response.mimetype_params["charset"] = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{what}.{kind}"'
    return response
