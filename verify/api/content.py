"""The API reads JSON bodies only: a body of any other type is refused with 415 before a view
runs. A browser can send text/plain, form-encoded and multipart bodies to any site without
asking it first (a "simple" cross-site request); JSON needs a CORS preflight this API never
grants, so a page on another origin cannot write through the API."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import UnsupportedMediaType

from . import bp

JSON_TYPE = "application/json"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Endpoints that take another type on purpose (a file upload). None today: POST /api/import
# reads the JSON import document as its body; the UI's import page takes multipart uploads.
OTHER_TYPES: dict[str, frozenset[str]] = {}


def sends_body() -> bool:
    """Whether the request says it carries a body (a length above 0, chunks, or a type)."""
    return bool(
        request.content_length
        or "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        or request.headers.get("Content-Type")
    )


@bp.before_request
def require_json_body() -> None:
    if request.method not in WRITE_METHODS or not sends_body():
        return
    given = request.mimetype
    allowed = OTHER_TYPES.get(request.endpoint or "", frozenset()) | {JSON_TYPE}
    if given in allowed:
        return
    sent = f"not {given}" if given else "this request names no type"
    raise UnsupportedMediaType(
        f"the API reads JSON only: send the body with Content-Type: {JSON_TYPE} ({sent})"
    )
