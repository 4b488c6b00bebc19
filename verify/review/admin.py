"""Review UI for admins over every account: the list (name, role, active), creating an account,
changing its role, disabling it. Only an admin may read or use these pages; each change is
recorded in the history under the admin's name (verify/services/accounts.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import logout_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields import SelectChoice

from .. import db
from ..access import acting_account, needs
from ..choices import ROLES, Role, label
from ..inputs.records import InvalidInput
from ..models import Account
from ..services import accounts as service
from . import bp
from .forms import form_editor

ROLE_CHOICES = [SelectChoice(role, label(role)) for role in ROLES]


class NewAccountForm(FlaskForm):
    # No WTForms validators: the service's checks give every refusal its own message.
    name = StringField("Name")
    role = SelectField(
        "Role", choices=ROLE_CHOICES, default=Role.FACT_CHECKER.value, validate_choice=False
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)


def _sentence(error: Exception) -> str:
    message = str(error)
    return message[:1].upper() + message[1:] + "."


def _refused(error: InvalidInput, form: NewAccountForm | None = None) -> ResponseReturnValue:
    """The accounts page again with the refusal flashed, nothing written (400)."""
    db.get_session().rollback()
    flash(_sentence(error), "error")
    return _accounts_page(form, status=400)


def _accounts_page(
    form: NewAccountForm | None = None,
    created: Account | None = None,
    password: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return render_template(
        "review/accounts.html",
        accounts=service.list_accounts(db.get_session()),
        form=form or NewAccountForm(formdata=None),
        role_form=lambda account: RoleForm(formdata=None, role=account.role),
        me=acting_account(),
        created=created,
        password=password,
    ), status


@bp.get("/accounts")
@needs(Role.ADMIN, to_read=True)
def accounts() -> ResponseReturnValue:
    return _accounts_page()


@bp.post("/accounts")
@needs(Role.ADMIN)
def add_account() -> ResponseReturnValue:
    """Answered with the page itself, not a redirect: the generated password is shown in this
    one response, as `users create` prints it once, and only its hash is kept."""
    form = NewAccountForm()
    session = db.get_session()
    password = service.generate_password()
    try:
        account = service.add_account(
            session, form.name.data or "", form.role.data or "", password, form_editor()
        )
    except InvalidInput as error:
        return _refused(error, form)
    session.commit()
    flash(f"Created the {label(account.role)} account “{account.name}”.", "success")
    return _accounts_page(created=account, password=password)


@bp.post("/accounts/<int:account_id>/role")
@needs(Role.ADMIN)
def change_role(account_id: int) -> ResponseReturnValue:
    form = RoleForm()
    session = db.get_session()
    try:
        changed = service.change_role(session, account_id, form.role.data or "", form_editor())
    except InvalidInput as error:
        return _refused(error)
    account = service.get_account(session, account_id)
    if not changed:
        flash(f"“{account.name}” is already {label(account.role)}.", "info")
        return redirect(url_for(".accounts"))
    session.commit()
    flash(f"“{account.name}” is now {label(account.role)}.", "success")
    if account is acting_account() and account.role != Role.ADMIN:
        return redirect(url_for(".groups"))  # this page is no longer theirs
    return redirect(url_for(".accounts"))


@bp.post("/accounts/<int:account_id>/disable")
@needs(Role.ADMIN)
def disable_account(account_id: int) -> ResponseReturnValue:
    session = db.get_session()
    try:
        disabled = service.retire_account(session, account_id, form_editor())
    except InvalidInput as error:
        return _refused(error)
    account = service.get_account(session, account_id)
    if not disabled:
        flash(f"“{account.name}” was already disabled.", "info")
        return redirect(url_for(".accounts"))
    session.commit()
    if account is acting_account():
        logout_user()
        flash("Your own account is disabled: you are logged out.", "success")
        return redirect(url_for(".login"))
    flash(f"“{account.name}” is disabled: its logins and API tokens are refused.", "success")
    return redirect(url_for(".accounts"))
