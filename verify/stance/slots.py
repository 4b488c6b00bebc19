"""Slots: the checkable details of a statement (numbers, actors, places, dates) and where two
accounts of one event clash on them ("killed 12 hardcore terrorists" against "attacking
civilians"). Read from the spaCy parse; the word tables live in `slot_words`. No Flask.

`slot_conflicts` parses the passages the pair model reads (`texts.prepare`), so an article body is
never parsed whole, and maps every span back: a slot's span always indexes the text that was
given. `slots(text)` parses `text` itself, up to MAX_TEXT_CHARS characters. Text that is not
English (`texts.is_supported`) has no slots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..extraction.cues import CUE_VERBS
from ..extraction.parsing import parse
from .slot_words import (
    MAIN_ROLE_CLASH,
    NUMBER_WORDS,
    PLACE_LIKE_LABELS,
    PLACE_PREPOSITIONS,
    ROLE_OF_PHRASE,
    ROLE_OF_WORD,
    SCALE_SUFFIXES,
    SCALE_WORDS,
    SLOT_KIND_OF_LABEL,
    SPEAKER_CUE_KINDS,
)
from .texts import MAX_TEXT_CHARS, is_supported, passage, sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SLOT_KINDS: tuple[str, ...] = ("number", "actor", "place", "date")


@dataclass(frozen=True)
class Slot:
    """A checkable detail of a text: a number, an actor's role, a place or a date."""

    kind: str  # "number", "actor", "place", "date"
    text: str  # as written
    span: tuple[int, int]  # [start, end) in the text it came from
    value: str  # normalised for comparing: "12", "combatant", "mastung"


@dataclass(frozen=True)
class SlotConflict:
    """Two slots of one kind, from a and from b, that cannot both be true of one event."""

    kind: str
    a: Slot
    b: Slot


@dataclass(frozen=True)
class _Found:
    slot: Slot
    head: str | None  # lemma of the word a number attaches to, for pairing numbers


# ---------------------------------------------------------------------------------------------
# Slots: spaCy entities and roles.

_NUMBER_PIECE = re.compile(r"(\d[\d,]*(?:\.\d+)?)([^\W\d_]+)?|([^\W\d_]+)")
_MODIFIER_DEPS = frozenset({"amod", "compound"})


def _continues(current: float, value: float) -> bool:
    """Whether a number word adds to the one before: "twenty" "five", "hundred" "twenty"."""
    if current % 100 == 0:
        return value < 100
    return current > 10 and current % 10 == 0 and value < 10


