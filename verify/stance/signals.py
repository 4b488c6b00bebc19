"""Hand signals for stance: cue force, refuting words, negation, slot conflicts, word overlap.

Cheap evidence a person can read and the pair model may miss: "Police dismiss claims ..." carries
its own denial; "killed 12 hardcore terrorists" against "attacking civilians" tells one event with
other victims. `signal_features` hands them to the combiner as a flat dict of floats, grouped by
`SIGNAL_GROUPS` so training can drop a group and measure what it adds. No Flask.

Long texts: the features read the texts as the pair model does (`texts.prepare`: cut at
MAX_TEXT_CHARS, an article body reduced to its passage about the other statement), so a body is
never parsed whole. Slots and their conflicts live in `slots`. Every signal of empty or foreign
text is neutral (0.0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..extraction.cues import CUE_VERBS
from .slot_words import (
    CONCESSION_CUES,
    CUE_FORCE_OF_KIND,
    FUNCTION_WORDS,
    HEDGE_WORDS,
    MAIN_ROLE_CLASH,
    NEGATION_REACH,
    NEGATION_WORDS,
    OWN_ACCOUNT_CUES,
    REFUTING_WORDS,
)
from .slots import SLOT_KINDS, slot_conflicts
from .texts import prepare, words

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
