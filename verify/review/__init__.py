"""The review UI blueprint: server-rendered pages for fact-checkers and editors."""

from flask import Blueprint

bp = Blueprint("review", __name__)

from . import articles, csrf, speakers, views  # noqa: E402,F401  (hooks and routes register on bp)
