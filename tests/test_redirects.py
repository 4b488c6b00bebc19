"""The login form's `next` redirects only to paths of this site."""

from __future__ import annotations

import pytest
from accounts import PASSWORD, TEST_ACCOUNT, anonymous
from flask import Flask
from werkzeug.test import TestResponse

from verify.review.forms import is_local

OFF_SITE = [
    "//evil.example",
    "//evil.example/path",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/ /evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "/\u200b/evil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    " /groups",
    "",
]
ON_SITE = ["/", "/groups/3", "/sources?page=2", "/groups/3?from=10#card-4", "/speakers/9/"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_are_not_local(target: str) -> None:
    assert not is_local(target)


@pytest.mark.parametrize("target", ON_SITE)
def test_paths_of_this_site_are_local(target: str) -> None:
    assert is_local(target)


def _log_in(app: Flask, target: str) -> TestResponse:
    return anonymous(app).post(
        "/login", query_string={"next": target}, data={"name": TEST_ACCOUNT, "password": PASSWORD}
    )


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_login_form_sends_an_off_site_next_home(app: Flask, target: str) -> None:
    response = _log_in(app, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ON_SITE)
def test_the_login_form_follows_a_local_next(app: Flask, target: str) -> None:
    response = _log_in(app, target)
    assert response.status_code == 302
    assert response.headers["Location"] == target
