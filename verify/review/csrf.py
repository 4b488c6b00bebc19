"""Cross-site request forgery protection for the review UI's forms.

Each browser session gets one random token, kept in the signed Flask session. Every form carries
it in a hidden `csrf_token` field (the `csrf_field` macro in _macros.html), and a request that
could change something must send it back: another site can make a browser post to us, but it
cannot read our pages, so it cannot know the token. The JSON API is not covered here.
"""

from __future__ import annotations

import hmac
import secrets

import flask
from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from . import bp

TOKEN_KEY = "csrf_token"  # the session key and the form field's name
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@bp.app_template_global("csrf_token")
def csrf_token() -> str:
    """This session's token, made on first use."""
    token = flask.session.get(TOKEN_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        flask.session[TOKEN_KEY] = token
    return token


def token_matches(given: str | None) -> bool:
    expected = flask.session.get(TOKEN_KEY)
    if not given or not isinstance(expected, str) or not expected:
        return False
    # Bytes, so a non-ASCII value typed into the field is a mismatch rather than a TypeError.
    return hmac.compare_digest(given.encode(), expected.encode())


@bp.before_request
def check_csrf_token() -> ResponseReturnValue | None:
    """Refuse a write without this session's token before the view runs, so nothing is written."""
    if request.method not in UNSAFE_METHODS or not current_app.config.get("CSRF_ENABLED", True):
        return None
    if token_matches(request.form.get(TOKEN_KEY)):
        return None
    return render_template("review/csrf_failed.html"), 400
