"""The public page of a published group: its claims side by side, the editor's verdict, and the
ClaimReview JSON-LD that search engines and fact-check tools read. 404 unless published. A group
published on the strength of its claims' flags alone shows only the claims a person flagged."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask.typing import ResponseReturnValue

from .. import db, services
from ..choices import COLUMNS, SIDES, UNDETERMINED, label
from ..review.display import group_title
from ..services.claimreview import Publisher, review_anchor, reviewed_claims, reviews_of
from ..services.publishing import published_group
from . import bp

# Accounts a column shows; the page says how many more there are.
PUBLIC_CARDS = 10


@bp.get("/published/groups/<int:group_id>")
def group(group_id: int) -> ResponseReturnValue:
    session = db.get_session()
    published_group(session, group_id)
    detail = services.group_detail(session, group_id, PUBLIC_CARDS)
    page_url = url_for("public.group", group_id=group_id, _external=True)
    config = current_app.config
    publisher = Publisher(config["PUBLISHER_NAME"], config["PUBLISHER_URL"])
    claims = reviewed_claims(detail)
    # Published on its claims' flags alone, the page is titled by what it reviews, not by the
    # group's central claim, which may be one left out.
    first = claims[0].central if claims and detail.group.flag is None else None
    return render_template(
        "public/group.html",
        detail=detail,
        group=detail.group,
        claims=claims,
        unreviewed=len(detail.claims) - len(claims),
        title=group_title(detail.group, first.statement.text if first else None),
        reviews=reviews_of(detail, page_url, publisher),
        publisher=publisher,
        label=label,
        review_anchor=review_anchor,
        SIDES=SIDES,
        COLUMNS=COLUMNS,
        UNDETERMINED=UNDETERMINED,
    )


@bp.errorhandler(services.NotFound)
def not_found(error: services.NotFound) -> ResponseReturnValue:
    return render_template("public/not_found.html", message=str(error)), 404
