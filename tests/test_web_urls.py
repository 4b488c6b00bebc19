"""Source URLs are stored only as http(s) addresses, by every way in; an older bad one is shown
as text, never as a link that runs when clicked."""

from __future__ import annotations

import io

import pytest
from api_calls import ARTICLE, assert_error, counts
from flask import Flask
from flask.testing import FlaskClient
from pages import flashes, page

from verify import db
from verify.inputs.files import parse_csv
from verify.inputs.records import InvalidInput, is_web_url, source_from_mapping
from verify.models import Source

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/path",
    "/\t/evil.example",
    "https:evil.example",
    "https:\\\\evil.example",
    "https://evil.example\\@good.example",
    "https://exa mple.org/",
    "https://example.org/\u200b",
    "ftp://example.org/file",
    "mailto:desk@example.org",
    "example.org/no-scheme",
    "https://",
]
ACCEPTED = [
    "https://example.org/a?b=c#d",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG/Page",
    "https://user@example.org:8443/x",
    "https://[2001:db8::1]/x",
]


@pytest.mark.parametrize("url", REFUSED)
def test_an_address_that_is_not_http_or_https_is_refused(url: str) -> None:
    assert not is_web_url(url)
    with pytest.raises(InvalidInput, match="url .* is not a web address"):
        source_from_mapping({"title": "t", "url": url})


@pytest.mark.parametrize("url", ACCEPTED)
def test_web_addresses_are_kept(url: str) -> None:
    assert source_from_mapping({"title": "t", "url": f"  {url} "}).url == url


def test_the_api_refuses_a_javascript_source_url(client: FlaskClient) -> None:
    before = counts(client)
    response = client.post("/api/sources", json={"title": "x", "url": "javascript:alert(1)"})
    assert_error(response, 400, "url", "javascript:alert(1)", "http://")
    assert counts(client) == before


def test_the_api_refuses_a_data_url_for_an_article(client: FlaskClient) -> None:
    body = {"text": ARTICLE, "url": "data:text/html,<script>alert(1)</script>"}
    assert_error(client.post("/api/articles", json=body), 400, "url", "http://")
    assert counts(client)["sources"] == 0


def test_a_json_import_names_the_source_with_the_bad_url(client: FlaskClient) -> None:
    body = {
        "sources": [
            {"key": "a", "title": "A", "url": "https://example.org/a"},
            {"key": "b", "url": "//evil.example"},
        ],
        "statements": [{"text": "It is so.", "speaker": "Ana", "source": "b"}],
    }
    assert_error(client.post("/api/import", json=body), 400, "source 2", "url")
    assert counts(client)["sources"] == 0


def test_a_csv_import_names_the_row_and_the_source_url_column() -> None:
    text = "text,speaker,source_title,source_url\nIt is so.,Ana,A,vbscript:msgbox(1)\n"
    with pytest.raises(InvalidInput, match=r"row 2: source_url 'vbscript:msgbox\(1\)'"):
        parse_csv(text)


def test_the_import_page_refuses_a_csv_with_a_bad_source_url(client: FlaskClient) -> None:
    csv = b"text,speaker,source_title,source_url\nIt is so.,Ana,A,javascript:alert(1)\n"
    response = client.post(
        "/import", data={"file": (io.BytesIO(csv), "bad.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert any("source_url" in message for message in flashes(page(response), "error"))
    assert counts(client)["sources"] == 0


@pytest.mark.parametrize("path", ["/sources/new", "/articles/new"])
def test_the_forms_refuse_a_javascript_url(client: FlaskClient, path: str) -> None:
    form = {"title": "Bridge", "text": ARTICLE, "url": "javascript:alert(1)"}
    response = client.post(path, data=form)
    assert response.status_code == 400
    assert any("url" in message for message in flashes(page(response), "error"))
    assert counts(client)["sources"] == 0


def test_a_bad_url_stored_before_the_check_shows_as_text(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        session = db.get_session()
        source = Source(title="Old", url="javascript:alert(1)", content_hash="old")
        session.add(source)
        session.commit()
        source_id = source.id
    soup = page(client.get(f"/sources/{source_id}"))
    assert not [a for a in soup.find_all("a") if "javascript" in str(a.get("href", "")).lower()]
    shown = soup.select_one(".unsafe-url")
    assert shown is not None and shown.get_text() == "javascript:alert(1)"


def test_a_good_stored_url_is_a_link(client: FlaskClient) -> None:
    created = client.post("/api/sources", json={"title": "x", "url": "https://example.org/a"})
    soup = page(client.get(f"/sources/{created.get_json()['id']}"))
    link = soup.select_one('a[href="https://example.org/a"]')
    assert link is not None and link.get("rel") == ["noopener", "noreferrer"]
