"""Helpers for tests that read pages as a person would: parsed HTML and fresh-session queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from verify import db

T = TypeVar("T")


def read(app: Flask, query: Callable[[Session], T]) -> T:
    """Run `query` on a fresh session, so it sees what the requests committed."""
    with app.app_context():
        return query(db.get_session())


def page(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def one(tag: Tag, selector: str) -> Tag:
    found = tag.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def text(tag: Tag, selector: str) -> str:
    return one(tag, selector).get_text(strip=True)


def attr(tag: Tag, selector: str, name: str) -> str:
    return str(one(tag, selector)[name])
