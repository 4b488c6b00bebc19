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
  and stays out. A tagged cue that is a noun with a possessor ("his promise to build a wall")
  becomes a candidate too: the possessor speaks, the noun's phrase on its right is the content;
- a content span the tagger is sure of (CONTENT_ONLY) that no rule candidate or quote covers
  becomes an attribution of its own (`tagger_only`) when the tagger also marks a cue in the
  same sentences and a source there (or the parse gives the cue verb a subject) and the
  source's head word resolves to a speaker. This is where PolNeAR's wider notion of
  attribution comes in ("most voters favour ...", "the survey shows"); its confidence is capped
  at 0.6, below the rules'.
- a content span the tagger is sure of that no candidate covers, next to a candidate's cue,
  corrects that candidate's content (`refit_contents`): it continues the content (their hull)
  or, where the tagger marks nothing on the rule's content, replaces it;
- a candidate whose source the tagger hardly sees as a source (mean P(source) under
  SOURCE_FLOOR over its words), or whose content it hardly sees as content (CONTENT_FLOOR), is
  dropped (`seen_by_tagger`): before the tagger's own contents come in, so that they may take
  its place, and again at the end, when the sources are mended. Most such sources are a verb's
  subject that no one would call a speaker ("The music seemed to match the mood"), or an
  attribution nested in someone else's quote ('"She told me that ...," said Karim Baloch').

Elsewhere the spans stay the rules': on held-out PolNeAR articles the tagger's own source and
content boundaries scored lower than the parse's (see `verify/data/README.md`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cues import CUE_VERBS, NOT_CONTENT_OBJECTS
from .learned import cue_model
from .parsing import text_of
from .reported import (
    Candidate,
    content_children,
    content_span,
    overlaps,
    source_chars,
    span_chars,
    subject_of,
    trimmed,
    without_echoes,
    words_at,
)
from .tagger import TaggedSpan, Tagging

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SOURCE_FLOOR = 0.2  # the tagger's mean P(source) over a candidate's source below which it goes
CONTENT_FLOOR = 0.2  # the same for P(content) over its content
RULE_ONLY = 0.8  # the cue gate's P(cue) from which an unlisted verb stays without the tagger
_CLAUSES = frozenset({"ccomp", "parataxis", "xcomp"})
_NOUN_CONTENTS = frozenset({"acl", "ccomp", "prep", "relcl"})  # what a cue noun's words hang on

Span = tuple[int, int]


def combined(doc: Doc, candidates: list[Candidate], spans: list[TaggedSpan]) -> list[Candidate]:
    """Rule candidates the tagger confirms (or the gate is sure of), plus the tagger's own."""
    cues = [s for s in spans if s.role == "cue"]
    verbs = {cue: _verb_of(doc, cue) for cue in cues}
    kept: list[Candidate] = []
    claimed: set[TaggedSpan] = set()
    for candidate in candidates:
        confirming = [
            c
            for c in cues
            if (candidate.cue is not None and overlaps((c.start, c.end), candidate.cue))
            or (candidate.verb is not None and verbs[c] is not None and verbs[c] == candidate.verb)
        ]
        claimed.update(confirming)
        if confirming or candidate.probability >= _floor(candidate):
            kept.append(candidate)
    taken = {c.verb.i for c in kept if c.verb is not None}
    for cue in cues:
        verb = verbs[cue]
        if cue not in claimed and verb is not None and verb.i not in taken:
            found = _from_tagger(doc, cue, verb)
            if found is not None:
                kept.append(found)
                taken.add(verb.i)
    kept = without_echoes(kept)
    return kept + _nominal_candidates(doc, cues, kept)


def _floor(candidate: Candidate) -> float:
    """The gate's P(cue) a candidate needs without the tagger: a listed cue verb (the hand list
    of `cues`) keeps the gate's own threshold, any other verb needs RULE_ONLY."""
    if candidate.verb is not None and candidate.verb.lemma_.lower() in CUE_VERBS:
        return min(RULE_ONLY, cue_model().threshold)
    return RULE_ONLY


def _verb_of(doc: Doc, cue: TaggedSpan) -> Token | None:
    """The verb a tagged cue hangs on: its words' root, or the verb that root helps ("has" in
    "has said", "also" in "also said")."""
    words = words_at(doc, cue.start, cue.end)
    if words is None:
        return None
    verb = words.root
    if verb.pos_ != "VERB" and verb.head.pos_ == "VERB" and abs(verb.head.i - verb.i) <= 3:
        verb = verb.head
    return verb if verb.pos_ == "VERB" and verb.dep_ not in ("aux", "auxpass") else None


