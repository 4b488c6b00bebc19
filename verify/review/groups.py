"""Review UI for groups: the list, a group's side-by-side page and the editor's actions on it
and on the claims inside it.

Views are thin: read the form, call one service, commit once, then redirect (post/redirect/get)
with a flashed message; bad input rolls the whole request back and says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from .. import db, services
from ..access import needs
from ..choices import Role, label
from ..inputs.records import InvalidInput
from ..services.detail import HISTORY_SHOWN
from ..services.publishing import publish_group, unpublish_group
from . import bp
from .display import collisions, group_title, plural, summarise
from .forms import form_editor, form_ids, form_int, form_note, page_number, start_offset


@bp.get("/groups")
@bp.get("/")  # registered first: the address links and redirects name
def groups() -> ResponseReturnValue:
    """The groups, disputed first: the home page, also at /groups."""
    session = db.get_session()
    size = current_app.config["PAGE_SIZE"]
    page = page_number()
    total = services.count_groups(session)
    rows = services.list_groups(session, limit=size, offset=(page - 1) * size, members=False)
    counts = services.count_members(session, [group.id for group in rows])
    return render_template(
        "review/groups.html",
        summaries=[summarise(group, counts[group.id]) for group in rows],
        page=page,
        pages=max(1, math.ceil(total / size)),
        total=total,
    )


# Statement cards a column of a claim shows per page: a group of 1,253 members was a 3.2 MB
# page when it showed them all.
COLUMN_CARDS = 10


@bp.get("/groups/<int:group_id>")
def group(group_id: int) -> ResponseReturnValue:
    """A group side by side, COLUMN_CARDS accounts per column from ?from= on."""
    offset = start_offset()
    detail = services.group_detail(db.get_session(), group_id, COLUMN_CARDS, offset)
    central = detail.central.statement.text if detail.central else None
    return render_template(
        "review/group.html",
        detail=detail,
        group=detail.group,
        title=group_title(detail.group, central),
        collisions=collisions(detail),
        # from the claims laid out already: group.claims would cost the page a query
        flagged_claims=[part.claim for part in detail.claims if part.claim.flag],
        column_cards=COLUMN_CARDS,
        offset=offset,
        history_shown=HISTORY_SHOWN,
    )


def apply_action(group_id: int, change: Callable[[Session, str], str]) -> ResponseReturnValue:
    """Run one action from the group page: commit and flash what happened, or roll back and
    flash why not. An unknown group is a 404; an unknown id typed in a form is a flashed error."""
    session = db.get_session()
    services.get_group(session, group_id)
    try:
        message = change(session, form_editor())
    except (InvalidInput, services.NotFound, services.Conflict) as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash(message, "success")
    return redirect(url_for(".group", group_id=group_id))


@bp.post("/groups/<int:group_id>/side")
@needs(Role.FACT_CHECKER)
def set_side(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        statement_id = form_int("statement_id", "statement")
        membership = services.set_side(
            session, statement_id, request.form.get("side"), editor, form_note()
        )
        if membership.side:
            return f"Statement {statement_id} now {membership.side}."
        return f"Statement {statement_id}: its side is cleared; the desk will suggest one."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/move")
@needs(Role.FACT_CHECKER)
def move_statement(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        statement_id = form_int("statement_id", "statement")
        target = None if request.form.get("new_group") else form_int("to_group", "target group")
        moved_to = services.move_statement(session, statement_id, target, editor, form_note())
        return f"Moved statement {statement_id} to group {moved_to.id}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/split")
@needs(Role.FACT_CHECKER)
def split_group(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        chosen = form_ids("statement_id", "statements to split")
        new = services.split_group(session, group_id, chosen, editor, form_note())
        count = f"{len(chosen)} statement{'s' if len(chosen) != 1 else ''}"
        return f"Split {count} off into new group {new.id}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/merge")
@needs(Role.FACT_CHECKER)
def merge_groups(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        other = form_int("other_group", "the group to merge in")
        services.merge_groups(session, group_id, other, editor, form_note())
        return f"Merged group {other} into this group."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/flag")
@needs(Role.EDITOR)
def flag_group(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        flagged = services.flag_group(
            session, group_id, request.form.get("flag") or None, editor, form_note()
        )
        return f"Flagged “{label(flagged.flag)}”." if flagged.flag else "Flag cleared."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/publish")
@needs(Role.EDITOR)
def publish(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        if request.form.get("unpublish"):
            unpublish_group(session, group_id, editor, form_note())
            return "Unpublished: the public page is gone."
        publish_group(session, group_id, editor, form_note())
        return "Published: the public page and its ClaimReview are live."

    return apply_action(group_id, change)


# ---------------------------------------------------------------- claims inside the group


def _claim_of_group(session: Session, group_id: int, claim_id: int) -> None:
    """Refuse a claim that is not this page's: its action would land on another page."""
    claim = services.get_claim(session, claim_id)
    if claim.group_id != group_id:
        raise services.NotFound(f"claim {claim_id} is not in group {group_id}")


@bp.post("/groups/<int:group_id>/claims/move")
@needs(Role.FACT_CHECKER)
def move_to_claim(group_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        statement_id = form_int("statement_id", "statement")
        chosen = (request.form.get("to_claim") or "").strip()
        target = None if chosen == "new" else form_int("to_claim", "target claim")
        claim = services.move_to_claim(session, statement_id, target, editor, form_note())
        where = "new claim" if target is None else "claim"
        return f"Moved statement {statement_id} to {where} #{claim.id}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/claims/<int:claim_id>/split")
@needs(Role.FACT_CHECKER)
def split_claim(group_id: int, claim_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        _claim_of_group(session, group_id, claim_id)
        chosen = form_ids("statement_id", "statements to split")
        new = services.split_claim(session, claim_id, chosen, editor, form_note())
        count = f"{len(chosen)} statement{'s' if len(chosen) != 1 else ''}"
        return f"Split {count} off claim #{claim_id} into new claim #{new.id}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/claims/<int:claim_id>/merge")
@needs(Role.FACT_CHECKER)
def merge_claims(group_id: int, claim_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        _claim_of_group(session, group_id, claim_id)
        other = form_int("other_claim", "the claim to merge in")
        services.merge_claims(session, claim_id, other, editor, form_note())
        return f"Merged claim #{other} into claim #{claim_id}."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/claims/<int:claim_id>/flag")
@needs(Role.EDITOR)
def flag_claim(group_id: int, claim_id: int) -> ResponseReturnValue:
    def change(session: Session, editor: str) -> str:
        _claim_of_group(session, group_id, claim_id)
        flagged = services.flag_claim(
            session, claim_id, request.form.get("flag") or None, editor, form_note()
        )
        if flagged.flag:
            return f"Flagged claim #{claim_id} “{label(flagged.flag)}”."
        return f"Claim #{claim_id}'s flag cleared."

    return apply_action(group_id, change)


@bp.post("/groups/<int:group_id>/claims/<int:claim_id>/accept")
@needs(Role.FACT_CHECKER)
def accept_claim_sides(group_id: int, claim_id: int) -> ResponseReturnValue:
    """Every side the desk suggests in the claim becomes a person's, in one click."""

    def change(session: Session, editor: str) -> str:
        accepted = services.accept_suggested_sides(session, group_id, claim_id, editor, form_note())
        if not accepted:
            return f"Every side in claim #{claim_id} is already a person's: nothing to accept."
        taken = plural(len(accepted), "statement")
        return f"Accepted the suggested side of {taken} of claim #{claim_id}."

    return apply_action(group_id, change)
