"""The admin's accounts pages: the list, creating an account, changing a role, disabling one;
who may use them, what the history records, and the bad input they refuse."""

from __future__ import annotations

import pytest
from accounts import TEST_ACCOUNT, anonymous, client_as
from flask import Flask
from flask.testing import FlaskClient
from pages import attr, flashes, page, read, text
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from verify import create_app, db
from verify.models import Account, EditorAction
from verify.services import accounts
from verify.services.trail import verify_chain

ADMIN = "Root"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return client_as(app, ADMIN, "admin")


def account(app: Flask, name: str) -> Account:
    found = read(app, lambda s: s.scalar(select(Account).where(Account.name == name)))
    assert found is not None, name
    return found


def entries(app: Flask) -> list[tuple[str, str, dict[str, object]]]:
    """(editor, action, detail) of every history entry, oldest first."""
    rows = read(app, lambda s: s.execute(select(EditorAction).order_by(EditorAction.id)).all())
    return [(row[0].editor, row[0].action, row[0].detail) for row in rows]


def counts(app: Flask) -> tuple[int, int]:
    def count(session: Session) -> tuple[int, int]:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Account, EditorAction)
        )

    return read(app, count)


def rows(client: FlaskClient) -> dict[str, tuple[str, str]]:
    """Name -> (role, active) of every account the page lists."""
    soup = page(client.get("/accounts"))
    return {
        text(row, "td.name a"): (
            str(row["data-role"]),
            str(row["data-active"]),
        )
        for row in soup.select("tr.account-row")
    }


# ---------------------------------------------------------------- who may use the pages


def test_only_an_admin_may_read_the_accounts_page(app: Flask, admin: FlaskClient) -> None:
    visitor = anonymous(app).get("/accounts")
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/login")
    editor = app.test_client().get("/accounts")  # Ana, an editor
    assert editor.status_code == 403
    assert "needs admin" in editor.get_data(as_text=True)
    assert rows(admin) == {TEST_ACCOUNT: ("editor", "yes"), ADMIN: ("admin", "yes")}


def test_the_accounts_page_stays_closed_when_reading_is_open(app: Flask) -> None:
    app.config["READ_WITHOUT_LOGIN"] = True
    assert anonymous(app).get("/sources").status_code == 200
    assert anonymous(app).get("/accounts").status_code == 302


def test_the_nav_links_the_accounts_page_for_admins_only(app: Flask, admin: FlaskClient) -> None:
    assert page(admin.get("/")).select_one('header nav a[href="/accounts"]') is not None
    assert page(app.test_client().get("/")).select_one('header nav a[href="/accounts"]') is None


# ---------------------------------------------------------------- changes, and their history


def test_a_new_account_gets_a_password_shown_once_and_is_recorded(
    app: Flask, admin: FlaskClient
) -> None:
    response = admin.post("/accounts", data={"name": "Bea", "role": "fact_checker"})
    assert response.status_code == 200
    shown = page(response).select_one("#new-password")
    assert shown is not None
    password = shown.get_text()
    assert password not in admin.get("/accounts").get_data(as_text=True)
    assert rows(admin)["Bea"] == ("fact_checker", "yes")
    with app.app_context():
        assert accounts.log_in(db.get_session(), "Bea", password, "x", accounts.Throttle())
    bea_id = account(app, "Bea").id
    assert entries(app) == [
        (
            ADMIN,
            "create_account",
            {"account": {"id": bea_id, "name": "Bea"}, "role": "fact_checker"},
        )
    ]


def test_a_role_change_is_recorded_under_the_admin(app: Flask, admin: FlaskClient) -> None:
    ana = account(app, TEST_ACCOUNT).id
    response = admin.post(f"/accounts/{ana}/role", data={"role": "fact_checker"})
    assert response.status_code == 302
    assert rows(admin)[TEST_ACCOUNT] == ("fact_checker", "yes")
    assert entries(app) == [
        (
            ADMIN,
            "change_role",
            {"account": {"id": ana, "name": TEST_ACCOUNT}, "from": "editor", "to": "fact_checker"},
        )
    ]
    flag = app.test_client().post("/groups/1/flag", data={"flag": "disputed"})
    assert flag.status_code == 403  # Ana is a fact-checker now


def test_the_same_role_again_changes_and_records_nothing(app: Flask, admin: FlaskClient) -> None:
    ana = account(app, TEST_ACCOUNT).id
    soup = page(admin.post(f"/accounts/{ana}/role", data={"role": "editor"}, follow_redirects=True))
    assert flashes(soup, "info") == [f"“{TEST_ACCOUNT}” is already editor."]
    assert entries(app) == []


