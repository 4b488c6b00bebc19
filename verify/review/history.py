"""Review UI for the history: every entry of the desk, newest first, paged; ?group_id=,
?statement_id= or ?editor= (an account's name) narrow it to one group, statement or account."""

from __future__ import annotations

import math

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from .. import db
from ..ids import MAX_ID
from ..inputs.records import InvalidInput
from ..services.listing import actions_page
from . import bp
from .forms import page_number


def _query_id(name: str, wording: str) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise InvalidInput(f"{wording} must be an id from 1 to {MAX_ID:,}, not {raw!r}")
    return int(raw)


def _heading(group_id: int | None, statement_id: int | None, editor: str | None) -> str:
    about = [f"group {group_id}"] if group_id else []
    about += [f"statement {statement_id}"] if statement_id else []
    heading = f"History of {' and '.join(about)}" if about else "History of the desk"
    return f"{heading}, entries by {editor}" if editor else heading


@bp.get("/history")
def history() -> ResponseReturnValue:
    try:
        group_id = _query_id("group_id", "the group")
        statement_id = _query_id("statement_id", "the statement")
    except InvalidInput as error:
        return render_template("review/history.html", heading="History", error=str(error)), 400
    editor = (request.args.get("editor") or "").strip() or None
    size = current_app.config["PAGE_SIZE"]
    page = page_number()
    entries = actions_page(
        db.get_session(),
        limit=size,
        offset=(page - 1) * size,
        group_id=group_id,
        statement_id=statement_id,
        editor=editor,
    )
    given = {"group_id": group_id, "statement_id": statement_id, "editor": editor}
    filters = {key: value for key, value in given.items() if value is not None}
    return render_template(
        "review/history.html",
        heading=_heading(group_id, statement_id, editor),
        entries=entries.items,
        total=entries.total,
        filters=filters,
        page=page,
        pages=max(1, math.ceil(entries.total / size)),
    )
