"""JSON API routes for the claims inside a group (an event): one claim, and the editor's actions
on claims (split, merge, flag). Moving a statement to another claim is a statement route
(statements.py).

Every action is recorded under the name of the account whose token it carries, and takes
an optional "note"; each answers with the claim's group as the action left it, read after the
commit, as the group routes do.
"""

from __future__ import annotations

from flask import Response, jsonify, url_for

from ..access import needs
from ..choices import FLAGS, Role
from ..db import get_session
from ..services import NotFound, flag_claim, get_claim, group_detail, merge_claims, split_claim
from . import bp
from .arguments import action_body, editor_name, id_list, required_field, whole_number
from .groups import group_state
from .serializers import claim_detail_json


@bp.get("/claims/<int:claim_id>")
def get_claim_detail(claim_id: int) -> Response:
    session = get_session()
    claim = get_claim(session, claim_id)
    detail = next(
        (
            part
            for part in group_detail(session, claim.group_id, limit=0).claims
            if part.claim is claim
        ),
        None,
    )
    if detail is None:  # a claim left without members; sorting its group again removes it
        raise NotFound(f"claim {claim_id} holds no statements")
    return jsonify(claim_detail_json(detail))


@bp.post("/claims/<int:claim_id>/split")
@needs(Role.FACT_CHECKER)
def split_off_claim(claim_id: int) -> tuple[Response, int, dict[str, str]]:
    body = action_body("statement_ids")
    chosen = id_list(
        required_field(body, "statement_ids", "the ids of the claim's statements to split off"),
        "statement_ids",
    )
    session = get_session()
    new = split_claim(session, claim_id, chosen, editor_name(body), body.get("note"))
    group_id = new.group_id
    session.commit()
    location = url_for("api.get_claim_detail", claim_id=new.id)
    return jsonify(group_state(group_id)), 201, {"Location": location}


@bp.post("/claims/<int:claim_id>/merge")
@needs(Role.FACT_CHECKER)
def merge_into_claim(claim_id: int) -> Response:
    body = action_body("other_claim")
    other = whole_number(
        required_field(body, "other_claim", "the claim of the same group to merge into this one"),
        "other_claim",
    )
    session = get_session()
    claim = merge_claims(session, claim_id, other, editor_name(body), body.get("note"))
    group_id = claim.group_id
    session.commit()
    return jsonify(group_state(group_id))


@bp.post("/claims/<int:claim_id>/flag")
@needs(Role.EDITOR)
def flag_one_claim(claim_id: int) -> Response:
    body = action_body("flag")
    chosen = required_field(body, "flag", f"one of {', '.join(FLAGS)}, or null to clear it")
    session = get_session()
    claim = flag_claim(session, claim_id, chosen, editor_name(body), body.get("note"))
    group_id = claim.group_id
    session.commit()
    return jsonify(group_state(group_id))