def test_a_disabled_account_is_logged_out_and_recorded(app: Flask, admin: FlaskClient) -> None:
    ana = account(app, TEST_ACCOUNT).id
    assert admin.post(f"/accounts/{ana}/disable").status_code == 302
    assert rows(admin)[TEST_ACCOUNT] == ("editor", "no")
    assert app.test_client().get("/sources").status_code == 302  # Ana's session no longer counts
    assert entries(app) == [
        (ADMIN, "disable_account", {"account": {"id": ana, "name": TEST_ACCOUNT}})
    ]


def test_the_history_tells_each_change_and_the_chain_holds(app: Flask, admin: FlaskClient) -> None:
    admin.post("/accounts", data={"name": "Bea", "role": "editor"})
    bea = account(app, "Bea").id
    admin.post(f"/accounts/{bea}/role", data={"role": "admin"})
    admin.post(f"/accounts/{bea}/disable")
    soup = page(admin.get(f"/history?editor={ADMIN}"))
    said = [text(entry, ".what") for entry in soup.select("li.history-entry")]
    assert said == [
        "disabled the account “Bea”",
        "made the account “Bea” admin (was editor)",
        "created the editor account “Bea”",
    ]
    report = read(app, verify_chain)
    assert report.broken is None and report.entries == 3


def test_an_admin_may_disable_itself_while_another_admin_remains(
    app: Flask, admin: FlaskClient
) -> None:
    client_as(app, "Second", "admin")
    response = admin.post(f"/accounts/{account(app, ADMIN).id}/disable")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert admin.get("/accounts").status_code == 302


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"name": "Eve", "role": "boss"}, "Role must be one of fact_checker, editor, admin"),
        ({"name": TEST_ACCOUNT, "role": "editor"}, "already an account named"),
        ({"name": "  ", "role": "editor"}, "Name is required"),
        ({"role": "editor"}, "Name is required"),
    ],
)
def test_a_new_account_with_bad_input_is_refused(
    app: Flask, admin: FlaskClient, form: dict[str, str], words: str
) -> None:
    before = counts(app)
    response = admin.post("/accounts", data=form)
    assert response.status_code == 400
    [message] = flashes(page(response), "error")
    assert words in message
    assert page(response).select_one("#new-password") is None
    assert counts(app) == before


def test_an_unknown_role_is_refused(app: Flask, admin: FlaskClient) -> None:
    ana = account(app, TEST_ACCOUNT).id
    response = admin.post(f"/accounts/{ana}/role", data={"role": "owner"})
    assert response.status_code == 400
    assert "Role must be one of" in flashes(page(response), "error")[0]
    assert account(app, TEST_ACCOUNT).role == "editor" and entries(app) == []


@pytest.mark.parametrize(("action", "form"), [("disable", {}), ("role", {"role": "editor"})])
def test_the_last_active_admin_cannot_leave(
    app: Flask, admin: FlaskClient, action: str, form: dict[str, str]
) -> None:
    response = admin.post(f"/accounts/{account(app, ADMIN).id}/{action}", data=form)
    assert response.status_code == 400
    [message] = flashes(page(response), "error")
    assert f"'{ADMIN}' is the only active admin" in message
    root = account(app, ADMIN)
    assert (root.role, root.disabled) == ("admin", False) and entries(app) == []


@pytest.mark.parametrize("action", ["disable", "role"])
def test_an_unknown_account_is_a_404(admin: FlaskClient, action: str) -> None:
    response = admin.post(f"/accounts/999/{action}", data={"role": "editor"})
    assert response.status_code == 404
    assert "no account with id 999" in response.get_data(as_text=True)


def test_the_forms_need_the_csrf_token(app: Flask) -> None:
    protected = create_app(
        {**app.config, "CSRF_ENABLED": True}, embedder=app.extensions["verify.embedder"]
    )
    admin = client_as(protected, ADMIN, "admin")
    before = counts(protected)
    assert admin.post("/accounts", data={"name": "Bea", "role": "editor"}).status_code == 400
    assert counts(protected) == before
    soup = page(admin.get("/accounts"))
    forms = soup.select('main form[method="post"]')
    assert len(forms) == 1 + 2 * 2  # create; a role and a disable form for Ana and Root
    [token] = {attr(form, '[name="csrf_token"]', "value") for form in forms}
    made = admin.post("/accounts", data={"name": "Bea", "role": "editor", "csrf_token": token})
    assert made.status_code == 200 and page(made).select_one("#new-password") is not None
