"""The review UI blueprint: server-rendered pages for fact-checkers and editors, one module per
resource (groups, sources, statements, articles, imports, speakers, history, accounts; admin:
the admin's pages over every account)."""

from flask import Blueprint

bp = Blueprint("review", __name__)

# Importing the modules registers their routes and hooks on bp.
from . import (  # noqa: E402,F401
    accounts,
    admin,
    articles,
    groups,
    history,
    imports,
    jobs,
    layout,
    sources,
    speakers,
    statements,
)