def _amount(written: str) -> float | None:
    """The amount a number names ("3.5 million", "twenty-five", "$1.5bn"): the first of a range,
    None for a vague one ("dozens")."""
    total, current, seen = 0.0, None, False
    for digits, suffix, word in _NUMBER_PIECE.findall(written.lower()):
        if digits:
            if current is not None:
                break  # "12 to 15"
            current = float(digits.replace(",", "") or 0) * SCALE_SUFFIXES.get(suffix, 1.0)
        elif word in NUMBER_WORDS:
            value = NUMBER_WORDS[word]
            if current is not None and not _continues(current, value):
                break
            current = (current or 0.0) + value
        elif word in SCALE_WORDS:
            scale = SCALE_WORDS[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, None
        else:
            continue
        seen = True
    return total + (current or 0.0) if seen else None


def _number_value(written: str) -> str:
    """The value numbers are compared by: "twelve" -> "12", "1,000" -> "1000", "3.5 million" ->
    "3500000"; a vague amount ("dozens") as written, lower-cased."""
    amount = _amount(written)
    if amount is None:
        return " ".join(written.lower().split())
    if amount == int(amount):
        return str(int(amount))
    return format(amount, "f").rstrip("0").rstrip(".")


def _plain(written: str) -> str:
    folded = " ".join(written.lower().split())
    return folded.removeprefix("the ")


def _attached_to(token: Token) -> str | None:
    return None if token.head is token else str(token.head.lemma_).lower()


def _number(doc: Doc, start: int, end: int, head: Token) -> _Found:
    """A number slot over doc[start:end], taking in a scale glued to it ("19" + "M")."""
    after = doc[end] if end < len(doc) else None
    if after is not None and after.idx == doc[end - 1].idx + len(doc[end - 1]):
        if after.lower_ in SCALE_SUFFIXES:
            end += 1
    span = doc[start:end]
    bounds = (span.start_char, span.end_char)
    return _Found(Slot("number", span.text, bounds, _number_value(span.text)), _attached_to(head))


def _entity_slot(entity: Span, kind: str) -> _Found:
    bounds = (entity.start_char, entity.end_char)
    return _Found(Slot(kind, entity.text, bounds, _plain(entity.text)), None)


def _reads_as_place(entity: Span) -> bool:
    """A proper name mislabelled by the model where a place stands: "killed in Quetta"."""
    root = entity.root
    return (
        entity.label_ in PLACE_LIKE_LABELS
        and root.pos_ == "PROPN"
        and root.dep_ == "pobj"
        and root.head.lower_ in PLACE_PREPOSITIONS
        and entity[0].lower_ != "the"  # "in The Washington Post" is an outlet
    )


def _entities(doc: Doc) -> Iterator[_Found]:
    for entity in doc.ents:
        kind = SLOT_KIND_OF_LABEL.get(entity.label_)
        if kind is None and _reads_as_place(entity):
            kind = "place"
        if kind == "number":
            yield _number(doc, entity.start, entity.end, entity.root)
        elif kind is not None:
            yield _entity_slot(entity, kind)
    in_entity = {token.i for entity in doc.ents for token in entity}
    for token in doc:
        if token.i not in in_entity and token.like_num and any(c.isdigit() for c in token.text):
            yield _number(doc, token.i, token.i + 1, token)


def _role(token: Token) -> str | None:
    lemma, word = str(token.lemma_).lower(), token.lower_
    for child in token.lefts:
        if child.dep_ in _MODIFIER_DEPS:
            for modifier in {str(child.lemma_).lower(), child.lower_}:
                role = ROLE_OF_PHRASE.get(f"{modifier} {lemma}")
                if role is not None:
                    return role
    return ROLE_OF_WORD.get(lemma) or ROLE_OF_WORD.get(word)


def _is_speaker(token: Token) -> bool:
    """Subject of a speech verb ("Police said ..."): who tells the event, not who acts in it."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return CUE_VERBS.get(str(token.head.lemma_).lower()) in SPEAKER_CUE_KINDS


def _actor_start(token: Token) -> int:
    """Index of the first adjective or compound word before `token` that modifies it."""
    doc, start = token.doc, token.i
    while start > 0:
        left = doc[start - 1]
        if left.dep_ not in _MODIFIER_DEPS or not left.i < left.head.i <= token.i:
            break
        start -= 1
    return start


def _actors(doc: Doc) -> Iterator[_Found]:
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
            continue
        role = _role(token)
        negated = any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)
        if role is None or negated or _is_speaker(token):
            continue
        start = doc[_actor_start(token)].idx
        bounds = (start, token.idx + len(token))
        yield _Found(Slot("actor", doc.text[start : bounds[1]], bounds, role), None)


@lru_cache(maxsize=4096)
def _found(text: str) -> tuple[_Found, ...]:
    """Every slot of `text` (offsets into `text`), in text order; none for empty or non-English
    text."""
    if not text.strip() or not is_supported(text):
        return ()
    doc = parse(text)
    return tuple(sorted([*_entities(doc), *_actors(doc)], key=lambda f: f.slot.span))


def slots(text: str) -> list[Slot]:
    """The numbers, actors (by role), places and dates of `text`, in text order."""
    return [found.slot for found in _found(text[:MAX_TEXT_CHARS])]


def _segments(text: str, excerpt: str) -> list[tuple[int, int, int]]:
    """(start in excerpt, start in text, length) of the pieces `excerpt` was cut from `text` by
    `texts.passage`: the whole text, stripped, or some of its sentences joined by spaces."""
    whole = text.find(excerpt)
    if whole >= 0:
        return [(0, whole, len(excerpt))]
    segments, at, cursor = [], 0, 0
    for sentence in sentences(text[:MAX_TEXT_CHARS]):
        where = text.find(sentence, cursor)  # found: sentences are cut from the text
        cursor = where + len(sentence)
        piece = excerpt[at : at + len(sentence)]
        if piece and sentence.startswith(piece):
            segments.append((at, where, len(piece)))
            at += len(piece) + 1  # the joining space
    return segments


def _found_in(text: str, excerpt: str) -> list[_Found]:
    """The slots of `excerpt`, a passage of `text`, with spans into `text`; a slot across two
    joined sentences has no span there and is left out."""
    segments = _segments(text, excerpt)
    mapped = []
    for found in _found(excerpt):
        start, end = found.slot.span
        for at, where, length in segments:
            if at <= start and end <= at + length:
                span = (where + start - at, where + end - at)
                if text[span[0] : span[1]] == found.slot.text:
                    mapped.append(replace(found, slot=replace(found.slot, span=span)))
                break
    return mapped


def _of_kind(found: list[_Found], kind: str) -> list[_Found]:
    return [f for f in found if f.slot.kind == kind]


def _number_conflicts(a: list[_Found], b: list[_Found]) -> list[SlotConflict]:
    """Both give numbers and share none: numbers on the same head word paired, else the first
    of each."""
    if not a or not b or {f.slot.value for f in a} & {f.slot.value for f in b}:
        return []
    pairs, used = [], set()
    for x in a:
        y = next((y for y in b if x.head and y.head == x.head and id(y) not in used), None)
        if y is not None:
            pairs.append(SlotConflict("number", x.slot, y.slot))
            used.add(id(y))
    return pairs or [SlotConflict("number", a[0].slot, b[0].slot)]


def _first_of_each_value(found: list[_Found]) -> dict[str, Slot]:
    first: dict[str, Slot] = {}
    for f in found:
        first.setdefault(f.slot.value, f.slot)
    return first


def _actor_conflicts(a: list[_Found], b: list[_Found]) -> list[SlotConflict]:
    """One conflict when each side names a role the other does not name; fighters against
    civilians first."""
    first_a, first_b = _first_of_each_value(a), _first_of_each_value(b)
    clashes = [(x, y) for x in first_a if x not in first_b for y in first_b if y not in first_a]
    if not clashes:
        return []
    x, y = min(clashes, key=lambda clash: set(clash) != MAIN_ROLE_CLASH)
    return [SlotConflict("actor", first_a[x], first_b[y])]


def _disjoint_conflicts(kind: str, a: list[_Found], b: list[_Found]) -> list[SlotConflict]:
    """Both name some and share none: the first of each."""
    if not a or not b or {f.slot.value for f in a} & {f.slot.value for f in b}:
        return []
    return [SlotConflict(kind, a[0].slot, b[0].slot)]


def slot_conflicts(a: str, b: str) -> list[SlotConflict]:
    """Where b's numbers, actors, places and dates clash with a's ([] when nothing does). A long
    text is read as its passage about the other; spans still index `a` and `b` themselves."""
    found_a = _found_in(a, passage(a, b))
    found_b = _found_in(b, passage(b, a))
    return [
        *_number_conflicts(_of_kind(found_a, "number"), _of_kind(found_b, "number")),
        *_actor_conflicts(_of_kind(found_a, "actor"), _of_kind(found_b, "actor")),
        *_disjoint_conflicts("place", _of_kind(found_a, "place"), _of_kind(found_b, "place")),
        *_disjoint_conflicts("date", _of_kind(found_a, "date"), _of_kind(found_b, "date")),
    ]
