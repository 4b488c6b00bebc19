"""JSON API routes for speakers: list, read, merge two into one, split one in two."""

from __future__ import annotations

from flask import Response, jsonify, url_for

from ..access import needs
from ..choices import Role
from ..db import get_session
from ..inputs.records import optional_str
from ..services import get_speaker, list_speakers, merge_speakers, split_speaker
from . import bp
from .arguments import action_body, editor_name, id_list, page_args, required_field, whole_number
from .serializers import page_json, speaker_detail_json, speaker_summary_json


@bp.get("/speakers")
def list_speakers_page() -> Response:
    limit, offset = page_args()
    return jsonify(page_json(list_speakers(get_session(), limit, offset), speaker_summary_json))


@bp.get("/speakers/<int:speaker_id>")
def speaker_detail(speaker_id: int) -> Response:
    return jsonify(speaker_detail_json(get_speaker(get_session(), speaker_id)))


@bp.post("/speakers/<int:speaker_id>/merge")
@needs(Role.FACT_CHECKER)
def merge_speaker(speaker_id: int) -> Response:
    """Merge the speaker given as "speaker_id" into this one."""
    body = action_body("speaker_id")
    other = whole_number(
        required_field(body, "speaker_id", "the speaker to merge into this one"), "speaker_id"
    )
    session = get_session()
    merge_speakers(session, speaker_id, other, editor_name(body), body.get("note"))
    session.commit()
    session.expire_all()
    return jsonify(speaker_detail_json(get_speaker(session, speaker_id)))


@bp.post("/speakers/<int:speaker_id>/split")
@needs(Role.FACT_CHECKER)
def split_speaker_off(speaker_id: int) -> tuple[Response, int, dict[str, str]]:
    """Move some of this speaker's statements to a new speaker called "name"."""
    body = action_body("statement_ids", "name", "kind")
    chosen = id_list(
        required_field(body, "statement_ids", "the ids of the statements to move"),
        "statement_ids",
    )
    name = required_field(body, "name", "the new speaker's name")
    kind = optional_str(body.get("kind"), "kind", limit=100)
    session = get_session()
    new = split_speaker(
        session, speaker_id, chosen, name, editor_name(body), kind=kind, note=body.get("note")
    )
    session.commit()
    location = url_for("api.speaker_detail", speaker_id=new.id)
    return jsonify(speaker_detail_json(get_speaker(session, new.id))), 201, {"Location": location}
