"""The public blueprint: read-only pages anyone may open, without an account or a form (a
published group and its ClaimReview). Nothing here writes."""

from flask import Blueprint

bp = Blueprint("public", __name__)

# Importing the module registers its routes on bp.
from . import groups  # noqa: E402,F401
