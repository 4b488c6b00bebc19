"""Who an API request acts as: the account of its bearer token, checked before every view.

Writes need `Authorization: Bearer <token>` and the role the view declares; a logged-in browser
session alone never authorises a write (another site could make the browser send it). Reads
accept a token or a logged-in session, or anyone where READ_WITHOUT_LOGIN is set.
"""

from __future__ import annotations

from flask import Response, g, jsonify, request

from ..access import is_public, is_write, reading_is_open, refusal, session_account
from ..db import get_session
from ..models import Account
from ..services.accounts import account_for_token
from . import bp
from .serializers import error_json

TOKEN_HINT = (
    "create one on your account page or with `flask --app verify tokens create NAME`, "
    "and send it as `Authorization: Bearer <token>`"
)


def _refused(status: int, message: str) -> Response:
    response = jsonify(error_json(message))
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="verify"'
    return response


def bearer_account() -> Account | Response | None:
    """The token's account, None without an Authorization header, or the 401 to answer."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _refused(401, f"the Authorization header must be `Bearer <token>`; {TOKEN_HINT}")
    account = account_for_token(get_session(), token.strip(), writing=is_write())
    if account is None:
        return _refused(401, "the token is unknown, revoked or expired, or its account is disabled")
    return account  # a write's last_used_at is committed with the view's own changes


@bp.before_request
def authenticate() -> Response | None:
    if is_public():
        return None
    found = bearer_account()
    if isinstance(found, Response):
        return found
    account = found
    if is_write():
        if account is None:
            return _refused(401, f"writing through the API needs an API token: {TOKEN_HINT}")
        reason = refusal(account)
        if reason is not None:
            return _refused(403, reason)
    elif account is None:
        account = session_account()
        if account is None and not reading_is_open():
            return _refused(401, f"reading the API needs an API token or a login: {TOKEN_HINT}")
    g.account = account
    return None