def _from_tagger(doc: Doc, cue: TaggedSpan, verb: Token) -> Candidate | None:
    """A candidate for a cue only the tagger saw: a verb whose subject the parse knows."""
    subject = subject_of(verb)
    if subject is None:
        return None
    children = [c for c in content_children(verb) if c.dep_ in _CLAUSES]
    content = content_span(doc, verb, children) if children else None
    start, end = min(cue.start, verb.idx), max(cue.end, verb.idx + len(verb.text))
    return Candidate(
        cue=(start, end),
        content=content or (verb.idx, verb.idx),  # empty: a quote nearby may still supply it
        cue_kind=CUE_VERBS.get(verb.lemma_.lower(), "speech"),
        confidence=round(min(cue.probability, 0.7), 2),
        verb=verb,
        subject=subject,
        source=source_chars(subject, verb),
        probability=cue.probability,
    )


def _nominal_candidates(
    doc: Doc, cues: list[TaggedSpan], found: list[Candidate]
) -> list[Candidate]:
    """Candidates for tagged cues that are nouns with a possessive ("his promise to build a
    wall", "her call for a recount"): the possessor speaks, and the noun's clause or
    prepositional phrase on its right is the content. Cues a candidate already has are left."""
    taken = [c.cue for c in found if c.cue is not None]
    added: list[Candidate] = []
    for cue in cues:
        if any(overlaps((cue.start, cue.end), t) for t in taken):
            continue
        words = words_at(doc, cue.start, cue.end)
        noun = words.root if words is not None else None
        if noun is None or noun.pos_ != "NOUN":
            continue
        possessors = [c for c in noun.children if c.dep_ == "poss"]
        phrases = [c for c in noun.rights if c.dep_ in _NOUN_CONTENTS]
        if not possessors or not phrases:
            continue
        content = sorted(phrases[0].subtree, key=lambda t: t.i)
        if phrases[0].dep_ == "prep":  # "call for a recount": the content is "a recount"
            content = content[1:]
        if not content:
            continue
        source = [t for t in possessors[0].subtree if t.dep_ != "case"]  # "Ali" of "Ali's"
        span = (noun.idx, noun.idx + len(noun.text))
        added.append(
            Candidate(
                cue=span,
                content=span_chars(content),
                cue_kind=CUE_VERBS.get(noun.lemma_.lower(), "speech"),
                confidence=0.5,
                verb=noun,
                subject=possessors[0],
                source=span_chars(source),
                probability=cue.probability,
            )
        )
        taken.append(span)
    return added


CONTENT_ONLY = 0.7  # the tagger's P for a content span no rule found to stand on its own
_NEAR = 200  # characters: how far from its content a tagged cue or source may sit


def tagger_only(doc: Doc, found: list[Candidate], spans: list[TaggedSpan]) -> list[Candidate]:
    """Attributions only the tagger saw: a content span it is sure of (CONTENT_ONLY) that no rule
    candidate covers, with a tagged cue in the same sentences and a tagged source there or,
    failing that, the cue verb's subject on the parse. The speaker still has to resolve on the
    parse (the source's head word), like any other mention."""
    used_cues = [c.cue for c in found if c.cue is not None]
    covered = [c.content for c in found]
    added: list[Candidate] = []
    for content in (s for s in spans if s.role == "content" and s.probability >= CONTENT_ONLY):
        span = (content.start, content.end)
        if any(overlaps(span, c) for c in covered):
            continue
        window = _sentences_around(doc, span)
        if window is None:
            continue
        cue = _nearest(spans, "cue", span, window, used_cues)
        if cue is None:
            continue
        verb = _head(doc, cue)
        source = _nearest(spans, "source", span, window, used_cues)
        if source is not None and overlaps((cue.start, cue.end), (source.start, source.end)):
            continue
        if verb is None or _is_no_content(doc, span):
            continue
        if source is not None:
            subject = _head(doc, source)
            if subject is None:
                continue
            source_span = _source_span(source, subject, verb)
        else:
            parsed = subject_of(verb)
            if parsed is None or overlaps((parsed.idx, parsed.idx + 1), span):
                continue
            subject = parsed
            source_span = source_chars(subject, verb)
        added.append(
            Candidate(
                cue=(cue.start, cue.end),
                content=span,
                cue_kind=CUE_VERBS.get(verb.lemma_.lower(), "speech"),
                confidence=round(min(content.probability, cue.probability, 0.6), 2),
                verb=verb,
                subject=subject,
                source=source_span,
                probability=content.probability,
            )
        )
        covered.append(span)
        used_cues.append((cue.start, cue.end))
    return added


def _sentences_around(doc: Doc, span: Span) -> Span | None:
    """The characters of the sentences a span starts and ends in."""
    words = words_at(doc, *span)
    if words is None:
        return None
    first, last = words[0].sent, words[-1].sent
    return first.start_char, last.end_char


