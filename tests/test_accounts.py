"""Accounts, logins, roles and API tokens: the pages, the API's bearer tokens, the CLI, and a
check over every write route of the URL map, so that a new route without a role fails here."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from accounts import PASSWORD, TEST_ACCOUNT, anonymous, client_as, make_account
from api_calls import assert_error
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from pages import page
from sqlalchemy import func, select

from verify import db
from verify.choices import ROLES
from verify.models import ApiToken, EditorAction, LoginFailure
from verify.services import accounts
from verify.services.accounts import LOGIN_REFUSED, Throttle

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# Every write route and the weakest role that may use it. A new write route must be added here
# (and carry @needs(Role...)), or test_every_write_route_is_listed fails.
ROLES_NEEDED: dict[str, str] = {
    **{
        f"review.{name}": "fact_checker"
        for name in (
            "logout",
            "create_token",
            "revoke_token",
            "set_side",
            "move_statement",
            "split_group",
            "merge_groups",
            "move_to_claim",
            "split_claim",
            "merge_claims",
            "accept_claim_sides",
            "new_statement",
            "edit_statement",
            "delete_statement",
            "confirm_statement",
            "add_alias",
            "remove_alias",
            "merge_speakers",
            "split_speaker",
            "new_source",
            "confirm_source",
            "new_article",
            "import_file",
        )
    },
    **{f"review.{name}": "admin" for name in ("add_account", "change_role", "disable_account")},
    "review.flag_group": "editor",
    "review.flag_claim": "editor",
    "review.publish": "editor",
    "api.publish": "editor",
    "api.unpublish": "editor",
    **{
        f"api.{name}": "fact_checker"
        for name in (
            "create_article",
            "split",
            "merge",
            "judge_stance",
            "split_off_claim",
            "merge_into_claim",
            "import_statements",
            "create_source",
            "confirm_all",
            "merge_speaker",
            "split_speaker_off",
            "create_statement",
            "edit_statement",
            "remove_statement",
            "confirm_one",
            "choose_side",
            "move_to_group",
            "move_to_another_claim",
        )
    },
    "api.flag": "editor",
    "api.flag_one_claim": "editor",
}
# Write routes anyone may call: logging in.
OPEN_WRITES = {"review.login"}
WEAKER = {"editor": "fact_checker", "admin": "editor"}


def write_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, a URL) of every write route, ids filled in with 1."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & WRITE_METHODS):
            url = re.sub(r"<(?:[^:>]+:)?[^>]+>", "1", rule.rule)
            found.append((rule.endpoint, method, url))
    return found


def test_every_write_route_is_listed(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _method, _url in write_rules(app)}
    assert endpoints - OPEN_WRITES == set(ROLES_NEEDED), (
        "add new write routes to ROLES_NEEDED (and @needs(Role...) on the view)"
    )


def test_every_write_route_refuses_anonymous_clients(app: Flask) -> None:
    visitor = anonymous(app)
    for endpoint, method, url in write_rules(app):
        if endpoint in OPEN_WRITES:
            continue
        response = visitor.open(url, method=method, json={})
        if endpoint.startswith("api."):
            assert response.status_code == 401, (endpoint, response.status_code)
            assert response.is_json
        else:
            assert response.status_code == 302, (endpoint, response.status_code)
            assert response.headers["Location"].startswith("/login"), endpoint


def test_every_write_route_refuses_a_weaker_role(app: Flask) -> None:
    clients = {role: client_as(app, f"someone {role}", role) for role in ROLES}
    for endpoint, method, url in write_rules(app):
        if endpoint in OPEN_WRITES:
            continue
        needed = ROLES_NEEDED[endpoint]
        if needed in WEAKER:
            weaker = clients[WEAKER[needed]].open(url, method=method, json={})
            assert weaker.status_code == 403, (endpoint, weaker.status_code)
        if endpoint == "review.logout":
            continue  # it passes, and would log the client out of the rest
        allowed = clients[needed]
        response = allowed.open(url, method=method, json={})
        assert response.status_code not in (401, 403), (endpoint, response.status_code)


def test_a_write_view_without_a_declared_role_is_refused_to_everyone(demo_app: Flask) -> None:
    view: Any = demo_app.view_functions["review.flag_group"]
    admin = client_as(demo_app, "Root", "admin")
    del view.required_role
    try:
        response = admin.post("/groups/1/flag", data={"flag": "disputed"})
    finally:
        view.required_role = "editor"
    assert response.status_code == 403
    assert "no access rule" in response.get_data(as_text=True)


# ---------------------------------------------------------------- logging in


def login_form(client: FlaskClient, name: str, password: str, next: str = "") -> object:
    url = f"/login?next={next}" if next else "/login"
    return client.post(url, data={"name": name, "password": password})


def test_pages_need_a_login(app: Flask) -> None:
    response = anonymous(app).get("/sources?page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/sources?page%3D2"
    assert anonymous(app).get("/login").status_code == 200


def test_logging_in_and_out(app: Flask) -> None:
    visitor = anonymous(app)
    response = visitor.post(
        "/login?next=/sources", data={"name": TEST_ACCOUNT, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/sources"
    soup = page(visitor.get("/sources"))
    account_link = soup.select_one("header .account a")
    assert account_link is not None and account_link.get_text() == TEST_ACCOUNT
    assert visitor.post("/logout").status_code == 302
    assert visitor.get("/sources").status_code == 302


def session_cookie(app: Flask) -> dict[str, str]:
    """The attributes of the session cookie a login sets (lowercase names; flags map to "")."""
    response = anonymous(app).post("/login", data={"name": TEST_ACCOUNT, "password": PASSWORD})
    assert response.status_code == 302
    name = app.config["SESSION_COOKIE_NAME"]
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    attributes = (part.strip().partition("=") for part in cookie.split(";")[1:])
    return {key.lower(): value for key, _, value in attributes}


def test_the_session_cookie_is_http_only_and_same_site_lax(app: Flask) -> None:
    cookie = session_cookie(app)
    assert "httponly" in cookie
    assert cookie["samesite"] == "Lax"
    assert "secure" not in cookie  # SESSION_COOKIE_SECURE is off by default: plain HTTP works


def test_the_session_cookie_is_secure_when_the_https_setting_is_on(app: Flask) -> None:
    app.config["SESSION_COOKIE_SECURE"] = True
    cookie = session_cookie(app)
    assert "secure" in cookie and "httponly" in cookie and cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("name", "password"),
    [(TEST_ACCOUNT, "wrong password"), ("Nobody", PASSWORD), ("Dis Abled", PASSWORD), ("", "x")],
    ids=["wrong password", "unknown", "disabled", "blank name"],
)
def test_every_refused_login_says_the_same(app: Flask, name: str, password: str) -> None:
    make_account(app, "Dis Abled", "editor")
    with app.app_context():
        accounts.disable_account(db.get_session(), "Dis Abled")
        db.get_session().commit()
    response = anonymous(app).post("/login", data={"name": name, "password": password})
    assert response.status_code in (400, 401)
    if name:
        assert response.status_code == 401
        assert LOGIN_REFUSED in response.get_data(as_text=True)


def test_an_unknown_name_costs_a_password_check_too(app: Flask) -> None:
    throttle = Throttle(allowed=100)
    with app.app_context():
        session = db.get_session()
        timings = {}
        for name in (TEST_ACCOUNT, "Nobody"):
            start = time.perf_counter()
            for _ in range(3):
                with pytest.raises(accounts.LoginRefused):
                    accounts.log_in(session, name, "wrong password", "10.0.0.1", throttle)
            timings[name] = time.perf_counter() - start
    ratio = timings["Nobody"] / timings[TEST_ACCOUNT]
    assert 0.5 < ratio < 2.0, timings


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "/\t/evil.example", "/\\evil.example", "https://evil.example/", "/\x00x"],
)
def test_login_never_redirects_off_site(app: Flask, target: str) -> None:
    response = anonymous(app).post(
        "/login", query_string={"next": target}, data={"name": TEST_ACCOUNT, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_repeated_failures_slow_down_logins_per_account_and_per_address(app: Flask) -> None:
    app.config.update(LOGIN_FAILURES_ALLOWED=2, LOGIN_FIRST_WAIT=60.0)
    attacker = anonymous(app)
    for _ in range(2):
        assert login_form(attacker, TEST_ACCOUNT, "guess").status_code == 401  # type: ignore[attr-defined]
    # The right password is refused now too, with the wait in seconds.
    refused = attacker.post("/login", data={"name": TEST_ACCOUNT, "password": PASSWORD})
    assert refused.status_code == 429
    assert re.search(r"try again in \d+ seconds", refused.get_data(as_text=True))
    # From another address the account is still slowed down ...
    other = anonymous(app)
    elsewhere = other.post(
        "/login",
        data={"name": TEST_ACCOUNT, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert elsewhere.status_code == 429
    # ... and the address is slowed down for other names.
    make_account(app, "Bea", "editor")
    assert login_form(anonymous(app), "Bea", PASSWORD).status_code == 429  # type: ignore[attr-defined]
    with app.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(LoginFailure)) == 2


def test_the_wait_doubles_and_success_forgets_the_failures(app: Flask) -> None:
    throttle = Throttle(allowed=2, window=timedelta(minutes=15), first_wait=2.0)
    assert [throttle.wait_after(n) for n in range(5)] == [0, 0, 2.0, 4.0, 8.0]
    with app.app_context():
        session = db.get_session()
        start = accounts.utc_now()
        for _ in range(2):
            with pytest.raises(accounts.LoginRefused):
                accounts.log_in(session, TEST_ACCOUNT, "bad", "a", throttle, start)
        with pytest.raises(accounts.TooManyFailures):
            accounts.log_in(session, TEST_ACCOUNT, PASSWORD, "a", throttle, start)
        later = start + timedelta(seconds=3)
        assert accounts.log_in(session, TEST_ACCOUNT, PASSWORD, "b", throttle, later).name == "Ana"
        assert accounts.login_wait(session, TEST_ACCOUNT, "b", throttle, later) == 0


def test_a_disabled_accounts_session_and_token_stop_working(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        accounts.disable_account(db.get_session(), TEST_ACCOUNT)
        db.get_session().commit()
    assert client.get("/sources").status_code == 302
    response = client.post("/api/sources", json={"title": "x", "text": "y"})
    assert_error(response, 401, "disabled")


def test_read_without_login_opens_reading_only(app: Flask) -> None:
    app.config["READ_WITHOUT_LOGIN"] = True
    visitor = anonymous(app)
    assert visitor.get("/sources").status_code == 200
    assert visitor.get("/api/groups").status_code == 200
    assert visitor.post("/sources/new", data={"title": "t"}).status_code == 302
    assert_error(visitor.post("/api/sources", json={"title": "t"}), 401, "token")


# ---------------------------------------------------------------- roles


def test_a_fact_checker_may_set_sides_but_not_flag(demo_app: Flask) -> None:
    checker = client_as(demo_app, "Fay", "fact_checker")
    group_id = checker.get("/api/groups").get_json()["items"][0]["id"]
    response = checker.post(f"/api/groups/{group_id}/flag", json={"flag": "disputed"})
    assert_error(response, 403, "fact checker", "editor")
    page_response = checker.post(f"/groups/{group_id}/flag", data={"flag": "disputed"})
    assert page_response.status_code == 403
    assert "needs editor" in page_response.get_data(as_text=True)
    with demo_app.app_context():
        assert db.get_session().scalar(select(func.count()).select_from(EditorAction)) == 0
    statement = checker.get(f"/api/groups/{group_id}").get_json()["members"][0]["statement_id"]
    moved = checker.post(f"/api/statements/{statement}/side", json={"side": "neutral"})
    assert moved.status_code == 200
    with demo_app.app_context():
        entry = db.get_session().scalars(select(EditorAction)).one()
        assert entry.editor == "Fay"


# ---------------------------------------------------------------- API tokens


def test_api_reads_take_a_token_or_a_session(app: Flask, client: FlaskClient) -> None:
    assert_error(anonymous(app).get("/api/groups"), 401, "token")
    session_only = app.test_client()
    del session_only.environ_base["HTTP_AUTHORIZATION"]
    assert session_only.get("/api/groups").status_code == 200
    assert_error(session_only.post("/api/sources", json={"title": "t"}), 401, "token")
    token_only = anonymous(app)
    token_only.environ_base["HTTP_AUTHORIZATION"] = client.environ_base["HTTP_AUTHORIZATION"]
    assert token_only.get("/api/groups").status_code == 200


def test_the_account_page_creates_a_token_once_and_revokes_it(
    app: Flask, client: FlaskClient
) -> None:
    response = client.post("/account/tokens", data={"label": "newsroom script"})
    assert response.status_code == 200
    shown = page(response).select_one("#new-token")
    assert shown is not None
    token = shown.get_text()
    assert token.startswith("vfy_")
    again = page(client.get("/account"))
    assert again.select_one("#new-token") is None and token not in str(again)
    assert again.select_one(f'a[href="/history?editor={TEST_ACCOUNT}"]') is not None
    with app.app_context():
        stored = db.get_session().scalar(
            select(ApiToken).where(ApiToken.label == "newsroom script")
        )
        assert stored is not None and stored.token_hash == accounts.token_hash(token)
        token_id = stored.id
    script = anonymous(app)
    script.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert script.post("/api/sources", json={"title": "By script", "text": "t"}).status_code == 201
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert_error(script.get("/api/groups"), 401, "revoked")


def test_one_cannot_revoke_another_accounts_token(app: Flask, client: FlaskClient) -> None:
    other = make_account(app, "Bea", "editor")
    with app.app_context():
        token = db.get_session().scalar(
            select(ApiToken).where(ApiToken.account_id == other.account_id)
        )
        assert token is not None
        token_id = token.id
    page_after = page(client.post(f"/account/tokens/{token_id}/revoke", follow_redirects=True))
    assert "no such token" in page_after.get_text()
    bea = anonymous(app)
    bea.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {other.token}"
    assert bea.get("/api/groups").status_code == 200


def test_an_expired_token_is_refused(app: Flask) -> None:
    with app.app_context():
        session = db.get_session()
        account = accounts.find_account(session, TEST_ACCOUNT)
        long_ago = accounts.utc_now() - timedelta(days=30)
        _token, text = accounts.create_token(session, account, "old", timedelta(days=1), long_ago)
        session.commit()
    script = anonymous(app)
    script.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {text}"
    assert_error(script.get("/api/groups"), 401, "expired")


# ---------------------------------------------------------------- the CLI


def test_cli_users_create_list_disable(runner: FlaskCliRunner) -> None:
    made = runner.invoke(args=["users", "create", "Cora", "--role", "fact_checker"])
    assert made.exit_code == 0, made.output
    password = made.output.strip().splitlines()[-1].removeprefix("password (shown once): ")
    given = runner.invoke(
        args=["users", "create", "Dan", "--role", "admin", "--password", "long enough pw"]
    )
    assert given.exit_code == 0 and "shown once" not in given.output
    listed = runner.invoke(args=["users", "list"]).output
    assert "Cora\tfact_checker\tactive" in listed and "Dan\tadmin\tactive" in listed
    assert runner.invoke(args=["users", "disable", "Cora"]).exit_code == 0
    assert "Cora\tfact_checker\tdisabled" in runner.invoke(args=["users", "list"]).output
    with runner.app.app_context():
        with pytest.raises(accounts.LoginRefused):
            accounts.log_in(db.get_session(), "Cora", password, "x", Throttle())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["users", "create", "Ana", "--role", "editor"], "already an account"),
        (["users", "create", "Eve", "--role", "boss"], "role must be one of"),
        (["users", "create", "Eve", "--role", "editor", "--password", "short"], "at least 10"),
        (["users", "create", " ", "--role", "editor"], "name is required"),
        (["users", "disable", "Nobody"], "no account named"),
        (["tokens", "create", "Nobody"], "no account named"),
        (["tokens", "revoke", "999"], "no such token"),
        (["tokens", "revoke", "vfy_made_up"], "no such token"),
    ],
)
def test_cli_refuses_bad_input_with_exit_2(
    runner: FlaskCliRunner, args: list[str], words: str
) -> None:
    result = runner.invoke(args=args)
    assert result.exit_code == 2, result.output
    assert words in result.output


def test_cli_tokens_create_prints_the_token_last_and_revoke_takes_it(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["tokens", "create", TEST_ACCOUNT, "--label", "cron"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"vfy_[A-Za-z0-9_-]{40,}", token)
    script = anonymous(app)
    script.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert script.get("/api/groups").status_code == 200
    revoked = runner.invoke(args=["tokens", "revoke", token])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert "already revoked" in runner.invoke(args=["tokens", "revoke", token]).output
    assert_error(script.get("/api/groups"), 401, "revoked")


def test_demo_prints_a_login_that_works(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    found = re.search(r"demo login: name '([^']+)', password '([^']+)' \(editor\)", result.output)
    assert found is not None, result.output
    visitor = anonymous(app)
    token = page(visitor.get("/login")).select_one('input[name="csrf_token"]')
    data = {"name": found[1], "password": found[2]}
    if token is not None:
        data["csrf_token"] = str(token["value"])
    assert visitor.post("/login", data=data).status_code == 302
