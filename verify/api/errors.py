"""The API's one error handler: every failure becomes `{"error": ...}` with its status."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from ..db import BUSY_MESSAGE, get_session, is_busy
from ..inputs.records import InvalidInput
from ..services import Conflict, NotFound
from . import bp
from .serializers import error_json


def _message(error: HTTPException) -> str:
    if error.code == 404:
        return f"nothing at {request.method} {request.path}"
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or []))
        return f"{request.method} is not allowed on {request.path}; allowed: {allowed}"
    if isinstance(error, RequestEntityTooLarge):
        limit = request.max_content_length
        return "the request body is too large" + (f" (limit {limit:,} bytes)" if limit else "")
    return error.description or error.name


def api_error(error: Exception) -> Response:
    """Roll the request's transaction back and describe the failure, never with a traceback."""
    get_session().rollback()
    headers: dict[str, str] = {}
    if isinstance(error, InvalidInput):
        status, message = 400, str(error)
    elif isinstance(error, NotFound):
        status, message = 404, str(error)
    elif isinstance(error, Conflict):
        status, message = 409, str(error)
    elif is_busy(error):
        status, message = 503, BUSY_MESSAGE
        headers["Retry-After"] = "5"
    elif isinstance(error, HTTPException) and error.code is not None:
        status, message = error.code, _message(error)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers["Allow"] = ", ".join(sorted(error.valid_methods))
    else:
        current_app.logger.exception("unhandled error in %s %s", request.method, request.path)
        status, message = 500, "internal server error"
    response = jsonify(error_json(message))
    response.status_code = status
    response.headers.update(headers)
    return response


@bp.before_app_request
def _unrouted_api_request() -> Response | None:
    """Unknown /api/ URLs and wrong methods answer in JSON too.

    Routing failures reach no blueprint's handler, and an app-wide 404 handler would take the
    review UI's 404 page over; so they are answered here, before Flask raises them."""
    failure = request.routing_exception
    if (
        isinstance(failure, HTTPException)
        and (failure.code or 0) >= 400
        and (request.path == "/api" or request.path.startswith("/api/"))
    ):
        return api_error(failure)
    return None


bp.register_error_handler(Exception, api_error)
