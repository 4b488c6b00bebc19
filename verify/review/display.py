"""What the review pages show, built from models: excerpts, group summaries, the clashes between
a member and the central claim, history sentences.

Text leaves here as plain strings (in dataclasses, or on the models it carries); the templates
escape it (no markup is built in Python, so article and user text can never inject HTML).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..choices import COLUMNS, column_of, label
from ..models import Claim, ClaimGroup, EditorAction, Membership, Statement
from ..services import GroupCounts, GroupDetail
from ..services.lookups import LABEL_CHARS
from .highlights import Piece, pieces, slot_mark

# Characters of article text shown on each side of a statement's span on its card.
CONTEXT_CHARS = 100


@dataclass(frozen=True)
class Excerpt:
    """A span in its context: `before` and `after` are cut at word boundaries."""

    before: str
    span: str
    after: str
    clipped_before: bool
    clipped_after: bool


def excerpt(statement: Statement, context: int = CONTEXT_CHARS) -> Excerpt | None:
    """The statement's span with some article text around it, or None without a span."""
    source, span = statement.source, statement.span
    if source is None or span is None or span[1] > len(source.text):
        return None
    text, (start, end) = source.text, span
    cut_start = max(0, start - context)
    if cut_start > 0:
        space = text.find(" ", cut_start, start)
        cut_start = space + 1 if space != -1 else cut_start
    cut_end = min(len(text), end + context)
    if cut_end < len(text):
        space = text.rfind(" ", end, cut_end)
        cut_end = space if space != -1 else cut_end
    return Excerpt(
        before=text[cut_start:start],
        span=text[start:end],
        after=text[end:cut_end],
        clipped_before=cut_start > 0,
        clipped_after=cut_end < len(text),
    )


def statement_date(statement: Statement) -> date | None:
    """When it was said, else when its source was published."""
    if statement.said_on is not None:
        return statement.said_on
    return statement.source.published if statement.source else None


def percent(value: float | None) -> str:
    """A probability as a whole percentage ("83%"), or "" when there is none."""
    return "" if value is None else f"{round(value * 100)}%"


def group_title(group: ClaimGroup, central: str | None = None) -> str:
    """The group's title: its central claim's text, whole; without one, its label (marked as
    cut, at a word, when it filled the stored length); else its number."""
    if central and central.strip():
        return " ".join(central.split())
    if not group.label:
        return f"group {group.id}"
    if len(group.label) < LABEL_CHARS:
        return group.label
    return shorten(group.label, LABEL_CHARS - 1)


