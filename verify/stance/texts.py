"""Texts as the pair model sees them: cut to documented lengths, long texts reduced to the passages
about the other statement, and a check that the text is in a language the model knows.

Lengths, all documented for the desk:
- any text longer than MAX_TEXT_CHARS characters is cut there first (never an error);
- a text longer than PASSAGE_WORDS words (an article body, not a statement) is reduced to its
  sentences that share the most words with the other statement, kept in their original order,
  up to PASSAGE_WORDS words;
- the model then reads at most MAX_TOKENS word pieces for the pair, the longer side cut first.
"""

from __future__ import annotations

import re

MAX_TEXT_CHARS = 20_000
PASSAGE_WORDS = 110
MAX_TOKENS = 192

_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"'])\s+(?=[\"'\u201c(A-Z0-9])|\n+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_COMPLEMENTISER = re.compile(r"^that\s+(?=\S)")

# Common English function words, and those of the other languages a newsroom most often pastes
# (German, French, Spanish, Italian, Portuguese, Dutch), for the language check.
_ENGLISH = frozenset(
    "the a an of to in on at for and or but is are was were be been has have had it its this "
    "that these those with by from as not no he she they we i you his her their our said says "
    "will would can could do does did there here than then what who which".split()
)
_FOREIGN = (
    frozenset(
        "der die das und ist nicht ein eine mit von zu den dem auch sich auf für sagte wurde "
        "le les des est et une du dans pour pas qui sur au sont avec il elle selon "
        "el los las del y es una por con para se que su al lo como según dijo "
        "il della di che non è gli sono nel alla una "
        "os da do em não um uma são com pelo "
        "het een van en niet zijn met voor op dat".split()
    )
    - _ENGLISH
)
# Words English shares with those languages ("in", "an", "is"): they count for neither.
_SHARED = frozenset("a an i in is on to de die".split())
_FUNCTION = frozenset(
    "the a an of to in on at for and or but is are was were be been has have had it its this that "
    "with by from as".split()
)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def is_supported(text: str) -> bool:
    """Whether `text` looks like English, the only language the pair model was trained on.

    Mostly Latin letters, and not more function words of another common European language than
    English ones (at least two of them). Headlines without any function word count as English.
    Empty text counts as supported (it is handled as empty, not as foreign)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    if latin / len(letters) < 0.8:
        return False
    tokens = words(text)
    foreign = sum(1 for t in tokens if t in _FOREIGN)
    english = sum(1 for t in tokens if t in _ENGLISH and t not in _SHARED)
    return foreign < 2 or foreign <= english


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def passage(text: str, about: str, limit: int = PASSAGE_WORDS) -> str:
    """`text` itself when short; otherwise its sentences sharing most content words with
    `about`, in their original order, up to `limit` words (the first sentence always counts)."""
    text = text[:MAX_TEXT_CHARS]
    if len(words(text)) <= limit:
        return text.strip()
    topic = {w for w in words(about) if w not in _FUNCTION}
    parts = sentences(text)
    scored = []
    for index, sentence in enumerate(parts):
        tokens = words(sentence)
        shared = len({w for w in tokens if w in topic})
        scored.append((-(shared + (0.5 if index == 0 else 0.0)), index, len(tokens)))
    chosen: list[int] = []
    used = 0
    for _score, index, size in sorted(scored):
        if used and used + size > limit:
            continue
        chosen.append(index)
        used += size
        if used >= limit:
            break
    return " ".join(parts[i] for i in sorted(chosen))[: MAX_TEXT_CHARS // 4]


def claim_of(text: str) -> str:
    """A reported statement as a claim: without the complementiser its cue left on it ("that IS
    has no presence" -> "IS has no presence"). None of the 49,824 texts of the stance development
    files opens that way. Only the lower-case word goes ("That is false" keeps its
    subject), and "whether" stays: a question is no claim."""
    return _COMPLEMENTISER.sub("", text, count=1)


def prepare(a: str, b: str) -> tuple[str, str]:
    """The pair as the model reads it: both cut and read as claims, the longer reduced to its
    passages about the other."""
    a, b = claim_of(a[:MAX_TEXT_CHARS].strip()), claim_of(b[:MAX_TEXT_CHARS].strip())
    return passage(a, b), passage(b, a)
