"""The span tagger's word on the rule candidates: which to keep, and the cues the rules missed.

The rules (`reported`, `quotes`) know the parse: who the subject of a cue is, where its content
begins and ends, which speaker a pronoun points back to. The tagger (`tagger`) learned from
PolNeAR which words news attributions hang on, including cues no word list holds. They meet here:

- a rule candidate is kept when the tagger marks a cue on its cue, or when the learned cue gate
  alone is sure enough: P(cue) of at least RULE_ONLY for a verb no hand list holds, the gate's
  own threshold for a listed cue verb ("acknowledge" stays even where the tagger is unsure);
  "according to" phrases and colon labels are always kept;
- a verb the tagger marks as a cue where no rule candidate is becomes a candidate when the parse
  gives it a subject and a clause (or a quote next to it supplies the content); the source and
  content then come from the parse, as for any cue verb. "He requested anonymity" has no clause
  and stays out.

The spans stay the rules': on held-out PolNeAR articles the tagger's own source and content
boundaries scored lower than the parse's (see `verify/data/README.md`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..cues import CUE_VERBS
from .learned import cue_model
from .reported import (
    Candidate,
    content_children,
    content_span,
    source_tokens,
    span_chars,
    subject_of,
    without_echoes,
)
from .tagger import TaggedSpan

RULE_ONLY = 0.8  # the cue gate's P(cue) from which an unlisted verb stays without the tagger
_CLAUSES = frozenset({"ccomp", "parataxis", "xcomp"})

Span = tuple[int, int]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def combined(doc: Doc, candidates: list[Candidate], spans: list[TaggedSpan]) -> list[Candidate]:
    """Rule candidates the tagger confirms (or the gate is sure of), plus the tagger's own."""
    cues = [s for s in spans if s.role == "cue"]
    kept: list[Candidate] = []
    claimed: set[TaggedSpan] = set()
    for candidate in candidates:
        confirming = [
            c
            for c in cues
            if candidate.cue is not None and _overlaps((c.start, c.end), candidate.cue)
        ]
        claimed.update(confirming)
        if confirming or candidate.probability >= _floor(candidate):
            kept.append(candidate)
    for cue in cues:
        if cue not in claimed:
            found = _from_tagger(doc, cue)
            if found is not None:
                kept.append(found)
    return without_echoes(kept)


def _floor(candidate: Candidate) -> float:
    """The gate's P(cue) a candidate needs without the tagger: a listed cue verb (the hand list
    of `verify.cues`) keeps the gate's own threshold, any other verb needs RULE_ONLY."""
    if candidate.verb is not None and candidate.verb.lemma_.lower() in CUE_VERBS:
        return min(RULE_ONLY, cue_model().threshold)
    return RULE_ONLY


def _from_tagger(doc: Doc, cue: TaggedSpan) -> Candidate | None:
    """A candidate for a cue only the tagger saw: a verb whose subject the parse knows."""
    words = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    if words is None or not len(words):
        return None
    verb = words.root
    if verb.pos_ != "VERB" or verb.dep_ in ("aux", "auxpass"):
        return None
    subject = subject_of(verb)
    if subject is None:
        return None
    children = [c for c in content_children(verb) if c.dep_ in _CLAUSES]
    content = content_span(doc, verb, children) if children else None
    return Candidate(
        cue=(cue.start, cue.end),
        content=content or (verb.idx, verb.idx),  # empty: a quote nearby may still supply it
        cue_kind=CUE_VERBS.get(verb.lemma_.lower(), "speech"),
        confidence=round(min(cue.probability, 0.7), 2),
        verb=verb,
        subject=subject,
        source=span_chars(source_tokens(subject, verb)),
        probability=cue.probability,
    )
