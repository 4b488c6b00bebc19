"""The review UI driven in headless Chromium: an editor logs in, reads a dispute and flags it."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from accounts import PASSWORD, TEST_ACCOUNT
from flask import Flask
from pages import group_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        f"browser tests skipped: no chromium at {CHROMIUM}; install Debian's chromium "
        "(apt-get install chromium) or run `CI=1 make test` as root",
        allow_module_level=True,
    )
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOT = Path("/tmp/group.png")
KALEEV_DENIAL = "shelling farming families"  # Rustam Kaleev's denial of the army's account


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium. Without it the module is skipped, except in CI (CI set), where `make
    test` installs it and each browser test fails instead."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"CI is set but there is no chromium at {CHROMIUM}: the browser tests must run in CI "
            "(`make test` installs it with apt-get)"
        )
    return CHROMIUM


@pytest.fixture
def live_url(demo_app: Flask) -> Iterator[str]:
    """The demo app served on an ephemeral local port for the length of the test, with CSRF
    protection on (the shared app fixture turns it off): the real forms must carry the token."""
    from werkzeug.serving import make_server

    demo_app.config["WTF_CSRF_ENABLED"] = True  # what CSRF_ENABLED sets when an app starts
    server = make_server("127.0.0.1", 0, demo_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture
def browser(chromium: Path) -> Iterator[Any]:
    """Headless Chromium, closed after the test; each context in it has its own cookies."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def new_page(browser: Any) -> Any:
    """A page (1400 x 900) in a context of its own: a person of their own, logged out."""
    return browser.new_context(viewport=VIEWPORT).new_page()


@pytest.fixture
def page(browser: Any) -> Any:
    return new_page(browser)


def log_in(page: Any, live_url: str, name: str = TEST_ACCOUNT) -> None:
    """Open the desk, which asks for a login, and log in as `name` (the tests' editor unless
    said; every test account has PASSWORD)."""
    from playwright.sync_api import expect

    page.goto(f"{live_url}/")
    page.wait_for_url(re.compile(r".*/login\?next=/$"))
    page.fill('form.login input[name="name"]', name)
    page.fill('form.login input[name="password"]', PASSWORD)
    page.click('form.login button[type="submit"]')
    page.wait_for_url(f"{live_url}/")
    expect(page.locator(".flash.success")).to_have_text(f"Logged in as {name}.")
    expect(page.locator("header .account a")).to_have_text(name)


def test_editor_reads_the_raid_dispute_and_flags_it(
    page: Any, live_url: str, demo_app: Flask
) -> None:
    from playwright.sync_api import expect

    raid = group_of(demo_app, KALEEV_DENIAL)
    log_in(page, live_url)
    page.locator(f'tr.group-row[data-group-id="{raid}"] td a').first.click()
    page.wait_for_url(f"{live_url}/groups/{raid}")

    denies = page.locator('section.column[data-side="denies"] .card .speaker')
    asserts = page.locator('section.column[data-side="asserts"] .card .speaker')
    expect(denies.filter(has_text="Rustam Kaleev")).not_to_have_count(0)
    expect(asserts.filter(has_text="Valoria army")).not_to_have_count(0)
    expect(asserts.filter(has_text="Rustam Kaleev")).to_have_count(0)

    expect(page.locator('#flag-form input[name="csrf_token"]')).to_have_count(1)
    page.select_option("#flag-form select[name=flag]", "disputed")
    page.fill("#flag-form textarea[name=note]", "Army and Kaleev give rival accounts")
    page.click("#flag-form button[type=submit]")

    expect(page.locator("h1 .flag")).to_have_text("disputed")
    expect(page.locator(".flag-note")).to_contain_text("rival accounts")
    newest = page.locator("ol.history li").first
    expect(newest).to_contain_text(TEST_ACCOUNT)
    expect(newest).to_contain_text("flagged the group “disputed”")
    expect(newest).to_contain_text("Army and Kaleev give rival accounts")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # The same session's cookies without the form's token: refused, nothing changed.
    forged = page.request.post(f"{live_url}/groups/{raid}/flag", form={"flag": "corroborated"})
    assert forged.status == 400
    assert "expired" in forged.text()
    page.reload()
    expect(page.locator("h1 .flag")).to_have_text("disputed")


