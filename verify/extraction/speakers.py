"""Speaker normalisation: canonical names, kinds with a confidence, spelling aliases. No Flask."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .cues import KIND_KEYWORDS, TITLES

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


def _matches(keyword: str, text: str, lowered: str) -> bool:
    """True when `keyword` occurs as whole words; all-caps keywords are matched case-sensitively."""
    haystack, needle = (text, keyword) if keyword.isupper() else (lowered, keyword.lower())
    return re.search(rf"(?<![\w-]){re.escape(needle)}(?![\w-])", haystack) is not None


def kind_of(
    mention: str,
    description: str | None = None,
    *,
    anonymous: bool = False,
) -> tuple[str, float]:
    """The speaker kind (vocabulary.SPEAKER_KINDS) and a 0..1 confidence from mention + description.

    A keyword in the mention itself weighs more than one in the description; an anonymous
    official is its own kind whatever the keywords say.
    """
    if anonymous:
        return "anonymous_official", 0.85
    for text, confidence in ((mention, 0.85), (description or "", 0.75)):
        lowered = text.lower()
        for kind, keywords in KIND_KEYWORDS:
            if any(_matches(keyword, text, lowered) for keyword in keywords):
                return kind, confidence
    return "other", 0.3


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


def preferred_spelling(spellings: Sequence[str], text: str) -> str:
    """Of several spellings of one surname, the one written most often in `text` (ties: latest)."""

    def weight(spelling: str) -> tuple[int, int]:
        pattern = rf"(?<!\w){re.escape(spelling)}(?!\w)"
        found = [match.start() for match in re.finditer(pattern, text)]
        return len(found), max(found, default=-1)

    return max(spellings, key=weight)


def merge_names(names: Iterable[str]) -> dict[str, str]:
    """Map each name to the longest earlier name with the same surname (full name for surname)."""
    merged: dict[str, str] = {}
    seen: list[str] = []
    for name in names:
        target = next(
            (
                other
                for other in seen
                if is_same_surname(other, name) and len(other.split()) >= len(name.split())
            ),
            None,
        )
        merged[name] = target or name
        if target is None:
            seen.append(name)
    return merged
