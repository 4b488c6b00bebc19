"""The one place JSON shapes live: statements, sources, speakers, groups, history entries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from ..choices import COLUMNS, column_of
from ..models import (
    Claim,
    ClaimGroup,
    EditorAction,
    Job,
    Membership,
    Source,
    Speaker,
    Statement,
)
from ..services import (
    AddReport,
    ClaimDetail,
    GroupCounts,
    GroupDetail,
    IngestReport,
    SpeakerSummary,
)
from ..services.listing import Page
from ..services.stance import StanceReport

T = TypeVar("T")


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def source_json(source: Source, with_text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": source.id,
        "title": source.title,
        "outlet": source.outlet,
        "url": source.url,
        "published": _date(source.published),
        "content_hash": source.content_hash,
    }
    if with_text:
        data["text"] = source.text
    return data


def source_detail_json(source: Source) -> dict[str, Any]:
    data = source_json(source, with_text=True)
    data["statement_ids"] = sorted(s.id for s in source.statements)
    return data


def speaker_json(speaker: Speaker) -> dict[str, Any]:
    return {
        "id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind,
        "description": speaker.description,
        "anonymous": speaker.is_anonymous,
        "aliases": [a.alias for a in speaker.aliases],
    }


def speaker_summary_json(summary: SpeakerSummary) -> dict[str, Any]:
    data = speaker_json(summary.speaker)
    data["statements"] = summary.statements
    data["suggested"] = summary.suggested
    return data


def speaker_detail_json(speaker: Speaker) -> dict[str, Any]:
    data = speaker_json(speaker)
    data["statements"] = [statement_json(s) for s in sorted(speaker.statements, key=_by_id)]
    return data


def _by_id(statement: Statement) -> int:
    return statement.id


def _pair(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span else None


def statement_json(statement: Statement) -> dict[str, Any]:
    membership = statement.membership
    return {
        "id": statement.id,
        "status": statement.status,
        "text": statement.text,
        "speaker": statement.speaker.name,
        "speaker_id": statement.speaker_id,
        "speaker_kind": statement.speaker.kind,
        "speaker_description": statement.speaker.description,
        "anonymous": statement.speaker.is_anonymous,
        "cue": statement.cue,
        "attribution": statement.attribution,
        "span": _pair(statement.span),
        "mention_span": _pair(statement.mention_span),
        "cue_span": _pair(statement.cue_span),
        "confidence": statement.confidence,
        "kind_confidence": statement.kind_confidence,
        "said_on": _date(statement.said_on),
        "source": source_json(statement.source) if statement.source else None,
        "group_id": membership.group_id if membership else None,
        "side": membership.side if membership else None,
        "created_at": _date(statement.created_at),
        **stance_json(membership),
    }


def side_by(membership: Membership | None) -> str | None:
    """Who decided the side shown: "person", "machine" (a suggestion) or None (nobody yet)."""
    if membership is None:
        return None
    if membership.side is not None:
        return "person"
    return "machine" if membership.suggested_side is not None else None


def stance_json(membership: Membership | None) -> dict[str, Any]:
    """A member's stance suggestion; slot spans are offsets into the group's central claim's
    text ("central") and this statement's text ("member")."""
    return {
        "suggested_side": membership.suggested_side if membership else None,
        "side_confidence": membership.side_confidence if membership else None,
        "denial": membership.denial if membership else None,
        "slot_conflicts": (membership.slot_conflicts or []) if membership else [],
        "side_by": side_by(membership),
    }


def member_json(membership: Membership) -> dict[str, Any]:
    statement = membership.statement
    return {
        "statement_id": statement.id,
        "text": statement.text,
        "speaker": statement.speaker.name,
        "speaker_kind": statement.speaker.kind,
        "anonymous": statement.speaker.is_anonymous,
        "cue": statement.cue,
        "attribution": statement.attribution,
        "said_on": _date(statement.said_on),
        "side": membership.side,
        "side_set_by": membership.side_set_by,
        "claim_id": membership.claim_id,
        "similarity": membership.similarity,
        "confirmed_by": membership.confirmed_by,
        "source": source_json(statement.source) if statement.source else None,
        "span": list(statement.span) if statement.span else None,
        **stance_json(membership),
    }


def claim_json(claim: Claim) -> dict[str, Any]:
    """A claim inside an event: what it says (its central statement's words) and its stance."""
    return {
        "id": claim.id,
        "group_id": claim.group_id,
        "label": claim.label,
        "central_statement_id": claim.central_statement_id,
        "conflict": claim.conflict,
        "conflict_reason": claim.conflict_reason,
        "suggested_flag": claim.suggested_flag,
        "flag": claim.flag,
        "flag_note": claim.flag_note,
        "flagged_by": claim.flagged_by,
        "shown_flag": claim.shown_flag,
    }


def claim_detail_json(detail: ClaimDetail) -> dict[str, Any]:
    """A claim side by side: every statement id in each column (its central statement first,
    each account followed by its syndicated copies), the accounts per side and the copies."""
    data = claim_json(detail.claim)
    data["sides"] = {side: detail.layout.ids(side) for side in COLUMNS}
    # Independent accounts per side: a syndicated copy counts once.
    data["accounts"] = detail.layout.counts
    data["copies"] = {str(key): more for key, more in detail.layout.copy_ids.items()}
    return data