def shorten(text: str, limit: int) -> str:
    """The text whole when it fits in `limit` characters, else cut at the last word boundary
    before the limit and marked with "…" (mid-word only for one word longer than the limit)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


# Characters of a group's title the groups list shows; the whole title is its tooltip.
LIST_TITLE_CHARS = 160


@dataclass
class GroupSummary:
    """One row of the groups list."""

    group: ClaimGroup
    size: int
    sides: dict[str, int]
    title: str = ""
    speakers: list[str] = field(default_factory=list)
    more_speakers: int = 0
    disputed_claims: list[Claim] = field(default_factory=list)
    claims: int = 0


def summarise(group: ClaimGroup, counts: GroupCounts) -> GroupSummary:
    """Member count, count per column (the side shown: a person's, else the suggested one) and
    the first speakers involved, in order of appearance, from `services.count_members`."""
    sides = Counter[str]()
    for side, number in counts.sides.items():
        sides[column_of(side)] += number
    return GroupSummary(
        group=group,
        size=counts.size,
        sides={column: sides.get(column, 0) for column in COLUMNS},
        title=group_title(group, counts.central),
        speakers=counts.speakers,
        more_speakers=counts.more_speakers,
        disputed_claims=[c for c in group.claims if c.shown_flag == "disputed"],
        claims=len(group.claims),
    )


@dataclass(frozen=True)
class Clash:
    """One slot where a member's account and the central claim cannot both be true."""

    kind: str  # number, actor, place, date
    central: str
    member: str


@dataclass(frozen=True)
class Collision:
    """The central claim and one member side by side, their clashing slots marked in each."""

    member: Membership
    central_text: list[Piece]
    member_text: list[Piece]
    clashes: list[Clash]


def collisions(detail: GroupDetail) -> list[Collision]:
    """Each member with slot conflicts against the central claim, both texts cut for marking.

    A slot whose stored span no longer covers its words (a text edited since stance judged it)
    stays in the list of clashes but is not marked."""
    if detail.central is None:
        return []
    central = detail.central.statement.text
    found = []
    for membership in detail.clashing:
        member = membership.statement.text
        slots = [s for s in membership.slot_conflicts or [] if isinstance(s, dict)]
        central_marks, member_marks, clashes = [], [], []
        for slot in slots:
            kind = str(slot.get("kind") or "other")
            ours, theirs = _slot(slot.get("central")), _slot(slot.get("member"))
            central_marks.append(slot_mark(central, ours, kind))
            member_marks.append(slot_mark(member, theirs, kind))
            clashes.append(Clash(kind, str(ours.get("text", "")), str(theirs.get("text", ""))))
        found.append(
            Collision(
                member=membership,
                central_text=pieces(central, [m for m in central_marks if m is not None]),
                member_text=pieces(member, [m for m in member_marks if m is not None]),
                clashes=clashes,
            )
        )
    return found


def _slot(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class GroupLink:
    """A group named in a history sentence; the template makes it a link."""

    group_id: int


Phrase = list[str | GroupLink]


def _statements(ids: list[int]) -> str:
    noun = "statement" if len(ids) == 1 else "statements"
    return f"{noun} {', '.join(str(i) for i in ids)}"


def _side_sentence(statement_id: int | None, detail: dict[str, Any]) -> str:
    """A set_side entry: a person's side before and after, and the desk's suggestion then (kept
    since entries record it; a side no person had set is never called "undetermined")."""
    before, after, suggested = detail.get("from"), detail.get("to"), detail.get("suggested")
    if after is None:
        was = f"was {before}" if before else "no person had set it"
        then = f"; the desk had suggested {suggested}" if suggested else ""
        return f"cleared the side of statement {statement_id} ({was}){then}"
    said = f"put statement {statement_id} on the {after} side"
    if before:
        return f"{said} (was {before})"
    if suggested == after:
        return f"{said}, accepting the desk's suggestion"
    if suggested:
        return f"{said} (the desk suggested {suggested})"
    if "suggested" in detail:
        return f"{said} (the desk had not judged it)"
    return f"{said} (no person had set it before)"


def describe(entry: EditorAction) -> Phrase:
    """The history entry as a sentence, e.g. ["moved statement 12 from ", group 3, " to ", …]."""
    d, sid = entry.detail or {}, entry.statement_id
    if entry.action == "set_side":
        return [_side_sentence(sid, d)]
    if entry.action == "move_statement":
        return [
            f"moved statement {sid} from ",
            GroupLink(d["from_group"]),
            " to ",
            GroupLink(d["to_group"]),
        ]
    if entry.action == "split_group":
        return [
            f"split {_statements(d.get('statements', []))} off ",
            GroupLink(d["from_group"]),
            " into new ",
            GroupLink(d["new_group"]),
        ]
    if entry.action == "merge_groups":
        return [
            "merged ",
            GroupLink(d["from_group"]),
            " into ",
            GroupLink(d["into_group"]),
            f" ({_statements(d.get('statements', []))})" if d.get("statements") else "",
        ]
    if entry.action == "flag_group":
        before = label(d["from"]) if d.get("from") else "no flag"
        if d.get("to"):
            return [f"flagged the group “{label(d['to'])}” (was {before})"]
        return [f"cleared the group's flag (was {before})"]
    if entry.action == "move_to_claim":
        source = d.get("from_claim")
        target = f"{'new ' if d.get('to_new_claim') else ''}claim #{d.get('to_claim')}"
        if source is None:
            return [f"put statement {sid} in {target}"]
        return [f"moved statement {sid} from claim #{source} to {target}"]
    if entry.action == "split_claim":
        return [
            f"split {_statements(d.get('statements', []))} off claim #{d.get('from_claim')}"
            f" into new claim #{d.get('new_claim')}"
        ]
    if entry.action == "merge_claims":
        held = f" ({_statements(d['statements'])})" if d.get("statements") else ""
        return [f"merged claim #{d.get('from_claim')} into claim #{d.get('into_claim')}{held}"]
    if entry.action == "flag_claim":
        before = label(d["from"]) if d.get("from") else "no flag"
        if d.get("to"):
            return [f"flagged claim #{d.get('claim')} “{label(d['to'])}” (was {before})"]
        return [f"cleared the flag of claim #{d.get('claim')} (was {before})"]
    if entry.action == "publish_group":
        verb = "published the group again" if d.get("republished") else "published the group"
        stated = [f"the group “{label(d['flag'])}”"] if d.get("flag") else []
        stated += [f"claim #{c.get('claim')} “{label(c.get('flag'))}”" for c in d.get("claims", [])]
        if not stated:
            return [verb]
        return [f"{verb} with the verdict{'s' if len(stated) > 1 else ''} {', '.join(stated)}"]
    if entry.action == "edit_statement":
        changed = sorted((d.get("before") or {}).keys())
        what = f": changed {', '.join(changed)}" if changed else " (nothing changed)"
        return [f"edited statement {sid}{what}"]
    if entry.action == "delete_statement":
        text = d.get("text", "")
        short = text if len(text) <= 80 else text[:79] + "…"
        return [f"deleted statement {sid} by {d.get('speaker', '?')}: “{short}”"]
    if entry.action == "confirm_statement":
        return [f"confirmed statement {sid} by {d.get('speaker', '?')}"]
    if entry.action == "merge_speakers":
        return [
            f"merged speaker {_name(d.get('merged'))} into {_name(d.get('kept'))}"
            f" ({_statements(d.get('statements', []))})"
        ]
    if entry.action == "split_speaker":
        return [
            f"split {_statements(d.get('statements', []))} off {_name(d.get('from'))}"
            f" to new speaker {_name(d.get('to'))}"
        ]
    if entry.action in ("add_alias", "remove_alias"):
        verb = "added" if entry.action == "add_alias" else "removed"
        return [f"{verb} the alias “{d.get('alias', '?')}” of {_name(d.get('speaker'))}"]
    if entry.action == "create_account":
        return [f"created the {label(d.get('role', '?'))} account {_name(d.get('account'))}"]
    if entry.action == "change_role":
        before, after = label(d.get("from", "?")), label(d.get("to", "?"))
        return [f"made the account {_name(d.get('account'))} {after} (was {before})"]
    if entry.action == "disable_account":
        return [f"disabled the account {_name(d.get('account'))}"]
    return [f"{label(entry.action)} {d}"]


def _name(named: object) -> str:
    """“Name” of a speaker or account, recorded in an entry's detail as {"id": …, "name": …}."""
    if isinstance(named, dict) and named.get("name"):
        return f"“{named['name']}”"
    return "?"


def plural(count: int, noun: str) -> str:
    """'1 statement', '2 statements'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
