"""History pages (the desk's, a group's, a statement's, an account's) and `GET /api/history`."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pages import act, attr, group_of, page, statement_id
from sqlalchemy.orm import Session

from verify import db
from verify.services.history import record
from verify.services.trail import GENESIS

RAID = "the dawn operation targeted a compound"


@pytest.fixture
def entries(app: Flask) -> None:
    """Five entries: Ana acts on group 1 (statement 7 among them), Bo on group 2."""
    with app.app_context():
        session: Session = db.get_session()
        record(session, "Ana", "flag_group", 1, None, {"from": None, "to": "disputed"}, "rival")
        record(session, "Ana", "set_side", 1, 7, {"from": None, "to": "asserts"})
        record(session, "Bo", "set_side", 2, 8, {"from": None, "to": "denies"})
        record(session, "Bo", "delete_statement", 1, 7, {"text": "gone", "speaker": "X"})
        record(session, "Ana Maria", "flag_group", 2, None, {"from": None, "to": None})
        session.commit()


def entry_ids(client: FlaskClient, query: str) -> list[int]:
    soup = page(client.get(f"/history{query}"))
    return [int(str(li["data-entry"])) for li in soup.select("ol.history li")]


@pytest.mark.usefixtures("entries")
def test_history_pages_filter_by_group_statement_and_account(client: FlaskClient) -> None:
    assert entry_ids(client, "") == [5, 4, 3, 2, 1]
    assert entry_ids(client, "?group_id=1") == [4, 2, 1]
    assert entry_ids(client, "?statement_id=7") == [4, 2]  # kept after the statement went
    assert entry_ids(client, "?editor=Ana") == [2, 1]  # the account's name, exactly
    assert entry_ids(client, "?editor=Bo&group_id=2") == [3]
    assert entry_ids(client, "?group_id=99") == []


@pytest.mark.usefixtures("entries")
def test_history_page_links_accounts_pages_and_shows_hashes(app: Flask) -> None:
    app.config["PAGE_SIZE"] = 2
    client = app.test_client()
    soup = page(client.get("/history?group_id=1"))
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "History of group 1"
    assert attr(soup, "ol.history li .who a", "href") == "/history?editor=Bo"
    assert soup.select_one("ol.history li code.entry-hash") is not None
    assert attr(soup, 'a[rel="next"]', "href") == "/history?page=2&group_id=1"
    second = page(client.get("/history?page=2&group_id=1"))
    assert [li["data-entry"] for li in second.select("ol.history li")] == ["1"]


@pytest.mark.parametrize("query", ["?group_id=abc", "?statement_id=0", "?group_id=-3"])
def test_history_page_refuses_a_bad_id(client: FlaskClient, query: str) -> None:
    response = client.get(f"/history{query}")
    assert response.status_code == 400
    assert "must be an id" in response.get_data(as_text=True)


@pytest.mark.usefixtures("entries")
def test_api_history_filters_and_carries_the_chain(client: FlaskClient) -> None:
    whole = client.get("/api/history").get_json()
    assert whole["total"] == 5
    items = whole["items"]
    assert [i["id"] for i in items] == [5, 4, 3, 2, 1]
    assert items[-1]["previous_hash"] == GENESIS
    pairs = zip(items, items[1:], strict=False)
    assert all(newer["previous_hash"] == older["hash"] for newer, older in pairs)
    by_bo = client.get("/api/history?editor=Bo&limit=1").get_json()
    assert (by_bo["total"], [i["id"] for i in by_bo["items"]]) == (2, [4])
    about = client.get("/api/history?statement_id=7&group_id=1").get_json()
    assert [i["id"] for i in about["items"]] == [4, 2]
    assert client.get("/api/actions?group_id=2").get_json()["total"] == 2


@pytest.mark.parametrize("query", ["group_id=x", "statement_id=0", "limit=0"])
def test_api_history_refuses_bad_filters(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/history?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.get_json()["error"]


def test_group_and_statement_pages_link_their_history(
    demo_client: FlaskClient, demo_app: Flask
) -> None:
    group_id, sid = group_of(demo_app, RAID), statement_id(demo_app, RAID)
    soup = act(demo_client, f"/groups/{group_id}/flag", flag="disputed", note="rival")
    assert soup.select_one(f'a[href="/history?group_id={group_id}"]') is not None
    edit = page(demo_client.get(f"/statements/{sid}/edit"))
    assert edit.select_one(f'a[href="/history?statement_id={sid}"]') is not None
    assert page(demo_client.get("/")).select_one('nav a[href="/history"]') is not None
