"""The JSON API blueprint, mounted at /api: one module per resource (groups, claims, statements,
sources, articles, imports, speakers, actions, exports); serializers.py holds every JSON shape
and errors.py the one error handler."""

from flask import Blueprint

bp = Blueprint("api", __name__)

# Importing the modules registers their routes and the error handler on bp.
from . import (  # noqa: E402,F401
    actions,
    articles,
    auth,
    claims,
    content,
    errors,
    exports,
    groups,
    imports,
    jobs,
    openapi,
    sources,
    speakers,
    statements,
)
