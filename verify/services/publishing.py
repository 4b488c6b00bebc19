"""Publishing a group: an editor makes its public page and ClaimReview available, or takes them
back. Only a group a person has flagged, or one with a claim a person has flagged, can be
published: the verdict is what is published."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..choices import label
from ..models import Claim, ClaimGroup
from .history import check_editor, record
from .lookups import Conflict, NotFound, get_group


def flagged_claims(group: ClaimGroup) -> list[Claim]:
    """The group's claims that carry a person's own flag, in the group's order."""
    return [claim for claim in group.claims if claim.flag]


def has_verdict(group: ClaimGroup) -> bool:
    """Whether a person flagged the group or at least one of its claims: something to publish."""
    return group.flag is not None or bool(flagged_claims(group))


def require_verdict(group: ClaimGroup) -> None:
    """Refuse a group without a person's flag on it or on any of its claims: a suggested flag is
    no verdict to publish."""
    if not has_verdict(group):
        suggested = (
            f" (the desk suggests “{label(group.suggested_flag)}”, which is not a verdict)"
            if group.suggested_flag
            else ""
        )
        raise Conflict(
            f"group {group.id} has no editor's flag on it or on any of its claims{suggested}: "
            "flag the group or one of its claims first "
            "(disputed, corroborated, unresolved or not a dispute), then publish it"
        )


def verdicts(group: ClaimGroup) -> dict[str, object]:
    """What a publication states, for the history: the group's flag (which rules every claim
    without one of its own) and each claim's own flag."""
    return {
        "flag": group.flag,
        "claims": [{"claim": claim.id, "flag": claim.flag} for claim in flagged_claims(group)],
    }


def unpublish_without_verdict(group: ClaimGroup) -> bool:
    """Take a published group's page down once a person's flag is cleared and no flag is left on
    the group or its claims: a published page states a verdict. True when it came down."""
    if group.published_at is None or has_verdict(group):
        return False
    group.published_at = group.published_by = None
    return True


def publish_group(
    session: Session, group_id: int, editor: str, note: str | None = None
) -> ClaimGroup:
    """Make the group's public page and ClaimReview available from now on; publishing again
    moves its publication date to now (after a change of verdict, say)."""
    editor = check_editor(editor)
    group = get_group(session, group_id)
    require_verdict(group)
    before = group.published_at
    group.published_at = datetime.now(UTC).replace(tzinfo=None)
    group.published_by = editor
    record(
        session,
        editor,
        "publish_group",
        group.id,
        None,
        {**verdicts(group), "republished": before is not None},
        note,
    )
    session.flush()
    return group


def unpublish_group(
    session: Session, group_id: int, editor: str, note: str | None = None
) -> ClaimGroup:
    """Take the group's public page down; its ClaimReview is refused again until republished."""
    editor = check_editor(editor)
    group = get_group(session, group_id)
    if group.published_at is None:
        raise Conflict(f"group {group_id} is not published: there is nothing to unpublish")
    group.published_at = None
    group.published_by = None
    record(session, editor, "unpublish_group", group.id, None, {"flag": group.flag}, note)
    session.flush()
    return group


def published_group(session: Session, group_id: int) -> ClaimGroup:
    """A group the public may read; any other (unknown, unpublished) is NotFound alike, so the
    public learns nothing of unpublished work."""
    group = session.get(ClaimGroup, group_id)
    if group is None or group.published_at is None or not has_verdict(group):
        raise NotFound(f"no published group with id {group_id}")
    return group