def _nearest(
    spans: list[TaggedSpan], role: str, content: Span, window: Span, taken: list[Span]
) -> TaggedSpan | None:
    """The tagged span of `role` closest to the content (at most _NEAR characters away), inside
    the window, outside the content, and clear of the cues other attributions already have."""
    best: tuple[int, TaggedSpan] | None = None
    for s in spans:
        here = (s.start, s.end)
        if s.role != role or not (window[0] <= s.start and s.end <= window[1]):
            continue
        if overlaps(here, content) or any(overlaps(here, t) for t in taken):
            continue
        distance = content[0] - s.end if s.end <= content[0] else s.start - content[1]
        if distance <= _NEAR and (best is None or distance < best[0]):
            best = (distance, s)
    return best[1] if best else None


def _source_span(source: TaggedSpan, subject: Token, verb: Token) -> Span:
    """The parse's phrase for a source that is the cue verb's subject, else the tagger's."""
    if subject.head == verb and subject.dep_ in ("nsubj", "nsubjpass"):
        return source_chars(subject, verb)
    return source.start, source.end


def _is_no_content(doc: Doc, span: Span) -> bool:
    """Content that opens on a word no cue's object is said with ("requested anonymity")."""
    words = words_at(doc, *span)
    return words is None or words[0].lemma_.lower() in NOT_CONTENT_OBJECTS


def _head(doc: Doc, span: TaggedSpan) -> Token | None:
    words = words_at(doc, span.start, span.end)
    return words.root if words is not None else None


_GAP_WORDS = 3  # words besides the cue and source that may part a content from its continuation


def refit_contents(doc: Doc, found: list[Candidate], spans: list[TaggedSpan]) -> None:
    """Rule contents the tagger corrects, in place. A content span the tagger is sure of
    (CONTENT_ONLY) that no candidate covers, whose nearest tagged cue is a candidate's cue:
    - continues that candidate's content when at most _GAP_WORDS words (besides its cue and
      source) part them: the content becomes their hull ("the fact" + "that the laws ...");
    - replaces it when the tagger marks no content on the candidate's own content (the parse
      gave the cue the wrong clause)."""
    contents = [s for s in spans if s.role == "content"]
    for span in [s for s in contents if s.probability >= CONTENT_ONLY]:
        here = (span.start, span.end)
        if any(overlaps(here, c.content) for c in found) or _is_fragment(doc, here):
            continue
        window = _sentences_around(doc, here)
        if window is None:
            continue
        cue = _nearest(spans, "cue", here, window, [])
        owners = [
            c
            for c in found
            if cue is not None and c.cue is not None and overlaps(c.cue, (cue.start, cue.end))
        ]
        if len(owners) != 1:
            continue
        owner = owners[0]
        if owner.inherited_from is not None or owner.pieces:
            continue  # a quote's own words stand
        if _continues(doc, owner, here):
            if owner.direct:  # a quote resumed after its cue: '"A," she said, "B."'
                owner.pieces = sorted([owner.content, here])
            owner.content = (min(owner.content[0], here[0]), max(owner.content[1], here[1]))
        elif not any(overlaps(owner.content, (s.start, s.end)) for s in contents):
            owner.content = here
            owner.direct = False


def _is_fragment(doc: Doc, span: Span) -> bool:
    words = words_at(doc, *span)
    return words is None or sum(1 for w in words if w.is_alpha) < 2


def _continues(doc: Doc, owner: Candidate, span: Span) -> bool:
    """Whether at most _GAP_WORDS words, besides the owner's cue and source, and no paragraph
    break (a heading above a quote is not its first part) part the two."""
    first, second = sorted([owner.content, span])
    end = trimmed(doc, *first, strip_quotes=True)[1]
    if "\n\n" in text_of(doc)[end : trimmed(doc, *second, strip_quotes=True)[0]]:
        return False
    if second[0] <= first[1]:
        return True
    gap = words_at(doc, first[1], second[0])
    if gap is None:
        return True
    parts = [p for p in (owner.cue, owner.source) if p is not None]
    loose = [w for w in gap if w.is_alpha and not any(p[0] <= w.idx < p[1] for p in parts)]
    return len(loose) <= _GAP_WORDS


def seen_by_tagger(candidates: list[Candidate], tagging: Tagging) -> list[Candidate]:
    """The candidates whose source and content the tagger sees as such: a mean P(source) of at
    least SOURCE_FLOOR over the source's word pieces, and of P(content) of at least
    CONTENT_FLOOR over the content's. This holds for "according to" phrases and colon labels
    too (sparing them lowered the first 100 held-out articles' figures a little). A quote that
    takes the speaker of the attribution before it has no source of its own: it stays, and
    goes if that attribution goes."""
    return [
        c
        for c in candidates
        if c.inherited_from is not None
        or (
            (c.source is None or tagging.share("source", *c.source) >= SOURCE_FLOOR)
            and tagging.share("content", *c.content) >= CONTENT_FLOOR
        )
    ]
