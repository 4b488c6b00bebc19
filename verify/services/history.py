"""The append-only history of editor actions: who acts (`check_editor`), what is recorded (each
entry chained to the one before it: see trail.py), and the check every split (of a group or a
speaker) shares."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..inputs import records
from ..inputs.records import InvalidInput
from ..models import EditorAction
from .trail import chain


def check_editor(editor: str | None) -> str:
    return records.required_str(editor, "editor (your name)", limit=200)


def record(
    session: Session,
    editor: str,
    action: str,
    group_id: int | None,
    statement_id: int | None,
    detail: dict[str, Any],
    note: str | None = None,
) -> EditorAction:
    entry = EditorAction(
        editor=editor,
        action=action,
        group_id=group_id,
        statement_id=statement_id,
        detail=detail,
        note=records.optional_str(note, "note", limit=5000),
    )
    chain(session, entry)
    session.add(entry)
    return entry


def check_split(chosen: set[int], held: set[int], holder: str, remainder: str) -> None:
    """Refuse a split that names nothing, names statements `holder` lacks, or takes them all."""
    if not chosen:
        raise InvalidInput("choose at least one statement to split off")
    strangers = sorted(chosen - held)
    if strangers:
        raise InvalidInput(f"statement(s) {strangers} are not {holder}")
    if chosen == held:
        raise InvalidInput(f"a split must leave at least one statement {remainder}")
