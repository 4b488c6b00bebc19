"""CSRF protection of the review UI's forms (Flask-WTF), on an app of its own with the check
switched on; the clients are logged in as the tests' editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from accounts import PASSWORD, TEST_ACCOUNT, anonymous
from flask import Flask
from flask.testing import FlaskClient
from pages import group_of, page, statement_id
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from verify import create_app, db
from verify.config import Config
from verify.embedding import SentenceTransformerEmbedder
from verify.models import ClaimGroup, EditorAction, Membership, Source, Statement

KALEEV_DENIAL = "shelling farming families"


@pytest.fixture
def database_template(demo_template: Path) -> Path:
    """Every test here starts from the demo desk."""
    return demo_template


@pytest.fixture
def app(database_url: str, embedder: SentenceTransformerEmbedder) -> Flask:
    """The demo desk with CSRF protection on (the shared fixture switches it off)."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test",
            "CSRF_ENABLED": True,
        },
        embedder=embedder,
    )


# ---------------------------------------------------------------- helpers


def token_from(client: FlaskClient, url: str) -> str:
    """The token the page at `url` puts in its forms (the same in every form of the page)."""
    response = client.get(url)
    assert response.status_code == 200
    tokens = {str(field["value"]) for field in page(response).select('[name="csrf_token"]')}
    assert len(tokens) == 1, tokens
    return tokens.pop()


def snapshot(app: Flask) -> tuple[object, ...]:
    """Row counts of every table a form writes to, and every group's flag."""
    with app.app_context():
        session = db.get_session()
        rows = tuple(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Source, Statement, Membership, ClaimGroup, EditorAction)
        )
        flags = tuple(session.scalars(select(ClaimGroup.flag).order_by(ClaimGroup.id)))
        return (*rows, flags)


def flag_of(app: Flask, group_id: int) -> str | None:
    with app.app_context():
        return db.get_session().get_one(ClaimGroup, group_id).flag


def other_group(app: Flask) -> int:
    """Any group but the raid's."""
    with app.app_context():
        found = db.get_session().scalar(
            select(ClaimGroup.id).where(ClaimGroup.id != group_of(app, KALEEV_DENIAL)).limit(1)
        )
    assert found is not None
    return found


def assert_refused(response: TestResponse) -> None:
    assert response.status_code == 400
    soup = page(response)
    heading = soup.select_one("main h1")
    assert heading is not None and "expired" in heading.get_text()
    assert "reload" in soup.get_text()


def group_page(app: Flask) -> str:
    return f"/groups/{group_of(app, KALEEV_DENIAL)}"


def edit_page(app: Flask) -> str:
    return f"/statements/{statement_id(app, KALEEV_DENIAL)}/edit"


# Every POST form of the review UI, given the app: the page showing it, where it posts, its fields.
FormCase = Callable[[Flask], tuple[str, str, dict[str, object]]]
FORMS: dict[str, FormCase] = {
    "log out": lambda app: ("/", "/logout", {}),
    "new token": lambda app: ("/account", "/account/tokens", {"label": "forged"}),
    "flag": lambda app: (
        group_page(app),
        f"{group_page(app)}/flag",
        {"flag": "disputed"},
    ),
    "side": lambda app: (
        group_page(app),
        f"{group_page(app)}/side",
        {"statement_id": statement_id(app, KALEEV_DENIAL), "side": "asserts"},
    ),
    "move": lambda app: (
        group_page(app),
        f"{group_page(app)}/move",
        {"statement_id": statement_id(app, KALEEV_DENIAL), "new_group": "1"},
    ),
    "split": lambda app: (
        group_page(app),
        f"{group_page(app)}/split",
        {"statement_id": statement_id(app, KALEEV_DENIAL)},
    ),
    "merge": lambda app: (
        group_page(app),
        f"{group_page(app)}/merge",
        {"other_group": other_group(app)},
    ),
    "new source": lambda app: (
        "/sources/new",
        "/sources/new",
        {"title": "Forged", "text": "Forged text."},
    ),
    "new statement": lambda app: (
        "/statements/new",
        "/statements/new",
        {"text": "The dam is empty.", "speaker": "Forger"},
    ),
    "edit statement": lambda app: (
        edit_page(app),
        edit_page(app),
        {"text": "Forged words.", "speaker": "Rustam Kaleev"},
    ),
    "delete statement": lambda app: (
        edit_page(app),
        f"/statements/{statement_id(app, KALEEV_DENIAL)}/delete",
        {},
    ),
    "import": lambda app: (
        "/import",
        "/import",
        {"pasted": '{"statements": [{"text": "Forged claim.", "speaker": "Forger"}]}'},
    ),
}


# ---------------------------------------------------------------- tests


def test_protection_is_on_by_default() -> None:
    assert Config.CSRF_ENABLED is True


