"""Speaker normalisation: canonical names, kinds with a confidence, spelling aliases. No Flask."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from . import places
from .cues import (
    KEYWORD_QUALIFIERS_AFTER,
    KEYWORD_QUALIFIERS_BEFORE,
    KIND_TIERS,
    OTHER_PLACES,
    PLACE_FILLERS,
    STATE_NOUNS,
    TITLES,
)

_WORD = re.compile(r"[\w'’.-]+", re.UNICODE)
_LEADING = frozenset({"a", "an", "the", "this", "that", "these", "those", "some", "several"})


def canonical_name(mention: str) -> str:
    """The name without article, titles or trailing punctuation: 'Mr. Trump' -> 'Trump'."""
    words = mention.replace("\u00a0", " ").strip(" ,.;:\"'“”‘’").split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    while len(words) > 1 and words[0].lower() in TITLES and words[1][:1].isupper():
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class _Hit:
    """A keyword found in a speaker's words."""

    start: int
    end: int
    kind: str
    rank: tuple[int, int]  # (tier, place in the table): lower is stronger
    possessive: bool  # "Hezbollah's", "Russias": it owns the noun after it


@dataclass(frozen=True)
class _Keyword:
    """A keyword of a kind table (or a place), as written (`_pattern` compiles it)."""

    keyword: str
    kind: str
    rank: tuple[int, int]


