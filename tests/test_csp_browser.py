"""In Chromium, under the app's Content-Security-Policy, inline script does not run while a
JSON-LD block (data, as the public ClaimReview page will carry) stays readable and unreported."""

from __future__ import annotations

from typing import Any

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS

from verify.headers import SECURITY_HEADERS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = """<!doctype html><html><head>
<script type="application/ld+json">{"@type": "ClaimReview", "claimReviewed": "x"}</script>
<script>window.ran = true;</script></head><body><p>page</p></body></html>"""


def test_json_ld_is_read_and_inline_script_blocked() -> None:
    from playwright.sync_api import Route, sync_playwright

    def serve(route: Route) -> None:
        route.fulfill(
            status=200, body=PAGE, headers={"Content-Type": "text/html", **SECURITY_HEADERS}
        )

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page: Any = browser.new_page()
            blocked: list[str] = []
            page.on("console", lambda message: blocked.append(message.text))
            page.route("http://desk.test/**", serve)
            page.goto("http://desk.test/claimreview")
            assert page.evaluate("window.ran === undefined")
            data = page.evaluate(
                "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
            )
            assert data["@type"] == "ClaimReview"
            refusals = [text for text in blocked if "Content Security Policy" in text]
            assert len(refusals) == 1, refusals  # the inline script only, not the JSON-LD block
        finally:
            browser.close()
