"""What every review page shares: the names templates use, and the not-found pages."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from .. import db, services
from ..access import login_manager
from ..api.errors import api_error
from ..choices import (
    ATTRIBUTIONS,
    COLUMNS,
    FLAGS,
    SIDES,
    SPEAKER_KINDS,
    UNDETERMINED,
    column_of,
    label,
)
from ..inputs import records
from . import bp
from .display import (
    LIST_TITLE_CHARS,
    describe,
    excerpt,
    group_title,
    percent,
    shorten,
    statement_date,
)
from .forms import form_editor


@bp.context_processor
def page_helpers() -> dict[str, Any]:
    return {
        "label": label,
        "excerpt": excerpt,
        "describe": describe,
        "statement_date": statement_date,
        "group_title": group_title,
        "shorten": shorten,
        "LIST_TITLE_CHARS": LIST_TITLE_CHARS,
        "percent": percent,
        "editor_name": form_editor(),
        "SPEAKER_KINDS": SPEAKER_KINDS,
        "ATTRIBUTIONS": ATTRIBUTIONS,
        "SIDES": SIDES,
        "FLAGS": FLAGS,
        "COLUMNS": COLUMNS,
        "UNDETERMINED": UNDETERMINED,
        "column_of": column_of,
    }


@bp.app_template_test("web_url")
def is_web_url(value: object) -> bool:
    """`{% if url is web_url %}`: only an http(s) address becomes a link (macro web_link)."""
    return isinstance(value, str) and records.is_web_url(value)


@bp.errorhandler(services.NotFound)
def not_found(error: services.NotFound) -> ResponseReturnValue:
    return render_template("review/not_found.html", message=str(error)), 404


@bp.app_errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> ResponseReturnValue:
    """A form sent without this session's CSRF token, or with another: nothing was written."""
    return render_template("review/csrf_failed.html"), 400


@bp.errorhandler(OperationalError)
def database_busy(error: OperationalError) -> ResponseReturnValue:
    """SQLite still locked by another writer after the busy timeout: say so, never a 500."""
    if not db.is_busy(error):
        raise error
    db.get_session().rollback()
    if "_login_user" not in g:  # the lock stopped even the login's read: do not try it again
        g._login_user = login_manager.anonymous_user()
    page = render_template("review/busy.html", message=f"Sorry: {db.BUSY_MESSAGE}.")
    return page, 503, {"Retry-After": "5"}


@bp.app_errorhandler(404)
def page_not_found(error: Exception) -> ResponseReturnValue:
    """Any unknown URL gets the friendly page, except under /api, which always answers JSON."""
    if request.path == "/api" or request.path.startswith("/api/"):
        return api_error(error)
    return render_template("review/not_found.html", message="There is no such page."), 404
