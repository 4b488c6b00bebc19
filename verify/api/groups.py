"""JSON API routes for groups: list, detail, history, the editor's actions on a group (split,
merge, flag, publish, unpublish), its ClaimReview and judging its stance again.

Every action is recorded under the name of the account whose token it carries, and takes
an optional "note"; each answers with the state it left behind, read after the commit.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, url_for

from ..access import needs
from ..choices import FLAGS, Role
from ..db import get_session
from ..inputs.records import InvalidInput, choice
from ..services import (
    count_members,
    flag_group,
    get_group,
    group_detail,
    merge_groups,
    split_group,
)
from ..services.claimreview import Publisher, claim_reviews
from ..services.listing import actions_page, groups_page
from ..services.publishing import publish_group, unpublish_group
from ..services.stance import judge_groups
from . import bp
from .arguments import (
    MAX_PAGE_SIZE,
    action_body,
    editor_name,
    id_list,
    json_body,
    page_args,
    query_text,
    required_field,
    whole_number,
)
from .serializers import (
    action_json,
    group_detail_json,
    group_summary_json,
    page_json,
    publication_json,
)


def group_state(group_id: int, limit: int = MAX_PAGE_SIZE, offset: int = 0) -> dict[str, Any]:
    return group_detail_json(group_detail(get_session(), group_id, limit, offset))


@bp.get("/groups")
def list_groups() -> Response:
    """A page of groups, each with its claims and its members counted per side (not listed)."""
    limit, offset = page_args()
    flag = choice(query_text("flag"), "flag", FLAGS)
    session = get_session()
    page = groups_page(session, limit, offset, flag, members=False)
    counts = count_members(session, [group.id for group in page.items])
    return jsonify(page_json(page, lambda group: group_summary_json(group, counts[group.id])))


@bp.get("/groups/<int:group_id>")
def get_group_detail(group_id: int) -> Response:
    """A group side by side: ?limit= members per column (the page size by default) from
    ?offset= on, with every column's count."""
    limit, offset = page_args()
    return jsonify(group_state(group_id, limit, offset))


@bp.get("/groups/<int:group_id>/history")
def group_history(group_id: int) -> Response:
    limit, offset = page_args()
    session = get_session()
    get_group(session, group_id)
    return jsonify(page_json(actions_page(session, limit, offset, group_id), action_json))


@bp.post("/groups/<int:group_id>/split")
@needs(Role.FACT_CHECKER)
def split(group_id: int) -> tuple[Response, int, dict[str, str]]:
    body = action_body("statement_ids")
    chosen = id_list(
        required_field(body, "statement_ids", "the ids of the statements to split off"),
        "statement_ids",
    )
    session = get_session()
    new = split_group(session, group_id, chosen, editor_name(body), body.get("note"))
    session.commit()
    location = url_for("api.get_group_detail", group_id=new.id)
    return jsonify(group_state(new.id)), 201, {"Location": location}


@bp.post("/groups/<int:group_id>/merge")
@needs(Role.FACT_CHECKER)
def merge(group_id: int) -> Response:
    body = action_body("group_id")
    other = whole_number(
        required_field(body, "group_id", "the group to merge into this one"), "group_id"
    )
    session = get_session()
    merge_groups(session, group_id, other, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(group_state(group_id))


@bp.post("/groups/<int:group_id>/flag")
@needs(Role.EDITOR)
def flag(group_id: int) -> Response:
    body = action_body("flag")
    chosen = required_field(body, "flag", f"one of {', '.join(FLAGS)}, or null to clear it")
    session = get_session()
    flag_group(session, group_id, chosen, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(group_state(group_id))


@bp.post("/groups/<int:group_id>/stance")
@needs(Role.FACT_CHECKER)
def judge_stance(group_id: int) -> Response:
    """Judge one group's stance again from scratch and answer with the group. It recomputes
    suggestions, not a person's decision: it needs no editor, leaves no history entry, and keeps
    every side and flag a person chose. The body is empty or {}."""
    if json_body(required=False):
        raise InvalidInput("judging a group's stance takes no fields; send no body or {}")
    session = get_session()
    judge_groups(session, [group_id])
    session.commit()
    return jsonify(group_state(group_id))


@bp.post("/groups/<int:group_id>/publish")
@needs(Role.EDITOR)
def publish(group_id: int) -> Response:
    """Publish a group a person has flagged, or one of whose claims a person has flagged (409
    otherwise): its public page and ClaimReview."""
    body = action_body()
    session = get_session()
    group = publish_group(session, group_id, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(publication_json(group, public_page(group_id)))


@bp.post("/groups/<int:group_id>/unpublish")
@needs(Role.EDITOR)
def unpublish(group_id: int) -> Response:
    body = action_body()
    session = get_session()
    group = unpublish_group(session, group_id, editor_name(body), body.get("note"))
    session.commit()
    return jsonify(publication_json(group, public_page(group_id)))


def public_page(group_id: int) -> str:
    return url_for("public.group", group_id=group_id, _external=True)


@bp.get("/groups/<int:group_id>/claimreview")
def claimreview(group_id: int) -> Response:
    """The group's ClaimReviews as JSON-LD (a list, one per side of each claim with a verdict);
    409 until a person flags the group or one of its claims. Their `url`s point into its public
    page, live once published."""
    publisher = Publisher(current_app.config["PUBLISHER_NAME"], current_app.config["PUBLISHER_URL"])
    reviews = claim_reviews(get_session(), group_id, public_page(group_id), publisher)
    response = jsonify(reviews)
    response.mimetype = "application/ld+json"
    return response
