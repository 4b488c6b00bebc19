"""Accounts for tests: the one every test client acts as, anonymous clients, and clients logged
in with another role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from verify import db
from verify.services import accounts

TEST_ACCOUNT = "Ana"  # the editor the `client` fixtures act as; the history records this name
PASSWORD = "a test password"  # every account made here has it


@dataclass(frozen=True)
class TestLogin:
    """An account the tests act as, and its API token."""

    __test__ = False  # a helper, not a class of tests for pytest to collect

    account_id: int
    token: str


def log_in(client: FlaskClient, login: TestLogin) -> FlaskClient:
    """Log `client` in as the account (through its session cookie) and give it the token."""
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {login.token}"
    with client.session_transaction() as session:
        session["_user_id"] = str(login.account_id)
        session["_fresh"] = True
    return client


def signed_in_client(login: TestLogin) -> type[FlaskClient]:
    """A test client class whose clients start logged in as `login`, token and session."""

    class SignedInClient(FlaskClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            log_in(self, login)

    return SignedInClient


def anonymous(app: Flask) -> FlaskClient:
    """A client with no login and no token."""
    return FlaskClient(app, app.response_class, use_cookies=True)


def make_account(app: Flask, name: str, role: str, password: str = PASSWORD) -> TestLogin:
    """A new account with an API token."""
    with app.app_context():
        session = db.get_session()
        account = accounts.create_account(session, name, role, password)
        _token, text = accounts.create_token(session, account, "tests")
        login = TestLogin(account.id, text)
        session.commit()
    return login


def make_disabled_account(app: Flask, name: str, role: str = "editor") -> None:
    """An account that existed and was disabled since."""
    make_account(app, name, role)
    with app.app_context():
        accounts.disable_account(db.get_session(), name)
        db.get_session().commit()


def client_as(app: Flask, name: str, role: str) -> FlaskClient:
    """A client logged in (session and token) as a new account with `role`."""
    return log_in(anonymous(app), make_account(app, name, role))
