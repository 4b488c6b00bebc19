"""Serving the desk needs a secret key of its own: the default one is public, and anyone who
knows it can forge a session cookie. `flask run` and wsgi.py refuse to start with it, except in
debug mode and in tests; other commands (migrate, import, ...) sign nothing and still work."""

from __future__ import annotations

import click
from flask import Flask

from .config import Config

DEFAULT_SECRET_KEY = Config.SECRET_KEY  # public: for debug mode and tests only

HOW_TO_SET = (
    "Set VERIFY_SECRET_KEY to a long random value kept out of the repository, for example:\n"
    "  export VERIFY_SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_hex(32))')\"\n"
    "(docs/deployment.md; `make run` makes one for you in instance/secret_key)."
)


class UnsafeSecretKey(click.ClickException):
    """Refusal to serve with the public default (or an empty) SECRET_KEY; `flask run` prints
    its message and exits 1, a WSGI server fails to load the app with it."""


def has_safe_secret_key(app: Flask) -> bool:
    key = app.config.get("SECRET_KEY")
    return bool(key) and key != DEFAULT_SECRET_KEY


def refuse_default_secret_key(app: Flask) -> None:
    """Raise UnsafeSecretKey when `app` would serve with the default key outside debug and tests."""
    if app.debug or app.testing or has_safe_secret_key(app):
        return
    raise UnsafeSecretKey(
        "refusing to serve: SECRET_KEY is the public default (or empty), so anyone could forge "
        f"a session.\n{HOW_TO_SET}"
    )


def is_flask_run() -> bool:
    """Whether the app is being built by `flask run` (its command is the click context)."""
    context = click.get_current_context(silent=True)
    return context is not None and context.command.name == "run"
