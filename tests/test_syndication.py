"""A syndicated copy (the same words printed by two outlets) is one account with two
appearances: shown once, with the other outlet named, and counted once per side."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from verify.services.detail import wording

WIRE = (
    "The port authority of Kessa said the eastern terminal would close for three weeks "
    "after the fire in its fuel depot."
)
DENIAL = "The fuel depot fire was small and the eastern terminal of Kessa stays open."


def coverage() -> dict[str, Any]:
    """One agency story printed by two papers, and a rival account in a third."""
    return {
        "sources": [
            {
                "key": "a",
                "title": "Kessa terminal to close",
                "outlet": "Morning Ledger",
                "text": WIRE,
            },
            {
                "key": "b",
                "title": "Terminal shuts after fire",
                "outlet": "Evening Post",
                "text": "KESSA (Wire) - " + WIRE,  # the agency's story, printed with a dateline
            },
            {
                "key": "c",
                "title": "Kessa terminal stays open",
                "outlet": "Harbour Daily",
                "text": DENIAL,
            },
        ],
        "statements": [
            {
                "source": "a",
                "text": WIRE[32:],
                "speaker": "Kessa port authority",
                "side": "asserts",
            },
            {
                "source": "b",
                "text": WIRE[32:],
                "speaker": "Kessa port authority",
                "side": "asserts",
            },
            {"source": "c", "text": DENIAL, "speaker": "Terminal operator", "side": "denies"},
        ],
    }


def test_the_same_words_in_two_outlets_are_one_account(app: Flask, client: FlaskClient) -> None:
    response = client.post("/api/import", json=coverage())
    assert response.status_code == 201, response.get_json()
    groups = client.get("/api/groups").get_json()["items"]
    group = next(g for g in groups if g["size"] >= 2)  # the two printings at least
    soup = BeautifulSoup(client.get(f"/groups/{group['id']}").get_data(as_text=True), "html.parser")
    asserts = soup.select('section.column[data-side="asserts"]')
    cards = [c for column in asserts for c in column.select("article.card")]
    assert len(cards) == 1  # shown once
    copies = soup.select_one("p.copies")
    assert copies is not None
    assert "Evening Post" in copies.get_text() or "Morning Ledger" in copies.get_text()
    assert "one account, 2 appearances" in " ".join(copies.get_text().split())
    counts = [" ".join(tag.get_text().split()) for c in asserts for tag in c.select("h3 .accounts")]
    assert "(1 account)" in counts


def test_wording_ignores_case_spacing_and_punctuation_only() -> None:
    assert wording("The port, said: CLOSED.") == wording("the  port said closed")
    assert wording("the port said closed") != wording("the port said open")


def test_the_api_counts_accounts_and_lists_the_copies(app: Flask, client: FlaskClient) -> None:
    client.post("/api/import", json=coverage())
    groups = client.get("/api/groups").get_json()["items"]
    group = next(g for g in groups if g["size"] >= 2)
    detail = client.get(f"/api/groups/{group['id']}").get_json()
    claim = next(c for c in detail["claims"] if c["copies"])
    assert claim["accounts"]["asserts"] == 1
    assert len(claim["sides"]["asserts"]) == 2  # every statement is still listed
    ((shown, more),) = claim["copies"].items()
    assert [int(shown), *more] == claim["sides"]["asserts"]
