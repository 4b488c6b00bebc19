"""Article text -> attributed statements: who said what, with the cue and exact spans. No Flask.

The flow: parse once with spaCy (`parsing`), find cue verbs and "according to" phrases on the
dependency parse (`reported`, with the learned cue gate of `learned`), let the span tagger
(`tagger`, a fine-tuned MiniLM) confirm them and add the cues the rules missed (`tagged`), tie
direct quotes to their cue or to the attribution just before them (`quotes`; a quote that goes on
after its cue is one statement), drop the candidates whose source or content the tagger does not
see as such (`tagged.seen_by_tagger`), let confident tagger contents next to a rule's cue correct
its content (`tagged.refit_contents`), add the contents only the tagger found, with its cue and
source (`tagged.tagger_only`), put every candidate to the tagger again once sources are mended,
then resolve each mention to a speaker of the article (`coreference`), whose kind and canonical
name come from `speakers`, and keep what is worth suggesting (`filters`: a readable content, a
speaker who can speak). The cue words and keywords live in `cues`, the states in `places`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import filters
from .coreference import Resolver
from .cues import CUE_VERBS
from .parsing import parse, text_of
from .quotes import attach_quotes, quoted_passages
from .reported import (
    Candidate,
    according_candidates,
    colon_candidates,
    drop_nested_attributions,
    mend_bare_sources,
    trimmed,
    verb_candidates,
    without_crossings,
)
from .tagged import combined, refit_contents, seen_by_tagger, tagger_only
from .tagger import span_tagger

if TYPE_CHECKING:
    from spacy.tokens import Doc

CANDIDATE_FLOOR = 0.05  # the cue gate's P(cue) from which the tagger is asked about a verb


@dataclass(frozen=True)
class Extracted:
    """One attribution found in a text; every span is [start, end) into that text."""

    content: tuple[int, int]  # what was said
    text: str  # the content's words, surrounding quote marks and trailing commas stripped; a
    # quote that goes on after its cue is its pieces joined by " … " (`content` is their hull)
    speaker: str  # canonical speaker after coreference: "Brahumdagh Bugti", not "He"
    speaker_kind: str  # one of vocabulary.SPEAKER_KINDS
    kind_confidence: float  # 0..1
    attribution: str  # "direct" (quoted) or "reported"
    confidence: float  # 0..1, for the attribution as a whole
    source: tuple[int, int] | None = None  # the speaker as written here ("He", "the official")
    cue: tuple[int, int] | None = None  # the cue ("said", "according to", "dismissed")
    mention: str | None = None  # the text at `source`
    cue_word: str | None = None  # the cue as written, lower case ("said", "alleged")
    speaker_description: str | None = None  # "one of the key insurgent leaders living in exile"
    anonymous: bool = False
    aliases: tuple[str, ...] = ()  # other spellings of this speaker in the text ("Bugit")
    cue_kind: str | None = None  # what the cue does: speech, belief, denial, confirmation, ...


def extract(text: str, *, readable_only: bool = True) -> list[Extracted]:
    """Every attributed statement in `text` worth suggesting, in text order; [] when there is
    none. `readable_only=False` keeps every attribution found, also those `filters` drops (a
    content of two words, a speaker that is a gas or a web page)."""
    if not text or not text.strip():
        return []
    return extract_from_doc(parse(text), readable_only=readable_only)


def extract_from_doc(
    doc: Doc, *, use_tagger: bool = True, readable_only: bool = True
) -> list[Extracted]:
    """Like `extract`, on text already parsed by `parsing.parse` (lets callers batch parsing).

    `use_tagger=False` leaves the span tagger out (the rules and the cue gate alone).
    """
    floor = CANDIDATE_FLOOR if use_tagger else None
    candidates = _one_per_cue(
        verb_candidates(doc, threshold=floor) + according_candidates(doc) + colon_candidates(doc)
    )
    tagging = span_tagger().tagging(text_of(doc)) if use_tagger else None
    spans = tagging.spans if tagging is not None else []
    if tagging is not None:
        candidates = combined(doc, candidates, spans)
        candidates = _one_per_cue(sorted(candidates, key=_position))
    passages = quoted_passages(doc)
    candidates = [
        c
        for c in candidates
        if c.verb is None
        or c.verb.lemma_.lower() in CUE_VERBS
        or not any(p[0] <= c.verb.idx < p[1] for p in passages)  # an unlisted cue inside a quote
    ]
    candidates = attach_quotes(doc, sorted(candidates, key=_position))
    if tagging is not None:
        # the veto first here too, so that the tagger's own contents may fill what it leaves
        candidates = seen_by_tagger(candidates, tagging)
        refit_contents(doc, candidates, spans)
    candidates += tagger_only(doc, candidates, spans)
    candidates = without_crossings(sorted(candidates, key=_position))
    drop_nested_attributions(doc, candidates)
    mend_bare_sources(doc, candidates)
    if tagging is not None:
        candidates = seen_by_tagger(candidates, tagging)
    resolver = Resolver(doc)
    resolved = []
    for candidate in candidates:
        speaker = resolver.resolve(candidate)
        candidate.speaker = speaker  # type: ignore[attr-defined]
        if speaker is not None:
            resolved.append((candidate, speaker))
    text = text_of(doc)
    found = []
    for candidate, speaker in resolved:
        kind, kind_confidence = speaker.kind()
        direct = candidate.direct or _is_quoted(text, *candidate.content)
        start, end = trimmed(doc, *candidate.content, strip_quotes=direct)
        cue = candidate.cue
        if cue and cue[0] <= start < cue[1] < end:  # never begin inside its own cue
            start, end = trimmed(doc, cue[1], end, strip_quotes=direct)
        if end <= start:
            continue
        if readable_only and not (
            filters.can_speak(speaker.name, speaker.head, speaker.description)
            and filters.is_readable(doc, start, end, direct=direct)
        ):
            continue
        source = candidate.source
        found.append(
            Extracted(
                content=(start, end),
                text=_words_said(doc, candidate, start, end, direct),
                speaker=speaker.display_name(text),
                speaker_kind=kind,
                kind_confidence=kind_confidence,
                attribution="direct" if direct else "reported",
                confidence=candidate.confidence,
                source=source,
                cue=candidate.cue,
                mention=text[source[0] : source[1]] if source else None,
                cue_word=text[candidate.cue[0] : candidate.cue[1]].lower()
                if candidate.cue
                else None,
                speaker_description=speaker.description,
                anonymous=speaker.anonymous,
                aliases=speaker.aliases(text),
                cue_kind=candidate.cue_kind,
            )
        )
    return _without_first_person_inside(found) if readable_only else found


_FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def _without_first_person_inside(found: list[Extracted]) -> list[Extracted]:
    """Drop a statement whose speaker is only "I" or "we" when another statement's words hold
    it whole: it is the quoted speaker talking ("I hope this will wake them up", Hague told
    reporters), and that statement already names who."""
    return [
        said
        for said in found
        if said.speaker.lower() not in _FIRST_PERSON
        or not any(
            other is not said
            and other.speaker.lower() not in _FIRST_PERSON
            and other.content[0] <= said.content[0]
            and said.content[1] <= other.content[1]
            for other in found
        )
    ]


_OPENING_QUOTES = "\"“‘'"
_CLOSING_QUOTES = "\"”’'"


def _is_quoted(text: str, start: int, end: int) -> bool:
    """Whether the content is exactly a quotation, its quote marks inside or just outside the
    span: a short quote the quote rules leave alone ("We will win," the coach said.) is still
    the speaker's own words."""
    inner = text[start:end].strip().rstrip(",.;:!?")
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip(",.;:!? ")[:1]
    opened = inner[:1] in _OPENING_QUOTES or before in _OPENING_QUOTES
    closed = (len(inner) > 1 and inner[-1:] in _CLOSING_QUOTES) or after in _CLOSING_QUOTES
    return bool(inner) and opened and closed


def _words_said(doc: Doc, candidate: Candidate, start: int, end: int, direct: bool) -> str:
    """The content's words; a quote in pieces around its cue is its pieces joined by ' … '."""
    if len(candidate.pieces) < 2:
        return text_of(doc)[start:end]
    pieces = [trimmed(doc, *piece, strip_quotes=direct) for piece in candidate.pieces]
    return " … ".join(text_of(doc)[s:e] for s, e in pieces if e > s)


def _position(candidate: Candidate) -> int:
    return candidate.cue[0] if candidate.cue is not None else candidate.content[0]


def _one_per_cue(candidates: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[int, int] | None] = set()
    kept = []
    for candidate in candidates:
        if candidate.cue in seen:
            continue
        seen.add(candidate.cue)
        kept.append(candidate)
    return kept