# Compiled when a text first holds the keyword's first word: all at import took 0.2 s.
@cache
def _pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as written, a space or hyphen between its words, an optional 's' or "'s"."""
    parts = []
    for char in keyword:
        if char == " ":
            parts.append(r"[\s-]+")
        elif char == "-":
            parts.append(r"[\s-]?")
        elif char in "'’":
            parts.append("['’]?")
        elif char == ".":
            parts.append(r"\.?")
        else:
            parts.append(re.escape(char))
    flags = 0 if any(c.isupper() for c in keyword) else re.IGNORECASE
    return re.compile(rf"(?<!\w){''.join(parts)}(?P<suffix>['’]s|['’]|s)?(?!\w)", flags)


_SEPARATORS = re.compile(r"[\s-]+")
_NOT_WORD = re.compile(r"\W+", re.UNICODE)


def _key(word: str) -> str:
    """A word as the keyword index files it: lower case, letters and digits only ('U.N.': un)."""
    return _NOT_WORD.sub("", word).lower()


def _index(entries: Iterable[tuple[str, str, tuple[int, int]]]) -> dict[str, list[_Keyword]]:
    """Keywords by the key of their first word, so a text is tried only on the ones it may hold."""
    index: dict[str, list[_Keyword]] = {}
    for keyword, kind, rank in entries:
        first = _key(_SEPARATORS.split(keyword)[0])
        index.setdefault(first, []).append(_Keyword(keyword, kind, rank))
    return index


_TIERED = _index(
    (keyword, kind, (tier, order))
    for tier, table in enumerate(KIND_TIERS)
    for order, (kind, keywords) in enumerate(table)
    for keyword in keywords
)
_PLACES = _index(
    [(name, "government", (0, 0)) for name in places.COUNTRIES | places.CAPITALS]
    + [(name, "demonym", (0, 0)) for name in places.DEMONYMS]
    + [(name, kind, (0, 0)) for name, kind in OTHER_PLACES.items()]
)
_WORDS = re.compile(r"\w+", re.UNICODE)


def _hits(text: str, index: dict[str, list[_Keyword]]) -> list[_Hit]:
    """Every keyword of `index` in `text` that names a speaker, and not only qualifies a noun."""
    keys = {_key(word) for word in _SEPARATORS.split(text)}
    keys |= {key[:-1] for key in keys if key.endswith("s")}
    hits = []
    for key in keys & index.keys():
        for keyword in index[key]:
            for match in _pattern(keyword.keyword).finditer(text):
                if _is_qualifier(text, match.start(), match.end()):
                    continue
                suffix = match.group("suffix") or ""
                # "Hezbollah's", and "Hezbollahs" where the apostrophe was lost; "rebels" is many
                possessive = suffix[:1] in ("'", "’") or (
                    suffix == "s" and match.group()[:1].isupper()
                )
                hits.append(
                    _Hit(match.start(), match.end(), keyword.kind, keyword.rank, possessive)
                )
    return _outermost(hits)


def _is_qualifier(text: str, start: int, end: int) -> bool:
    """'rebel-held', 'IS-linked', 'pro-government', 'anti-ISIS': the keyword qualifies another
    noun and names no speaker."""
    after = _WORDS.match(text[end:].lstrip(" -"))
    before = _WORDS.findall(text[:start])[-1:]
    return bool(
        (after and after.group().lower() in KEYWORD_QUALIFIERS_AFTER)
        or (before and before[0].lower() in KEYWORD_QUALIFIERS_BEFORE)
    )


def _outermost(hits: list[_Hit]) -> list[_Hit]:
    """The hits not inside a longer one ('army' inside 'Free Syrian Army' goes)."""
    return [
        hit
        for hit in hits
        if not any(
            other.start <= hit.start
            and hit.end <= other.end
            and other.end - other.start > hit.end - hit.start
            for other in hits
        )
    ]


def _place_kind(mention: str) -> str | None:
    """The kind of a speaker that is a place, or places, and nothing else: 'Russia',
    'Washington and Moscow', 'the Turkish side', 'Western powers'; None otherwise."""
    found = _hits(mention, _PLACES)
    if not found:
        return None
    rest = mention
    for hit in sorted(found, key=lambda h: -h.start):
        rest = rest[: hit.start] + " " + rest[hit.end :]
    words = [w.lower() for w in _WORDS.findall(rest)]
    if any(w not in PLACE_FILLERS and w not in STATE_NOUNS and w != "s" for w in words):
        return None
    kinds = [hit.kind for hit in sorted(found, key=lambda h: h.start) if hit.kind != "demonym"]
    if len(kinds) < len(found) and not any(w in STATE_NOUNS for w in words):
        return None  # "Russian" alone says whose, not who
    return kinds[0] if kinds else "government"


def kind_of(
    mention: str | Sequence[str],
    description: str | None = None,
    *,
    anonymous: bool = False,
) -> tuple[str, float]:
    """The speaker kind (choices.SPEAKER_KINDS) and a 0..1 confidence from the mention (or all
    mentions of one speaker) and the description.

    A speaker one of whose mentions is a place ("Russia", "Damascus") is its government.
    Otherwise the strongest keyword wins (`cues.KIND_TIERS`): a body before a role before an
    office, one in a mention before one in the description, which makes the kind less certain,
    then the one nearest the end, where an English noun phrase has its head ("the opposition
    website": media). An anonymous official is its own kind whatever the keywords say.
    """
    if anonymous:
        return "anonymous_official", 0.85
    mentions = [mention] if isinstance(mention, str) else list(mention)
    for written in mentions:
        place = _place_kind(written)
        if place is not None:
            return place, 0.8
    texts = ((" ".join(mentions), 0.85), (description or "", 0.75))
    ranked = [
        (hit.rank[0], source, hit.possessive, -hit.end, hit.rank[1], hit.kind, confidence)
        for source, (text, confidence) in enumerate(texts)
        for hit in _hits(text, _TIERED)
    ]
    if not ranked:
        return "other", 0.3
    best = min(ranked)
    return best[5], best[6]


def surname(name: str) -> str:
    """The last word of a name, the part two spellings of one person share."""
    words = _WORD.findall(name)
    return words[-1] if words else ""


def spelling_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit (Bugit / Bugti)."""
    a, b = a.lower(), b.lower()
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def is_same_surname(a: str, b: str) -> bool:
    """True when two names end in the same surname or in spellings one edit apart (5+ letters)."""
    first, second = surname(a), surname(b)
    if not first or not second or not first[:1].isupper() or not second[:1].isupper():
        return False
    if first.lower() == second.lower():
        return True
    return (
        min(len(first), len(second)) >= 5
        and first[0].lower() == second[0].lower()
        and spelling_distance(first, second) == 1
    )


def given_name(name: str) -> str:
    """The word just before the surname, once article and titles are gone ('' when none):
    'Foreign Minister Ana Morel' -> 'Ana'."""
    words = _WORD.findall(canonical_name(name))
    return words[-2] if len(words) > 1 and words[-2][:1].isupper() else ""


def is_same_person(known: str, mention: str) -> bool:
    """True when `mention` can name the person called `known`: the same surname
    (`is_same_surname`) and no other given name ('Boris Morel' is not 'Ana Morel'; 'Morel',
    'Mrs Morel' and 'A. Morel' may be). A title before the surname is not a given name."""
    if not is_same_surname(known, mention):
        return False
    first, second = given_name(known).rstrip("."), given_name(mention).rstrip(".")
    if not first or not second or first.lower() in TITLES or second.lower() in TITLES:
        return True
    if len(first) == 1 or len(second) == 1:  # an initial
        return first[0].lower() == second[0].lower()
    return first.lower() == second.lower()


def preferred_spelling(spellings: Sequence[str], text: str) -> str:
    """Of several spellings of one surname, the one written most often in `text` (ties: latest)."""

    def weight(spelling: str) -> tuple[int, int]:
        pattern = rf"(?<!\w){re.escape(spelling)}(?!\w)"
        found = [match.start() for match in re.finditer(pattern, text)]
        return len(found), max(found, default=-1)

    return max(spellings, key=weight)


def merge_names(names: Iterable[str]) -> dict[str, str]:
    """Map each name to the longest earlier name of the same person (full name for surname)."""
    merged: dict[str, str] = {}
    seen: list[str] = []
    for name in names:
        target = next(
            (
                other
                for other in seen
                if is_same_person(other, name) and len(other.split()) >= len(name.split())
            ),
            None,
        )
        merged[name] = target or name
        if target is None:
            seen.append(name)
    return merged
