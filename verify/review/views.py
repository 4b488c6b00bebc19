"""Review UI: the groups list, a group's side-by-side page and the editor's actions on it.

Views are thin: read the form, call one service, commit once, then redirect (post/redirect/get)
with a flashed message; bad input rolls the whole request back and says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import flask
from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from .. import db, services
from ..api.errors import api_error
from ..inputs import InvalidInput
from ..vocabulary import ATTRIBUTIONS, FLAGS, SIDES, SPEAKER_KINDS, label
from . import bp, entry  # noqa: F401  (entry: sources, statements and imports)
from .display import (
    COLUMNS,
    collisions,
    describe,
    excerpt,
    group_title,
    percent,
    statement_date,
    summarise,
)
from .forms import EDITOR_KEY, form_editor, form_int, form_note, is_local, page_number


@bp.context_processor
def page_helpers() -> dict[str, Any]:
    return {
        "label": label,
        "excerpt": excerpt,
        "describe": describe,
        "statement_date": statement_date,
        "group_title": group_title,
        "percent": percent,
        "editor_name": flask.session.get(EDITOR_KEY, ""),
        "SPEAKER_KINDS": SPEAKER_KINDS,
        "ATTRIBUTIONS": ATTRIBUTIONS,
        "SIDES": SIDES,
        "FLAGS": FLAGS,
        "COLUMNS": COLUMNS,
    }


@bp.errorhandler(services.NotFound)
def not_found(error: services.NotFound) -> ResponseReturnValue:
    return render_template("review/not_found.html", message=str(error)), 404


@bp.app_errorhandler(404)
def page_not_found(error: Exception) -> ResponseReturnValue:
    """Any unknown URL gets the friendly page, except under /api, which always answers JSON."""
    if request.path == "/api" or request.path.startswith("/api/"):
        return api_error(error)
    return render_template("review/not_found.html", message="There is no such page."), 404


# ---------------------------------------------------------------- pages


@bp.get("/")
def groups() -> ResponseReturnValue:
    session = db.get_session()
    size = current_app.config["PAGE_SIZE"]
    page = page_number()
    total = services.count_groups(session)
    rows = services.list_groups(session, limit=size, offset=(page - 1) * size)
    return render_template(
        "review/groups.html",
        summaries=[summarise(group) for group in rows],
        page=page,
        pages=max(1, math.ceil(total / size)),
        total=total,
    )


@bp.get("/groups/<int:group_id>")
def group(group_id: int) -> ResponseReturnValue:
    detail = services.group_detail(db.get_session(), group_id)
    return render_template(
        "review/group.html",
        detail=detail,
        group=detail.group,
        collisions=collisions(detail),
    )


@bp.post("/editor")
def remember_editor() -> ResponseReturnValue:
    name = (request.form.get("editor") or "").strip()
    if name:
        flask.session[EDITOR_KEY] = name[:200]
        flash(f"Working as {name}.", "success")
    else:
        flask.session.pop(EDITOR_KEY, None)
        flash("Name cleared: actions will ask for it.", "success")
    target = request.form.get("next") or ""
    return redirect(target if is_local(target) else url_for(".groups"))


# ---------------------------------------------------------------- editor actions


def apply_action(group_id: int, change: Callable[[Session, str], str]) -> ResponseReturnValue:
    """Run one action from the group page: commit and flash what happened, or roll back and
    flash why not. An unknown group is a 404; an unknown id typed in a form is a flashed error."""
    session = db.get_session()
    services.get_group(session, group_id)
    try:
        message = change(session, form_editor())
    except (InvalidInput, services.NotFound) as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash(message, "success")
    return redirect(url_for(".group", group_id=group_id))


@bp.post("/groups/<int:group_id>/side")
def set_side(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        statement_id = form_int("statement_id", "statement")
        membership = services.set_side(
            session, statement_id, request.form.get("side"), editor, form_note()
        )
        return f"Statement {statement_id} now {label(membership.side or 'undetermined')}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/move")
def move_statement(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        statement_id = form_int("statement_id", "statement")
        target = None if request.form.get("new_group") else form_int("to_group", "target group")
        moved_to = services.move_statement(session, statement_id, target, editor, form_note())
        return f"Moved statement {statement_id} to group {moved_to.id}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/split")
def split_group(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        try:
            chosen = [int(value) for value in request.form.getlist("statement_id")]
        except ValueError:
            raise InvalidInput("statements to split must be given by id") from None
        new = services.split_group(session, group_id, chosen, editor, form_note())
        count = f"{len(chosen)} statement{'s' if len(chosen) != 1 else ''}"
        return f"Split {count} off into new group {new.id}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/merge")
def merge_groups(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        other = form_int("other_group", "the group to merge in")
        services.merge_groups(session, group_id, other, editor, form_note())
        return f"Merged group {other} into this group."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/flag")
def flag_group(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        flagged = services.flag_group(
            session, group_id, request.form.get("flag") or None, editor, form_note()
        )
        return f"Flagged “{label(flagged.flag)}”." if flagged.flag else "Flag cleared."

    return apply_action(group_id, change)
