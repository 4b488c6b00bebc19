"""Hand signals for stance: cue force, refuting words, negation, slot conflicts, word overlap.

Cheap evidence a person can read and the pair model may miss: "Police dismiss claims ..." carries
its own denial; "killed 12 hardcore terrorists" against "attacking civilians" tells one event with
other victims. `signal_features` hands them to the combiner as a flat dict of floats, grouped by
`SIGNAL_GROUPS` so training can drop a group and measure what it adds. No Flask.

Long texts: the pair features read the texts as the pair model does (`texts.prepare`: cut at
MAX_TEXT_CHARS, an article body reduced to its passage about the other statement), so a body is
never parsed whole. `slot_conflicts` parses those passages too, but maps every span back, so a
slot's span always indexes the text that was given. `slots(text)` parses `text` itself, up to
MAX_TEXT_CHARS characters. Text that is not English (`texts.is_supported`) has no slots, and every
signal of empty or foreign text is neutral (0.0).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..cues import CUE_VERBS
from ..extraction.parsing import parse
from .slot_words import (
    CONCESSION_CUES,
    CUE_FORCE_OF_KIND,
    FUNCTION_WORDS,
    HEDGE_WORDS,
    MAIN_ROLE_CLASH,
    NEGATION_REACH,
    NEGATION_WORDS,
    NUMBER_WORDS,
    OWN_ACCOUNT_CUES,
    PLACE_LIKE_LABELS,
    PLACE_PREPOSITIONS,
    REFUTING_WORDS,
    ROLE_OF_PHRASE,
    ROLE_OF_WORD,
    SCALE_SUFFIXES,
    SCALE_WORDS,
    SLOT_KIND_OF_LABEL,
    SPEAKER_CUE_KINDS,
)
from .texts import MAX_TEXT_CHARS, is_supported, passage, prepare, sentences, words

SLOT_KINDS: tuple[str, ...] = ("number", "actor", "place", "date")

# Feature names by group, so training can leave a group out and measure what it adds.
SIGNAL_GROUPS: dict[str, tuple[str, ...]] = {
    # text_cue_force of b, of a, their product; whether b hedges ("claims", "allegedly")
    "cue": ("cue.b_force", "cue.a_force", "cue.product", "cue.b_own_account"),
    # negation counts; 1.0 when one side is negated (an odd count) and the other not
    "negation": ("negation.a_count", "negation.b_count", "negation.parity_mismatch"),
    # conflicts per slot kind; any conflict; the fighters-against-civilians clash
    "slots": (
        *(f"slots.{kind}" for kind in SLOT_KINDS),
        "slots.any",
        "slots.combatant_civilian",
    ),
    # share of a's content words that b has; Jaccard of the two sets
    "overlap": ("overlap.a_covered", "overlap.jaccard"),
}


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
# Cues, refuting words, negation: word lists only, no parse.

# Inflection suffix -> endings that may restore the lemma ("denies" -> "deny", "refuted" ->
# "refute"); a doubled final consonant is undone too ("rebutted" -> "rebut").
_SUFFIX_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
)
_KNOWN_CUES = frozenset(CUE_VERBS) | CONCESSION_CUES | OWN_ACCOUNT_CUES
_REFUTING_SINGLE = {word: w for word, w in REFUTING_WORDS.items() if " " not in word}
_REFUTING_PHRASES = {phrase: w for phrase, w in REFUTING_WORDS.items() if " " in phrase}


def _words(text: str) -> list[str]:
    return [word.replace("\u2019", "'") for word in words(text)]


def _lemma_candidates(word: str) -> Iterator[str]:
    yield word
    for suffix, endings in _SUFFIX_RULES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            for ending in endings:
                yield stem + ending
            if stem[-1] == stem[-2]:
                yield stem[:-1]


def _cue_lemma(word: str) -> str | None:
    """The cue verb an inflected word is a form of ("denied" -> "deny"), or None."""
    return next((c for c in _lemma_candidates(word.lower()) if c in _KNOWN_CUES), None)


def _last_cue_lemma(cue: str | None) -> str | None:
    """The last cue verb of a cue as written: "has denied" -> "deny"."""
    lemmas = (_cue_lemma(word) for word in reversed(_words(cue or "")))
    return next((lemma for lemma in lemmas if lemma is not None), None)


def _lemma_force(lemma: str) -> float:
    if lemma in CONCESSION_CUES:
        return 1.0
    return CUE_FORCE_OF_KIND.get(CUE_VERBS.get(lemma, ""), 0.0)


def cue_force(cue: str | None) -> float:
    """-1.0 for a denial cue ("dismissed", "has denied"), +1.0 for a confirmation or concession
    ("confirmed", "acknowledged"), 0.0 for any other cue or none."""
    lemma = _last_cue_lemma(cue)
    return 0.0 if lemma is None else _lemma_force(lemma)


def marks_own_account(cue: str | None) -> bool:
    """Whether the cue presents the words as the speaker's own account ("alleged", "claimed")."""
    return _last_cue_lemma(cue) in OWN_ACCOUNT_CUES


