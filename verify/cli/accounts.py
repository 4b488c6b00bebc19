"""`flask --app verify users ...` and `tokens ...`: accounts, their roles and their API tokens."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import db
from ..access import token_lifetime
from ..choices import ROLES
from ..inputs.records import InvalidInput
from ..services import NotFound
from ..services import accounts as service
from .guards import fail, one_transaction


def editor_account(name: str, outcome: str) -> str:
    """The name the history records for `--editor NAME`: that of an active account, found as a
    login finds it; anything else is refused (exit 2) with `outcome`."""
    try:
        return service.named_active_account(db.get_session(), name).name
    except (NotFound, InvalidInput) as error:
        fail(f"--editor {name!r}: {error}; {outcome}")


@click.group("users")
def users_group() -> None:
    """Create, list and disable the accounts that log in to the desk."""


@users_group.command("create")
@with_appcontext
@click.argument("name")
@click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
@click.option("--password", help="Without it, a password is generated and printed once.")
def create_user(name: str, role: str, password: str | None) -> None:
    """Create the account NAME with ROLE."""
    generated = password is None
    secret = service.generate_password() if password is None else password
    with one_transaction(outcome="no account was created") as session:
        account = service.create_account(session, name, role, secret)
    click.echo(f"created {account.role} account {account.name!r}")
    if generated:
        click.echo(f"password (shown once): {secret}")


@users_group.command("list")
@with_appcontext
def list_users() -> None:
    """Every account: name, role, and whether it is disabled."""
    for account in service.list_accounts(db.get_session()):
        state = "disabled" if account.disabled else "active"
        click.echo(f"{account.name}\t{account.role}\t{state}")


@users_group.command("disable")
@with_appcontext
@click.argument("name")
def disable_user(name: str) -> None:
    """Refuse NAME's logins and API tokens from now on (the history keeps its name)."""
    with one_transaction() as session:
        try:
            service.disable_account(session, name)
        except NotFound as error:
            fail(f"{error}; nothing was changed")
    click.echo(f"account {name!r} disabled")


@click.group("tokens")
def tokens_group() -> None:
    """Create and revoke the API tokens of an account."""


@tokens_group.command("create")
@with_appcontext
@click.argument("name")
@click.option("--label", default="", help="What the token is for.")
def create_token(name: str, label: str) -> None:
    """Create an API token for the account NAME; the token is printed alone on the last line."""
    with one_transaction(outcome="no token was created") as session:
        try:
            account = service.find_account(session, name)
        except NotFound as error:
            fail(f"{error}; no token was created")
        token, text = service.create_token(session, account, label, token_lifetime())
    until = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "never expires"
    click.echo(f"token {token.id} for {account.name!r} ({until}); shown once:")
    click.echo(text)


@tokens_group.command("revoke")
@with_appcontext
@click.argument("token")
def revoke_token(token: str) -> None:
    """Revoke TOKEN, given by its id (see the account page) or as the token itself."""
    with one_transaction() as session:
        try:
            found = service.find_token(session, token)
        except NotFound as error:
            fail(f"{error}; nothing was revoked")
        revoked = service.revoke_token(session, found)
    click.echo(f"token {found.id} revoked" if revoked else f"token {found.id} was already revoked")