STANCE_SCREENSHOT = Path("/tmp/group-stance.png")


def test_group_page_shows_three_sides_side_by_side_with_a_confidence(
    page: Any, live_url: str, demo_app: Flask
) -> None:
    from playwright.sync_api import expect

    raid = group_of(demo_app, KALEEV_DENIAL)
    log_in(page, live_url)
    page.goto(f"{live_url}/groups/{raid}")
    sides = ("asserts", "denies", "neutral")
    claim = page.locator("section.claim").first  # the disputed claim comes first
    expect(claim.locator("h2")).to_contain_text("disputed")
    columns = [claim.locator(f'section.column[data-side="{side}"]') for side in sides]
    for column, side in zip(columns, sides, strict=True):
        expect(column.locator("h3")).to_contain_text(side.capitalize())
    boxes = [column.bounding_box() for column in columns]
    assert all(box is not None for box in boxes)
    lefts = [box["x"] for box in boxes if box]
    tops = {round(box["y"]) for box in boxes if box}
    assert lefts == sorted(lefts) and len(tops) == 1, "three columns side by side"
    confidence = page.locator(".card .side-suggested .side-confidence").first
    expect(confidence).to_be_visible()
    expect(confidence).to_have_text(re.compile(r"^\d{1,3}%$"))
    page.screenshot(path=str(STANCE_SCREENSHOT), full_page=True)


ARTICLE = (
    '"We will rebuild the bridge by May," the mayor of Westford said on Monday. '
    "Police said that 40 people were arrested."
)
ARTICLE_SCREENSHOT = Path("/tmp/article.png")


def test_editor_pastes_an_article_and_confirms_a_suggested_statement(
    page: Any, live_url: str
) -> None:
    from playwright.sync_api import expect

    log_in(page, live_url)
    page.click("header.site nav >> text=Add article")
    page.wait_for_url(f"{live_url}/articles/new")

    page.fill("#f-title", "Westford bridge")
    page.fill("#f-outlet", "Westford Herald")
    page.fill("#f-text", ARTICLE)
    page.click('form.stacked button[type="submit"]')
    expect(page.locator(".flash.success")).to_have_text(
        "Found 2 statements: confirm, edit or delete each."
    )
    article = page.locator(".article")
    expect(article.locator("mark.hl-speaker.suggested")).to_have_text(
        ["the mayor of Westford", "Police"]
    )
    expect(article.locator("mark.hl-cue")).to_have_count(2)
    expect(article.locator("mark.hl-content")).to_have_count(2)

    mayor = page.locator("article.suggestion").filter(has_text="mayor of Westford")
    mayor.locator('select[name="side"]').select_option("asserts")
    mayor.locator('form.confirm button[type="submit"]').click()

    expect(page.locator(".flash.success")).to_contain_text("It is now in group")
    expect(page.locator("article.suggestion")).to_have_count(1)
    expect(page.locator("table.confirmed-statements tbody tr")).to_have_count(1)
    expect(article.locator("mark.hl-speaker:not(.suggested)")).to_have_text("the mayor of Westford")
    page.screenshot(path=str(ARTICLE_SCREENSHOT), full_page=True)

    page.locator('table.confirmed-statements a[href^="/groups/"]').click()
    card = page.locator("article.card").filter(has_text="We will rebuild the bridge")
    expect(card.locator(".speaker")).to_have_text("mayor of Westford")


WIDTHS = (1024, 1366)


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_window_without_a_horizontal_scroll(
    page: Any, live_url: str, demo_app: Flask, width: int
) -> None:
    raid = group_of(demo_app, KALEEV_DENIAL)
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in (("home", "/"), ("groups", "/groups"), ("group", f"/groups/{raid}")):
        page.goto(f"{live_url}{path}")
        page.screenshot(path=f"/tmp/{name}-{width}.png", full_page=True)
        scroll, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= window, f"{path} is {scroll} px wide in a {window} px window"


ACCEPT_SCREENSHOT = Path("/tmp/accept-side.png")


