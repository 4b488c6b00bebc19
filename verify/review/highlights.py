"""Texts cut into pieces to highlight: an article's statement spans, a statement's clashing slots.

Every statement can mark three spans of its source: where the speaker is named, the cue, and what
was said. Spans of different statements may nest or overlap (a quote inside reported speech), so
the text is cut at every boundary and each run shows one role, the most specific one covering it:
speaker over cue over content.

Stance marks, inside one statement's own text, the slots (numbers, actors, places, dates) where it
clashes with its group's central claim; those nest ("12" inside "12 hardcore terrorists") and are
kept as a small tree of pieces. Runs and pieces are plain strings for the template to escape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..models import Source, Statement

# Roles in order of precedence where spans overlap: a speaker named inside someone else's quote
# still shows as a speaker.
ROLES: tuple[str, ...] = ("speaker", "cue", "content")


@dataclass(frozen=True)
class Mark:
    """One span of one statement."""

    statement_id: int
    role: str
    start: int
    end: int
    suggested: bool


@dataclass(frozen=True)
class Run:
    """A stretch of article text: plain (role None) or marked in one role."""

    text: str
    role: str | None = None
    statement_ids: tuple[int, ...] = ()  # every statement with a span over this run
    suggested: bool = False  # the statements shown in `role` here all wait for a person

    @property
    def caption(self) -> str:
        """Tooltip wording, e.g. 'speaker of statement 4 (suggested)'."""
        if self.role is None:
            return ""
        noun = "statement" if len(self.statement_ids) == 1 else "statements"
        ids = ", ".join(str(i) for i in self.statement_ids)
        return f"{self.role} of {noun} {ids}" + (" (suggested)" if self.suggested else "")


def marks(statement: Statement, length: int) -> list[Mark]:
    """The statement's spans that lie inside a text of `length` characters."""
    spans = (statement.mention_span, statement.cue_span, statement.span)
    found = []
    for role, span in zip(ROLES, spans, strict=True):
        if span is not None and 0 <= span[0] < span[1] <= length:
            found.append(Mark(statement.id, role, span[0], span[1], statement.is_suggested))
    return found


def runs(text: str, all_marks: Iterable[Mark]) -> list[Run]:
    """`text` cut at every mark boundary; neighbouring runs that would look the same are joined."""
    ordered = sorted(all_marks, key=lambda m: (m.start, m.end, ROLES.index(m.role), m.statement_id))
    cuts = sorted({0, len(text), *(m.start for m in ordered), *(m.end for m in ordered)})
    starting: dict[int, list[Mark]] = {}
    for mark in ordered:
        starting.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    result: list[Run] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > start] + starting.get(start, [])
        result.append(_run(text[start:end], active))
    return _joined(result)


def _run(text: str, covering: list[Mark]) -> Run:
    if not covering:
        return Run(text)
    role = min((m.role for m in covering), key=ROLES.index)
    shown = [m for m in covering if m.role == role]
    return Run(
        text=text,
        role=role,
        statement_ids=tuple(sorted({m.statement_id for m in covering})),
        suggested=all(m.suggested for m in shown),
    )


def _joined(pieces: list[Run]) -> list[Run]:
    joined: list[Run] = []
    for piece in pieces:
        last = joined[-1] if joined else None
        if last is not None and (last.role, last.statement_ids, last.suggested) == (
            piece.role,
            piece.statement_ids,
            piece.suggested,
        ):
            joined[-1] = Run(last.text + piece.text, last.role, last.statement_ids, last.suggested)
        else:
            joined.append(piece)
    return joined


def highlight(source: Source) -> list[Run]:
    """The source's text with every statement's speaker, cue and content marked."""
    length = len(source.text)
    return runs(source.text, (m for s in source.statements for m in marks(s, length)))


# ---------------------------------------------------------------- clashing slots

# Kinds of slot stance compares (verify.stance.slots.SLOT_KINDS); anything else shows as "other".
SLOT_KINDS: tuple[str, ...] = ("number", "actor", "place", "date")


@dataclass(frozen=True)
class SlotMark:
    """One clashing slot in a statement's text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Piece:
    """A stretch of a statement's text: plain (kind None) or a slot holding smaller pieces."""

    text: str
    kind: str | None = None
    pieces: tuple[Piece, ...] = ()


def slot_mark(text: str, slot: Mapping[str, Any], kind: str) -> SlotMark | None:
    """The slot `{"text", "span": [start, end]}` as a mark in `text`, or None when its span does not
    cover exactly its words there (the statement was edited after stance judged it)."""
    span, words = slot.get("span"), slot.get("text")
    if not isinstance(span, list | tuple) or len(span) != 2 or not isinstance(words, str):
        return None
    start, end = span
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return None
    if text[start:end] != words:
        return None
    return SlotMark(kind if kind in SLOT_KINDS else "other", start, end)


def nested(marks: Iterable[SlotMark]) -> list[SlotMark]:
    """Marks in text order, outer before inner, without repeats and without marks that cross an
    earlier one (a tree needs each pair apart or one inside the other)."""
    kept: list[SlotMark] = []
    open_: list[SlotMark] = []
    for mark in sorted(set(marks), key=lambda m: (m.start, -m.end, m.kind)):
        while open_ and open_[-1].end <= mark.start:
            open_.pop()
        if open_ and (
            mark.end > open_[-1].end
            or (mark.start, mark.end)
            == (
                open_[-1].start,
                open_[-1].end,
            )
        ):
            continue
        kept.append(mark)
        open_.append(mark)
    return kept


def pieces(text: str, marks: Iterable[SlotMark]) -> list[Piece]:
    """`text` as plain pieces and marked slots, slots inside slots as their pieces."""
    return _pieces(text, 0, len(text), nested(marks))


def _pieces(text: str, start: int, end: int, marks: list[SlotMark]) -> list[Piece]:
    found: list[Piece] = []
    at, i = start, 0
    while i < len(marks):
        mark = marks[i]
        inner = i + 1
        while inner < len(marks) and marks[inner].end <= mark.end:
            inner += 1
        if mark.start > at:
            found.append(Piece(text[at : mark.start]))
        inside = _pieces(text, mark.start, mark.end, marks[i + 1 : inner])
        found.append(Piece(text[mark.start : mark.end], mark.kind, tuple(inside)))
        at, i = mark.end, inner
    if at < end:
        found.append(Piece(text[at:end]))
    return found
