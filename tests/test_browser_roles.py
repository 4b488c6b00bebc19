"""Two people at the desk in Chromium: a fact-checker adds an article, confirms it and accepts a
suggested side but may not flag; an editor flags the group, publishes it, and the public page,
read logged out, carries ClaimReview JSON-LD. Screenshots land in SCREENSHOTS."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from accounts import TEST_ACCOUNT, make_account
from flask import Flask
from pages import read
from test_browser import browser, chromium, live_url, log_in, new_page  # noqa: F401 (fixtures)

from verify.models import ClaimGroup

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path("/tmp/verify-screenshots")
CHECKER = "Farid"  # the fact-checker
# A dispatch on the Sarkand raid, so its statement joins the demo's raid group.
RAID_ARTICLE = (
    '"Those killed in the Sarkand valley raid were militants hiding explosives in tunnels," '
    "an army spokesman said on Thursday."
)


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def test_a_fact_checker_prepares_and_an_editor_flags_and_publishes(
    browser: Any,  # noqa: F811
    live_url: str,  # noqa: F811
    demo_app: Flask,
) -> None:
    from playwright.sync_api import expect

    make_account(demo_app, CHECKER, "fact_checker")

    checker = new_page(browser)
    log_in(checker, live_url, CHECKER)
    checker.click("header.site nav >> text=Add article")
    checker.wait_for_url(f"{live_url}/articles/new")
    checker.fill("#f-title", "Army defends Sarkand raid")
    checker.fill("#f-outlet", "Mirabad Post")
    checker.fill("#f-text", RAID_ARTICLE)
    checker.click('form.stacked button[type="submit"]')
    expect(checker.locator("article.suggestion")).to_have_count(1)
    checker.locator('article.suggestion form.confirm button[type="submit"]').click()
    expect(checker.locator(".flash.success")).to_contain_text("It is now in group")
    shoot(checker, "checker-article")

    checker.locator('table.confirmed-statements a[href^="/groups/"]').first.click()
    checker.wait_for_url(re.compile(rf"{live_url}/groups/\d+$"))
    group = int(checker.url.rsplit("/", 1)[1])
    card = checker.locator("article.card.side-suggestion").first
    statement = card.get_attribute("data-statement-id")
    button = card.locator("form.accept-side button")
    side = button.inner_text().removeprefix("Accept: ")
    button.click()
    expect(checker.locator(".flash.success")).to_have_text(f"Statement {statement} now {side}.")
    expect(checker.locator(f"#statement-{statement} .side-person")).to_contain_text(
        f"{side} · set by {CHECKER}"
    )
    shoot(checker, "checker-accepted-side")

    # A fact-checker sees the flag form but sending it is refused, and nothing changes.
    checker.select_option("#flag-form select[name=flag]", "disputed")
    checker.fill("#flag-form textarea[name=note]", "a fact-checker may not flag")
    with checker.expect_navigation() as refused:
        checker.click("#flag-form button[type=submit]")
    assert refused.value is not None and refused.value.status == 403
    shoot(checker, "checker-refused-flag")
    assert read(demo_app, lambda s: s.get_one(ClaimGroup, group).flag) is None

    editor = new_page(browser)
    log_in(editor, live_url, TEST_ACCOUNT)
    editor.goto(f"{live_url}/groups/{group}")
    editor.select_option("#flag-form select[name=flag]", "disputed")
    editor.fill("#flag-form textarea[name=note]", "The army and Kaleev give rival accounts")
    editor.click("#flag-form button[type=submit]")
    expect(editor.locator("h1 .flag")).to_have_text("disputed")
    editor.fill("#publish-form input[name=note]", "Ready for readers")
    editor.click('#publish-form button[type=submit]:not([name="unpublish"])')
    public_link = editor.locator(f'#publish-form a[href="/published/groups/{group}"]')
    expect(public_link).to_have_count(1)
    shoot(editor, "editor-published")

    reader = new_page(browser)  # a context with no cookies: logged out
    answer = reader.goto(f"{live_url}/published/groups/{group}")
    assert answer is not None and answer.status == 200
    assert "/login" not in reader.url
    shoot(reader, "public-page")
    blocks = reader.locator('script[type="application/ld+json"]')
    expect(blocks).to_have_count(1)
    data = json.loads(blocks.text_content() or "")
    reviews = data if isinstance(data, list) else data.get("@graph", [data])
    assert reviews, data
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"].strip()
        assert review["reviewRating"]["alternateName"] == "disputed"
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["author"]["@type"] in ("Person", "Organization")
        assert review["url"].startswith("http")