def test_editor_accepts_a_suggested_side_with_one_click(
    page: Any, live_url: str, demo_app: Flask
) -> None:
    from playwright.sync_api import expect

    raid = group_of(demo_app, KALEEV_DENIAL)
    log_in(page, live_url)
    page.goto(f"{live_url}/groups/{raid}")
    card = page.locator("article.card.side-suggestion").first
    statement = card.get_attribute("data-statement-id")
    button = card.locator("form.accept-side button")
    caption = button.inner_text()
    side = caption.removeprefix("Accept: ")
    assert side in ("asserts", "denies", "neutral")
    expect(card.locator("select[name=side]")).to_have_value(side)
    expect(card.locator(".side-suggested")).to_contain_text(f"suggested {side}")
    button.click()

    expect(page.locator(".flash.success")).to_have_text(f"Statement {statement} now {side}.")
    accepted = page.locator(f"#statement-{statement}")
    expect(accepted).not_to_have_class(re.compile("side-suggestion"))
    expect(accepted.locator(".side-person")).to_contain_text(f"{side} · set by {TEST_ACCOUNT}")
    expect(accepted.locator("form.accept-side")).to_have_count(0)
    newest = page.locator("ol.history li").first
    expect(newest).to_contain_text("accepting the desk's suggestion")
    expect(newest).not_to_contain_text("undetermined")
    page.screenshot(path=str(ACCEPT_SCREENSHOT), full_page=True)


def test_enter_in_a_cards_group_field_moves_the_statement_and_sets_no_side(
    page: Any, live_url: str, demo_app: Flask
) -> None:
    """A card's side, move and move-to-claim share one form: Enter in its group-id field must
    still move (not post the side shown as a person's decision)."""
    from playwright.sync_api import expect

    raid = group_of(demo_app, KALEEV_DENIAL)
    log_in(page, live_url)
    page.goto(f"{live_url}/groups/{raid}")
    card = page.locator("article.card.side-suggestion").first
    statement = card.get_attribute("data-statement-id")
    card.locator("details summary").click()
    field = card.locator("input[name=to_group]")
    field.fill(str(raid))
    field.press("Enter")
    moved = f"Moved statement {statement} to group {raid}."
    expect(page.locator(".flash.success")).to_have_text(moved)
    expect(page.locator(f"#statement-{statement}")).to_have_class(re.compile("side-suggestion"))


WORKING_SCREENSHOT = Path("/tmp/confirm-all.png")


def test_a_long_action_says_it_is_working_and_cannot_be_sent_twice(
    page: Any, live_url: str
) -> None:
    from playwright.sync_api import expect

    log_in(page, live_url)
    page.goto(f"{live_url}/articles/new")
    page.fill("#f-title", "Westford bridge")
    page.fill("#f-text", ARTICLE)
    page.click('form.stacked button[type="submit"]')
    expect(page.locator("#confirm-all")).to_be_visible()

    # What the page shows once the form is sent, kept in sessionStorage (it outlives the page,
    # unlike anything Playwright could read while the navigation is on its way), and a second
    # press sent on purpose; then the requests that reached the network are counted.
    page.evaluate(
        """() => {
        const form = document.querySelector('#confirm-all');
        let presses = 0;
        document.addEventListener('submit', (event) => {
            presses += 1;
            sessionStorage.setItem('press-' + presses, event.defaultPrevented ? 'stopped' : 'sent');
            if (presses > 1) return;
            setTimeout(() => {
                const button = form.querySelector('button');
                const note = form.querySelector('.working-note');
                sessionStorage.setItem('shown', JSON.stringify(
                    [button.disabled, button.textContent, note ? note.textContent : null]));
                form.requestSubmit();
            }, 20);
        });
    }"""
    )
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/confirm") else None)
    with page.expect_navigation():
        page.click("#confirm-all button")
    expect(page.locator(".flash.success")).to_have_text("Confirmed 2 statements.")
    disabled, caption, note = json.loads(page.evaluate("sessionStorage.getItem('shown')"))
    assert disabled and caption == "Working…"
    assert note.startswith("Confirming")
    assert page.evaluate("sessionStorage.getItem('press-2')") == "stopped"
    assert len(sent) == 1, "the form was sent twice"
    page.screenshot(path=str(WORKING_SCREENSHOT), full_page=True)
