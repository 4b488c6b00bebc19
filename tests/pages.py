"""Helpers for tests that read pages as a person would: parsed HTML and fresh-session queries."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TypeVar

from accounts import TEST_ACCOUNT
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from verify import db
from verify.models import Membership, Statement

T = TypeVar("T")

EDITOR = TEST_ACCOUNT  # the account the test clients are logged in as


def read(app: Flask, query: Callable[[Session], T]) -> T:
    """Run `query` on a fresh session, so it sees what the requests committed."""
    with app.app_context():
        return query(db.get_session())


def statement_id(app: Flask, fragment: str) -> int:
    """The id of the statement whose text contains `fragment`."""
    found = read(
        app, lambda s: s.scalar(select(Statement.id).where(Statement.text.contains(fragment)))
    )
    assert found is not None, fragment
    return found


def group_of(app: Flask, fragment: str) -> int:
    """The id of the group holding the statement whose text contains `fragment`."""
    found = read(
        app,
        lambda s: s.scalar(
            select(Membership.group_id)
            .join(Statement, Statement.id == Membership.statement_id)
            .where(Statement.text.contains(fragment))
        ),
    )
    assert found is not None, fragment
    return found


def page(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def act(client: FlaskClient, url: str, **form: object) -> BeautifulSoup:
    """POST a form (as the client's account) and follow the redirect back."""
    return page(client.post(url, data=form, follow_redirects=True))


def one(tag: Tag, selector: str) -> Tag:
    found = tag.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def text(tag: Tag, selector: str) -> str:
    return one(tag, selector).get_text(strip=True)


def attr(tag: Tag, selector: str, name: str) -> str:
    return str(one(tag, selector)[name])


def flashes(soup: BeautifulSoup, category: str | None = None) -> list[str]:
    """The flashed messages on the page, or only those of `category` ("success", "error")."""
    selector = f".flash.{category}" if category else ".flash"
    return [li.get_text(strip=True) for li in soup.select(selector)]


def history(soup: BeautifulSoup) -> list[str]:
    """The page's history entries as a person reads them, one line each, in page order."""
    return [li.get_text(" ", strip=True) for li in soup.select("ol.history li")]


def column(soup: BeautifulSoup, side: str) -> Tag:
    """The group page's columns of `side` ("asserts", "denies", "neutral", "undetermined"), one
    per claim, read as one: a tag holding copies of their cards in page order."""
    sections = soup.select(f'section.column[data-side="{side}"]')
    assert sections, f"no {side} column"
    joined = BeautifulSoup("<section></section>", "html.parser")
    holder = joined.section
    assert holder is not None
    for section in sections:
        for card_tag in section.select("article.card"):
            holder.append(copy.copy(card_tag))
    return holder


def card(soup: BeautifulSoup, statement_id: int) -> Tag:
    return one(soup, f'article.card[data-statement-id="{statement_id}"]')


def card_ids(tag: Tag) -> list[int]:
    """The statement ids of the cards in `tag`, in page order."""
    return [int(str(c["data-statement-id"])) for c in tag.select("article.card")]
