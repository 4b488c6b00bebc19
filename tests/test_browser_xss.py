"""Hostile text in every field a person can fill, rendered in Chromium: nothing runs, no markup is
injected, no template is evaluated, and a `javascript:` address is never a link."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pages import group_of
from sqlalchemy import func, select
from test_browser import (  # noqa: F401 (fixtures)
    KALEEV_DENIAL,
    VIEWPORT,
    browser,
    chromium,
    live_url,
    log_in,
)
from test_browser_roles import shoot

from verify import db
from verify.models import ClaimGroup, EditorAction, Source, SpeakerAlias, Statement

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEMPLATE = "tmpl{{ 7*7 }}tmpl"  # evaluated by a template engine it would read tmpl49tmpl
PAYLOAD = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> "
    "\" onmouseover=\"alert(1) ' onfocus='alert(1) " + TEMPLATE + " {% raw %} {{ config }}"
)
SCRIPT_URL = "javascript:alert(1)"
# Markup the payloads would leave in the page if a field were not escaped.
INJECTED = """() => [
    ...document.querySelectorAll('img[src="x"], [onerror], [onmouseover], [onfocus]'),
    ...[...document.querySelectorAll('script:not([type="application/ld+json"])')]
        .filter((s) => s.textContent.includes('alert(1)')),
].map((e) => e.outerHTML)"""


def hostile(field: str) -> str:
    return f"{field}: {PAYLOAD}"


def created(answer: Any) -> dict[str, Any]:
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)
    body: dict[str, Any] = answer.get_json()
    return body


def store_the_corpus(app: Flask, api: FlaskClient) -> dict[str, int]:
    """Every person-filled field holds a payload: through the API where it takes them, straight
    into the database for an alias and for an old `javascript:` source address."""
    refused = api.post("/api/sources", json={"title": "Bad address", "url": SCRIPT_URL})
    assert refused.status_code == 400, refused.get_data(as_text=True)
    assert "url" in refused.get_data(as_text=True)
    refused = api.post("/api/articles", json={"text": "Some text.", "url": SCRIPT_URL})
    assert refused.status_code == 400, refused.get_data(as_text=True)

    source = created(
        api.post(
            "/api/sources",
            json={
                "title": hostile("source title"),
                "outlet": hostile("source outlet"),
                "url": "https://example.org/a?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
                "text": hostile("source text"),
            },
        )
    )
    statement = created(
        api.post(
            "/api/statements",
            json={
                "source_id": source["id"],
                "text": hostile("statement text"),
                "speaker": hostile("speaker"),
                "speaker_description": hostile("speaker description"),
                "cue": "said " + TEMPLATE,
                "side": "asserts",
            },
        )
    )
    old = created(api.post("/api/sources", json={"title": "An old source", "text": "Old text."}))
    second = created(
        api.post(
            "/api/statements",
            json={
                "source_id": old["id"],
                "text": "The old source says the bridge fell.",
                "speaker": "An old speaker",
            },
        )
    )
    article = created(
        api.post(
            "/api/articles",
            json={
                "title": hostile("article title"),
                "text": f'"{hostile("article quote")}," the mayor of Westford said on Monday.',
            },
        )
    )
    group = statement["group_id"]
    created(
        api.post(
            f"/api/groups/{group}/flag", json={"flag": "disputed", "note": hostile("flag note")}
        )
    )
    created(
        api.post(
            f"/api/statements/{second['id']}/move",
            json={"group_id": group, "note": hostile("move note")},
        )
    )
    created(
        api.post(
            f"/api/statements/{statement['id']}/side",
            json={"side": "denies", "note": hostile("side note")},
        )
    )
    created(api.post(f"/api/groups/{group}/publish", json={"note": hostile("publish note")}))
    with app.app_context():
        session = db.get_session()
        speaker = session.get_one(Statement, statement["id"]).speaker
        session.add(SpeakerAlias(speaker_id=speaker.id, alias=hostile("alias")))
        # An address stored before addresses were checked.
        session.get_one(Source, old["id"]).url = SCRIPT_URL
        session.commit()
        speaker_id = speaker.id
    return {
        "group": group,
        "statement": statement["id"],
        "source": source["id"],
        "old_source": old["id"],
        "article": article["source"]["id"],
        "speaker": speaker_id,
    }


@pytest.fixture
def context(browser: Any) -> Any:  # noqa: F811 (the imported fixture)
    return browser.new_context(viewport=VIEWPORT)


def test_hostile_text_in_every_field_never_runs(
    context: Any,
    demo_app: Flask,
    live_url: str,  # noqa: F811
) -> None:
    ids = store_the_corpus(demo_app, demo_app.test_client())
    dialogs: list[str] = []

    def record(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def watch(page: Any) -> None:
        page.on("dialog", record)

    context.on("page", watch)
    page = context.new_page()
    log_in(page, live_url)

    pages = [
        "/",
        "/groups",
        f"/groups/{ids['group']}",
        "/sources",
        f"/sources/{ids['source']}",
        f"/sources/{ids['old_source']}",
        f"/sources/{ids['article']}",
        "/speakers",
        f"/speakers/{ids['speaker']}",
        f"/statements/{ids['statement']}/edit",
        "/history",
        f"/published/groups/{ids['group']}",
    ]
    origin = urlsplit(live_url).netloc
    found: dict[str, str] = {}  # a link's address -> the page it was found on
    shown: set[str] = set()
    for path in pages:
        check(page, f"{live_url}{path}", dialogs)
        shown.add(page.content())
        if path in (f"/groups/{ids['group']}", f"/published/groups/{ids['group']}"):
            shoot(page, "xss" + path.replace("/", "-"))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            assert not href.strip().lower().startswith("javascript:"), (path, href)
            parts = urlsplit(href)
            if parts.netloc == origin and not skipped(parts.path):
                found.setdefault(href.split("#")[0], path)
    everything = "\n".join(shown)
    for field in ("source title", "source outlet", "source text", "statement text", "speaker",
                  "speaker description", "article title", "flag note", "side note",
                  "move note", "publish note", "alias"):  # fmt: skip
        assert f"{field}: &lt;script&gt;alert(1)&lt;/script&gt;" in everything, field
    assert SCRIPT_URL in everything  # the old address is shown, as text

    clicked = 0
    for href, path in found.items():
        page.goto(f"{live_url}{path}")
        link = page.locator(f'a[href="{relative(href, live_url)}"]').first
        if not link.count() or not link.is_visible():
            check(page, href, dialogs)
            continue
        link.click()
        page.wait_for_load_state()
        assert_clean(page, dialogs)
        clicked += 1
    print(f"followed {len(found)} links from {len(pages)} pages, {clicked} of them by a click")
    assert clicked > len(found) // 2
    assert not dialogs


def relative(href: str, origin: str) -> str:
    return href.removeprefix(origin)


def skipped(path: str) -> bool:
    """Links not to follow: logging out, downloads."""
    return path == "/logout" or path.startswith(("/api/export", "/static/"))


def check(page: Any, url: str, dialogs: list[str]) -> None:
    answer = page.goto(url)
    assert answer is not None and answer.status < 500, (url, answer and answer.status)
    assert_clean(page, dialogs)


def assert_clean(page: Any, dialogs: list[str]) -> None:
    assert not dialogs, (page.url, dialogs)
    assert not page.evaluate(INJECTED), page.url
    assert re.search(r"tmpl\s*49\s*tmpl", page.content()) is None, page.url


ATTACKER = """<!doctype html><html><body>
<form id="review" method="post" action="{desk}/groups/{group}/flag">
  <input name="flag" value="corroborated"><input name="note" value="from another origin">