def group_json(group: ClaimGroup, members: bool = True) -> dict[str, Any]:
    """A group with its claims, and every member unless not `members`."""
    data = {
        "id": group.id,
        "label": group.label,
        "flag": group.flag,
        "flag_note": group.flag_note,
        "flagged_by": group.flagged_by,
        "suggested_flag": group.suggested_flag,
        "shown_flag": group.shown_flag,
        "central_statement_id": group.central_statement_id,
        "conflict": group.conflict,
        "conflict_reason": group.conflict_reason,
        "stance_due": group.stance_due,
        "published_at": _date(group.published_at),
        "published_by": group.published_by,
        "claims": [claim_json(c) for c in group.claims],
    }
    if members:
        data["members"] = [member_json(m) for m in group.memberships]
    return data


def publication_json(group: ClaimGroup, page: str) -> dict[str, Any]:
    """Whether a group is published, since when, by whom, and where its public page is."""
    return {
        "id": group.id,
        "flag": group.flag,
        "published": group.is_published,
        "published_at": _date(group.published_at),
        "published_by": group.published_by,
        "page": page,
    }


def stance_report_json(report: StanceReport) -> dict[str, Any]:
    """What `flask --app verify stance --json` prints: how many groups were judged, and the
    ones suggested as disputed, most conflicted first."""
    return {
        "judged": len(report.groups),
        "disputed": [
            {
                "id": group.id,
                "label": group.label,
                "conflict": group.conflict,
                "conflict_reason": group.conflict_reason,
                "central_statement_id": group.central_statement_id,
                "flag": group.flag,
                "shown_flag": group.shown_flag,
            }
            for group in report.disputed
        ],
    }


def action_json(action: EditorAction) -> dict[str, Any]:
    return {
        "id": action.id,
        "group_id": action.group_id,
        "statement_id": action.statement_id,
        "editor": action.editor,
        "action": action.action,
        "detail": action.detail,
        "note": action.note,
        "created_at": _date(action.created_at),
        "previous_hash": action.previous_hash,
        "hash": action.hash,
    }


def group_summary_json(group: ClaimGroup, counts: GroupCounts) -> dict[str, Any]:
    """A group as the list shows it: its claims and its members counted, not listed (the
    detail, `GET /api/groups/<id>`, pages them)."""
    data = group_json(group, members=False)
    data["size"] = counts.size
    columns = Counter[str]()
    for side, number in counts.sides.items():
        columns[column_of(side)] += number
    data["side_counts"] = {column: columns.get(column, 0) for column in COLUMNS}
    data["speakers"] = counts.speakers
    data["more_speakers"] = counts.more_speakers
    return data


def group_detail_json(detail: GroupDetail) -> dict[str, Any]:
    """A group with its members side by side, the page `group_detail` read (`limit` per
    column from `offset` on, central statement first); `side_counts` says how many each column
    holds in all."""
    data = group_json(detail.group, members=False)
    data["members"] = [member_json(m) for column in detail.columns.values() for m in column]
    data["sides"] = {
        side: [m.statement_id for m in members] for side, members in detail.columns.items()
    }
    data["side_counts"] = detail.layout.counts
    data["size"] = sum(data["side_counts"].values())
    data["limit"] = detail.limit
    data["offset"] = detail.offset
    data["claims"] = [claim_detail_json(c) for c in detail.claims if c.claim.id is not None]
    data["history"] = [action_json(a) for a in detail.history]
    return data


def page_json(page: Page[T], item_json: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    return {
        "items": [item_json(item) for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


def import_json(report: AddReport) -> dict[str, Any]:
    return {
        "sources_added": report.sources_added,
        "statements_added": len(report.added),
        "statements_skipped": report.skipped,
        "statement_ids": [s.id for s in report.added],
    }


def ingest_json(report: IngestReport, statements: list[Statement]) -> dict[str, Any]:
    """An ingested article: its source, whether it was new, and its statements (the suggestions
    just made, or for an article already stored every statement it has)."""
    return {
        "source": source_json(report.source, with_text=True),
        "created": report.created,
        "summary": report.summary,
        "statements": [statement_json(s) for s in statements],
    }


def confirmation_json(source: Source, confirmed: list[Statement]) -> dict[str, Any]:
    """A source's statements just confirmed, each with the group it joined."""
    return {"source": source_json(source), "statements": [statement_json(s) for s in confirmed]}


def extracted_json(statement: Statement) -> dict[str, Any]:
    """The compact shape `flask --app verify ingest --json` prints for each statement."""
    return {
        "text": statement.text,
        "span": _pair(statement.span),
        "speaker": statement.speaker.name,
        "speaker_kind": statement.speaker.kind,
        "speaker_description": statement.speaker.description,
        "anonymous": statement.speaker.is_anonymous,
        "cue": statement.cue,
        "attribution": statement.attribution,
        "confidence": statement.confidence,
    }


def error_json(message: str) -> dict[str, Any]:
    return {"error": message}


def job_json(job: Job) -> dict[str, Any]:
    """A background job and how far it got (`done` of `total`; `result` once it has one)."""
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "name": job.name,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "error": job.error,
        "result": job.result,
        "created_at": _date(job.created_at),
        "finished_at": _date(job.finished_at),
    }