def _is_negation(word: str) -> bool:
    return word in NEGATION_WORDS or word.endswith("n't")


def negation_count(text: str) -> int:
    """How many negation words `text` has ("not", "n't", "never", "without", ...)."""
    return sum(1 for word in _words(text) if _is_negation(word))


def _cue_in(tokens: list[str]) -> float:
    """Force of the first denial or confirmation verb; a negated one ("did not deny") counts
    half, reversed."""
    for index, token in enumerate(tokens):
        lemma = _cue_lemma(token)
        force = 0.0 if lemma is None else _lemma_force(lemma)
        if force:
            before = tokens[max(0, index - NEGATION_REACH) : index]
            return -force / 2 if any(_is_negation(word) for word in before) else force
    return 0.0


def _refuting_weight(tokens: list[str]) -> float:
    joined = f" {' '.join(tokens)} "
    single = sum(_REFUTING_SINGLE.get(token, 0.0) for token in tokens)
    phrases = sum(w * joined.count(f" {phrase} ") for phrase, w in _REFUTING_PHRASES.items())
    return single + phrases


def text_cue_force(text: str) -> float:
    """In [-1, 1]: the force of a denial or confirmation verb in a headline-like text ("Apple
    denies report ...") plus its refuting words ("hoax", "not true"). Confirming a refutation
    ("police confirm the video is fake") points against, as the refutation does."""
    tokens = _words(text)
    cue, refuting = _cue_in(tokens), _refuting_weight(tokens)
    if refuting < 0 < cue:
        cue = 0.0
    return max(-1.0, min(1.0, cue + refuting))


def _has_own_account(text: str) -> bool:
    """Whether `text` hedges what it reports: "claims", "allegedly", "rumored"."""
    tokens = _words(text)
    return any(t in HEDGE_WORDS or _cue_lemma(t) in OWN_ACCOUNT_CUES for t in tokens)


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


# ---------------------------------------------------------------------------------------------
# The features.


def _content_words(text: str) -> set[str]:
    return {word.removesuffix("'s") for word in _words(text) if word not in FUNCTION_WORDS}


def _overlap(a: str, b: str) -> dict[str, float]:
    words_a, words_b = _content_words(a), _content_words(b)
    shared = len(words_a & words_b)
    return {
        "overlap.a_covered": shared / len(words_a) if words_a else 0.0,
        "overlap.jaccard": shared / len(words_a | words_b) if words_a or words_b else 0.0,
    }


def _cue_features(a: str, b: str) -> dict[str, float]:
    force_a, force_b = text_cue_force(a), text_cue_force(b)
    return {
        "cue.b_force": force_b,
        "cue.a_force": force_a,
        "cue.product": force_a * force_b,
        "cue.b_own_account": float(_has_own_account(b)),
    }


def _negation_features(a: str, b: str) -> dict[str, float]:
    count_a, count_b = negation_count(a), negation_count(b)
    return {
        "negation.a_count": float(count_a),
        "negation.b_count": float(count_b),
        "negation.parity_mismatch": float(count_a % 2 != count_b % 2),
    }


def _slot_features(a: str, b: str) -> dict[str, float]:
    conflicts = slot_conflicts(a, b)
    kinds = Counter(conflict.kind for conflict in conflicts)
    main = any({c.a.value, c.b.value} == MAIN_ROLE_CLASH for c in conflicts if c.kind == "actor")
    return {
        **{f"slots.{kind}": float(kinds[kind]) for kind in SLOT_KINDS},
        "slots.any": float(bool(conflicts)),
        "slots.combatant_civilian": float(main),
    }


def signal_features(a: str, b: str) -> dict[str, float]:
    """Every signal of the pair (b's relation to a) by name, 0.0 where a signal is absent; the
    names are those of SIGNAL_GROUPS, in that order."""
    a_read, b_read = prepare(a, b)
    found = {
        **_cue_features(a_read, b_read),
        **_negation_features(a_read, b_read),
        **_slot_features(a_read, b_read),
        **_overlap(a_read, b_read),
    }
    return {name: found[name] for names in SIGNAL_GROUPS.values() for name in names}
