"""Every response carries the security headers, and no page needs 'unsafe-inline' to show."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from pages import group_of, read
from sqlalchemy import select
from werkzeug.test import TestResponse

from verify.headers import CONTENT_SECURITY_POLICY
from verify.models import Source, Statement

RAID = "shelling farming families"  # a statement of the demo's raid dispute


def assert_secured(response: TestResponse) -> None:
    policy = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/sources", "/speakers", "/articles/new", "/import"])
def test_pages_carry_the_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert_secured(response)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/groups", 200),
        ("GET", "/api/groups/9999", 404),
        ("POST", "/api/statements", 400),
        ("GET", "/groups/9999", 404),
        ("GET", "/static/verify.css", 200),
    ],
)
def test_api_answers_errors_and_files_carry_them_too(
    client: FlaskClient, method: str, path: str, status: int
) -> None:
    response = client.open(path, method=method, json={} if method == "POST" else None)
    assert response.status_code == status
    assert_secured(response)


def test_the_stylesheet_is_served_as_css(client: FlaskClient) -> None:
    response = client.get("/static/verify.css")
    assert response.mimetype == "text/css"
    assert ".kind-military" in response.get_data(as_text=True)


def inline_code(html: str) -> list[str]:
    """What the policy would block: <style> elements, style= attributes, inline or event-handler
    script. JSON-LD (<script type="application/ld+json">) is data and stays allowed."""
    soup = BeautifulSoup(html, "html.parser")
    found = [f"<style> {tag.get_text()[:40]!r}" for tag in soup.find_all("style")]
    for tag in soup.find_all(True):
        found += [
            f"{tag.name}[{name}]" for name in tag.attrs if name == "style" or name[:2] == "on"
        ]
        if tag.name == "script" and not tag.get("src"):
            if tag.get("type") != "application/ld+json":
                found.append(f"<script> {tag.get_text()[:40]!r}")
        for name in ("href", "src", "action"):
            if str(tag.get(name, "")).strip().lower().startswith("javascript:"):
                found.append(f"{tag.name}[{name}] javascript:")
    return found


def test_no_page_holds_inline_style_or_script(demo_client: FlaskClient, demo_app: Flask) -> None:
    group = group_of(demo_app, RAID)
    source = read(demo_app, lambda s: s.scalar(select(Source.id).limit(1)))
    statement = read(demo_app, lambda s: s.scalar(select(Statement.id).limit(1)))
    speaker = read(demo_app, lambda s: s.scalar(select(Statement.speaker_id).limit(1)))
    paths = [
        "/",
        f"/groups/{group}",
        "/sources",
        f"/sources/{source}",
        "/speakers",
        f"/speakers/{speaker}",
        f"/statements/{statement}/edit",
        "/statements/new",
        "/sources/new",
        "/articles/new",
        "/import",
        "/groups/9999",
    ]
    for path in paths:
        response = demo_client.get(path)
        assert response.status_code in (200, 404), path
        assert inline_code(response.get_data(as_text=True)) == [], path


def test_the_inline_check_finds_what_the_policy_blocks() -> None:
    html = (
        '<style>p{}</style><p style="x" onclick="y">a</p><script>1</script>'
        '<script type="application/ld+json">{}</script><a href=" javascript:z">b</a>'
    )
    assert inline_code(html) == [
        "<style> 'p{}'",
        "p[style]",
        "p[onclick]",
        "<script> '1'",
        "a[href] javascript:",
    ]


def test_the_policy_is_one_header_value() -> None:
    assert "\n" not in CONTENT_SECURITY_POLICY and CONTENT_SECURITY_POLICY.count(";") == 4
