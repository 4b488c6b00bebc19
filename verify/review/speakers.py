"""Review UI for speakers: the list, one speaker's page, and an editor's fixes to who is who.

Extraction names speakers as the article does, so one person can arrive under two names (merge
them, or keep the other spelling as an alias) and two people under one (split statements off).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import db
from ..access import needs
from ..choices import Role
from ..inputs.records import InvalidInput
from ..models import EditorAction
from ..services import NotFound
from ..services import speakers as service
from . import bp
from .display import plural
from .forms import form_editor, form_int, form_note, page_number

# Speakers offered in the merge form's list.
MERGE_CHOICES = 1000
# Actions of the history that concern speakers, and the detail keys naming the speakers involved.
SPEAKER_ACTIONS = {
    "merge_speakers": ("kept", "merged"),
    "split_speaker": ("from", "to"),
    "add_alias": ("speaker",),
    "remove_alias": ("speaker",),
}
HISTORY_SCAN = 500  # newest speaker actions looked through for one speaker's entries


@bp.get("/speakers")
def speakers() -> ResponseReturnValue:
    size = current_app.config["PAGE_SIZE"]
    page = page_number()
    listed = service.list_speakers(db.get_session(), limit=size, offset=(page - 1) * size)
    return render_template(
        "review/speakers.html",
        rows=listed.items,
        total=listed.total,
        page=page,
        pages=max(1, math.ceil(listed.total / size)),
    )


@bp.get("/speakers/<int:speaker_id>")
def speaker(speaker_id: int) -> ResponseReturnValue:
    session = db.get_session()
    found = service.get_speaker(session, speaker_id)
    choices = service.list_speakers(session, limit=MERGE_CHOICES).items
    return render_template(
        "review/speaker.html",
        speaker=found,
        others=[row for row in choices if row.speaker.id != speaker_id],
        entries=speaker_history(session, speaker_id),
    )


def speaker_history(session: Session, speaker_id: int) -> list[EditorAction]:
    """Recent history entries that name this speaker, newest first."""
    recent = session.scalars(
        select(EditorAction)
        .where(EditorAction.action.in_(SPEAKER_ACTIONS))
        .order_by(EditorAction.id.desc())
        .limit(HISTORY_SCAN)
    )
    return [entry for entry in recent if names_speaker(entry, speaker_id)]


def names_speaker(entry: EditorAction, speaker_id: int) -> bool:
    detail = entry.detail or {}
    for key in SPEAKER_ACTIONS.get(entry.action, ()):
        named = detail.get(key)
        if isinstance(named, dict) and named.get("id") == speaker_id:
            return True
    return False


def apply_change(speaker_id: int, change: Callable[[Session, str], str]) -> ResponseReturnValue:
    """Run one change from the speaker's page: commit and flash what happened, or roll back and
    flash why not. An unknown speaker in the URL is a 404; one picked in a form is an error."""
    session = db.get_session()
    service.get_speaker(session, speaker_id)
    try:
        message = change(session, form_editor())
    except (InvalidInput, NotFound) as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash(message, "success")
    return redirect(url_for(".speaker", speaker_id=speaker_id))


@bp.post("/speakers/<int:speaker_id>/aliases")
@needs(Role.FACT_CHECKER)
def add_alias(speaker_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        alias = request.form.get("alias", "")
        service.add_alias(session, speaker_id, alias, editor)
        return f"Added the alias “{alias.strip()}”."

    return apply_change(speaker_id, change)


@bp.post("/speakers/<int:speaker_id>/aliases/remove")
@needs(Role.FACT_CHECKER)
def remove_alias(speaker_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        alias = request.form.get("alias", "")
        service.remove_alias(session, speaker_id, alias, editor)
        return f"Removed the alias “{alias}”."

    return apply_change(speaker_id, change)


@bp.post("/speakers/<int:speaker_id>/merge")
@needs(Role.FACT_CHECKER)
def merge_speakers(speaker_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        other = service.get_speaker(session, form_int("other_speaker", "the speaker to merge in"))
        name = other.name
        service.merge_speakers(session, speaker_id, other.id, editor, form_note())
        return f"Merged “{name}” into this speaker."

    return apply_change(speaker_id, change)


@bp.post("/speakers/<int:speaker_id>/split")
@needs(Role.FACT_CHECKER)
def split_speaker(speaker_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        try:
            chosen = [int(value) for value in request.form.getlist("statement_id")]
        except ValueError:
            raise InvalidInput("statements to split off must be given by id") from None
        name = request.form.get("new_name", "")
        kind = request.form.get("kind") or None
        new = service.split_speaker(
            session, speaker_id, chosen, name, editor, kind=kind, note=form_note()
        )
        return f"Split {plural(len(chosen), 'statement')} off to the new speaker “{new.name}”."

    return apply_change(speaker_id, change)