@pytest.mark.parametrize(
    "url",
    ["/", "/sources/new", "/statements/new", "/import", "/account", "GROUP", "EDIT"],
)
def test_every_form_on_a_page_carries_the_session_token(
    client: FlaskClient, app: Flask, url: str
) -> None:
    url = {
        "GROUP": f"/groups/{group_of(app, KALEEV_DENIAL)}",
        "EDIT": f"/statements/{statement_id(app, KALEEV_DENIAL)}/edit",
    }.get(url, url)
    soup = page(client.get(url))
    forms = soup.select('form[method="post"]')
    assert forms
    for form in forms:
        field = form.select_one('input[type="hidden"][name="csrf_token"]')
        assert field is not None, form.get("action") or form.get("id")
    with client.session_transaction() as session:
        assert session["csrf_token"]  # the secret that the forms' signed tokens carry


@pytest.mark.parametrize("name", FORMS)
def test_post_without_a_token_is_refused_and_writes_nothing(
    client: FlaskClient, app: Flask, name: str
) -> None:
    _page, url, form = FORMS[name](app)
    token_from(client, "/")  # the session has a token; the form just doesn't send it
    before = snapshot(app)
    assert_refused(client.post(url, data=form))
    assert snapshot(app) == before
    with client.session_transaction() as session:
        assert "_user_id" in session  # still logged in


@pytest.mark.parametrize("token", ["", "wrong", "ünïcode", "x" * 500])
def test_post_with_a_wrong_token_is_refused(client: FlaskClient, app: Flask, token: str) -> None:
    _page, url, form = FORMS["flag"](app)
    token_from(client, "/")
    before = snapshot(app)
    assert_refused(client.post(url, data={**form, "csrf_token": token}))
    assert snapshot(app) == before


@pytest.mark.parametrize("name", FORMS)
def test_post_with_the_token_from_the_page_succeeds(
    client: FlaskClient, app: Flask, name: str
) -> None:
    form_page, url, form = FORMS[name](app)
    token = token_from(client, form_page)
    before = snapshot(app)
    response = client.post(url, data={**form, "csrf_token": token})
    if name == "new token":  # answered with the page that shows the new token once
        assert response.status_code == 200
        assert page(response).select_one("#new-token") is not None
        return
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.session_transaction() as session:
        flashed = session.get("_flashes", [])
    assert [category for category, _ in flashed] in (["success"], ["info"]), flashed
    if name == "log out":
        with client.session_transaction() as session:
            assert "_user_id" not in session
    else:
        assert snapshot(app) != before


def test_flagging_with_the_token_from_the_group_page(client: FlaskClient, app: Flask) -> None:
    group_url = f"/groups/{group_of(app, KALEEV_DENIAL)}"
    token = token_from(client, group_url)
    response = client.post(
        f"{group_url}/flag",
        data={"flag": "disputed", "csrf_token": token},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert page(response).select_one("h1 .flag") is not None
    assert flag_of(app, group_of(app, KALEEV_DENIAL)) == "disputed"


def test_a_token_from_another_session_is_refused(app: Flask) -> None:
    alice, mallory, stranger = app.test_client(), app.test_client(), app.test_client()
    alice_token = token_from(alice, "/")
    mallory_token = token_from(mallory, "/")
    assert alice_token != mallory_token
    _page, url, form = FORMS["flag"](app)
    before = snapshot(app)
    assert_refused(mallory.post(url, data={**form, "csrf_token": alice_token}))
    assert_refused(stranger.post(url, data={**form, "csrf_token": alice_token}))
    assert snapshot(app) == before
    # Alice's own token still works for Alice.
    assert alice.post(url, data={**form, "csrf_token": alice_token}).status_code == 302
    assert flag_of(app, group_of(app, KALEEV_DENIAL)) == "disputed"


def test_the_refusal_page_offers_a_fresh_token(client: FlaskClient, app: Flask) -> None:
    _page, url, form = FORMS["flag"](app)
    response = client.post(url, data=form)
    assert_refused(response)
    fresh = page(response).select_one('header form input[name="csrf_token"]')
    assert fresh is not None
    retried = client.post(url, data={**form, "csrf_token": str(fresh["value"])})
    assert retried.status_code == 302


def test_the_json_api_does_not_ask_for_the_token(client: FlaskClient, app: Flask) -> None:
    response = client.post(
        f"/api/groups/{group_of(app, KALEEV_DENIAL)}/flag",
        json={"flag": "disputed"},
    )
    assert response.status_code == 200, response.get_json()
    assert flag_of(app, group_of(app, KALEEV_DENIAL)) == "disputed"


def test_the_login_form_needs_the_token_too(app: Flask) -> None:
    visitor = anonymous(app)
    response = visitor.post("/login", data={"name": TEST_ACCOUNT, "password": PASSWORD})
    assert_refused(response)
    with visitor.session_transaction() as session:
        assert "_user_id" not in session
    form = page(visitor.get("/login")).select_one('form input[name="csrf_token"]')
    assert form is not None
    data = {"name": TEST_ACCOUNT, "password": PASSWORD, "csrf_token": str(form["value"])}
    assert visitor.post("/login", data=data).status_code == 302


def test_turning_it_off_lets_tokenless_forms_through(app: Flask) -> None:
    unprotected = create_app(
        {**app.config, "CSRF_ENABLED": False}, embedder=app.extensions["verify.embedder"]
    )
    _page, url, form = FORMS["flag"](app)
    assert unprotected.test_client().post(url, data=form).status_code == 302
    assert flag_of(app, group_of(app, KALEEV_DENIAL)) == "disputed"