</form>
<form id="api" method="post" action="{desk}/api/groups/{group}/flag" enctype="text/plain">
  <input name='{{"flag": "corroborated", "note": "' value='from another origin"}}'>
</form>
</body></html>"""
FETCH = """async ([url, body]) => {
    try {
        const answer = await fetch(url, {method: 'POST', body: JSON.stringify(body),
            headers: {'Content-Type': 'text/plain'}, credentials: 'include'});
        return 'answered ' + answer.status;
    } catch (error) {
        return 'refused: ' + error;
    }
}"""


@pytest.fixture
def other_origin(live_url: str) -> Iterator[Callable[[int], str]]:  # noqa: F811
    """A second local server (another port: another origin, the same site) serving a page that
    tries to write to the desk; call it with a group id for the page's address."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not self.path.strip("/").isdigit():
                self.send_error(404)
                return
            group = int(self.path.strip("/"))
            body = ATTACKER.format(desk=live_url, group=group).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lambda group: f"http://127.0.0.1:{server.server_port}/{group}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def flag_and_history(app: Flask, group: int) -> tuple[str | None, int]:
    with app.app_context():
        session = db.get_session()
        flag = session.get_one(ClaimGroup, group).flag
        return flag, session.scalar(select(func.count()).select_from(EditorAction)) or 0


def test_a_page_on_another_origin_cannot_write(
    context: Any,
    demo_app: Flask,
    live_url: str,  # noqa: F811
    other_origin: Callable[[int], str],
) -> None:
    """The browser is logged in to the desk (its session cookie is sent: another port is the same
    site); a text/plain fetch and plain forms from the other origin, to a page route and an API
    route, are all refused (no CSRF token; the API wants a bearer token) and change nothing."""
    group = group_of(demo_app, KALEEV_DENIAL)
    before = flag_and_history(demo_app, group)
    page = context.new_page()
    log_in(page, live_url)  # the browser holds the desk's session cookie
    page.goto(other_origin(group))
    writes: list[str] = []  # every POST the browser sent to the desk
    page.on(
        "request",
        lambda r: (
            writes.append(r.url) if r.method == "POST" and r.url.startswith(live_url) else None
        ),
    )

    fetched = page.evaluate(
        FETCH, [f"{live_url}/api/groups/{group}/flag", {"flag": "corroborated", "note": "x"}]
    )
    assert fetched.startswith("refused"), fetched  # CORS hides the answer, whatever it was
    print(f"text/plain fetch from another origin: {fetched}")

    for form in ("review", "api"):
        page.goto(other_origin(group))
        with page.expect_navigation() as sent:
            page.eval_on_selector(f"#{form}", "form => form.submit()")
        answer = sent.value
        assert answer is not None and answer.request.method == "POST", form
        assert "session=" in (answer.request.all_headers().get("cookie") or ""), form
        assert answer.status in (400, 401, 403), (form, answer.status, answer.text())
        print(f"{form} form from another origin: {answer.status}")

    assert len(writes) == 3, writes  # all three reached the desk, which changed nothing
    assert flag_and_history(demo_app, group) == before
