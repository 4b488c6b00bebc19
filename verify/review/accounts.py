"""Logging in and out, the account page with its API tokens, and the check every page passes
first: a login (unless READ_WITHOUT_LOGIN opens reading) and, for a write (or a page that says
so), the role it needs. The admin's pages over every account are in admin.py."""

from __future__ import annotations

import flask
from flask import flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from .. import db
from ..access import (
    acting_account,
    is_public,
    login_throttle,
    needs,
    public,
    reading_is_open,
    refusal,
    role_is_checked,
    session_account,
    token_lifetime,
)
from ..choices import Role
from ..services import NotFound
from ..services import accounts as service
from . import bp
from .forms import is_local


class LoginForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired(), Length(max=200)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])


def _login_redirect() -> ResponseReturnValue:
    """To the login page, coming back afterwards to this page (or, after a refused write, to
    the page the form was on)."""
    if request.method == "GET":
        back = request.full_path.rstrip("?")
    else:
        referrer = request.referrer or ""
        host = request.host_url.rstrip("/")
        back = referrer[len(host) :] if referrer.startswith(host + "/") else ""
    flash("Please log in first.", "info")
    return redirect(url_for(".login", next=back) if is_local(back) else url_for(".login"))


@bp.before_request
def check_access() -> ResponseReturnValue | None:
    """Log in first; a write also needs its role. Runs before every page's view."""
    if is_public():
        return None
    account = session_account()
    g.account = account
    if account is None:
        return None if reading_is_open() and not role_is_checked() else _login_redirect()
    if role_is_checked():
        reason = refusal(account)
        if reason is not None:
            return render_template("review/forbidden.html", message=f"Sorry: {reason}."), 403
    return None


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    form = LoginForm()
    target = request.args.get("next") or ""
    status = 200
    if form.validate_on_submit():
        session = db.get_session()
        address = request.remote_addr or "unknown"
        try:
            account = service.log_in(
                session, form.name.data or "", form.password.data or "", address, login_throttle()
            )
        except service.TooManyFailures as error:
            flash(str(error), "error")
            status = 429
        except service.LoginRefused as error:
            session.commit()  # the failure counts, in every worker
            flash(str(error), "error")
            status = 401
        else:
            session.commit()
            flask.session.clear()  # nothing from before the login carries over
            login_user(account)
            flash(f"Logged in as {account.name}.", "success")
            return redirect(target if is_local(target) else url_for(".groups"))
    elif request.method == "POST":
        flash("Give your name and password.", "error")
        status = 400
    return render_template("review/login.html", form=form, next=target), status


@bp.post("/logout")
@needs(Role.FACT_CHECKER)
def logout() -> ResponseReturnValue:
    logout_user()
    flask.session.clear()
    flash("Logged out.", "success")
    return redirect(url_for(".login"))


def _account_page(new_token: str | None = None) -> ResponseReturnValue:
    account = acting_account()
    if account is None:  # reading is open and nobody is logged in
        return _login_redirect()
    tokens = service.list_tokens(db.get_session(), account)
    return render_template(
        "review/account.html",
        account=account,
        tokens=tokens,
        state_of=service.token_state,
        new_token=new_token,
    )


@bp.get("/account")
def account_page() -> ResponseReturnValue:
    return _account_page()


@bp.post("/account/tokens")
@needs(Role.FACT_CHECKER)
def create_token() -> ResponseReturnValue:
    """Answered with the page itself, not a redirect: the token is shown in this one response
    and is kept nowhere else (not in the session, not in the database)."""
    account = acting_account()
    assert account is not None  # check_access made sure
    session = db.get_session()
    label = (request.form.get("label") or "").strip()[:200]
    _token, text = service.create_token(session, account, label, token_lifetime())
    session.commit()
    flash("Token created: copy it now, it will not be shown again.", "success")
    return _account_page(new_token=text)


@bp.post("/account/tokens/<int:token_id>/revoke")
@needs(Role.FACT_CHECKER)
def revoke_token(token_id: int) -> ResponseReturnValue:
    account = acting_account()
    assert account is not None
    session = db.get_session()
    try:
        token = service.find_token(session, str(token_id), account)
    except NotFound as error:
        flash(str(error).capitalize() + ".", "error")
        return redirect(url_for(".account_page"))
    if service.revoke_token(session, token):
        session.commit()
        flash(f"Token {token.id} revoked.", "success")
    else:
        flash(f"Token {token.id} was already revoked.", "info")
    return redirect(url_for(".account_page"))
