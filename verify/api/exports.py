"""JSON API routes that export the desk: statements and groups, as JSON or CSV, streamed."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, current_app
from sqlalchemy.orm import Session, sessionmaker

from ..services.exports import EXPORTS
from . import bp

MIMETYPES = {"json": "application/json", "csv": "text/csv"}


def _stream(factory: sessionmaker[Session], what: str, kind: str) -> Iterator[str]:
    """The export, read in a session of its own that it closes when it ends or is abandoned:
    the request's session is closed when the view returns, before the body is sent."""
    session = factory()
    try:
        yield from EXPORTS[(what, kind)](session)
    finally:
        session.close()


@bp.get("/export/<any(statements, groups):what>.<any(json, csv):kind>")
def export(what: str, kind: str) -> Response:
    """The whole desk's statements or groups, written out a piece at a time as it is read (see
    verify.services.exports); an empty desk gives a header-only CSV or empty JSON lists."""
    factory = current_app.extensions["verify.sessionmaker"]
    response = Response(_stream(factory, what, kind), mimetype=MIMETYPES[kind])
    if kind == "csv":
        response.mimetype_params["charset"] = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{what}.{kind}"'
    return response
