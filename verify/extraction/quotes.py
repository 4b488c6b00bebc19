"""Direct quotes: find quoted passages and tie each to its cue, or to the speaker just before it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .cues import CLOSING_QUOTES, OPENING_QUOTES, STRAIGHT_QUOTE
from .parsing import text_of
from .reported import Candidate, overlaps, trimmed

if TYPE_CHECKING:
    from spacy.tokens import Doc

_CURLY = re.compile(
    rf"[{OPENING_QUOTES}]([^{OPENING_QUOTES}{CLOSING_QUOTES}]{{1,3000}}?)"
    rf"[{CLOSING_QUOTES}]"
)
_STRAIGHT = re.compile(rf"{STRAIGHT_QUOTE}([^{STRAIGHT_QUOTE}]{{1,3000}}?){STRAIGHT_QUOTE}")
_DOUBLED = re.compile(r"''(.{1,3000}?)''", re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
MIN_QUOTE_WORDS = 4  # shorter quoted bits are scare quotes ("somehow"), not statements


def quoted_passages(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) of each quoted passage long enough to be a statement, marks included."""
    passages = []
    for pattern in (_CURLY, _STRAIGHT, _DOUBLED):
        for match in pattern.finditer(text_of(doc)):
            inner = match.group(1)
            if "\n\n" in inner or len(inner.split()) < MIN_QUOTE_WORDS:
                continue
            span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
            if span is None or not any(t.pos_ in ("VERB", "AUX") for t in span):
                continue
            passages.append((match.start(), match.end()))
    return sorted(passages)


def _inside(span: tuple[int, int], passage: tuple[int, int]) -> bool:
    return passage[0] <= span[0] and span[1] <= passage[1]


def _is_adjacent(text: str, passage: tuple[int, int], candidate: Candidate) -> bool:
    """True when only the source sits between the quote and the cue ('," the official said'),
    or the cue's paragraph ends on a colon and the quote opens the next ('She said:' + quote)."""
    assert candidate.cue is not None
    cue_start, cue_end = candidate.cue
    if cue_start >= passage[1]:
        closes_sentence = text[: passage[1] - 1].rstrip()[-1:] in (".", "!", "?")
        if closes_sentence and candidate.content[1] > candidate.content[0]:
            return False  # '..." It added that Y': the cue has content of its own
        gap = text[passage[1] : cue_start]
        return len(gap) <= 80 and not _SENTENCE_END.search(gap) and not re.search(r"[\"“]", gap)
    if cue_end <= passage[0]:
        after_source = max(cue_end, candidate.source[1] if candidate.source else cue_end)
        gap = text[after_source : passage[0]]
        if "\n\n" in gap:  # a quote below its cue's paragraph only when a colon ends that one
            return gap.strip() == ":"
        return len(gap) <= 60 and gap.strip().endswith((":", ","))
    return False


def attach_quotes(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates with quotes merged in: cue-tied quotes become direct; lone quotes inherit."""
    text = text_of(doc)
    result = list(candidates)
    for passage in quoted_passages(doc):
        inner = trimmed(doc, passage[0] + 1, passage[1] - 1, strip_quotes=True)
        outside = [c for c in result if c.cue is not None and not _inside(c.cue, passage)]
        tied = [c for c in outside if overlaps(c.content, passage) and c.content[1] > c.content[0]]
        tied = tied or [c for c in outside if _is_adjacent(text, passage, c)]
        if tied:
            best = min(tied, key=lambda c: _distance(c.cue, passage))
            if (
                best.content[1] <= best.content[0]
                or _inside(best.content, passage)
                or (
                    best.content[1] - best.content[0] < inner[1] - inner[0]
                    and overlaps(best.content, passage)
                )
            ):
                best.content = inner
            best.direct = True
            best.confidence = max(best.confidence, 0.9)
            continue
        previous = _attributed_just_before(doc, passage, result)
        if previous is not None:
            result.append(
                Candidate(
                    cue=None,
                    content=inner,
                    cue_kind=previous.cue_kind,
                    confidence=0.6,
                    direct=True,
                    inherited_from=previous,
                )
            )
    passages = quoted_passages(doc)
    return _joined_continuations(
        [
            c
            for c in result
            if c.content[1] > c.content[0] and not _is_speaker_inside_quote(c, passages)
        ]
    )


def _joined_continuations(candidates: list[Candidate]) -> list[Candidate]:
    """A quote that goes on in the sentences after its cue ('"A," he said. "B."') is one
    statement: the quote standing alone joins the direct quote it inherits from, whose content
    becomes the hull of both, its `pieces` the quotes (the cue and source inside the hull keep
    their own spans). A quote after a reported attribution ('He said A. "B."') stays a
    statement of its own."""
    kept = []
    for candidate in candidates:
        root = candidate.inherited_from
        while root is not None and root.inherited_from is not None:
            root = root.inherited_from
        if root is not None and root.direct and any(root is c for c in candidates):
            root.pieces = sorted([*(root.pieces or [root.content]), candidate.content])
            root.content = (root.pieces[0][0], max(end for _, end in root.pieces))
            continue
        kept.append(candidate)
    return kept


def _is_speaker_inside_quote(candidate: Candidate, passages: list[tuple[int, int]]) -> bool:
    """'"I think we can win," she said': the quoted 'I think' is part of her statement."""
    if candidate.subject is None or candidate.cue is None:
        return False
    if candidate.subject.lower_ == "you":
        return True
    first_person = candidate.subject.lower_ in ("i", "we")
    return first_person and any(_inside(candidate.cue, p) for p in passages)


def _attributed_just_before(
    doc: Doc, passage: tuple[int, int], candidates: list[Candidate]
) -> Candidate | None:
    """The attribution of the sentence right before a quote that fills its own sentence(s)."""
    first = doc.char_span(passage[0], passage[1], alignment_mode="expand")
    if first is None:
        return None
    sentence = first[0].sent
    inner = text_of(doc)[passage[0] + 1 : passage[1] - 1].rstrip()
    if any(ch.isalnum() for ch in text_of(doc)[sentence.start_char : passage[0]]):
        return None  # words before the quote in its sentence: it is introduced there
    if not inner.endswith((".", "!", "?")):
        return None  # '"...," she said' style: the cue follows, not a quote standing alone
    if sentence.start == 0:
        return None
    before = doc[sentence.start - 1].sent
    within = [
        c
        for c in candidates
        if c.cue is not None
        and before.start_char <= c.cue[0] < before.end_char
        or c.cue is None
        and before.start_char <= c.content[0] < before.end_char
    ]
    return within[-1] if within else None


def _distance(cue: tuple[int, int] | None, passage: tuple[int, int]) -> int:
    """Characters between a cue and a quoted passage (a cue-less candidate is farthest)."""
    if cue is None:
        return 1 << 30
    return min(abs(cue[0] - passage[1]), abs(passage[0] - cue[1]))
