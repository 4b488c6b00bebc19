"""Who is asking and what they may do: Flask-Login sessions for the pages, bearer tokens for the
API, CSRF tokens (Flask-WTF) for the pages' forms, and the role each write route needs.

Every view that writes declares its role with `@needs(Role.X)`; both blueprints check it before
the view runs (verify/review/accounts.py, verify/api/auth.py). A write without a declared role
is refused to everyone, so a new route cannot be left open by forgetting the decorator; a view
meant for anyone (the login page) says so with `@public`. A page that even reading needs a role
for (the admin's accounts page) says `@needs(Role.X, to_read=True)`; only the review blueprint
has such pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from . import db
from .choices import Role, role_allows
from .models import Account
from .services.accounts import Throttle, active_account

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

login_manager = LoginManager()
csrf = CSRFProtect()

View = TypeVar("View", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    # CSRF_ENABLED is the desk's own name for the switch; Flask-WTF reads WTF_CSRF_ENABLED.
    app.config["WTF_CSRF_ENABLED"] = app.config["CSRF_ENABLED"]
    login_manager.init_app(app)
    csrf.init_app(app)


@login_manager.user_loader
def load_account(account_id: str) -> Account | None:
    """The account a session cookie names; a disabled account is logged out at once."""
    try:
        number = int(account_id)
    except ValueError:
        return None
    return active_account(db.get_session(), number)


def needs(role: Role, *, to_read: bool = False) -> Callable[[View], View]:
    """Declare the weakest role that may call this (writing) view; with `to_read`, the weakest
    that may read it too."""

    def mark(view: View) -> View:
        view.required_role = role.value  # type: ignore[attr-defined]
        view.role_to_read = to_read  # type: ignore[attr-defined]
        return view

    return mark


def public(view: View) -> View:
    """Declare a view open to anyone, logged in or not (the login page)."""
    view.public = True  # type: ignore[attr-defined]
    return view


def _view() -> Any:
    return current_app.view_functions.get(request.endpoint or "")


def is_public() -> bool:
    return bool(getattr(_view(), "public", False))


def is_write() -> bool:
    return request.method in WRITE_METHODS


def role_is_checked() -> bool:
    """Whether this request needs the view's role: every write, and reading a page that says so."""
    return is_write() or bool(getattr(_view(), "role_to_read", False))


def refusal(account: Account) -> str | None:
    """Why `account` may not make this write request, or None when it may."""
    needed: str | None = getattr(_view(), "required_role", None)
    if needed is None:
        current_app.logger.error("%s %s has no @needs role: refused", request.method, request.path)
        return "this action has no access rule yet, so it is refused to everyone"
    if role_allows(account.role, needed):
        return None
    return (
        f"your role ({account.role.replace('_', ' ')}) may not do this; "
        f"it needs {needed.replace('_', ' ')}"
    )


def session_account() -> Account | None:
    """The account logged in through the session cookie, if any."""
    if current_user.is_authenticated:
        account: Account = current_user._get_current_object()
        return account
    return None


def reading_is_open() -> bool:
    return bool(current_app.config.get("READ_WITHOUT_LOGIN", False))


def acting_account() -> Account | None:
    """The account this request acts as (set by the blueprint's check before the view)."""
    account: Account | None = g.get("account")
    return account


def login_throttle() -> Throttle:
    config = current_app.config
    return Throttle(
        allowed=int(config["LOGIN_FAILURES_ALLOWED"]),
        window=timedelta(seconds=float(config["LOGIN_FAILURE_WINDOW"])),
        first_wait=float(config["LOGIN_FIRST_WAIT"]),
    )


def token_lifetime() -> timedelta | None:
    days = current_app.config.get("API_TOKEN_DAYS")
    return timedelta(days=float(days)) if days else None
